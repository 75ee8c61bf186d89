/*
 * Arm named CPU models: what a CPU's ID registers become
 *
 * When the CPU's features are finalized, arm_cpu_idprops_finalize()
 * applies the user's field properties on top of what the CPU type set
 * (a named model's values, or the host's, or max's), refuses a property
 * that sets a field another property owns or the machine decides, and
 * checks the result against what the accelerator provides
 * (arm-cpu-accel.c): a user's value it cannot provide is an error naming
 * the property; a named model's values are the model's class hook's to
 * check (arm-cpu-models.c). At the end of realize, arm-cpu-realized.c
 * checks that the guest is shown what was decided.
 *
 * Precedence with QEMU's older CPU properties:
 *  - fields that an older property owns (sve: ID_AA64PFR0_EL1.SVE; pauth:
 *    the pointer-authentication fields of ID_AA64ISAR1/2; pmu: the PMU
 *    version fields; sme: ID_AA64PFR1_EL1.SME): the older property says
 *    whether the feature is there, a field property may set its level
 *    while it is on (not all of them 0; for pauth only the fields of the
 *    algorithm in use), by arm_idprop_owned_refusal(); realize checks
 *    that it stays;
 *  - the MIDR_EL1 fields (hw_prop_Implementer, hw_prop_PartNum, ...) apply
 *    after, and so win over, the "midr" property.
 *
 * What the accelerator provides: under TCG a field may not be raised
 * above what the "max" CPU implements, by the field's safe-value rule
 * (the identification registers MIDR, REVIDR and AIDR take any value);
 * under KVM, a field may differ from the host's (as kvm-idregs.c probed
 * it) where the kernel lets a VMM change it, by the kernel's rules, and
 * kvm-idregs.c writes it back to the vCPU.
 *
 * Copyright (c) 2026 The arm-cpu-models authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qapi/error.h"
#include "system/kvm.h"
#include "system/tcg.h"
#include "cpu.h"
#include "cpu-features.h"
#include "cpu-idprops.h"
#include "cpu-idpropset.h"
#include "arm-cpu-idregs.h"
#include "arm-cpu-accel.h"
#include "arm-cpu-migration.h"
#include "arm-cpu-props.h"
#include "arm-cpu-check.h"

/* The error for the user's property that asks for what ACCEL lacks */
static void user_blocker_error(const ArmIdPropState *st, const ArmIdBlocker *b,
                               const uint64_t *want, const ArmIdAccel *a,
                               Error **errp)
{
    const ArmIdProp *p = arm_idprop_state_owner(st, b->field);
    const ArmIdField *f = &arm_idfields[p->field];
    g_autofree char *asked = arm_idprop_format(p, want);
    g_autofree char *has = arm_idprop_format(p, a->value);

    g_autofree char *rule = arm_idkvm_rule(b);

    if (a->writable && rule) {
        error_setg(errp, "Property '%s' asks for %s, which KVM cannot set "
                   "(%s.%s: %s; the host has %s)", p->name, asked,
                   arm_idregs[f->reg].name, f->name, rule, has);
    } else if (a->writable) {
        error_setg(errp, "Property '%s' asks for %s, which %s (%s.%s: the "
                   "host has %s)", p->name, asked,
                   b->fixed ? "KVM cannot set on this host" :
                   "this host does not provide under KVM",
                   arm_idregs[f->reg].name, f->name, has);
    } else if (kvm_enabled()) {
        error_setg(errp, "Property '%s': %s.%s cannot be changed from the "
                   "host's value %s to %s: this kernel's KVM cannot change "
                   "ID registers (it lacks "
                   "KVM_CAP_ARM_SUPPORTED_REG_MASK_RANGES, Linux 6.7)",
                   p->name, arm_idregs[f->reg].name, f->name, has, asked);
    } else if (a->rule == ARM_ID_LIMIT_EXACT) {
        error_setg(errp, "Property '%s': %s.%s cannot be changed from the "
                   "host's value %s to %s under %s", p->name,
                   arm_idregs[f->reg].name, f->name, has, asked, a->label);
    } else {
        error_setg(errp, "Property '%s' asks for %s, which TCG does not "
                   "provide (%s.%s: it implements %s)", p->name, asked,
                   arm_idregs[f->reg].name, f->name, has);
    }
}

