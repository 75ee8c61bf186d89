/*
 * Arm CPU ID-register field properties: the QOM glue
 *
 * The properties themselves, their names, values and checks, come from
 * cpu-idprops.c; this file makes them class properties of the AArch64 CPU
 * types and applies them when the CPU's features are finalized.
 *
 * Precedence with QEMU's older CPU properties:
 *  - fields that an older property owns (sve: ID_AA64PFR0_EL1.SVE; pauth:
 *    the pointer-authentication fields of ID_AA64ISAR1/2; pmu: the PMU
 *    version fields; sme: ID_AA64PFR1_EL1.SME) cannot be set through field
 *    properties: that is an error naming the property to use instead;
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
#include "qapi/visitor.h"
#include "qom/qom-qobject.h"
#include "qemu/qemu-print.h"
#include "system/kvm.h"
#include "system/hvf.h"
#include "system/tcg.h"
#include "qemu/error-report.h"
#include "cpu.h"
#include "cpregs.h"
#include "internals.h"
#include "cpu-features.h"
#include "cpu-idprops.h"
#include "cpu-models.h"
#include "arm-cpu-props.h"
#include "kvm-idregs.h"
#ifndef CONFIG_USER_ONLY
#include "migration/vmstate.h"
#endif

/* cpu-sysregs.h.inc and cpu-idregs.h.inc expand the same table */
QEMU_BUILD_BUG_ON((int)ARM_IDREG_NUM != (int)NUM_ID_IDX);
QEMU_BUILD_BUG_ON((int)ARM_IDREG_CTR_EL0 != (int)CTR_EL0_IDX);
QEMU_BUILD_BUG_ON((int)ARM_IDREG_MIDR_EL1 != (int)MIDR_EL1_IDX);

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

static bool accel_changes_idregs(void)
{
    return !kvm_enabled() && !hvf_enabled();
}

static void idprop_get(Object *obj, Visitor *v, const char *name,
                       void *opaque, Error **errp)
{
    ARMCPU *cpu = ARM_CPU(obj);
    const ArmIdProp *p = opaque;
    uint64_t regs[ARM_IDREG_NUM];

    arm_cpu_idregs_get(cpu, regs);
    arm_idprop_state_apply(&cpu->idprops, regs);
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
    arm_idprop_state_set(&cpu->idprops, p, val, errp);
}

static bool cpu_get_enforce(Object *obj, Error **errp)
{
    return ARM_CPU(obj)->idprops.enforce;
}

static void cpu_set_enforce(Object *obj, bool value, Error **errp)
{
    if (DEVICE(obj)->realized) {
        error_setg(errp, "Property 'enforce' cannot be set after the CPU is "
                   "realized");
        return;
    }
    ARM_CPU(obj)->idprops.enforce = value;
}

static bool cpu_get_check(Object *obj, Error **errp)
{
    return !ARM_CPU(obj)->idprops.nocheck;
}

static void cpu_set_check(Object *obj, bool value, Error **errp)
{
    if (DEVICE(obj)->realized) {
        error_setg(errp, "Property 'check' cannot be set after the CPU is "
                   "realized");
        return;
    }
    ARM_CPU(obj)->idprops.nocheck = !value;
}

static bool cpu_get_migrate_idregs(Object *obj, Error **errp)
{
    return !ARM_CPU(obj)->idprops.no_migrate;
}

static void cpu_set_migrate_idregs(Object *obj, bool value, Error **errp)
{
    ARM_CPU(obj)->idprops.no_migrate = !value;
}

static const char *field_owner(ArmIdFieldIdx f);
static bool field_is_machines(ArmIdFieldIdx f);
static const char *machine_decides(ArmIdFieldIdx f);

