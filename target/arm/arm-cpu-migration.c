/*
 * Arm named CPU models: the ID registers in the migration stream
 *
 * Only the system emulator migrates; qemu-aarch64 has the property and
 * nothing else (arm-cpu-check.c calls arm_cpu_migration_register() for
 * every CPU).
 *
 * Copyright (c) 2026 The arm-cpu-models authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qom/object.h"
#include "cpu.h"
#include "cpu-features.h"
#include "cpu-idmig.h"
#include "arm-cpu-idregs.h"
#include "arm-cpu-migration.h"
#ifndef CONFIG_USER_ONLY
#include "migration/vmstate.h"
#endif

static bool cpu_get_migrate_idregs(Object *obj, Error **errp)
{
    return !ARM_CPU(obj)->idstate.no_migrate;
}

static void cpu_set_migrate_idregs(Object *obj, bool value, Error **errp)
{
    ARM_CPU(obj)->idstate.no_migrate = !value;
}

void arm_cpu_migration_class_init(ObjectClass *oc)
{
    object_class_property_add_bool(oc, "x-migrate-idregs",
                                   cpu_get_migrate_idregs,
                                   cpu_set_migrate_idregs);
    object_class_property_set_description(oc, "x-migrate-idregs",
        "Send the ID registers in the migration stream, so that a destination "
        "whose CPU differs refuses the migration before the source stops "
        "(default on; off for machine types before 10.2)");
}

#ifdef CONFIG_USER_ONLY
void arm_cpu_migration_register(ARMCPU *cpu)
{
}
#else
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
    /*
     * The SVE vector lengths (bit N-1: N quadwords) in a subsection, sent
     * when the CPU has SVE; has_sve_vls: the destination received them
     */
    uint32_t sve_vls;
    bool has_sve_vls;
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

static uint32_t idmig_sve_vls(ARMCPU *cpu)
{
    return cpu_isar_feature(aa64_sve, cpu) ? cpu->sve_vq.map : 0;
}

static char *idmig_vls_text(uint32_t vls)
{
    g_autoptr(GString) s = g_string_new(NULL);
    unsigned vq;

    for (vq = 1; vq <= ARM_MAX_VQ; vq++) {
        if (vls & BIT(vq - 1)) {
            g_string_append_printf(s, "%s%u", s->len ? ", " : "", vq * 128);
        }
    }
    return g_strdup(s->len ? s->str : "none");
}

static int idmig_pre_save(void *opaque)
{
    ArmIdMig *m = opaque;
    uint64_t regs[ARM_IDREG_NUM];

    arm_cpu_idregs_get(m->cpu, regs);
    m->n = arm_idmig_pack(regs, m->enc, m->val);
    memset(m->model, 0, sizeof(m->model));
    idmig_model_name(m->cpu, (char *)m->model, sizeof(m->model));
    m->sve_vls = idmig_sve_vls(m->cpu);
    return 0;
}

static int idmig_pre_load(void *opaque)
{
    ArmIdMig *m = opaque;

    m->n = 0;
    memset(m->model, 0, sizeof(m->model));
    m->sve_vls = 0;
    m->has_sve_vls = false;
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
    idmig_model_name(m->cpu, here, sizeof(here));
    /*
     * With the same ID registers, SVE's vector lengths may still differ;
     * a source without the subsection has no SVE (or is older: its ID
     * registers then say whether it has SVE)
     */
    if (!n && m->has_sve_vls && m->sve_vls != idmig_sve_vls(m->cpu)) {
        g_autofree char *a = idmig_vls_text(m->sve_vls);
        g_autofree char *h = idmig_vls_text(idmig_sve_vls(m->cpu));

        error_setg(errp, "The guest would see its CPU change: this CPU (%s) "
                   "has SVE vector lengths %s bits, the source's (%s) %s; "
                   "start the destination with the source's -cpu and "
                   "properties on a host that has its vector lengths", here,
                   h, (const char *)m->model, a);
        return false;
    }
    if (!n) {
        return true;
    }
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

static bool idmig_sve_needed(void *opaque)
{
    ArmIdMig *m = opaque;

    return idmig_sve_vls(m->cpu) != 0;
}

static int idmig_sve_post_load(void *opaque, int version_id)
{
    ArmIdMig *m = opaque;

    m->has_sve_vls = true;
    return 0;
}

static const VMStateDescription vmstate_arm_idregs_sve = {
    .name = "arm-cpu-idregs/sve",
    .version_id = 1,
    .minimum_version_id = 1,
    .needed = idmig_sve_needed,
    .post_load = idmig_sve_post_load,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32(sve_vls, ArmIdMig),
        VMSTATE_END_OF_LIST()
    },
};

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
    .subsections = (const VMStateDescription * const []) {
        &vmstate_arm_idregs_sve,
        NULL
    },
};

void arm_cpu_migration_register(ARMCPU *cpu)
{
    if (CPU(cpu)->cpu_index != 0 || cpu->idstate.no_migrate || idmig.cpu) {
        return;
    }
    idmig = (ArmIdMig) { .cpu = cpu, .enc = idmig_enc, .val = idmig_val };
    vmstate_register(NULL, 0, &vmstate_arm_idregs, &idmig);
}
#endif
