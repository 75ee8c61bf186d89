/*
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * kvmprobe: report what this host's arm64 KVM lets a VMM do with the ID
 * registers: the capabilities, the writable mask of each slot of the
 * feature ID range (KVM_ARM_GET_REG_WRITABLE_MASKS) and the values a fresh
 * vCPU reads. The output is one "kvmprobe: <key>=<value>" per line, so that
 * the test suite can record it as a host snapshot.
 *
 * Last, in a VM of its own, it checks the rule QEMU orders its writes by:
 * an ID register may change until a vCPU of the VM first runs, and a
 * change after that fails with EBUSY (writing the same value still
 * succeeds, as QEMU's reset and migration paths do).
 *
 * Usage: kvmprobe [--no-imp-id] [--bare]
 *   --no-imp-id  do not enable KVM_CAP_ARM_WRITABLE_IMP_ID_REGS (which
 *                makes MIDR_EL1, REVIDR_EL1 and AIDR_EL1 writable)
 *   --bare       initialise the vCPU with PSCI 0.2 only. By default it gets
 *                the features QEMU gives a -cpu host vCPU of the virt
 *                machine (without virtualization=on) when KVM offers them:
 *                PMUv3, SVE and pointer authentication, which show in
 *                ID_AA64DFR0/ID_DFR0, ID_AA64PFR0/ZFR0 and ID_AA64ISAR1.
 *
 * Built static for arm64 against QEMU's linux-headers by build-kvmprobe.sh.
 */

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/utsname.h>
#include <unistd.h>
#include <linux/kvm.h>

#define NUM_SLOTS KVM_ARM_FEATURE_ID_RANGE_SIZE

/* Slot index in the feature ID range: op0 == 3, CRn == 0, op1 in {0, 1, 3} */
#define SLOT(op1, crm, op2) \
    ((((op1) == 3 ? 2 : (op1)) << 6) | ((crm) << 3) | (op2))

/*
 * The names of the ID-space registers: every register of QEMU's generated
 * table (target/arm/cpu-idregs.h.inc), and MPIDR_EL1, which the table does
 * not have (it identifies a CPU of the system, not the part)
 */
static const struct {
    int op1, crm, op2;
    const char *name;
} id_regs[] = {
#define ARM_IDREG(NAME, QNAME, OP0, OP1, CRN, CRM, OP2, FIRST, N) \
    { OP1, CRM, OP2, #NAME },
#define ARM_IDFIELD(REG, QREG, FIELD, QFIELD, SHIFT, WIDTH, SIGNED, SAFE, \
                    SAFE_VAL, DFLT, FIRST_VAL, N_VALS)
#define ARM_IDVAL(REG, FIELD, VALUE, NAME)
#define ARM_IDRES(REG, SHIFT, WIDTH, KIND)
#include "cpu-idregs.h.inc"
#undef ARM_IDREG
#undef ARM_IDFIELD
#undef ARM_IDVAL
#undef ARM_IDRES
    { 0, 0, 5, "MPIDR_EL1" },
};