static void aarch64_cpu_class_init(ObjectClass *oc, const void *data)
{
    unsigned n, i;
    const ArmIdProp *props = arm_idprops(&n);

    object_class_property_add_bool(oc, "enforce", cpu_get_enforce,
                                   cpu_set_enforce);
    object_class_property_set_description(oc, "enforce",
        "Refuse to start when the accelerator cannot provide a value of the "
        "named CPU model (default off: such a value is replaced by the "
        "accelerator's, with a warning)");
    object_class_property_add_bool(oc, "x-migrate-idregs",
                                   cpu_get_migrate_idregs,
                                   cpu_set_migrate_idregs);
    object_class_property_set_description(oc, "x-migrate-idregs",
        "Send the ID registers in the migration stream, so that a destination "
        "whose CPU differs refuses the migration before the source stops "
        "(default on; off for machine types before 10.2)");
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
        if (field_owner(p->field)) {
            desc = g_strdup_printf("%s (%s; read only: set it with '%s')",
                                   p->description, accepted,
                                   field_owner(p->field));
        } else if (field_is_machines(p->field)) {
            desc = g_strdup_printf("%s (%s; read only: %s decides it)",
                                   p->description, accepted,
                                   machine_decides(p->field));
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
    .class_init = aarch64_cpu_class_init,
};

static void aarch64_cpu_type_register(void)
{
    type_register_static(&aarch64_cpu_type_info);
}

type_init(aarch64_cpu_type_register)

/* The older property that owns field F (sve, sme, pauth, pmu), or NULL */
static const char *field_owner(ArmIdFieldIdx f)
{
    const ArmIdRole *r = arm_idfield_role(f, ARM_IDROLE_OWNED_BY);

    return r ? r->arg : NULL;
}

/*
 * What decides field F, when it is not the CPU (the interrupt controller,
 * the machine's exception levels, the guest), for messages; else NULL
 */
static const char *machine_decides(ArmIdFieldIdx f)
{
    const ArmIdRole *r = arm_idfield_role(f, ARM_IDROLE_DECIDED_BY);

    if (!r) {
        r = arm_idfield_role(f, ARM_IDROLE_PRESENT_IF);
    }
    return r ? r->text : NULL;
}

static bool field_is_machines(ArmIdFieldIdx f)
{
    return machine_decides(f);
}

/*
 * What the accelerator provides, computed once: the ID registers of the
 * "max" CPU. Under TCG they are raised or lowered to what TCG implements
 * (arm_idaccel_tcg_limit()). Under KVM and HVF max is the host; where KVM
 * reports its writable masks (kvm-idregs.c), a field may change by the
 * kernel's rules, elsewhere it must keep the host's value.
 */
static const ArmIdAccel *accel_limit(void)
{
    static uint64_t regs[ARM_IDREG_NUM], writable[ARM_IDREG_NUM];
    static uint64_t unknown[ARM_IDREG_NUM];
    static ArmIdAccel a;

    if (!a.value) {
        Object *max = object_new(ARM_CPU_TYPE_NAME("max"));
        const ArmKvmIdHost *h = kvm_arm_idregs_host();
        unsigned r;

        if (accel_changes_idregs()) {
            /* what realize hides under TCG (arm_cpu_realizefn()) */
            arm_isar_hide_tcg_unimplemented(&ARM_CPU(max)->isar);
        }
        arm_cpu_idregs_get(ARM_CPU(max), regs);
        object_unref(max);
        a.value = regs;
        if (accel_changes_idregs()) {
            arm_idaccel_tcg_limit(regs);
            a.label = "TCG";
            a.rule = ARM_ID_LIMIT_TCG;
        } else {
            a.label = kvm_enabled() ? "KVM" : "HVF";
            a.rule = ARM_ID_LIMIT_EXACT;
        }
        if (h && kvm_arm_idregs_writable(writable)) {
            for (r = 0; r < ARM_IDREG_NUM; r++) {
                unknown[r] = h->read[r] ? 0 : UINT64_MAX;
            }
            a.writable = writable;
            a.unknown = unknown;
        }
    }
    return &a;
}

const ArmIdAccel *arm_cpu_accel(ARMCPU *cpu, ArmIdAccel *view, uint64_t *host)
{
    const ArmIdAccel *accel = accel_limit();

    if (!accel->writable) {
        return accel;
    }
    /* the host as the vCPU this CPU becomes sees it */
    *view = *accel;
    memcpy(host, accel->value, sizeof(uint64_t) * ARM_IDREG_NUM);
    arm_idaccel_kvm_vcpu_view(host, cpu_isar_feature(aa64_sve, cpu),
                             cpu_isar_feature(aa64_pauth, cpu));
    view->value = host;
    return view;
}

bool arm_cpu_idprops_supported(ArmIdPropValuesFn *fn, void *opaque,
                               Error **errp)
{
    const ArmIdAccel *accel;
    const ArmIdProp *props;
    unsigned n, i;

    if (!object_class_by_name(TYPE_AARCH64_CPU)) {
        error_setg(errp, "This QEMU has no AArch64 CPUs, whose ID-register "
                   "field properties this command describes");
        return false;
    }
    accel = accel_limit();
    props = arm_idprops(&n);
    for (i = 0; i < n; i++) {
        const ArmIdProp *p = &props[i];
        g_auto(GStrv) values = NULL;

        if (p->kind == ARM_IDPROP_RAW) {
            continue;
        }
        /*
         * a field an older property owns takes no value through this one,
         * nor does a field the machine decides
         */
        values = field_owner(p->field) || field_is_machines(p->field)
                 ? g_new0(char *, 1) : arm_idaccel_supported(p, accel);
        fn(p, values, opaque);
    }
    return true;
}

/*
 * The older properties that own ID-register fields, each once, in table
 * order (sve, sme, pmu, pauth); NULL-terminated
 */
static const char *const *owners(void)
{
    static const char **list;

    if (!list) {
        g_autoptr(GPtrArray) a = g_ptr_array_new();

        for (unsigned i = 0; i < ARM_IDFIELD_NUM; i++) {
            const char *o = field_owner(i);

            if (o && !g_ptr_array_find_with_equal_func(a, o, g_str_equal,
                                                        NULL)) {
                g_ptr_array_add(a, (gpointer)o);
            }
        }
        g_ptr_array_add(a, NULL);
        list = (const char **)g_ptr_array_steal(a, NULL);
    }
    return list;
}

/* The owned fields of an older property, as a register mask array */
static void owned_mask(const char *owner, uint64_t *mask)
{
    unsigned i;

    memset(mask, 0, sizeof(uint64_t) * ARM_IDREG_NUM);
    for (i = 0; i < ARM_IDFIELD_NUM; i++) {
        const char *o = field_owner(i);

        if (o && !strcmp(o, owner)) {
            mask[arm_idfields[i].reg] |= arm_idfield_mask(&arm_idfields[i]);
        }
    }
}

static bool regs_any(const uint64_t *regs, const uint64_t *mask)
{
    unsigned r;

    for (r = 0; r < ARM_IDREG_NUM; r++) {
        if (regs[r] & mask[r]) {
            return true;
        }
    }
    return false;
}

static bool group_equal(const uint64_t *x, const uint64_t *y,
                        const uint64_t *mask)
{
    unsigned r;

    for (r = 0; r < ARM_IDREG_NUM; r++) {
        if ((x[r] ^ y[r]) & mask[r]) {
            return false;
        }
    }
    return true;
}

void arm_cpu_idregs_baseline(const uint64_t *a, const uint64_t *b,
                             const uint64_t *skip, uint64_t *out)
{
    uint64_t mask[ARM_IDREG_NUM];
    unsigned i;

    arm_idcompare_baseline(a, b, skip, out);
    for (i = 0; owners()[i]; i++) {
        owned_mask(owners()[i], mask);
        if (group_equal(out, a, mask) || group_equal(out, b, mask)) {
            continue;
        }
        /* a mix of the two (two pauth algorithms): the feature off */
        arm_idregs_clear_owned(out, owners()[i]);
    }
}

bool arm_cpu_model_delta(uint64_t *regs, const uint64_t *skip, int *model,
                         QDict **props, Error **errp)
{
    uint64_t match[ARM_IDREG_NUM], mask[ARM_IDREG_NUM];
    g_autoptr(GHashTable) done = g_hash_table_new(NULL, NULL);
    const uint64_t *mr;
    unsigned i, r;
    QDict *out;
    int m;

    /*
     * A field an older property owns can be expressed only as that
     * property off (all its fields 0); otherwise the model must agree
     */
    memset(match, 0, sizeof(match));
    for (i = 0; owners()[i]; i++) {
        owned_mask(owners()[i], mask);
        if (regs_any(regs, mask)) {
            for (r = 0; r < ARM_IDREG_NUM; r++) {
                match[r] |= mask[r];
            }
        }
    }
    m = arm_cpu_model_closest(regs, skip, match);
    if (m < 0) {
        g_autoptr(GString) which = g_string_new(NULL);
        bool alone = false;

        /* the features no model has, else those no model has together */
        for (unsigned pass = 0; pass < 2 && !which->len; pass++) {
            for (i = 0; owners()[i]; i++) {
                owned_mask(owners()[i], mask);
                if (regs_any(regs, mask) &&
                    (pass || arm_cpu_model_closest(regs, NULL, mask) < 0)) {
                    g_string_append_printf(which, "%s%s",
                                           which->len ? ", " : "",
                                           owners()[i]);
                    alone = !pass;
                }
            }
        }
        error_setg(errp, "No named CPU model has the %s of this CPU%s, "
                   "which only the property of that name can change, and "
                   "only to off: no model can be its base", which->str,
                   alone ? "" : " together");
        return false;
    }
    mr = arm_cpu_model_regs(m);
    /* the identity is the base model's */
    for (r = 0; r < ARM_IDREG_NUM; r++) {
        if (arm_idreg_role(r, ARM_IDROLE_IDENTIFICATION)) {
            regs[r] = mr[r];
        }
    }

    out = qdict_new();
    for (i = 0; owners()[i]; i++) {
        owned_mask(owners()[i], mask);
        if (!regs_any(regs, mask) && regs_any(mr, mask)) {
            qdict_put_bool(out, owners()[i], false);
        }
        for (r = 0; r < ARM_IDREG_NUM; r++) {
            match[r] |= mask[r];
        }
    }
    for (i = 0; i < ARM_IDFIELD_NUM; i++) {
        const ArmIdField *f = &arm_idfields[i];
        const ArmIdProp *p = arm_idprop_of_field(i);
        uint64_t bits = arm_idfield_mask(f);

        if (!p || (skip && (skip[f->reg] & bits)) || (match[f->reg] & bits) ||
            arm_idfield_get(regs, i) == arm_idfield_get(mr, i) ||
            !g_hash_table_add(done, (gpointer)p)) {
            continue;
        }
        if (arm_idreg_feature(f->reg) >= 0 &&
            !arm_idfield_get(regs, arm_idreg_feature(f->reg))) {
            continue;           /* RES0 without its feature (SVE) */
        }
        switch (p->kind) {
        case ARM_IDPROP_BOOL:
            qdict_put_bool(out, p->name, arm_idfield_get(regs, i));
            break;
        case ARM_IDPROP_NUMBER:
            qdict_put_int(out, p->name, arm_idfield_get(regs, i));
            break;
        default: {
            g_autofree char *v = arm_idprop_format(p, regs);

            qdict_put_str(out, p->name, v);
            break;
        }
        }
    }
    *model = m;
    *props = out;
    return true;
}

/* The error for the user's property that asks for what ACCEL lacks */
static void user_blocker_error(const ArmIdPropState *st, const ArmIdBlocker *b,
                               const uint64_t *want, const ArmIdAccel *a,
                               Error **errp)
{
    const ArmIdProp *p = arm_idprop_state_owner(st, b->field);
    const ArmIdField *f = &arm_idfields[p->field];
    g_autofree char *asked = arm_idprop_format(p, want);
    g_autofree char *has = arm_idprop_format(p, a->value);

    g_autofree char *rule = arm_idaccel_rule(b);

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
static bool accel_check(ARMCPU *cpu, int model, uint64_t *want,
                        const uint64_t *notuser, bool any, Error **errp)
{
    const ArmIdPropState *st = &cpu->idprops;
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
    return model < 0 ||
           arm_cpu_model_fit(cpu, model, want, accel, st->mask, errp);
}

#ifndef CONFIG_USER_ONLY
/*
 * The ID registers in the migration stream: one section per VM, from the
 * first CPU (every CPU has the same -cpu), sent in the setup phase
 * (early_setup) before any RAM, so that a destination whose CPU would
 * show the guest different ID registers fails the migration while the
 * source is still running. The section is separate from the cpreg list
 * of vmstate_arm_cpu (target/arm/machine.c), which goes on carrying
 * KVM's registers as before and is loaded after it.
 */
typedef struct ArmIdMig {
    ARMCPU *cpu;
    int32_t n;
    uint64_t *enc, *val;
    uint8_t model[64];          /* "grace-v1", "host", "max", ... */
} ArmIdMig;

static ArmIdMig idmig;
static uint64_t idmig_enc[ARM_IDSPACE_SLOTS], idmig_val[ARM_IDSPACE_SLOTS];

static void idmig_model_name(ARMCPU *cpu, char *buf, size_t len)
{
    g_autofree char *name = g_strdup(object_get_typename(OBJECT(cpu)));
    char *suffix = g_strrstr(name, "-" TYPE_ARM_CPU);

    if (suffix) {
        *suffix = '\0';
    }
    g_strlcpy(buf, name, len);
}

static int idmig_pre_save(void *opaque)
{
    ArmIdMig *m = opaque;
    uint64_t regs[ARM_IDREG_NUM];

    arm_cpu_idregs_get(m->cpu, regs);
    m->n = arm_idmig_pack(regs, m->enc, m->val);
    memset(m->model, 0, sizeof(m->model));
    idmig_model_name(m->cpu, (char *)m->model, sizeof(m->model));
    return 0;
}

static int idmig_pre_load(void *opaque)
{
    ArmIdMig *m = opaque;

    m->n = 0;
    memset(m->model, 0, sizeof(m->model));
    return 0;
}

/* Before the arrays: the stream's count must fit them */
QEMU_BUILD_BUG_ON(ARM_IDSPACE_SLOTS != 192);    /* VMSTATE_VALIDATE's name */
static bool idmig_count_ok(void *opaque, int version_id)
{
    ArmIdMig *m = opaque;

    return m->n >= 0 && m->n <= ARM_IDSPACE_SLOTS;
}

static bool idmig_post_load(void *opaque, int version_id, Error **errp)
{
    ArmIdMig *m = opaque;
    uint64_t regs[ARM_IDREG_NUM], src[ARM_IDREG_NUM];
    ArmIdBlocker b[8];
    g_autoptr(GString) s = g_string_new(NULL);
    g_autofree char *bad = NULL;
    char here[sizeof(m->model)];
    unsigned n, shown, i;

    if (!arm_idmig_name_ok(m->model, sizeof(m->model))) {
        error_setg(errp, "The migration stream's ID-register section is not "
                   "a QEMU source's: the source's CPU name is not a string "
                   "of printable characters ending in NUL in its %zu bytes",
                   sizeof(m->model));
        return false;
    }
    arm_cpu_idregs_get(m->cpu, regs);
    bad = arm_idmig_unpack(m->n, m->enc, m->val, regs, src);
    if (bad) {
        error_setg(errp, "The migration stream's ID-register section is not "
                   "a QEMU source's: %s", bad);
        return false;
    }
    n = arm_idmig_diff(src, regs, b, ARRAY_SIZE(b));
    if (!n) {
        return true;
    }
    idmig_model_name(m->cpu, here, sizeof(here));
    shown = MIN(n, ARRAY_SIZE(b));
    for (i = 0; i < shown; i++) {
        const ArmIdField *f = &arm_idfields[b[i].field];

        g_string_append_printf(s, "%s%s.%s (source 0x%" PRIx64 ", here 0x%"
                               PRIx64 ")", i ? ", " : "",
                               arm_idregs[f->reg].name, f->name, b[i].want,
                               b[i].have);
    }
    error_setg(errp, "The guest would see its CPU change: this CPU (%s) "
               "differs from the source's (%s) in %u ID-register field%s: "
               "%s%s; start the destination with the source's -cpu and "
               "properties", here, (const char *)m->model, n,
               n == 1 ? "" : "s", s->str, n > shown ? ", ..." : "");
    return false;
}

static const VMStateDescription vmstate_arm_idregs = {
    .name = "arm-cpu-idregs",
    .version_id = 1,
    .minimum_version_id = 1,
    .early_setup = true,
    .pre_save = idmig_pre_save,
    .pre_load = idmig_pre_load,
    .post_load_errp = idmig_post_load,
    .fields = (const VMStateField[]) {
        VMSTATE_BUFFER(model, ArmIdMig),
        VMSTATE_INT32(n, ArmIdMig),
        VMSTATE_VALIDATE("register count from 0 to 192", idmig_count_ok),
        VMSTATE_VARRAY_INT32(enc, ArmIdMig, n, 0, vmstate_info_uint64,
                             uint64_t),
        VMSTATE_VARRAY_INT32(val, ArmIdMig, n, 0, vmstate_info_uint64,
                             uint64_t),
        VMSTATE_END_OF_LIST()
    },
};

/* Register the section for the VM's first CPU, once */
static void idmig_register(ARMCPU *cpu)
{
    if (CPU(cpu)->cpu_index != 0 || cpu->idprops.no_migrate || idmig.cpu) {
        return;
    }
    idmig = (ArmIdMig) { .cpu = cpu, .enc = idmig_enc, .val = idmig_val };
    vmstate_register(NULL, 0, &vmstate_arm_idregs, &idmig);
}
#endif

bool arm_cpu_idprops_finalize(ARMCPU *cpu, Error **errp)
{
    const ArmIdPropState *st = &cpu->idprops;
    int model = arm_cpu_model_of(cpu);
    uint64_t want[ARM_IDREG_NUM], notuser[ARM_IDREG_NUM];
    unsigned i;
    bool any = false;

#ifndef CONFIG_USER_ONLY
    idmig_register(cpu);
#endif

    for (i = 0; i < ARM_IDREG_NUM; i++) {
        any |= st->mask[i] != 0;
        notuser[i] = ~st->mask[i];
    }
    if (!any && model < 0) {
        return true;
    }
    /* a definition is only values: any field may be set (a host's dump) */
    for (i = 0; !st->definition && i < ARM_IDFIELD_NUM; i++) {
        const ArmIdProp *p = arm_idprop_state_owner(st, i);
        const ArmIdField *f = &arm_idfields[i];
        const char *owner = field_owner(i);

        if (p && owner) {
            error_setg(errp, "Property '%s' sets %s.%s, which belongs to the "
                       "'%s' property; use %s=on or %s=off instead", p->name,
                       arm_idregs[f->reg].name, f->name, owner, owner, owner);
            return false;
        }
    }

    for (i = 0; !st->definition && i < ARM_IDFIELD_NUM; i++) {
        const ArmIdProp *p = arm_idprop_state_owner(st, i);

        if (p && field_is_machines(i)) {
            error_setg(errp, "Property '%s' sets %s.%s, which %s decides, "
                       "not the CPU", p->name,
                       arm_idregs[arm_idfields[i].reg].name,
                       arm_idfields[i].name, machine_decides(i));
            return false;
        }
    }

    arm_cpu_idregs_get(cpu, want);
    arm_idprop_state_apply(st, want);
    if (!st->definition &&
        !accel_check(cpu, model, want, notuser, any, errp)) {
        return false;
    }
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
                           f->name, field_owner(feature) ?:
                           arm_idprop_of_field(feature)->name);
                return false;
            }
        }
        want[i] = 0;
    }
    arm_cpu_idregs_put(cpu, want);
    memcpy(cpu->idprops.finalized, want, sizeof(want));
    cpu->idprops.has_finalized = !st->definition;
    return true;
}

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
        const ARMCPRegInfo *ri = get_arm_cp_reginfo(cpu->cp_regs,
            ENCODE_AA64_CP_REG(d->op0, d->op1, d->crn, d->crm, d->op2));

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
           arm_idfield_role(f, ARM_IDROLE_OWNED_BY) || machine_decides(f);
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
    ArmIdPropState *st = &cpu->idprops;
    int model = arm_cpu_model_of(cpu);
    uint64_t held[ARM_IDREG_NUM], shown[ARM_IDREG_NUM];
    bool absent[ARM_IDREG_NUM] = { false };
    const char *label = tcg_enabled() ? "TCG" : kvm_enabled() ? "KVM" :
                        "this accelerator";
    unsigned i;

    if (!st->has_finalized) {
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
        uint64_t asked = arm_idfield_get(st->finalized, i);
        uint64_t got = arm_idfield_get(shown, i);
        g_autofree char *why = NULL;

        if (asked == got || realize_decides(i) || (!p && model < 0)) {
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
        if (st->enforce) {
            error_setg(errp, "CPU model '%s' needs %s.%s = 0x%" PRIx64
                       ", which the guest cannot be shown here: it reads "
                       "0x%" PRIx64 " (%s; enforce=on)",
                       arm_cpu_models[model].name, arm_idregs[f->reg].name,
                       f->name, asked, got, why);
            return false;
        }
        if (!st->nocheck && CPU(cpu)->cpu_index == 0) {
            warn_report("%s cannot provide %s.%s = 0x%" PRIx64 " of CPU "
                        "model '%s': the guest reads 0x%" PRIx64 " (%s); "
                        "enforce=on refuses instead", label,
                        arm_idregs[f->reg].name, f->name, asked,
                        arm_cpu_models[model].name, got, why);
        }
        arm_idfield_set(held, i, got);
    }
    arm_cpu_idregs_put(cpu, held);
    return true;
}

