/*
 * Arm ID-register field properties as one CPU sets them
 *
 * See cpu-idpropset.h. Pure: arrays of register values in, results out.
 *
 * Copyright (c) 2026 The arm-cpu-models authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qapi/error.h"
#include "cpu-idpropset.h"

bool arm_idprop_state_set(ArmIdPropState *st, const ArmIdProp *p,
                          const uint64_t v[2], Error **errp)
{
    unsigned n;
    const ArmIdProp *all = arm_idprops(&n);
    int fields[2] = { p->field, p->frac };
    unsigned i;

    for (i = 0; i < 2 && fields[i] >= 0; i++) {
        const ArmIdProp *other = arm_idprop_state_owner(st, fields[i]);
        const ArmIdField *f = &arm_idfields[fields[i]];

        if (other && other != p) {
            error_setg(errp, "Properties '%s' and '%s' both set %s.%s; "
                       "set it once", other->name, p->name,
                       arm_idregs[f->reg].name, f->name);
            return false;
        }
    }
    for (i = 0; i < 2 && fields[i] >= 0; i++) {
        const ArmIdField *f = &arm_idfields[fields[i]];

        st->mask[f->reg] |= arm_idfield_mask(f);
        arm_idfield_set(st->val, fields[i], v[i]);
        st->owner[fields[i]] = p - all + 1;
    }
    return true;
}

const ArmIdProp *arm_idprop_state_owner(const ArmIdPropState *st,
                                        ArmIdFieldIdx f)
{
    unsigned n;
    const ArmIdProp *all = arm_idprops(&n);

    return st->owner[f] ? &all[st->owner[f] - 1] : NULL;
}

void arm_idprop_state_apply(const ArmIdPropState *st, uint64_t *regs)
{
    unsigned r;

    for (r = 0; r < ARM_IDREG_NUM; r++) {
        regs[r] = (regs[r] & ~st->mask[r]) | (st->val[r] & st->mask[r]);
    }
}

bool arm_idprop_value_ok(const ArmIdProp *p, const uint64_t *v,
                         const uint64_t *limit)
{
    uint64_t base = arm_idfield_get(v, p->field);
    uint64_t lim = arm_idfield_get(limit, p->field);

    if (p->kind == ARM_IDPROP_FRAC && base == lim) {
        return arm_idfield_value_ok(p->frac, arm_idfield_get(v, p->frac),
                                    arm_idfield_get(limit, p->frac));
    }
    if (p->kind == ARM_IDPROP_FRAC) {
        /* a lower (or, for HIGHER fields, higher) base: any fraction */
        return base != lim && arm_idfield_value_ok(p->field, base, lim);
    }
    return arm_idfield_value_ok(p->field, base, lim);
}

char *arm_idprop_owned_refusal(ArmIdFieldIdx f, const uint64_t *regs,
                               bool on, const uint64_t *want)
{
    const char *owner = arm_idfield_owner(f);
    const ArmIdRole *pauth = arm_idfield_role(f, ARM_IDROLE_PAUTH);
    ArmPauthAlgorithm algo = arm_idfield_pauth_algorithm(f);
    ArmPauthAlgorithm used = arm_idregs_pauth_algorithm(regs);
    uint64_t v = arm_idfield_get(want, f);
    bool announces;

    if (!owner) {
        return NULL;
    }
    if (!on) {
        return g_strdup_printf("it belongs to the '%s' property, which is "
                               "off: its field properties need %s=on",
                               owner, owner);
    }
    /*
     * The field that says the feature is there: pointer authentication's
     * address field in use, else the AArch64 one (an AArch64-only CPU has
     * ID_DFR0_EL1.PerfMon 0 with a PMU)
     */
    announces = pauth ? algo == used && g_str_has_prefix(pauth->arg,
                                                         "address ")
                      : g_str_has_prefix(arm_idregs[arm_idfields[f].reg].name,
                                         "ID_AA64");
    if (!v && announces) {
        return g_strdup_printf("it belongs to the '%s' property: %s=off "
                               "removes the feature", owner, owner);
    }
    if (v && algo != ARM_PAUTH_NONE && algo != used) {
        return g_strdup_printf("it announces the %s algorithm, and this "
                               "CPU's pointer authentication uses %s "
                               "(pauth-%s=on chooses it, but not on -cpu "
                               "host under KVM)",
                               arm_pauth_algorithm_name(algo),
                               arm_pauth_algorithm_name(used),
                               arm_pauth_algorithm_name(algo));
    }
    return NULL;
}
