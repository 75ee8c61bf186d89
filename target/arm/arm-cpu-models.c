/*
 * Arm named CPU models: the QOM glue
 *
 * Every model of cpu-models.h.inc, and every unversioned alias, becomes a
 * CPU type under TYPE_AARCH64_CPU ("grace-v1-arm-cpu", "grace-arm-cpu"),
 * so that it has the ID-register field properties. Creating one:
 *  - starts from what the accelerator is made of: under KVM (or HVF) the
 *    host CPU as "-cpu host" sees it, under TCG a plain Armv8 CPU (the
 *    features, cache geometry and GIC parameters of QEMU's "max" CPU, which
 *    are not ID-register fields);
 *  - replaces every ID register with the model's resolved values (the
 *    table's defaults, then each model from the root down; resolved once
 *    per model), except the cache geometry registers and the fields the
 *    machine decides (the GIC fields, DCZID_EL0.DZP);
 *  - adds the older properties the model's features call for (sve and
 *    sveNNN with the model's vector lengths by default, and under TCG
 *    any other on request; pauth with the model's algorithm; under TCG,
 *    sme and smeNNN, which give a model without SME the SME of "max",
 *    and the tag-memory links that let feat_MTE give it MTE).
 * The user's properties apply on top. When the CPU's features are
 * finalized, arm_cpu_idprops_finalize() (arm-cpu-check.c) checks the
 * result against what the accelerator provides through the class hook
 * model_fit() below: an abstract model is refused; a model value the
 * accelerator cannot provide is refused ("enforce=on", the default under
 * KVM, where a versioned model means exactly that CPU) or replaced by the
 * accelerator's with a warning ("enforce=off", the default under TCG).
 *
 * Copyright (c) 2026 The arm-cpu-models authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qemu/error-report.h"
#include "system/kvm.h"
#include "system/hvf.h"
#include "cpu.h"
#include "internals.h"
#include "cpu-features.h"
#include "cpu-models.h"
#include "arm-cpu-idregs.h"
#include "arm-cpu-props.h"
#include "arm-cpu-models-props.h"
#include "arm-cpu-models.h"
#include "kvm_arm.h"

/* One ARMCPUInfo per model, then one per alias; the model of each */
static ARMCPUInfo *model_infos;
static int *model_of_info;
static unsigned n_infos;

int arm_cpu_model_of_class(ObjectClass *oc)
{
    const ARMCPUInfo *info = ARM_CPU_CLASS(oc)->info;

    if (model_infos && info >= model_infos && info < model_infos + n_infos) {
        return model_of_info[info - model_infos];
    }
    return -1;
}

int arm_cpu_model_of(ARMCPU *cpu)
{
    return arm_cpu_model_of_class(object_get_class(OBJECT(cpu)));
}

static bool accel_is_host(void)
{
    return kvm_enabled() || hvf_enabled();
}

/*
 * What TCG needs beyond the ID registers: the features, cache geometry,
 * reset values and GIC parameters of QEMU's "max" CPU, which starts as a
 * Cortex-A57 (aarch64_max_initfn()): the Cortex-A57's own initfn, then
 * what max changes of it that is not an ID register, so that a model
 * under TCG differs from max only in what its ID registers say.
 */
static void model_tcg_base(Object *obj, const uint64_t *regs)
{
    ObjectClass *a57 = object_class_by_name(ARM_CPU_TYPE_NAME("cortex-a57"));
    ARMCPU *cpu = ARM_CPU(obj);
    CPUARMState *env = &cpu->env;
    uint64_t pmuver = arm_idfield_get(regs, ARM_IDF_ID_AA64DFR0_EL1_PMUVer);
    uint64_t clidr;

    ARM_CPU_CLASS(a57)->info->initfn(obj);
    cpu->idstate.ccsidr_32bit = true;
    /* as aarch64_max_tcg_initfn(): the generic timer runs at 1 GHz */
    unset_feature(env, ARM_FEATURE_BACKCOMPAT_CNTFRQ);
    cpu->dtb_compatible = "arm,armv8";
    if (!arm_idfield_get(regs, ARM_IDF_ID_AA64PFR0_EL1_EL2)) {
        unset_feature(env, ARM_FEATURE_EL2);
    }
    if (!arm_idfield_get(regs, ARM_IDF_ID_AA64PFR0_EL1_EL3)) {
        unset_feature(env, ARM_FEATURE_EL3);
    }
    if (!pmuver || pmuver == 0xf) {
        unset_feature(env, ARM_FEATURE_PMU);
    }
    /*
     * FEAT_S2FWB mandates CLIDR_EL1.{LoUU, LoUIS} zero (Arm ARM, D24.2.31
     * CLIDR_EL1), as aarch64_max_tcg_initfn() does for max
     */
    if (arm_idfield_get(regs, ARM_IDF_ID_AA64MMFR2_EL1_FWB)) {
        clidr = GET_IDREG(&cpu->isar, CLIDR);
        clidr = FIELD_DP64(clidr, CLIDR_EL1, LOUIS, 0);
        clidr = FIELD_DP64(clidr, CLIDR_EL1, LOUU, 0);
        SET_IDREG(&cpu->isar, CLIDR, clidr);
    }
}

