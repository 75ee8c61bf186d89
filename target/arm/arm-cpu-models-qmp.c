/*
 * Arm named CPU models: what QMP says of them
 *
 * The Arm side of the CPU model commands, on the objects that
 * arm-qmp-cmds.c builds from a CpuModelInfo: the models in
 * query-cpu-definitions (alias-of, static, migration-safe and the
 * unavailable features, which are what realize would find on this host
 * and accelerator), query-cpu-model-expansion of type "static", the
 * comparison and baseline of two CPU definitions, and
 * query-arm-cpu-props-info. Only with AArch64 CPUs in the system
 * emulator; arm-cpu-models-qmp-stub.c stands in for the 32-bit targets.
 *
 * Copyright (c) 2026 The arm-cpu-models authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qapi/qapi-commands-arm-cpu-props.h"
#include "qobject/qdict.h"
#include "system/kvm.h"
#include "cpu.h"
#include "cpu-features.h"
#include "cpu-idprops.h"
#include "cpu-idaccel.h"
#include "cpu-idcompare.h"
#include "cpu-models.h"
#include "arm-cpu-idregs.h"
#include "arm-cpu-accel.h"
#include "arm-cpu-props.h"
#include "arm-cpu-models.h"
#include "arm-cpu-models-qmp.h"
#include "kvm_arm.h"

static void add_unavailable(strList ***tail, GHashTable *seen,
                            const char *name)
{
    if (g_hash_table_add(seen, (gpointer)name)) {
        QAPI_LIST_APPEND(*tail, g_strdup(name));
    }
}

static strList *model_unavailable(ObjectClass *oc, int m)
{
    g_autoptr(GHashTable) seen = g_hash_table_new(g_str_hash, g_str_equal);
    g_autofree ArmIdBlocker *b = g_new(ArmIdBlocker, ARM_IDFIELD_NUM);
    uint64_t want[ARM_IDREG_NUM], skip[ARM_IDREG_NUM], host[ARM_IDREG_NUM];
    strList *list = NULL, **tail = &list;
    const ArmIdAccel *accel;
    ArmIdAccel view;
    Object *obj;
    unsigned n, i;

    if (arm_cpu_models[m].abstract) {
        add_unavailable(&tail, seen, "type");
        return list;
    }
    obj = object_new(object_class_get_name(oc));
    accel = arm_cpu_accel(ARM_CPU(obj), &view, host);
    if (kvm_enabled() && !accel->writable) {
        add_unavailable(&tail, seen, "type");
    } else {
        /* as the model's check at realize, without user properties */
        arm_cpu_idregs_get(ARM_CPU(obj), want);
        arm_idregs_machine_mask(skip);
        n = arm_idaccel_blockers(accel, want, skip, b, ARM_IDFIELD_NUM);
        /* SVE taken out at instance init: this host has none */
        if (ARM_CPU(obj)->idstate.sve_dropped) {
            add_unavailable(&tail, seen, "feat_SVE");
        }
        for (i = 0; i < n; i++) {
            const ArmIdProp *p = arm_idprop_of_field(b[i].field);

            add_unavailable(&tail, seen, p ? p->name : "type");
        }
        /* the vector lengths KVM gives the model (see model_fit()) */
        if (kvm_enabled() && cpu_isar_feature(aa64_sve, ARM_CPU(obj))) {
            g_autoptr(GString) vls = g_string_new(NULL);
            uint32_t sve_vq = arm_cpu_models[m].sve_vq;

            if (arm_cpu_model_vls_diff(sve_vq, arm_idkvm_sve_vls(sve_vq,
                                           kvm_arm_sve_get_vls(ARM_CPU(obj))),
                                       false, ",", vls)) {
                g_auto(GStrv) names = g_strsplit(vls->str, ",", -1);

                for (char **p = names; *p; p++) {
                    QAPI_LIST_APPEND(tail, g_strdup(*p));
                }
            }
        }
    }
    object_unref(obj);
    return list;
}