static void report(const char *key, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void report(const char *key, const char *fmt, ...)
{
    va_list ap;

    printf("kvmprobe: %s=", key);
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    putchar('\n');
}

static void fail(const char *what)
{
    report("error", "%s: %s", what, strerror(errno));
    exit(1);
}

/* The register's name, or its generic S3_<op1>_C0_C<crm>_<op2> spelling */
static const char *slot_name(int slot, bool *known)
{
    static char buf[32];
    int op1 = slot >> 6 == 2 ? 3 : slot >> 6;
    size_t i;

    for (i = 0; i < sizeof(id_regs) / sizeof(id_regs[0]); i++) {
        if (SLOT(id_regs[i].op1, id_regs[i].crm, id_regs[i].op2) == slot) {
            *known = true;
            return id_regs[i].name;
        }
    }
    *known = false;
    snprintf(buf, sizeof(buf), "S3_%d_C0_C%d_%d", op1, (slot >> 3) & 7, slot & 7);
    return buf;
}

static int get_reg(int vcpu_fd, int slot, uint64_t *val)
{
    int op1 = slot >> 6 == 2 ? 3 : slot >> 6;
    struct kvm_one_reg reg = {
        .id = ARM64_SYS_REG(3, op1, 0, (slot >> 3) & 7, slot & 7),
        .addr = (uintptr_t)val,
    };

    return ioctl(vcpu_fd, KVM_GET_ONE_REG, &reg);
}

static const char *errno_name(int err)
{
    static char buf[32];

    switch (err) {
    case 0:
        return "ok";
    case EBUSY:
        return "EBUSY";
    case EINVAL:
        return "EINVAL";
    case EPERM:
        return "EPERM";
    default:
        snprintf(buf, sizeof(buf), "errno%d", err);
        return buf;
    }
}

static int set_reg(int vcpu_fd, uint64_t id, uint64_t val)
{
    struct kvm_one_reg reg = { .id = id, .addr = (uintptr_t)&val };

    return ioctl(vcpu_fd, KVM_SET_ONE_REG, &reg) < 0 ? errno : 0;
}

/*
 * In a new VM with one bare vCPU: change a writable field of
 * ID_AA64ISAR0_EL1 (the first non-zero 4-bit field the mask covers) and
 * change it back, run the vCPU once (one store to an address without
 * memory: a KVM_EXIT_MMIO), then write the same value and the changed one.
 */
static void ebusy_after_run(int kvm_fd, const uint64_t *masks)
{
    /* str x0, [x1], with x1 = 0: no memory slot there */
    static const uint32_t code[] = { 0xf9000020 };
    const uint64_t isar0 = ARM64_SYS_REG(3, 0, 0, 6, 0);
    const uint64_t pc = KVM_REG_ARM64 | KVM_REG_SIZE_U64 | KVM_REG_ARM_CORE |
                        KVM_REG_ARM_CORE_REG(regs.pc);
    const uint64_t mask = masks[SLOT(0, 6, 0)];
    struct kvm_userspace_memory_region mem;
    struct kvm_vcpu_init init;
    struct kvm_one_reg reg;
    struct kvm_run *run;
    uint64_t val, changed = 0;
    int vm_fd, vcpu_fd, shift, size;
    void *ram;

    vm_fd = ioctl(kvm_fd, KVM_CREATE_VM, 0);
    vcpu_fd = vm_fd < 0 ? -1 : ioctl(vm_fd, KVM_CREATE_VCPU, 0);
    if (vcpu_fd < 0) {
        fail("KVM_CREATE_VM/VCPU for the run");
    }
    memset(&init, 0, sizeof(init));
    if (ioctl(vm_fd, KVM_ARM_PREFERRED_TARGET, &init) < 0) {
        fail("KVM_ARM_PREFERRED_TARGET");
    }
    init.features[0] = 1u << KVM_ARM_VCPU_PSCI_0_2;
    if (ioctl(vcpu_fd, KVM_ARM_VCPU_INIT, &init) < 0) {
        fail("KVM_ARM_VCPU_INIT for the run");
    }
    reg.id = isar0;
    reg.addr = (uintptr_t)&val;
    if (ioctl(vcpu_fd, KVM_GET_ONE_REG, &reg) < 0) {
        fail("KVM_GET_ONE_REG(ID_AA64ISAR0_EL1)");
    }
    for (shift = 0; shift < 64; shift += 4) {
        if (((mask >> shift) & 0xf) == 0xf && ((val >> shift) & 0xf)) {
            changed = val & ~(0xfull << shift);
            break;
        }
    }
    if (shift == 64) {
        report("ebusy", "no writable non-zero field in ID_AA64ISAR0_EL1");
        return;
    }
    report("ebusy.field", "ID_AA64ISAR0_EL1[%d:%d]", shift + 3, shift);
    report("ebusy.change_before_run", "%s",
           errno_name(set_reg(vcpu_fd, isar0, changed)));
    report("ebusy.restore_before_run", "%s",
           errno_name(set_reg(vcpu_fd, isar0, val)));

    ram = mmap(NULL, 0x1000, PROT_READ | PROT_WRITE,
               MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (ram == MAP_FAILED) {
        fail("mmap");
    }
    memcpy(ram, code, sizeof(code));
    mem = (struct kvm_userspace_memory_region) {
        .slot = 0, .guest_phys_addr = 0x10000, .memory_size = 0x1000,
        .userspace_addr = (uintptr_t)ram,
    };
    if (ioctl(vm_fd, KVM_SET_USER_MEMORY_REGION, &mem) < 0) {
        fail("KVM_SET_USER_MEMORY_REGION");
    }
    if (set_reg(vcpu_fd, pc, 0x10000)) {
        fail("KVM_SET_ONE_REG(pc)");
    }
    size = ioctl(kvm_fd, KVM_GET_VCPU_MMAP_SIZE, 0);
    run = size < 0 ? MAP_FAILED : mmap(NULL, size, PROT_READ | PROT_WRITE,
                                       MAP_SHARED, vcpu_fd, 0);
    if (run == MAP_FAILED) {
        fail("mmap kvm_run");
    }
    if (ioctl(vcpu_fd, KVM_RUN, 0) < 0) {
        fail("KVM_RUN");
    }
    report("ebusy.run_exit", "%s", run->exit_reason == KVM_EXIT_MMIO ?
           "mmio" : "other");
    report("ebusy.same_after_run", "%s",
           errno_name(set_reg(vcpu_fd, isar0, val)));
    report("ebusy.change_after_run", "%s",
           errno_name(set_reg(vcpu_fd, isar0, changed)));
}

int main(int argc, char **argv)
{
    static uint64_t masks[NUM_SLOTS];
    bool want_imp_id = true, bare = false, have_masks = false;
    struct kvm_vcpu_init init;
    struct utsname uts;
    int kvm_fd, vm_fd, vcpu_fd, ranges, imp_id, slot, n;

    for (n = 1; n < argc; n++) {
        if (!strcmp(argv[n], "--no-imp-id")) {
            want_imp_id = false;
        } else if (!strcmp(argv[n], "--bare")) {
            bare = true;
        } else {
            fprintf(stderr, "usage: kvmprobe [--no-imp-id] [--bare]\n");
            return 2;
        }
    }
    setvbuf(stdout, NULL, _IOLBF, 0);

    if (uname(&uts) == 0) {
        report("kernel", "%s", uts.release);
        report("machine", "%s", uts.machine);
    }
    kvm_fd = open("/dev/kvm", O_RDWR | O_CLOEXEC);
    if (kvm_fd < 0) {
        fail("open /dev/kvm");
    }
    report("api_version", "%d", ioctl(kvm_fd, KVM_GET_API_VERSION, 0));

    /* A bitmap of the supported ranges; 0 on kernels before 6.7 */
    ranges = ioctl(kvm_fd, KVM_CHECK_EXTENSION,
                   KVM_CAP_ARM_SUPPORTED_REG_MASK_RANGES);
    report("cap_supported_reg_mask_ranges", "%d", ranges < 0 ? 0 : ranges);

    vm_fd = ioctl(kvm_fd, KVM_CREATE_VM, 0);
    if (vm_fd < 0) {
        fail("KVM_CREATE_VM");
    }

    /* A per-VM capability, to be enabled before the first vCPU exists */
    imp_id = ioctl(vm_fd, KVM_CHECK_EXTENSION, KVM_CAP_ARM_WRITABLE_IMP_ID_REGS);
    report("cap_writable_imp_id_regs", "%d", imp_id < 0 ? 0 : imp_id);
    if (want_imp_id && imp_id > 0) {
        struct kvm_enable_cap cap = { .cap = KVM_CAP_ARM_WRITABLE_IMP_ID_REGS };

        if (ioctl(vm_fd, KVM_ENABLE_CAP, &cap) < 0) {
            fail("KVM_ENABLE_CAP(KVM_CAP_ARM_WRITABLE_IMP_ID_REGS)");
        }
        report("imp_id_regs_enabled", "1");
    } else {
        report("imp_id_regs_enabled", "0");
    }

    vcpu_fd = ioctl(vm_fd, KVM_CREATE_VCPU, 0);
    if (vcpu_fd < 0) {
        fail("KVM_CREATE_VCPU");
    }
    memset(&init, 0, sizeof(init));
    if (ioctl(vm_fd, KVM_ARM_PREFERRED_TARGET, &init) < 0) {
        fail("KVM_ARM_PREFERRED_TARGET");
    }
    init.features[0] |= 1u << KVM_ARM_VCPU_PSCI_0_2;
    if (!bare) {
        if (ioctl(vm_fd, KVM_CHECK_EXTENSION, KVM_CAP_ARM_PMU_V3) > 0) {
            init.features[0] |= 1u << KVM_ARM_VCPU_PMU_V3;
        }
        if (ioctl(vm_fd, KVM_CHECK_EXTENSION, KVM_CAP_ARM_SVE) > 0) {
            init.features[0] |= 1u << KVM_ARM_VCPU_SVE;
        }
        if (ioctl(vm_fd, KVM_CHECK_EXTENSION, KVM_CAP_ARM_PTRAUTH_ADDRESS) > 0 &&
            ioctl(vm_fd, KVM_CHECK_EXTENSION, KVM_CAP_ARM_PTRAUTH_GENERIC) > 0) {
            init.features[0] |= 1u << KVM_ARM_VCPU_PTRAUTH_ADDRESS |
                                1u << KVM_ARM_VCPU_PTRAUTH_GENERIC;
        }
    }
    report("vcpu_features", "0x%x", init.features[0]);
    if (ioctl(vcpu_fd, KVM_ARM_VCPU_INIT, &init) < 0) {
        fail("KVM_ARM_VCPU_INIT");
    }

    if (ranges > 0 && (ranges & (1 << KVM_ARM_FEATURE_ID_RANGE))) {
        struct reg_mask_range range = {
            .addr = (uintptr_t)masks,
            .range = KVM_ARM_FEATURE_ID_RANGE,
        };

        if (ioctl(vm_fd, KVM_ARM_GET_REG_WRITABLE_MASKS, &range) < 0) {
            fail("KVM_ARM_GET_REG_WRITABLE_MASKS");
        }
        have_masks = true;
    }
    report("writable_masks", "%s", have_masks ? "supported" : "unsupported");
    report("slots", "%d", NUM_SLOTS);
    for (slot = 0, n = 0; slot < NUM_SLOTS; slot++) {
        n += masks[slot] != 0;
    }
    report("writable_slots", "%d", n);

    /*
     * Every named register, and any other slot that has a writable bit or
     * a non-zero value. A register that KVM does not expose through
     * KVM_GET_ONE_REG (CCSIDR_EL1, for one) gets no value line.
     */
    for (slot = 0; slot < NUM_SLOTS; slot++) {
        uint64_t val = 0;
        bool known, readable = get_reg(vcpu_fd, slot, &val) == 0;
        const char *name = slot_name(slot, &known);
        char key[48];

        if (have_masks && (known || masks[slot])) {
            snprintf(key, sizeof(key), "mask.%s", name);
            report(key, "0x%016" PRIx64, masks[slot]);
        }
        if (readable && (known || val)) {
            snprintf(key, sizeof(key), "value.%s", name);
            report(key, "0x%016" PRIx64, val);
        }
    }
    if (have_masks) {
        ebusy_after_run(kvm_fd, masks);
    }
    return 0;
}