static void model_install(ARMCPU *cpu, const uint64_t *model)
{
    uint64_t regs[ARM_IDREG_NUM];
    unsigned r;

    arm_cpu_idregs_get(cpu, regs);
    for (r = 0; r < ARM_IDREG_NUM; r++) {
        uint64_t keep = arm_idreg_machine_bits(r);

        regs[r] = (model[r] & ~keep) | (regs[r] & keep);
    }
    arm_cpu_idregs_put(cpu, regs);
}

static void arm_cpu_model_initfn(Object *obj)
{
    ARMCPU *cpu = ARM_CPU(obj);
    int m = arm_cpu_model_of(cpu);
    const uint64_t *regs = arm_cpu_model_regs(m);

    if (accel_is_host()) {
        aarch64_host_initfn(obj);
        model_install(cpu, regs);
        /* as aarch64_add_pauth_properties() does, from the model's values */
        cpu->prop_pauth = cpu_isar_feature(aa64_pauth, cpu);
        if (cpu->prop_pauth) {
            arm_cpu_add_pauth_algorithms(obj);
        }
        if (kvm_enabled() && cpu_isar_feature(aa64_sve, cpu) &&
            !kvm_arm_sve_supported()) {
            uint64_t r[ARM_IDREG_NUM];

            /* model_fit() reports it; SVE setup needs the host's */
            arm_cpu_idregs_get(cpu, r);
            arm_idkvm_vcpu_view(r, false, true);   /* KVM's, no SVE */
            arm_cpu_idregs_put(cpu, r);
            cpu->idstate.sve_dropped = true;
        }
        return;
    }

    model_tcg_base(obj, regs);
    model_install(cpu, regs);
    cpu->sve_vq.supported = arm_cpu_models[m].sve_vq;
    if (arm_cpu_models[m].abstract) {
        /*
         * It never runs (model_fit() says why): let its SVE, if it
         * has some, pass the vector-length checks that come first
         */
        cpu->sve_vq.supported = MAKE_64BIT_MASK(0, ARM_MAX_VQ);
    }
    if (cpu_isar_feature(aa64_sve, cpu)) {
        arm_cpu_add_sve_lengths(obj);
    }
    if (!cpu_isar_feature(aa64_sme, cpu) && !arm_cpu_models[m].abstract) {
        arm_cpu_offer_sme(cpu);
    }
    if (!cpu_isar_feature(aa64_mte, cpu) && !arm_cpu_models[m].abstract) {
        arm_cpu_offer_mte(cpu);
    }
    if (cpu_isar_feature(aa64_pauth, cpu)) {
        aarch64_add_pauth_properties(obj);
        /* pauth=on picks the model's algorithm unless told otherwise */
        switch (arm_idregs_pauth_algorithm(regs)) {
        case ARM_PAUTH_QARMA5:
            cpu->backcompat_pauth_default_use_qarma5 = true;
            break;
        case ARM_PAUTH_QARMA3:
            cpu->prop_pauth_qarma3 = true;
            break;
        default:
            break;
        }
    }
}

static char *field_label(const ArmIdBlocker *b, const uint64_t *want)
{
    const ArmIdProp *p = arm_idprop_of_field(b->field);
    const ArmIdField *f = &arm_idfields[b->field];

    if (p) {
        g_autofree char *v = arm_idprop_format(p, want);

        return g_strdup_printf("%s=%s", p->name, v);
    }
    return g_strdup_printf("%s.%s=0x%" PRIx64, arm_idregs[f->reg].name,
                           f->name, b->want);
}

unsigned arm_cpu_model_vls_diff(uint32_t want, uint32_t got, bool values,
                                const char *sep, GString *out)
{
    uint32_t diff = want ^ got;
    unsigned vq, n = 0;

    for (vq = 1; vq <= ARM_MAX_VQ; vq++) {
        if (diff & BIT(vq - 1)) {
            g_string_append_printf(out, "%ssve%u%s", out->len ? sep : "",
                                   vq * 128, !values ? "" :
                                   want & BIT(vq - 1) ? "=on" : "=off");
            n++;
        }
    }
    return n;
}