void arm_cpu_model_definition(ObjectClass *oc, CpuDefinitionInfo *info)
{
    int m = arm_cpu_model_of_class(oc);

    if (m < 0) {
        return;
    }
    if (strcmp(info->name, arm_cpu_models[m].name)) {
        info->alias_of = g_strdup(arm_cpu_models[m].name);
    }
    /*
     * A released version never changes (target/arm/models/RELEASED); an
     * alias may move to a newer version, an unreleased one may change
     */
    info->q_static = !info->alias_of && arm_cpu_models[m].released;
    info->has_migration_safe = true;
    info->migration_safe = info->q_static;
    info->has_unavailable_features = true;
    info->unavailable_features = model_unavailable(oc, m);
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

static bool model_delta(uint64_t *regs, const uint64_t *skip, int *model,
                        QDict **props, Error **errp)
{
    const char *const *owners = arm_idfield_owners();
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
    for (i = 0; owners[i]; i++) {
        arm_idregs_owned_mask(owners[i], mask);
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
            for (i = 0; owners[i]; i++) {
                arm_idregs_owned_mask(owners[i], mask);
                if (regs_any(regs, mask) &&
                    (pass || arm_cpu_model_closest(regs, NULL, mask) < 0)) {
                    g_string_append_printf(which, "%s%s",
                                           which->len ? ", " : "",
                                           owners[i]);
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
    for (i = 0; owners[i]; i++) {
        arm_idregs_owned_mask(owners[i], mask);
        if (!regs_any(regs, mask) && regs_any(mr, mask)) {
            qdict_put_bool(out, owners[i], false);
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

/* The ID registers of OBJ, which must be an AArch64 CPU, for WHAT */
static bool object_regs(Object *obj, uint64_t *regs, const char *what,
                        Error **errp)
{
    if (!object_dynamic_cast(obj, TYPE_AARCH64_CPU)) {
        g_autofree char *name = cpu_model_from_type(object_get_typename(obj));

        error_setg(errp, "Only the AArch64 CPUs %s: '%s' is not one", what,
                   name);
        return false;
    }
    arm_cpu_idregs_get(ARM_CPU(obj), regs);
    return true;
}

CpuModelExpansionInfo *arm_cpu_model_expand_static(Object *obj, Error **errp)
{
    uint64_t regs[ARM_IDREG_NUM], skip[ARM_IDREG_NUM];
    CpuModelExpansionInfo *info;
    QDict *props;
    int m;

    if (!object_regs(obj, regs, "have a static expansion", errp)) {
        return NULL;
    }
    arm_idregs_machine_mask(skip);
    if (!model_delta(regs, skip, &m, &props, errp)) {
        return NULL;
    }
    info = g_new0(CpuModelExpansionInfo, 1);
    info->model = g_new0(CpuModelInfo, 1);
    info->model->name = g_strdup(arm_cpu_models[m].name);
    if (qdict_size(props)) {
        info->model->props = QOBJECT(props);
    } else {
        qobject_unref(props);
    }
    return info;
}

CpuModelCompareInfo *arm_cpu_model_compare(Object *a, Object *b,
                                           Error **errp)
{
    static const CpuModelCompareResult results[] = {
        [ARM_ID_COMPARE_IDENTICAL] = CPU_MODEL_COMPARE_RESULT_IDENTICAL,
        [ARM_ID_COMPARE_SUBSET] = CPU_MODEL_COMPARE_RESULT_SUBSET,
        [ARM_ID_COMPARE_SUPERSET] = CPU_MODEL_COMPARE_RESULT_SUPERSET,
        [ARM_ID_COMPARE_INCOMPATIBLE] = CPU_MODEL_COMPARE_RESULT_INCOMPATIBLE,
    };
    uint64_t ra[ARM_IDREG_NUM], rb[ARM_IDREG_NUM], skip[ARM_IDREG_NUM];
    g_autofree uint16_t *fields = g_new(uint16_t, ARM_IDFIELD_NUM);
    g_autoptr(GHashTable) seen = g_hash_table_new(NULL, NULL);
    CpuModelCompareInfo *info;
    strList **tail;
    unsigned n, i;

    if (!object_regs(a, ra, "can be compared and baselined", errp) ||
        !object_regs(b, rb, "can be compared and baselined", errp)) {
        return NULL;
    }
    arm_idregs_machine_mask(skip);
    info = g_new0(CpuModelCompareInfo, 1);
    info->result = results[arm_idcompare(ra, rb, skip, fields,
                                         ARM_IDFIELD_NUM, &n)];
    tail = &info->responsible_properties;
    for (i = 0; i < n; i++) {
        const ArmIdProp *p = arm_idprop_of_field(fields[i]);

        if (p && g_hash_table_add(seen, (gpointer)p)) {
            QAPI_LIST_APPEND(tail, g_strdup(p->name));
        }
    }
    return info;
}

CpuModelBaselineInfo *arm_cpu_model_baseline(Object *a, Object *b,
                                             Error **errp)
{
    uint64_t ra[ARM_IDREG_NUM], rb[ARM_IDREG_NUM], skip[ARM_IDREG_NUM];
    uint64_t base[ARM_IDREG_NUM];
    CpuModelBaselineInfo *info;
    QDict *props;
    int m;

    if (!object_regs(a, ra, "can be compared and baselined", errp) ||
        !object_regs(b, rb, "can be compared and baselined", errp)) {
        return NULL;
    }
    arm_idregs_machine_mask(skip);
    arm_idcompare_baseline(ra, rb, skip, base);
    if (!model_delta(base, skip, &m, &props, errp)) {
        return NULL;
    }
    info = g_new0(CpuModelBaselineInfo, 1);
    info->model = g_new0(CpuModelInfo, 1);
    info->model->name = g_strdup(arm_cpu_models[m].name);
    if (qdict_size(props)) {
        info->model->props = QOBJECT(props);
    } else {
        qobject_unref(props);
    }
    return info;
}

ArmCpuPropInfoList *qmp_query_arm_cpu_props_info(Error **errp)
{
    ArmCpuPropInfoList *list = NULL, **tail = &list;
    const ArmIdAccel *accel = arm_cpu_accel_limit();
    unsigned n, i;
    const ArmIdProp *props = arm_idprops(&n);

    for (i = 0; i < n; i++) {
        const ArmIdProp *p = &props[i];
        ArmCpuPropInfo *info;
        strList **vtail;
        g_auto(GStrv) values = NULL;

        if (p->kind == ARM_IDPROP_RAW) {
            continue;
        }
        /*
         * a field an older property owns takes no value through this one,
         * nor does a field the machine decides
         */
        values = arm_idfield_owner(p->field) || arm_idfield_decider(p->field)
                 ? g_new0(char *, 1) : arm_idaccel_supported(p, accel);
        info = g_new0(ArmCpuPropInfo, 1);
        info->name = g_strdup(p->name);
        info->type = p->kind == ARM_IDPROP_BOOL ? ARM_CPU_PROP_TYPE_BOOL :
                     p->kind == ARM_IDPROP_NUMBER ? ARM_CPU_PROP_TYPE_NUMBER :
                     ARM_CPU_PROP_TYPE_STRING;
        vtail = &info->supported_values;
        for (char **v = values; *v; v++) {
            QAPI_LIST_APPEND(vtail, g_strdup(*v));
        }
        QAPI_LIST_APPEND(tail, info);
    }
    return list;
}