bool arm_cpu_idregs_decided(ARMCPU *cpu, uint64_t *decided)
{
    bool model = arm_cpu_model_of(cpu) >= 0, any = false;
    unsigned r;

    for (r = 0; r < ARM_IDREG_NUM; r++) {
        decided[r] = (model ? ~(arm_idreg_machine_bits(r) |
                                arm_idreg_el_bits(r)) : 0) |
                     cpu->idprops.mask[r];
        any |= decided[r] != 0;
    }
    return any;
}

bool arm_cpu_idprops_set_from_qdict(Object *obj, const QDict *qdict,
                                    Visitor *v, Error **errp)
{
    const QDictEntry *e;

    if (!object_dynamic_cast(obj, TYPE_AARCH64_CPU)) {
        return true;            /* unknown names fail the struct check */
    }
    for (e = qdict_first(qdict); e; e = qdict_next(qdict, e)) {
        if (arm_idprop_find(e->key) &&
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
        (!accel_changes_idregs() && !kvm_arm_idregs_host())) {
        return;
    }
    if (tcg_enabled()) {
        /*
         * what realize hides from the guest under TCG (a CPU made to be
         * expanded: it is not realized, and thrown away after this)
         */
        arm_isar_hide_tcg_unimplemented(&ARM_CPU(obj)->isar);
    }
    for (i = 0; i < n; i++) {
        if (props[i].kind != ARM_IDPROP_RAW) {
            qdict_put_obj(out, props[i].name,
                          object_property_get_qobject(obj, props[i].name,
                                                      &error_abort));
        }
    }
}

static void arm_cpu_list_entry(gpointer data, gpointer user_data)
{
    ObjectClass *oc = data;
    CPUClass *cc = CPU_CLASS(oc);
    g_autofree char *name = cpu_model_from_type(object_class_get_name(oc));
    int m = arm_cpu_model_of_class(oc);

    if (m < 0) {
        qemu_printf("  %s%s\n", name,
                    cc->deprecation_note ? " (deprecated)" : "");
    } else if (strcmp(name, arm_cpu_models[m].name)) {
        qemu_printf("  %-24s alias of %s\n", name, arm_cpu_models[m].name);
    } else if (arm_cpu_models[m].abstract) {
        qemu_printf("  %-24s %s (abstract: not runnable)\n", name,
                    arm_cpu_models[m].note);
    } else {
        qemu_printf("  %-24s %s\n", name, arm_cpu_models[m].note);
    }
}

void arm_cpu_list(void)
{
    GSList *list = object_class_get_list_sorted(TYPE_ARM_CPU, false);

    qemu_printf("Available CPUs:\n");
    g_slist_foreach(list, arm_cpu_list_entry, NULL);
    g_slist_free(list);
}

void arm_cpu_models_add_types(GPtrArray *types)
{
    unsigned i;

    for (i = 0; i < arm_cpu_models_num; i++) {
        g_ptr_array_add(types, g_strdup_printf("%s" ARM_CPU_TYPE_SUFFIX,
                                               arm_cpu_models[i].name));
    }
    for (i = 0; i < arm_cpu_model_aliases_num; i++) {
        g_ptr_array_add(types, g_strdup_printf("%s" ARM_CPU_TYPE_SUFFIX,
                                               arm_cpu_model_aliases[i].name));
    }
}
