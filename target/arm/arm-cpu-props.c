/*
 * Arm CPU ID-register field properties: the AArch64 CPU class
 *
 * The properties themselves, their names, values and checks, come from
 * cpu-idprops.c; this file makes them class properties of the AArch64 CPU
 * types, with "enforce" and "check", and lists them in the full expansion;
 * arm-cpu-check.c applies them when the CPU's features are finalized. A
 * named model is an AArch64 CPU type whose class (AArch64CPUClass) has
 * the hooks of arm-cpu-models.c; the older properties such a type needs
 * beyond QEMU's own (its SVE lengths, SME and MTE under TCG, the pointer
 * authentication algorithm under KVM) are here too.
 *
 * Copyright (c) 2026 The arm-cpu-models authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qapi/visitor.h"
#include "qom/qom-qobject.h"
#include "qemu/qemu-print.h"
#include "system/kvm.h"
#include "system/tcg.h"
#include "hw/qdev-properties.h"
#include "cpu.h"
#include "internals.h"
#include "cpu-features.h"
#include "cpu-idprops.h"
#include "cpu-idpropset.h"
#include "arm-cpu-idregs.h"
#include "arm-cpu-accel.h"
#include "arm-cpu-migration.h"
#include "arm-cpu-props.h"

static void idprop_get(Object *obj, Visitor *v, const char *name,
                       void *opaque, Error **errp)
{
    ARMCPU *cpu = ARM_CPU(obj);
    const ArmIdProp *p = opaque;
    uint64_t regs[ARM_IDREG_NUM];

    arm_cpu_idregs_get(cpu, regs);
    arm_idprop_state_apply(&cpu->idstate.props, regs);
    switch (p->kind) {
    case ARM_IDPROP_BOOL: {
        bool b = arm_idfield_get(regs, p->field);

        visit_type_bool(v, name, &b, errp);
        break;
    }
    case ARM_IDPROP_NUMBER:
    case ARM_IDPROP_RAW: {
        uint64_t n = arm_idfield_get(regs, p->field);

        visit_type_uint64(v, name, &n, errp);
        break;
    }
    default: {
        g_autofree char *s = arm_idprop_format(p, regs);

        visit_type_str(v, name, &s, errp);
        break;
    }
    }
}

static void idprop_set(Object *obj, Visitor *v, const char *name,
                       void *opaque, Error **errp)
{
    ARMCPU *cpu = ARM_CPU(obj);
    const ArmIdProp *p = opaque;
    uint64_t val[2] = { 0, 0 };

    if (DEVICE(obj)->realized) {
        error_setg(errp, "Property '%s' cannot be set after the CPU is "
                   "realized", name);
        return;
    }
    switch (p->kind) {
    case ARM_IDPROP_BOOL: {
        bool b;

        if (!visit_type_bool(v, name, &b, errp)) {
            return;
        }
        val[0] = b;
        break;
    }
    case ARM_IDPROP_NUMBER:
    case ARM_IDPROP_RAW:
        if (!visit_type_uint64(v, name, &val[0], errp) ||
            !arm_idprop_check_number(p, val[0], errp)) {
            return;
        }
        break;
    default: {
        g_autofree char *s = NULL;

        if (!visit_type_str(v, name, &s, errp) ||
            !arm_idprop_parse(p, s, val, errp)) {
            return;
        }
        break;
    }
    }
    arm_idprop_state_set(&cpu->idstate.props, p, val, errp);
}

bool arm_cpu_enforce(ARMCPU *cpu, bool *by_default)
{
    const ArmCpuIdState *st = &cpu->idstate;

    if (by_default) {
        *by_default = !st->enforce_set;
    }
    if (st->enforce_set) {
        return st->enforce;
    }
    return kvm_enabled() &&
           arm_cpu_class_model(object_get_class(OBJECT(cpu)));
}

static bool cpu_get_enforce(Object *obj, Error **errp)
{
    return arm_cpu_enforce(ARM_CPU(obj), NULL);
}

static void cpu_set_enforce(Object *obj, bool value, Error **errp)
{
    if (DEVICE(obj)->realized) {
        error_setg(errp, "Property 'enforce' cannot be set after the CPU is "
                   "realized");
        return;
    }
    ARM_CPU(obj)->idstate.enforce = value;
    ARM_CPU(obj)->idstate.enforce_set = true;
}

static bool cpu_get_check(Object *obj, Error **errp)
{
    return !ARM_CPU(obj)->idstate.nocheck;
}

static void cpu_set_check(Object *obj, bool value, Error **errp)
{
    if (DEVICE(obj)->realized) {
        error_setg(errp, "Property 'check' cannot be set after the CPU is "
                   "realized");
        return;
    }
    ARM_CPU(obj)->idstate.nocheck = !value;
}

static void aarch64_cpu_class_init(ObjectClass *oc, const void *data)
{
    unsigned n, i;
    const ArmIdProp *props = arm_idprops(&n);

    object_class_property_add_bool(oc, "enforce", cpu_get_enforce,
                                   cpu_set_enforce);
    object_class_property_set_description(oc, "enforce",
        "Refuse to start when the accelerator cannot provide a value of the "
        "named CPU model (default on under KVM, where a versioned model "
        "means exactly that CPU; off under TCG; when off, such a value is "
        "replaced by the accelerator's, with a warning)");
    arm_cpu_migration_class_init(oc);
    object_class_property_add_bool(oc, "check", cpu_get_check, cpu_set_check);
    object_class_property_set_description(oc, "check",
        "Warn about each value of the named CPU model that the accelerator "
        "cannot provide and replaces (default on)");

    for (i = 0; i < n; i++) {
        const ArmIdProp *p = &props[i];
        g_autofree char *accepted = arm_idprop_accepted(p);
        g_autofree char *desc = NULL;

        object_class_property_add(oc, p->name, arm_idprop_type(p),
                                  idprop_get, idprop_set, NULL, (void *)p);
        if (arm_idfield_owner(p->field)) {
            desc = g_strdup_printf("%s (%s; read only: set it with '%s')",
                                   p->description, accepted,
                                   arm_idfield_owner(p->field));
        } else if (arm_idfield_decider(p->field)) {
            desc = g_strdup_printf("%s (%s; read only: %s decides it)",
                                   p->description, accepted,
                                   arm_idfield_decider(p->field));
        } else if (p->kind == ARM_IDPROP_RAW) {
            desc = g_strdup_printf("%s, raw value (%s)", p->description,
                                   accepted);
        } else {
            desc = g_strdup_printf("%s (%s)", p->description, accepted);
        }
        object_class_property_set_description(oc, p->name, desc);
    }
}

static const TypeInfo aarch64_cpu_type_info = {
    .name = TYPE_AARCH64_CPU,
    .parent = TYPE_ARM_CPU,
    .abstract = true,
    .class_size = sizeof(AArch64CPUClass),
    .class_init = aarch64_cpu_class_init,
};

static void aarch64_cpu_type_register(void)
{
    type_register_static(&aarch64_cpu_type_info);
}

type_init(aarch64_cpu_type_register)

static void model_get_vq(Object *obj, Visitor *v, const char *name,
                         void *opaque, Error **errp)
{
    ARMCPU *cpu = ARM_CPU(obj);
    bool value = cpu_isar_feature(aa64_sve, cpu) &&
                 extract32(cpu->sve_vq.map, atoi(name + 3) / 128 - 1, 1);

    visit_type_bool(v, name, &value, errp);
}

/*
 * Under TCG a model's SVE vector lengths are what it has by default, not
 * all that TCG implements: sveNNN=on asks for any other length TCG has,
 * and arm_cpu_sve_finalize() then treats it as one the CPU supports
 */
