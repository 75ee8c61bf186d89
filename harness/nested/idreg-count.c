// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * idreg-count.so: LD_PRELOAD'ed into QEMU by the benchmark (l1/bench.sh),
 * it counts the KVM_GET_ONE_REG and KVM_SET_ONE_REG ioctls whose register
 * is an ID register (op0=3, op1 in {0,1,3}, CRn=0, CRm=0..7: the space of
 * target/arm/cpu-idregs.h.inc), whoever makes them (QEMU's cpreg sync or
 * the named models' write-back), and prints the counts when QEMU exits:
 *
 *   idreg-ioctls get=N set=N
 *
 * The ioctls themselves are passed on unchanged.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/ioctl.h>
#include <linux/kvm.h>

static unsigned long n_get, n_set;

static int is_idreg(uint64_t id)
{
    unsigned op0, op1, crn, crm;

    if ((id & KVM_REG_ARCH_MASK) != KVM_REG_ARM64 ||
        (id & KVM_REG_ARM_COPROC_MASK) != KVM_REG_ARM64_SYSREG) {
        return 0;
    }
    op0 = (id & KVM_REG_ARM64_SYSREG_OP0_MASK) >> KVM_REG_ARM64_SYSREG_OP0_SHIFT;
    op1 = (id & KVM_REG_ARM64_SYSREG_OP1_MASK) >> KVM_REG_ARM64_SYSREG_OP1_SHIFT;
    crn = (id & KVM_REG_ARM64_SYSREG_CRN_MASK) >> KVM_REG_ARM64_SYSREG_CRN_SHIFT;
    crm = (id & KVM_REG_ARM64_SYSREG_CRM_MASK) >> KVM_REG_ARM64_SYSREG_CRM_SHIFT;
    return op0 == 3 && (op1 == 0 || op1 == 1 || op1 == 3) && crn == 0 &&
           crm <= 7;
}

int ioctl(int fd, unsigned long request, ...)
{
    static int (*real)(int, unsigned long, ...);
    va_list ap;
    void *arg;

    va_start(ap, request);
    arg = va_arg(ap, void *);
    va_end(ap);
    if (!real) {
        real = (int (*)(int, unsigned long, ...))dlsym(RTLD_NEXT, "ioctl");
    }
    if ((request == KVM_GET_ONE_REG || request == KVM_SET_ONE_REG) &&
        is_idreg(((struct kvm_one_reg *)arg)->id)) {
        __atomic_fetch_add(request == KVM_GET_ONE_REG ? &n_get : &n_set, 1,
                           __ATOMIC_RELAXED);
    }
    return real(fd, request, arg);
}

__attribute__((destructor)) static void report(void)
{
    fprintf(stderr, "idreg-ioctls get=%lu set=%lu\n",
            __atomic_load_n(&n_get, __ATOMIC_RELAXED),
            __atomic_load_n(&n_set, __ATOMIC_RELAXED));
}
