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
#include "system/tcg.h"
#include "cpu.h"
#include "internals.h"
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

/*
 * Put field property P's value in REGS into OUT; a value without a name
 * (the table names the values Linux knows: QEMU's max has ETS2 in
 * ID_MMFR5_EL1) goes in as the field's SYSREG_ property, a number
 */
static void put_prop(QDict *out, const ArmIdProp *p, const uint64_t *regs)
{
    const ArmIdField *f = &arm_idfields[p->field];
    g_autofree char *name = arm_idprop_value_name(p->field,
                                                  arm_idfield_get(regs,
                                                                  p->field));

    if (!name && (p->kind == ARM_IDPROP_BOOL || p->kind == ARM_IDPROP_NAMED)) {
        g_autofree char *raw = g_strdup_printf("SYSREG_%s_%s",
                                               arm_idregs[f->reg].name,
                                               f->name);

        qdict_put_int(out, raw, arm_idfield_get(regs, p->field));
        return;
    }
    switch (p->kind) {
    case ARM_IDPROP_BOOL:
        qdict_put_bool(out, p->name, arm_idfield_get(regs, p->field));
        break;
    case ARM_IDPROP_NUMBER:
        qdict_put_int(out, p->name, arm_idfield_get(regs, p->field));
        break;
    default: {
        g_autofree char *v = arm_idprop_format(p, regs);

        qdict_put_str(out, p->name, v);
        break;
    }
    }
}

/*
 * REGS (and the SVE and SME vector lengths *SVE and *SME, unless NULL) as
 * the closest concrete model and the properties that make it REGS. A
 * feature an older property owns (pauth, pmu, sve; sme but under TCG) can
 * be switched off on a model, not on: the model must have each one REGS
 * has; its level is a field property, pointer authentication's algorithm
 * a pauth-NAME property (under KVM too, for a model). IDENTITY: REGS are
 * a CPU's own, whose identification registers the properties keep and
 * which must run here (its static expansion); else a baseline of
 * definitions, with the model's identification registers (it is neither
 * part) and whatever the accelerator.
 */