/* What the accelerator must provide of WANT, the user's bits not in NOTUSER */
static bool accel_check(ARMCPU *cpu, uint64_t *want, const uint64_t *notuser,
                        bool any, Error **errp)
{
    ArmCpuModelFitFn *fit = arm_cpu_class_model(object_get_class(OBJECT(cpu)))
                            ? AARCH64_CPU_GET_CLASS(cpu)->model_fit : NULL;
    const ArmIdPropState *st = &cpu->idstate.props;
    uint64_t host[ARM_IDREG_NUM];
    const ArmIdAccel *accel;
    ArmIdAccel view;
    ArmIdBlocker b;
    unsigned i;

    accel = arm_cpu_accel(cpu, &view, host);

    /* A register the accelerator does not report cannot be set either */
    for (i = 0; accel->unknown && i < ARM_IDREG_NUM; i++) {
        if (st->mask[i] & accel->unknown[i]) {
            const ArmIdField *f = arm_idfields + arm_idregs[i].first_field;
            const ArmIdProp *p;

            while (!(arm_idfield_mask(f) & st->mask[i])) {
                f++;
            }
            p = arm_idprop_state_owner(st, f - arm_idfields);
            error_setg(errp, "Property '%s' sets %s.%s, which %s does not "
                       "let QEMU read or change", p->name,
                       arm_idregs[i].name, f->name, accel->label);
            return false;
        }
    }

    /* What the user asked for explicitly must be provided, or it is an error */
    if (any && arm_idaccel_blockers(accel, want, notuser, &b, 1)) {
        user_blocker_error(st, &b, want, accel, errp);
        return false;
    }
    return !fit || fit(cpu, want, accel, st->mask, errp);
}

/* Whether the older property OWNER (sve, sme, pauth, pmu) is on */
static bool owner_on(ARMCPU *cpu, const char *owner)
{
    return object_property_get_bool(OBJECT(cpu), owner, &error_abort);
}