static void model_set_vq(Object *obj, Visitor *v, const char *name,
                         void *opaque, Error **errp)
{
    ARMCPU *cpu = ARM_CPU(obj);
    uint32_t vq = atoi(name + 3) / 128;
    bool value;

    if (!visit_type_bool(v, name, &value, errp)) {
        return;
    }
    if (value) {
        cpu->sve_vq.supported |= BIT(vq - 1);
    }
    cpu->sve_vq.map = deposit32(cpu->sve_vq.map, vq - 1, 1, value);
    cpu->sve_vq.init |= BIT(vq - 1);
}

void arm_cpu_add_sve_lengths(Object *obj)
{
    aarch64_add_sve_properties(obj);
    for (uint32_t vq = 1; vq <= ARM_MAX_VQ; vq++) {
        g_autofree char *name = g_strdup_printf("sve%u", vq * 128);

        object_property_del(obj, name);
        object_property_add(obj, name, "bool", model_get_vq, model_set_vq,
                            NULL, NULL);
    }
}

/*
 * Under TCG, sme=on gives a model without SME the SME of TCG's "max" CPU:
 * its ID_AA64SMFR0_EL1 (which arm_cpu_sme_finalize() clears while SME is
 * off, so that the model is unchanged without sme=on) and vector lengths;
 * field properties may then lower it, smeNNN choose the lengths
 */
