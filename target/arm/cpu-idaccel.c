/*
 * Arm ID registers: what an accelerator can provide
 *
 * See cpu-idaccel.h.
 *
 * Copyright (c) 2026 The arm-cpu-models authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "cpu-idpropset.h"
#include "cpu-idaccel.h"

unsigned arm_idaccel_blockers(const ArmIdAccel *a, const uint64_t *want,
                              const uint64_t *skip, ArmIdBlocker *out,
                              unsigned max)
{
    uint64_t all[ARM_IDREG_NUM];
    unsigned r;

    for (r = 0; r < ARM_IDREG_NUM; r++) {
        all[r] = (skip ? skip[r] : 0) | (a->unknown ? a->unknown[r] : 0);
    }
    if (a->writable) {
        return arm_idkvm_blockers(want, a->value, a->writable, all, out,
                                        max);
    }
    return arm_idlimit_blockers(want, a->value, a->rule, all, out, max);
}

/* Would -cpu ...,P=V0[.V1] pass the check against A? */
static bool prop_value_ok(const ArmIdProp *p, const ArmIdAccel *a,
                          uint64_t v0, uint64_t v1)
{
    uint64_t want[ARM_IDREG_NUM], skip[ARM_IDREG_NUM];
    const ArmIdField *f = &arm_idfields[p->field];

    memcpy(want, a->value, sizeof(want));
    memset(skip, 0xff, sizeof(skip));
    arm_idfield_set(want, p->field, v0);
    skip[f->reg] &= ~arm_idfield_mask(f);
    if (p->kind == ARM_IDPROP_FRAC) {
        const ArmIdField *fr = &arm_idfields[p->frac];

        arm_idfield_set(want, p->frac, v1);
        skip[fr->reg] &= ~arm_idfield_mask(fr);
    }
    if (arm_idfield_owner(p->field)) {
        ArmPauthAlgorithm algo = arm_idfield_pauth_algorithm(p->field);
        uint64_t cpu[ARM_IDREG_NUM];
        g_autofree char *why = NULL;

        /* under TCG the pauth-NAME properties choose the algorithm */
        memcpy(cpu, a->value, sizeof(cpu));
        if (a->rule == ARM_ID_LIMIT_TCG && algo != ARM_PAUTH_NONE) {
            arm_idregs_pauth_use(cpu, algo);
        }
        /* an older property's field takes levels: OWNER=off removes it */
        why = arm_idprop_owned_refusal(p->field, cpu, true, want);
        if (why) {
            return false;
        }
    }
    if (a->rule == ARM_ID_LIMIT_TCG) {
        g_autofree char *why = arm_idlimit_tcg_refusal(want);

        if (why) {
            return false;
        }
    }
    return arm_idaccel_blockers(a, want, skip, NULL, 0) == 0;
}

static void add_run(GPtrArray *out, uint64_t lo, uint64_t hi)
{
    g_ptr_array_add(out, lo == hi ? g_strdup_printf("%" PRIu64, lo) :
                    g_strdup_printf("%" PRIu64 "-%" PRIu64, lo, hi));
}

char **arm_idaccel_supported(const ArmIdProp *p, const ArmIdAccel *a)
{
    const ArmIdField *f = &arm_idfields[p->field];
    GPtrArray *out = g_ptr_array_new();
    uint64_t max = MAKE_64BIT_MASK(0, f->width), v, lo = 0;
    bool in_run = false;
    unsigned i, j;

    if (a->unknown && (a->unknown[f->reg] & arm_idfield_mask(f))) {
        goto done;
    }
    switch (p->kind) {
    case ARM_IDPROP_NAMED:
        for (i = f->first_val; i < f->first_val + f->n_vals; i++) {
            v = arm_idvals[i].value;
            if (prop_value_ok(p, a, v, 0)) {
                g_ptr_array_add(out, arm_idprop_value_name(p->field, v));
            }
        }
        break;
    case ARM_IDPROP_FRAC: {
        const ArmIdField *fr = &arm_idfields[p->frac];

        for (i = f->first_val; i < f->first_val + f->n_vals; i++) {
            for (j = fr->first_val; j < fr->first_val + fr->n_vals; j++) {
                if (prop_value_ok(p, a, arm_idvals[i].value,
                                  arm_idvals[j].value)) {
                    g_ptr_array_add(out, g_strdup_printf(
                                        "%" PRIu64 ".%" PRIu64,
                                        arm_idvals[i].value,
                                        arm_idvals[j].value));
                }
            }
        }
        break;
    }
    case ARM_IDPROP_BOOL:
        for (v = 0; v <= 1; v++) {
            if (prop_value_ok(p, a, v, 0)) {
                g_ptr_array_add(out, g_strdup(v ? "on" : "off"));
            }
        }
        break;
    default:
        if (f->width > 16) {
            if (prop_value_ok(p, a, 0, 0) && prop_value_ok(p, a, max, 0)) {
                add_run(out, 0, max);
            } else if (prop_value_ok(p, a, arm_idfield_get(a->value, p->field),
                                     0)) {
                v = arm_idfield_get(a->value, p->field);
                add_run(out, v, v);
            }
            break;
        }
        for (v = 0; v <= max; v++) {
            bool ok = prop_value_ok(p, a, v, 0);

            if (ok && !in_run) {
                lo = v;
            } else if (!ok && in_run) {
                add_run(out, lo, v - 1);
            }
            in_run = ok;
        }
        if (in_run) {
            add_run(out, lo, max);
        }
        break;
    }
done:
    g_ptr_array_add(out, NULL);
    return (char **)g_ptr_array_free(out, false);
}