/*
 * Under KVM, the model's SVE vector lengths as far as KVM can give them:
 * arm_cpu_sve_finalize() gave the vCPU all of the host's, KVM gives the
 * host's up to the largest asked for (arm_idkvm_sve_vls()), and
 * kvm_arch_init_vcpu() writes the result. What that lacks of the model's,
 * or has that it has not, goes into S as sveNNN=on/off. Lengths the user
 * chose (sveNNN) are the user's, checked as on -cpu host.
 */
static void model_vls(ARMCPU *cpu, const ArmCpuModel *model, GString *s)
{
    uint32_t vls;

    if (!kvm_enabled() || !cpu_isar_feature(aa64_sve, cpu) ||
        cpu->idstate.sve_dropped || cpu->sve_vq.init) {
        return;
    }
    vls = arm_idkvm_sve_vls(model->sve_vq, cpu->sve_vq.map);
    cpu->sve_vq.map = vls;
    cpu->sve_max_vq = 32 - clz32(vls);
    arm_cpu_model_vls_diff(model->sve_vq, vls, true, ", ", s);
}

/* AArch64CPUClass.model_fit, see arm-cpu-props.h */
static bool model_fit(ARMCPU *cpu, uint64_t *want, const ArmIdAccel *accel,
                      const uint64_t *user, Error **errp)
{
    int m = arm_cpu_model_of(cpu);
    const ArmCpuModel *model = &arm_cpu_models[m];
    const ArmCpuIdState *st = &cpu->idstate;
    ArmIdAccel a = *accel;
    uint64_t skip[ARM_IDREG_NUM];
    g_autofree ArmIdBlocker *b = g_new(ArmIdBlocker, ARM_IDFIELD_NUM);
    bool sve_blocked, by_default;
    bool enforce = arm_cpu_enforce(cpu, &by_default);
    g_autoptr(GString) vls = g_string_new(NULL);
    unsigned n, r, i;

    if (model->abstract) {
        g_autofree char *below = arm_cpu_model_runnable_below(m);

        error_setg(errp, "CPU model '%s' is abstract and cannot run: %s",
                   model->name, model->abstract);
        if (below) {
            error_append_hint(errp, "Runnable models derived from it: %s\n",
                              below);
        }
        return false;
    }

    /* the host has no SVE (taken out at instance init) */
    sve_blocked = st->sve_dropped && !st->definition;
    if (sve_blocked && !enforce && !st->nocheck &&
        CPU(cpu)->cpu_index == 0) {
        warn_report("%s cannot provide feat_SVE=on of CPU model '%s' "
                    "(this host has no SVE): the guest has no SVE; "
                    "enforce=on refuses instead", a.label, model->name);
    }
    if (kvm_enabled() && !a.writable) {
        error_setg(errp, "CPU model '%s' needs a kernel whose KVM can change "
                   "ID registers (KVM_CAP_ARM_SUPPORTED_REG_MASK_RANGES, "
                   "Linux 6.7 or later); use -cpu host on this one",
                   model->name);
        return false;
    }
    /* the user's fields are the caller's; the machine's are not the model's */
    arm_idregs_machine_mask(skip);
    for (r = 0; r < ARM_IDREG_NUM; r++) {
        skip[r] |= user[r];
    }
    n = arm_idaccel_blockers(&a, want, skip, b, ARM_IDFIELD_NUM);
    if (!st->definition) {
        model_vls(cpu, model, vls);
    }
    if (vls->len && !enforce && !st->nocheck && CPU(cpu)->cpu_index == 0) {
        g_autoptr(GString) got = g_string_new(NULL);

        arm_cpu_model_vls_diff(0, cpu->sve_vq.map, false, ", ", got);
        warn_report("%s cannot provide %s of CPU model '%s' (SVE vector "
                    "lengths: KVM gives the host's up to the largest): the "
                    "guest has %s; enforce=on refuses instead", a.label,
                    vls->str, model->name, got->str);
    }
    if (enforce && (n || sve_blocked || vls->len)) {
        g_autoptr(GString) s = g_string_new(NULL);

        if (sve_blocked) {
            g_string_append_printf(s, "feat_SVE=on (%s has off, cannot "
                                   "change it)", a.label);
        }
        if (vls->len) {
            g_autoptr(GString) got = g_string_new(NULL);

            arm_cpu_model_vls_diff(0, cpu->sve_vq.map, false, ", ", got);
            g_string_append_printf(s, "%s%s (the vector lengths %s gives "
                                   "this model here are %s)",
                                   s->len ? ", " : "", vls->str, a.label,
                                   got->str);
        }
        for (i = 0; i < n; i++) {
            const ArmIdProp *p = arm_idprop_of_field(b[i].field);
            g_autofree char *w = field_label(&b[i], want);
            g_autofree char *h = p ? arm_idprop_format(p, a.value)
                                   : g_strdup_printf("0x%" PRIx64, b[i].have);

            if (p && p->kind == ARM_IDPROP_FRAC &&
                (int)b[i].field == p->frac &&
                i > 0 && b[i - 1].field == p->field) {
                continue;       /* the pair is one property */
            }
            g_autofree char *rule = arm_idkvm_rule(&b[i]);

            g_string_append_printf(s, "%s%s (%s has %s%s%s%s)",
                                   s->len ? ", " : "", w, a.label, h,
                                   b[i].fixed ? ", cannot change it" : "",
                                   rule ? "; " : "", rule ?: "");
        }
        error_setg(errp, "CPU model '%s' needs what %s cannot provide "
                   "(enforce=on%s): %s", model->name, a.label,
                   by_default ? ", the default under KVM; enforce=off runs "
                   "it with KVM's values instead" : "", s->str);
        return false;
    }
    for (i = 0; i < n; i++) {
        const ArmIdField *f = &arm_idfields[b[i].field];

        /* once, at realize: a QMP query's CPU has no index */
        if (!st->nocheck && CPU(cpu)->cpu_index == 0) {
            g_autofree char *w = field_label(&b[i], want);
            g_autofree char *rule = arm_idkvm_rule(&b[i]);

            warn_report("%s cannot provide %s of CPU model '%s' "
                        "(%s.%s: 0x%" PRIx64 ", %s has 0x%" PRIx64 "%s%s%s): "
                        "the guest sees %s's value; enforce=on refuses "
                        "instead", a.label, w, model->name,
                        arm_idregs[f->reg].name, f->name, b[i].want,
                        a.label, b[i].have,
                        b[i].fixed ? " and cannot change it" : "",
                        rule ? "; " : "", rule ?: "", a.label);
        }
    }
    for (i = 0; i < n; i++) {
        arm_idfield_set(want, b[i].field, b[i].have);
    }
    return true;
}