void arm_cpu_offer_sme(ARMCPU *cpu)
{
    const uint64_t *tcg = arm_cpu_accel_limit()->value;
    uint64_t regs[ARM_IDREG_NUM];

    if (!arm_idfield_get(tcg, ARM_IDF_ID_AA64PFR1_EL1_SME)) {
        return;
    }
    arm_cpu_idregs_get(cpu, regs);
    regs[ARM_IDREG_ID_AA64SMFR0_EL1] = tcg[ARM_IDREG_ID_AA64SMFR0_EL1];
    arm_cpu_idregs_put(cpu, regs);
    cpu->sme_vq.supported = SVE_VQ_POW2_MAP;
    aarch64_add_sme_properties(OBJECT(cpu));
}

/*
 * Under TCG, feat_MTE (with hw_prop_GMID_EL1_BS) gives a model without
 * MTE TCG's: the machine's tag memory (virt: mte=on) then links to it as
 * arm_cpu_post_init() links it to a CPU type with MTE
 */
void arm_cpu_offer_mte(ARMCPU *cpu)
{
    if (!arm_idfield_get(arm_cpu_accel_limit()->value,
                         ARM_IDF_ID_AA64PFR1_EL1_MTE)) {
        return;
    }
#ifndef CONFIG_USER_ONLY
    object_property_add_link(OBJECT(cpu), "tag-memory", TYPE_MEMORY_REGION,
                             (Object **)&cpu->tag_memory,
                             qdev_prop_allow_set_link_before_realize,
                             OBJ_PROP_LINK_STRONG);
    if (arm_feature(&cpu->env, ARM_FEATURE_EL3)) {
        object_property_add_link(OBJECT(cpu), "secure-tag-memory",
                                 TYPE_MEMORY_REGION,
                                 (Object **)&cpu->secure_tag_memory,
                                 qdev_prop_allow_set_link_before_realize,
                                 OBJ_PROP_LINK_STRONG);
    }
#endif
}

/*
 * Under KVM (or HVF) QEMU has no pauth-impdef, pauth-qarma3, pauth-qarma5:
 * the host's algorithm is the vCPU's. A model has its own, and these say
 * that its level goes in another algorithm's fields (the host's, for the
 * static expansion of -cpu host): set at once, as KVM has no later step
 * that would move it.
 */
static const char *const model_pauth_props[] = {
    [ARM_PAUTH_QARMA5] = "pauth-qarma5",
    [ARM_PAUTH_IMPDEF] = "pauth-impdef",
    [ARM_PAUTH_QARMA3] = "pauth-qarma3",
};

static bool model_get_pauth_algo(Object *obj, const char *name)
{
    ARMCPU *cpu = ARM_CPU(obj);
    uint64_t regs[ARM_IDREG_NUM];

    arm_cpu_idregs_get(cpu, regs);
    return !strcmp(model_pauth_props[arm_idregs_pauth_algorithm(regs)] ?: "",
                   name);
}

static void model_set_pauth_algo(Object *obj, ArmPauthAlgorithm a, bool value,
                                 Error **errp)
{
    ARMCPU *cpu = ARM_CPU(obj);
    uint64_t regs[ARM_IDREG_NUM];
    ArmPauthAlgorithm now;

    arm_cpu_idregs_get(cpu, regs);
    now = arm_idregs_pauth_algorithm(regs);
    if (!value || now == a) {
        return;     /* off alone changes nothing, as under TCG */
    }
    if (cpu->idstate.pauth_chosen) {
        error_setg(errp, "cannot enable %s and %s at the same time",
                   model_pauth_props[now], model_pauth_props[a]);
        return;
    }
    arm_idregs_pauth_use(regs, a);
    arm_cpu_idregs_put(cpu, regs);
    cpu->idstate.pauth_chosen = true;
}

