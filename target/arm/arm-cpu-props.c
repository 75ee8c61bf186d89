/*
 * Arm CPU ID-register field properties: the AArch64 CPU class
 *
 * The properties themselves, their names, values and checks, come from
 * cpu-idprops.c; this file makes them class properties of the AArch64 CPU
 * types, with "enforce" and "check", and lists them in the full expansion;
 * arm-cpu-check.c applies them when the CPU's features are finalized. A
 * named model is an AArch64 CPU type whose class (AArch64CPUClass) has
 * the hooks of arm-cpu-models.c (the older properties such a type needs
 * beyond QEMU's own are in arm-cpu-models-props.c).
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