void arm_cpu_models_add_types(GPtrArray *types)
{
    unsigned i;

    for (i = 0; i < n_infos; i++) {
        g_ptr_array_add(types, g_strdup_printf("%s" ARM_CPU_TYPE_SUFFIX,
                                               model_infos[i].name));
    }
}

/* The class of a model or alias: the hooks of AArch64CPUClass */
static void arm_cpu_model_class_init(ObjectClass *oc, const void *data)
{
    AArch64CPUClass *acc = AARCH64_CPU_CLASS(oc);
    const ARMCPUInfo *info = data;
    const ArmCpuModel *model;

    /* as cpu_register_class_init() does for the other CPU types */
    ARM_CPU_CLASS(oc)->info = info;
    model = &arm_cpu_models[model_of_info[info - model_infos]];
    acc->model_name = model->name;
    acc->model_fit = model_fit;
    if (strcmp(info->name, model->name)) {
        acc->help = g_strdup_printf("alias of %s", model->name);
    } else if (model->abstract) {
        acc->help = g_strdup_printf("%s (abstract: not runnable)",
                                    model->note);
    } else {
        acc->help = model->note;
    }
}

static void arm_cpu_models_register(void)
{
    unsigned i;

    n_infos = arm_cpu_models_num + arm_cpu_model_aliases_num;
    model_infos = g_new0(ARMCPUInfo, n_infos);
    model_of_info = g_new0(int, n_infos);
    for (i = 0; i < arm_cpu_models_num; i++) {
        model_infos[i].name = arm_cpu_models[i].name;
        model_of_info[i] = i;
    }
    for (i = 0; i < arm_cpu_model_aliases_num; i++) {
        model_infos[arm_cpu_models_num + i].name =
            arm_cpu_model_aliases[i].name;
        model_of_info[arm_cpu_models_num + i] = arm_cpu_model_aliases[i].model;
    }
    for (i = 0; i < n_infos; i++) {
        model_infos[i].initfn = arm_cpu_model_initfn;
        model_infos[i].class_init = arm_cpu_model_class_init;
        aarch64_cpu_register(&model_infos[i]);
    }
}

type_init(arm_cpu_models_register)
