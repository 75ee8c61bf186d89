/*
 * Arm named CPU models: what the guest is shown of its ID registers
 *
 * arm-cpu-check.c decides, when the CPU's features are finalized, what
 * the guest's ID registers are. Realize then defines the system registers
 * and may still change a field for the machine; arm_cpu_idprops_realized()
 * compares what the guest reads with what was decided, so that QOM and
 * QMP report what the guest reads (see arm-cpu-realized.h).
 *
 * Copyright (c) 2026 The arm-cpu-models authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qemu/error-report.h"
#include "system/kvm.h"
#include "system/tcg.h"
#include "cpu.h"
#include "cpregs.h"
#include "cpu-features.h"
#include "cpu-idprops.h"
#include "cpu-idpropset.h"
#include "arm-cpu-idregs.h"
#include "arm-cpu-props.h"
#include "arm-cpu-realized.h"

/*
 * Under TCG, what the guest reads of each register once the CPU's system
 * registers are defined: a constant register reads its value, one that is
 * not defined at all is UNDEFINED (0 here, and marked in ABSENT), the
 * others (whose read functions add what the machine decides, as the GIC
 * fields) read what QEMU keeps
 */
static void tcg_shown(ARMCPU *cpu, uint64_t *regs, bool *absent)
{
    unsigned r;

    for (r = 0; r < ARM_IDREG_NUM; r++) {
        const ArmIdReg *d = &arm_idregs[r];
        uint32_t key = ENCODE_AA64_CP_REG(d->op0, d->op1, d->crn, d->crm,
                                          d->op2);
        const ARMCPRegInfo *ri = get_arm_cp_reginfo(cpu->cp_regs, key);

        absent[r] = !ri;
        if (!ri) {
            regs[r] = 0;
        } else if (ri->type & ARM_CP_CONST) {
            regs[r] = ri->resetvalue;
        }
    }
}

/* Fields that realize itself decides, whatever was asked */
static bool realize_decides(ArmIdFieldIdx f)
{
    return arm_idfield_role(f, ARM_IDROLE_CACHE_GEOMETRY) ||
           arm_idfield_role(f, ARM_IDROLE_OWNED_BY) || arm_idfield_decider(f);
}

/* Why the guest is shown GOT in field F, not what was asked (HELD: QEMU's) */
static char *shown_because(ArmIdFieldIdx f, const uint64_t *held,
                           const bool *absent, uint64_t got)
{
    const ArmIdField *fd = &arm_idfields[f];
    const ArmIdRole *lim = arm_idfield_role(f, ARM_IDROLE_LIMITED_BY);
    const ArmIdRole *ex = arm_idreg_role(fd->reg, ARM_IDROLE_EXISTS_IF);

    if (absent[fd->reg] && ex) {
        return g_strdup_printf("%s is UNDEFINED without %s",
                               arm_idregs[fd->reg].name, ex->arg);
    }
    if (absent[fd->reg]) {
        return g_strdup_printf("%s is UNDEFINED on this CPU",
                               arm_idregs[fd->reg].name);
    }
    if (lim) {
        return g_strdup_printf("%s decides", lim->text);
    }
    if (arm_idfield_get(held, f) == got) {
        return g_strdup("TCG shows the register as a constant");
    }
    return g_strdup("realize changes it for this CPU and machine");
}

bool arm_cpu_idprops_realized(ARMCPU *cpu, Error **errp)
{
    const ArmCpuIdState *ids = &cpu->idstate;
    const ArmIdPropState *st = &ids->props;
    const char *model = arm_cpu_class_model(object_get_class(OBJECT(cpu)));
    uint64_t held[ARM_IDREG_NUM], shown[ARM_IDREG_NUM];
    bool absent[ARM_IDREG_NUM] = { false };
    const char *label = tcg_enabled() ? "TCG" : kvm_enabled() ? "KVM" :
                        "this accelerator";
    bool by_default;
    unsigned i;

    if (!ids->has_finalized) {
        return true;
    }
    arm_cpu_idregs_get(cpu, held);
    memcpy(shown, held, sizeof(shown));
    if (tcg_enabled()) {
        tcg_shown(cpu, shown, absent);
    }
    for (i = 0; i < ARM_IDFIELD_NUM; i++) {
        const ArmIdProp *p = arm_idprop_state_owner(st, i);
        const ArmIdField *f = &arm_idfields[i];
        const char *owner = arm_idfield_owner(i);
        uint64_t asked = arm_idfield_get(ids->finalized, i);
        uint64_t got = arm_idfield_get(shown, i);
        g_autofree char *why = NULL;

        /* a field an older property owns is the user's once set */
        if (asked == got || (realize_decides(i) && !(p && owner)) ||
            (!p && !model)) {
            continue;
        }
        why = shown_because(i, held, absent, got);
        if (p) {
            uint64_t want[ARM_IDREG_NUM];
            g_autofree char *a = NULL, *g = NULL;

            memcpy(want, shown, sizeof(want));
            arm_idprop_state_apply(st, want);
            a = arm_idprop_format(p, want);
            g = arm_idprop_format(p, shown);
            error_setg(errp, "Property '%s' asks for %s, which the guest "
                       "cannot be shown here: %s.%s reads %s (%s)",
                       p->name, a, arm_idregs[f->reg].name, f->name, g, why);
            return false;
        }
        if (arm_cpu_enforce(cpu, &by_default)) {
            error_setg(errp, "CPU model '%s' needs %s.%s = 0x%" PRIx64
                       ", which the guest cannot be shown here: it reads "
                       "0x%" PRIx64 " (%s; enforce=on%s)",
                       model, arm_idregs[f->reg].name, f->name, asked, got,
                       why, by_default ? ", the default under KVM" : "");
            return false;
        }
        if (!ids->nocheck && CPU(cpu)->cpu_index == 0) {
            warn_report("%s cannot provide %s.%s = 0x%" PRIx64 " of CPU "
                        "model '%s': the guest reads 0x%" PRIx64 " (%s); "
                        "enforce=on refuses instead", label,
                        arm_idregs[f->reg].name, f->name, asked,
                        model, got, why);
        }
        arm_idfield_set(held, i, got);
    }
    arm_cpu_idregs_put(cpu, held);
    return true;
}
