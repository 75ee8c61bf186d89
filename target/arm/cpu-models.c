/*
 * Arm named CPU models: the model table and its pure helpers
 *
 * Copyright (c) 2026 The arm-cpu-models authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "cpu-models.h"

int arm_cpu_model_find(const char *name)
{
    unsigned i;

    for (i = 0; i < arm_cpu_models_num; i++) {
        if (!strcmp(arm_cpu_models[i].name, name)) {
            return i;
        }
    }
    for (i = 0; i < arm_cpu_model_aliases_num; i++) {
        if (!strcmp(arm_cpu_model_aliases[i].name, name)) {
            return arm_cpu_model_aliases[i].model;
        }
    }
    return -1;
}

const char *arm_cpu_model_alias_of(int m)
{
    unsigned i;

    for (i = 0; i < arm_cpu_model_aliases_num; i++) {
        if (arm_cpu_model_aliases[i].model == m) {
            return arm_cpu_model_aliases[i].name;
        }
    }
    return NULL;
}

static void replay(int m, uint64_t *regs)
{
    const ArmCpuModel *model = &arm_cpu_models[m];
    unsigned i;

    if (model->parent >= 0) {
        replay(model->parent, regs);
    }
    for (i = 0; i < model->n_sets; i++) {
        const ArmCpuModelSet *s = &arm_cpu_model_sets[model->first_set + i];
        bool ok = arm_idfield_set(regs, s->field, s->value);

        /* the generator checked every value against the field's width */
        g_assert(ok);
    }
}

void arm_cpu_model_resolve(int m, uint64_t regs[ARM_IDREG_NUM])
{
    g_assert(m >= 0 && m < (int)arm_cpu_models_num);
    arm_idregs_reset(regs);
    replay(m, regs);
}

const uint64_t *arm_cpu_model_regs(int m)
{
    static uint64_t *resolved;
    static bool *done;

    g_assert(m >= 0 && m < (int)arm_cpu_models_num);
    if (!resolved) {
        resolved = g_new0(uint64_t, arm_cpu_models_num * ARM_IDREG_NUM);
        done = g_new0(bool, arm_cpu_models_num);
    }
    if (!done[m]) {
        arm_cpu_model_resolve(m, &resolved[m * ARM_IDREG_NUM]);
        done[m] = true;
    }
    return &resolved[m * ARM_IDREG_NUM];
}

bool arm_cpu_model_derives(int a, int b)
{
    for (; a >= 0; a = arm_cpu_models[a].parent) {
        if (a == b) {
            return true;
        }
    }
    return false;
}

char *arm_cpu_model_runnable_below(int m)
{
    GString *s = g_string_new(NULL);
    unsigned i;

    for (i = 0; i < arm_cpu_models_num; i++) {
        if (!arm_cpu_models[i].abstract && arm_cpu_model_derives(i, m)) {
            g_string_append_printf(s, "%s%s", s->len ? ", " : "",
                                   arm_cpu_models[i].name);
        }
    }
    if (!s->len) {
        g_string_free(s, true);
        return NULL;
    }
    return g_string_free(s, false);
}

int arm_cpu_model_closest(const uint64_t *regs, const uint64_t *skip,
                          const uint64_t *match, const uint64_t *present,
                          unsigned n_present)
{
    unsigned m, i, r, best_n = UINT_MAX;
    int best = -1;

    for (m = 0; m < arm_cpu_models_num; m++) {
        const uint64_t *mr;
        unsigned n = 0;

        if (arm_cpu_models[m].abstract) {
            continue;
        }
        mr = arm_cpu_model_regs(m);
        for (r = 0; match && r < ARM_IDREG_NUM; r++) {
            if ((mr[r] ^ regs[r]) & match[r]) {
                break;
            }
        }
        if (match && r < ARM_IDREG_NUM) {
            continue;
        }
        for (i = 0; i < n_present; i++) {
            const uint64_t *mask = present + i * ARM_IDREG_NUM;

            if (arm_idregs_any(regs, mask) && !arm_idregs_any(mr, mask)) {
                break;
            }
        }
        if (i < n_present) {
            continue;
        }
        for (i = 0; i < ARM_IDFIELD_NUM; i++) {
            const ArmIdField *fl = &arm_idfields[i];

            if (!(skip && (skip[fl->reg] & arm_idfield_mask(fl))) &&
                arm_idfield_get(mr, i) != arm_idfield_get(regs, i)) {
                n++;
            }
        }
        if (n < best_n) {
            best_n = n;
            best = m;
        }
    }
    return best;
}
