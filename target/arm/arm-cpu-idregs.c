/*
 * Arm named CPU models: an ARMCPU's ID registers as a table array
 *
 * Copyright (c) 2026 The arm-cpu-models authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "cpu.h"
#include "arm-cpu-idregs.h"

/* cpu-sysregs.h.inc and cpu-idregs.h.inc expand the same table */
QEMU_BUILD_BUG_ON((int)ARM_IDREG_NUM != (int)NUM_ID_IDX);
QEMU_BUILD_BUG_ON((int)ARM_IDREG_CTR_EL0 != (int)CTR_EL0_IDX);
QEMU_BUILD_BUG_ON((int)ARM_IDREG_MIDR_EL1 != (int)MIDR_EL1_IDX);

const ArmKvmIdHost *arm_kvm_idhost;

void arm_cpu_idregs_get(ARMCPU *cpu, uint64_t *regs)
{
    memcpy(regs, cpu->isar.idregs, sizeof(cpu->isar.idregs));
    regs[ARM_IDREG_MIDR_EL1] = cpu->midr;
    regs[ARM_IDREG_REVIDR_EL1] = cpu->revidr;
    regs[ARM_IDREG_CTR_EL0] = cpu->ctr;
    regs[ARM_IDREG_MVFR0_EL1] = cpu->isar.mvfr0;
    regs[ARM_IDREG_MVFR1_EL1] = cpu->isar.mvfr1;
    regs[ARM_IDREG_MVFR2_EL1] = cpu->isar.mvfr2;
    /* DCZID_EL0.DZP is run-time state (SCTLR_EL1.DZE), not an ID value */
    regs[ARM_IDREG_DCZID_EL0] = cpu->dcz_blocksize;
    regs[ARM_IDREG_GMID_EL1] = cpu->gm_blocksize;
}

void arm_cpu_idregs_put(ARMCPU *cpu, const uint64_t *regs)
{
    memcpy(cpu->isar.idregs, regs, sizeof(cpu->isar.idregs));
    cpu->midr = regs[ARM_IDREG_MIDR_EL1];
    cpu->revidr = regs[ARM_IDREG_REVIDR_EL1];
    cpu->ctr = regs[ARM_IDREG_CTR_EL0];
    cpu->isar.mvfr0 = regs[ARM_IDREG_MVFR0_EL1];
    cpu->isar.mvfr1 = regs[ARM_IDREG_MVFR1_EL1];
    cpu->isar.mvfr2 = regs[ARM_IDREG_MVFR2_EL1];
    cpu->dcz_blocksize = arm_idfield_get(regs, ARM_IDF_DCZID_EL0_BS);
    cpu->gm_blocksize = arm_idfield_get(regs, ARM_IDF_GMID_EL1_BS);
}
