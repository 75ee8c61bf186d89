/*
 * query-arm-cpu-props-info on targets without Arm CPUs
 *
 * Copyright (c) 2026 The arm-cpu-models authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qapi/qapi-commands-arm-cpu-props.h"

ArmCpuPropInfoList *qmp_query_arm_cpu_props_info(Error **errp)
{
    error_setg(errp, "Arm CPU properties are not available on this target");
    return NULL;
}
