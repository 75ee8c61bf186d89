/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Entry point of the ID-register payload: a bare-metal AArch64 program that
 * QEMU loads with -kernel (as an ELF image) on the virt machine. It runs with
 * the MMU off at EL1 (or EL2 when the machine has virtualization=on), sets up
 * a stack, calls payload_main() and powers the machine off through PSCI.
 */

    .section .text.start, "ax"
    .global _start
_start:
    ldr     x0, =__stack_top
    mov     sp, x0
    bl      payload_main
    /* PSCI SYSTEM_OFF: HVC from EL1, SMC from EL2 (virt's PSCI conduit). */
    ldr     x0, =0x84000008
    mrs     x1, CurrentEL
    lsr     x1, x1, #2
    cmp     x1, #2
    b.eq    1f
    hvc     #0
    b       2f
1:  smc     #0
2:  wfi
    b       2b