bool arm_cpu_idprops_finalize(ARMCPU *cpu, Error **errp)
{
    ArmCpuIdState *ids = &cpu->idstate;
    const ArmIdPropState *st = &ids->props;
    bool model = arm_cpu_class_model(object_get_class(OBJECT(cpu)));
    uint64_t want[ARM_IDREG_NUM], notuser[ARM_IDREG_NUM];
    unsigned i;
    bool any = false, ccidx;

    arm_cpu_migration_register(cpu);

    for (i = 0; i < ARM_IDREG_NUM; i++) {
        any |= st->mask[i] != 0;
        notuser[i] = ~st->mask[i];
        /* what the model (not the machine) or the user decide, for KVM */
        ids->decided[i] = (model ? ~(arm_idreg_machine_bits(i) |
                                     arm_idreg_el_bits(i)) : 0) | st->mask[i];
    }
    if (!any && !model) {
        return true;
    }
    /* a definition is only values: any field may be set (a host's dump) */
    arm_cpu_idregs_get(cpu, want);
    ccidx = !ids->ccsidr_32bit && cpu_isar_feature(any_ccidx, cpu);
    for (i = 0; !ids->definition && i < ARM_IDFIELD_NUM; i++) {
        const ArmIdProp *p = arm_idprop_state_owner(st, i);
        const ArmIdField *f = &arm_idfields[i];
        const char *owner = arm_idfield_owner(i);
        g_autofree char *why = NULL;
        uint64_t v[ARM_IDREG_NUM];

        if (!p || !owner) {
            continue;
        }
        if (!object_property_find(OBJECT(cpu), owner)) {
            error_setg(errp, "Property '%s' cannot set %s.%s: it belongs to "
                       "the '%s' property, which this CPU does not have",
                       p->name, arm_idregs[f->reg].name, f->name, owner);
            return false;
        }
        memcpy(v, want, sizeof(v));
        arm_idprop_state_apply(st, v);
        why = arm_idprop_owned_refusal(i, want, owner_on(cpu, owner), v);
        if (why) {
            error_setg(errp, "Property '%s' cannot set %s.%s: %s", p->name,
                       arm_idregs[f->reg].name, f->name, why);
            return false;
        }
    }

    for (i = 0; !ids->definition && i < ARM_IDFIELD_NUM; i++) {
        const ArmIdProp *p = arm_idprop_state_owner(st, i);

        if (p && arm_idfield_decider(i)) {
            error_setg(errp, "Property '%s' sets %s.%s, which %s decides, "
                       "not the CPU", p->name,
                       arm_idregs[arm_idfields[i].reg].name,
                       arm_idfields[i].name, arm_idfield_decider(i));
            return false;
        }
    }

    arm_idprop_state_apply(st, want);
    if (!ids->definition && !accel_check(cpu, want, notuser, any, errp)) {
        return false;
    }
    if (tcg_enabled() && !ids->definition) {
        g_autofree char *why = arm_idlimit_tcg_refusal(want);

        if (why) {
            error_setg(errp, "TCG cannot run this CPU: %s (feat_MTE, "
                       "hw_prop_GMID_EL1_BS, hw_prop_DCZID_EL0_BS)", why);
            return false;
        }
    }
#ifndef CONFIG_USER_ONLY
    if (cpu->tag_memory &&
        arm_idfield_get(want, ARM_IDF_ID_AA64PFR1_EL1_MTE) < 2) {
        error_setg(errp, "The machine's tag memory (virt: mte=on) needs a "
                   "CPU with FEAT_MTE2, and this one has ID_AA64PFR1_EL1.MTE "
                   "%" PRIu64 " (feat_MTE=2.0 or above asks for it)",
                   arm_idfield_get(want, ARM_IDF_ID_AA64PFR1_EL1_MTE));
        return false;
    }
#endif
    /* A register that describes a feature is RES0 without it (no SVE) */
    for (i = 0; i < ARM_IDREG_NUM; i++) {
        int feature = arm_idreg_feature(i);
        const ArmIdField *f;

        if (feature < 0 || arm_idfield_get(want, feature)) {
            continue;
        }
        f = &arm_idfields[feature];
        for (unsigned j = arm_idregs[i].first_field;
             j < arm_idregs[i].first_field + arm_idregs[i].n_fields; j++) {
            const ArmIdProp *p = arm_idprop_state_owner(st, j);

            if (p && arm_idfield_get(want, j)) {
                error_setg(errp, "Property '%s' sets %s.%s, but %s describes "
                           "%s.%s, which this CPU does not have: its field "
                           "properties need it (%s=on)", p->name,
                           arm_idregs[i].name, arm_idfields[j].name,
                           arm_idregs[i].name, arm_idregs[f->reg].name,
                           f->name, arm_idfield_owner(feature) ?:
                           arm_idprop_of_field(feature)->name);
                return false;
            }
        }
        want[i] = 0;
    }
    arm_cpu_idregs_put(cpu, want);
    if (tcg_enabled() && cpu_isar_feature(any_ccidx, cpu) != ccidx) {
        /* the cache geometry in the format the guest is told (CCIDX) */
        for (i = 0; i < ARRAY_SIZE(cpu->ccsidr); i++) {
            cpu->ccsidr[i] = arm_ccsidr_reformat(cpu->ccsidr[i], !ccidx);
        }
        ids->ccsidr_32bit = ccidx;
    }
    memcpy(ids->finalized, want, sizeof(want));
    ids->has_finalized = !ids->definition;
    return true;
}