static bool model_delta(uint64_t *regs, const uint64_t *skip, bool identity,
                        const uint32_t *sve, const uint32_t *sme, int *model,
                        QDict **props, Error **errp)
{
    const uint64_t *tcg = tcg_enabled() ? arm_cpu_accel_limit()->value : NULL;
    const char *const *owners = arm_idfield_owners();
    g_autofree uint64_t *present = g_new0(uint64_t, ARM_IDFIELD_NUM *
                                                    ARM_IDREG_NUM);
    g_autofree const char **names = g_new0(const char *, ARM_IDFIELD_NUM);
    g_autoptr(GHashTable) done = g_hash_table_new(NULL, NULL);
    uint64_t mask[ARM_IDREG_NUM], replay[ARM_IDREG_NUM];
    uint64_t notprop[ARM_IDREG_NUM];
    ArmIdBlocker b;
    ArmPauthAlgorithm algo, base_algo;
    unsigned i, r, np = 0;
    QDict *out;
    int m;

    for (i = 0; owners[i]; i++) {
        /* sme=on gives a model TCG's SME (arm-cpu-models.c) */
        if (!tcg || strcmp(owners[i], "sme") ||
            !arm_idfield_get(tcg, ARM_IDF_ID_AA64PFR1_EL1_SME)) {
            names[np] = owners[i];
            arm_idregs_owned_mask(owners[i], present + np++ * ARM_IDREG_NUM);
        }
    }
    m = arm_cpu_model_closest(regs, skip, NULL, present, np);
    if (m < 0) {
        g_autoptr(GString) which = g_string_new(NULL);

        /* the features no model has, else those no model has together */
        for (unsigned pass = 0; pass < 2 && !which->len; pass++) {
            for (i = 0; i < np; i++) {
                const uint64_t *one = present + i * ARM_IDREG_NUM;

                if (arm_idregs_any(regs, one) &&
                    (pass || arm_cpu_model_closest(regs, NULL, NULL, one,
                                                   1) < 0) &&
                    !strstr(which->str, names[i])) {
                    g_string_append_printf(which, "%s%s",
                                           which->len ? ", " : "", names[i]);
                }
            }
        }
        error_setg(errp, "No named CPU model has the %s of this CPU, which "
                   "properties can switch off on a model, not on: no model "
                   "can be its base", which->str);
        return false;
    }
    memcpy(replay, arm_cpu_model_regs(m), sizeof(replay));
    for (r = 0; !identity && r < ARM_IDREG_NUM; r++) {
        if (arm_idreg_role(r, ARM_IDROLE_IDENTIFICATION)) {
            regs[r] = replay[r];
        }
    }

    out = qdict_new();
    for (i = 0; owners[i]; i++) {
        arm_idregs_owned_mask(owners[i], mask);
        if (!arm_idregs_any(regs, mask) && arm_idregs_any(replay, mask)) {
            qdict_put_bool(out, owners[i], false);
            arm_idregs_clear_owned(replay, owners[i]);
        }
    }
    if (tcg && arm_idfield_get(regs, ARM_IDF_ID_AA64PFR1_EL1_SME) &&
        !arm_idfield_get(replay, ARM_IDF_ID_AA64PFR1_EL1_SME)) {
        qdict_put_bool(out, "sme", true);
        arm_idfield_set(replay, ARM_IDF_ID_AA64PFR1_EL1_SME,
                        arm_idfield_get(tcg, ARM_IDF_ID_AA64PFR1_EL1_SME));
        replay[ARM_IDREG_ID_AA64SMFR0_EL1] = tcg[ARM_IDREG_ID_AA64SMFR0_EL1];
        if (sme && *sme != SVE_VQ_POW2_MAP) {
            /* every length up to the larger maximum, as for SVE below */
            for (unsigned vq = 1; vq <= 32 - clz32(*sme | SVE_VQ_POW2_MAP);
                 vq <<= 1) {
                g_autofree char *name = g_strdup_printf("sme%u", vq * 128);

                qdict_put_bool(out, name, *sme & BIT(vq - 1));
            }
        }
    }
    algo = arm_idregs_pauth_algorithm(regs);
    base_algo = arm_idregs_pauth_algorithm(replay);
    if (algo != ARM_PAUTH_NONE && algo != base_algo) {
        g_autofree char *on = g_strdup_printf("pauth-%s",
                                              arm_pauth_algorithm_name(algo));
        g_autofree char *off = g_strdup_printf(
            "pauth-%s", arm_pauth_algorithm_name(base_algo));

        qdict_put_bool(out, on, true);
        qdict_put_bool(out, off, false);
        arm_idregs_pauth_use(replay, algo);
    }
    memset(notprop, 0xff, sizeof(notprop));
    for (i = 0; i < ARM_IDFIELD_NUM; i++) {
        const ArmIdField *f = &arm_idfields[i];
        const ArmIdProp *p = arm_idprop_of_field(i);

        if (!p || (skip && (skip[f->reg] & arm_idfield_mask(f))) ||
            arm_idfield_get(regs, i) == arm_idfield_get(replay, i)) {
            continue;
        }
        if (arm_idreg_feature(f->reg) >= 0 &&
            !arm_idfield_get(regs, arm_idreg_feature(f->reg))) {
            continue;           /* RES0 without its feature (SVE) */
        }
        notprop[f->reg] &= ~arm_idfield_mask(f);
        if (g_hash_table_add(done, (gpointer)p)) {
            put_prop(out, p, regs);
        }
    }
    /*
     * a CPU's own expansion must run here: a property the accelerator
     * would refuse on the model, no expansion (a baseline is of
     * definitions, whatever the accelerator)
     */
    if (identity &&
        arm_idaccel_blockers(arm_cpu_accel_limit(), regs, notprop, &b, 1)) {
        const ArmIdField *f = &arm_idfields[b.field];

        error_setg(errp, "No named CPU model can be this CPU's base: the "
                   "closest, %s, would need %s.%s = 0x%" PRIx64 ", which %s "
                   "cannot give it (it provides 0x%" PRIx64 ")",
                   arm_cpu_models[m].name, arm_idregs[f->reg].name, f->name,
                   b.want, arm_cpu_accel_limit()->label, b.have);
        qobject_unref(out);
        return false;
    }
    if (sve && arm_idfield_get(regs, ARM_IDF_ID_AA64PFR0_EL1_SVE) &&
        *sve != arm_cpu_models[m].sve_vq) {
        /* every length up to the larger maximum: sveNNN=on fills gaps */
        uint32_t both = *sve | arm_cpu_models[m].sve_vq;

        for (unsigned vq = 1; vq <= 32 - clz32(both); vq++) {
            g_autofree char *name = g_strdup_printf("sve%u", vq * 128);

            qdict_put_bool(out, name, *sve & BIT(vq - 1));
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
    if (tcg_enabled()) {
        /* what realize hides from the guest under TCG */
        arm_idregs_hide_tcg_unimplemented(regs);
    }
    arm_idregs_machine_mask(skip);
    if (!model_delta(regs, skip, true, &ARM_CPU(obj)->sve_vq.map,
                     &ARM_CPU(obj)->sme_vq.map, &m, &props, errp)) {
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
    if (!model_delta(base, skip, false, NULL, NULL, &m, &props, errp)) {
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
         * a field the machine decides takes no value; a pointer-
         * authentication field its levels with its algorithm (under TCG,
         * pauth-NAME=on; under KVM the host's)
         */
        values = arm_idfield_decider(p->field) ? g_new0(char *, 1) :
                 arm_idaccel_supported(p, accel);
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