#define MODEL_PAUTH_ACCESSORS(A, fn)                                      \
    static bool model_get_##fn(Object *obj, Error **errp)                 \
    {                                                                     \
        return model_get_pauth_algo(obj, model_pauth_props[A]);           \
    }                                                                     \
    static void model_set_##fn(Object *obj, bool value, Error **errp)     \
    {                                                                     \
        model_set_pauth_algo(obj, A, value, errp);                        \
    }

MODEL_PAUTH_ACCESSORS(ARM_PAUTH_QARMA5, qarma5)
MODEL_PAUTH_ACCESSORS(ARM_PAUTH_IMPDEF, impdef)
MODEL_PAUTH_ACCESSORS(ARM_PAUTH_QARMA3, qarma3)

void arm_cpu_add_pauth_algorithms(Object *obj)
{
    object_property_add_bool(obj, "pauth-qarma5", model_get_qarma5,
                             model_set_qarma5);
    object_property_add_bool(obj, "pauth-impdef", model_get_impdef,
                             model_set_impdef);
    object_property_add_bool(obj, "pauth-qarma3", model_get_qarma3,
                             model_set_qarma3);
}

bool arm_cpu_idprops_set_from_qdict(Object *obj, const QDict *qdict,
                                    Visitor *v, Error **errp)
{
    const QDictEntry *e;

    if (!object_dynamic_cast(obj, TYPE_AARCH64_CPU)) {
        return true;            /* unknown names fail the struct check */
    }
    for (e = qdict_first(qdict); e; e = qdict_next(qdict, e)) {
        /* the fields, and what to do with those the accelerator lacks */
        if ((arm_idprop_find(e->key) || !strcmp(e->key, "enforce") ||
             !strcmp(e->key, "check")) &&
            !object_property_set(obj, e->key, v, errp)) {
            return false;
        }
    }
    return true;
}

void arm_cpu_idprops_expand(Object *obj, QDict *out)
{
    unsigned n, i;
    const ArmIdProp *props = arm_idprops(&n);

    /*
     * Only the AArch64 CPU types have them; under KVM QEMU knows every
     * value once the host is probed (kvm-idregs.c), under HVF it does not
     */
    if (!object_dynamic_cast(obj, TYPE_AARCH64_CPU) ||
        (!arm_cpu_accel_changes_idregs() && !arm_kvm_idhost)) {
        return;
    }
    if (tcg_enabled()) {
        /*
         * what realize hides from the guest under TCG (a CPU made to be
         * expanded: it is not realized, and thrown away after this)
         */
        arm_idregs_hide_tcg_unimplemented(ARM_CPU(obj)->isar.idregs);
    }
    for (i = 0; i < n; i++) {
        if (props[i].kind != ARM_IDPROP_RAW) {
            qdict_put_obj(out, props[i].name,
                          object_property_get_qobject(obj, props[i].name,
                                                      &error_abort));
        }
    }
}

const char *arm_cpu_class_model(ObjectClass *oc)
{
    return object_class_dynamic_cast(oc, TYPE_AARCH64_CPU) ?
           AARCH64_CPU_CLASS(oc)->model_name : NULL;
}

static void arm_cpu_list_entry(gpointer data, gpointer user_data)
{
    ObjectClass *oc = data;
    CPUClass *cc = CPU_CLASS(oc);
    g_autofree char *name = cpu_model_from_type(object_class_get_name(oc));
    const char *help = object_class_dynamic_cast(oc, TYPE_AARCH64_CPU) ?
                       AARCH64_CPU_CLASS(oc)->help : NULL;

    if (help) {
        qemu_printf("  %-24s %s\n", name, help);
    } else {
        qemu_printf("  %s%s\n", name,
                    cc->deprecation_note ? " (deprecated)" : "");
    }
}

void arm_cpu_list(void)
{
    GSList *list = object_class_get_list_sorted(TYPE_ARM_CPU, false);

    qemu_printf("Available CPUs:\n");
    g_slist_foreach(list, arm_cpu_list_entry, NULL);
    g_slist_free(list);
}
