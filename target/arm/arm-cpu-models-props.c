/*
 * Arm named CPU models: the older properties of a model CPU
 *
 * A named model is built from ID registers, and some of QEMU's older CPU
 * properties would not do on it as they are: see arm-cpu-models-props.h.
 * arm-cpu-models.c adds these to each model CPU.
 *
 * Copyright (c) 2026 The arm-cpu-models authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qapi/visitor.h"
#include "hw/qdev-properties.h"
#include "cpu.h"
#include "internals.h"
#include "cpu-features.h"
#include "arm-cpu-idregs.h"
#include "arm-cpu-accel.h"
#include "arm-cpu-models-props.h"

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
