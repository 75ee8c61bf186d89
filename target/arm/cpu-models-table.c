/*
 * Arm named CPU models: the table of target/arm/models/, which the build
 * generates into cpu-models.h.inc (target/arm/models/meson.build)
 *
 * Copyright (c) 2026 The arm-cpu-models authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "cpu-models.h"

#define ARM_CPU_MODELS_INC "target/arm/models/cpu-models.h.inc"
#include "cpu-models-table.c.inc"
