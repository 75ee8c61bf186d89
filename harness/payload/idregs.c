/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ID-register payload: reads every register of the AArch64 feature ID space
 * that can be read without side effects (op0=3, op1=0, CRn=0, CRm=1..7, all
 * op2; reserved encodings there read as zero) plus MIDR, MPIDR, REVIDR,
 * CLIDR, AIDR, CTR and DCZID, and prints them on the virt machine's PL011.
 *
 * Output, one register a line, between two marker lines:
 *
 *   idregs-payload: begin el=<current EL>
 *   <NAME> S<op0>_<op1>_C<crn>_C<crm>_<op2> 0x<16 hex digits>
 *   ...
 *   idregs-payload: end count=<number of register lines>
 *
 * NAME is the architectural name, or the encoding itself for a reserved
 * slot. The format is parsed by harness/payload.py.
 *
 * Built with -DPAYLOAD_LOOP (idregs-loop.elf, for the migration tests and
 * libvirt's domains) it never stops: it reads and prints every register
 * again about once a second, the begin line saying which pass it is
 * ("begin el=1 pass=7"), so that a guest migrated in between shows what it
 * reads on both sides; the SVE vector length follows the first pass.
 */

#include <stdint.h>

#define UART_BASE   0x09000000UL    /* virt: VIRT_UART0 */
#define UART_DR     0x00
#define UART_FR     0x18
#define UART_FR_TXFF (1u << 5)

/* X(name, op1, crm, op2): all with op0 = 3, CRn = 0. */
#define PAYLOAD_REGS(X) \
    X(MIDR_EL1, 0, 0, 0) X(MPIDR_EL1, 0, 0, 5) X(REVIDR_EL1, 0, 0, 6) \
    X(ID_PFR0_EL1, 0, 1, 0) X(ID_PFR1_EL1, 0, 1, 1) \
    X(ID_DFR0_EL1, 0, 1, 2) X(ID_AFR0_EL1, 0, 1, 3) \
    X(ID_MMFR0_EL1, 0, 1, 4) X(ID_MMFR1_EL1, 0, 1, 5) \
    X(ID_MMFR2_EL1, 0, 1, 6) X(ID_MMFR3_EL1, 0, 1, 7) \
    X(ID_ISAR0_EL1, 0, 2, 0) X(ID_ISAR1_EL1, 0, 2, 1) \
    X(ID_ISAR2_EL1, 0, 2, 2) X(ID_ISAR3_EL1, 0, 2, 3) \
    X(ID_ISAR4_EL1, 0, 2, 4) X(ID_ISAR5_EL1, 0, 2, 5) \
    X(ID_MMFR4_EL1, 0, 2, 6) X(ID_ISAR6_EL1, 0, 2, 7) \
    X(MVFR0_EL1, 0, 3, 0) X(MVFR1_EL1, 0, 3, 1) X(MVFR2_EL1, 0, 3, 2) \
    X(S3_0_C0_C3_3, 0, 3, 3) X(ID_PFR2_EL1, 0, 3, 4) \
    X(ID_DFR1_EL1, 0, 3, 5) X(ID_MMFR5_EL1, 0, 3, 6) \
    X(S3_0_C0_C3_7, 0, 3, 7) \
    X(ID_AA64PFR0_EL1, 0, 4, 0) X(ID_AA64PFR1_EL1, 0, 4, 1) \
    X(ID_AA64PFR2_EL1, 0, 4, 2) X(S3_0_C0_C4_3, 0, 4, 3) \
    X(ID_AA64ZFR0_EL1, 0, 4, 4) X(ID_AA64SMFR0_EL1, 0, 4, 5) \
    X(S3_0_C0_C4_6, 0, 4, 6) X(ID_AA64FPFR0_EL1, 0, 4, 7) \
    X(ID_AA64DFR0_EL1, 0, 5, 0) X(ID_AA64DFR1_EL1, 0, 5, 1) \
    X(ID_AA64DFR2_EL1, 0, 5, 2) X(S3_0_C0_C5_3, 0, 5, 3) \
    X(ID_AA64AFR0_EL1, 0, 5, 4) X(ID_AA64AFR1_EL1, 0, 5, 5) \
    X(S3_0_C0_C5_6, 0, 5, 6) X(S3_0_C0_C5_7, 0, 5, 7) \
    X(ID_AA64ISAR0_EL1, 0, 6, 0) X(ID_AA64ISAR1_EL1, 0, 6, 1) \
    X(ID_AA64ISAR2_EL1, 0, 6, 2) X(ID_AA64ISAR3_EL1, 0, 6, 3) \
    X(S3_0_C0_C6_4, 0, 6, 4) X(S3_0_C0_C6_5, 0, 6, 5) \
    X(S3_0_C0_C6_6, 0, 6, 6) X(S3_0_C0_C6_7, 0, 6, 7) \
    X(ID_AA64MMFR0_EL1, 0, 7, 0) X(ID_AA64MMFR1_EL1, 0, 7, 1) \
    X(ID_AA64MMFR2_EL1, 0, 7, 2) X(ID_AA64MMFR3_EL1, 0, 7, 3) \
    X(ID_AA64MMFR4_EL1, 0, 7, 4) X(S3_0_C0_C7_5, 0, 7, 5) \
    X(S3_0_C0_C7_6, 0, 7, 6) X(S3_0_C0_C7_7, 0, 7, 7) \
    X(CLIDR_EL1, 1, 0, 1) X(AIDR_EL1, 1, 0, 7) \
    X(CTR_EL0, 3, 0, 1) X(DCZID_EL0, 3, 0, 7)

#define STR_(x) #x
#define STR(x) STR_(x)
#define ENC(op1, crm, op2) "S3_" STR(op1) "_C0_C" STR(crm) "_" STR(op2)

#define DEFINE_READER(name, op1, crm, op2)                      \
    static uint64_t read_##name(void)                           \
    {                                                           \
        uint64_t v;                                             \
        __asm__ volatile("mrs %0, " ENC(op1, crm, op2) : "=r"(v)); \
        return v;                                               \
    }
PAYLOAD_REGS(DEFINE_READER)

struct payload_reg {
    const char *name;
    const char *enc;
    uint64_t (*read)(void);
};

#define DEFINE_ENTRY(name, op1, crm, op2) \
    { #name, ENC(op1, crm, op2), read_##name },
static const struct payload_reg regs[] = {
    PAYLOAD_REGS(DEFINE_ENTRY)
};

static void putc_uart(char c)
{
    volatile uint32_t *fr = (volatile uint32_t *)(UART_BASE + UART_FR);
    volatile uint32_t *dr = (volatile uint32_t *)(UART_BASE + UART_DR);

    while (*fr & UART_FR_TXFF) {
        /* wait for room in the FIFO */
    }
    *dr = (uint32_t)(unsigned char)c;
}

static void puts_uart(const char *s)
{
    while (*s) {
        if (*s == '\n') {
            putc_uart('\r');
        }
        putc_uart(*s++);
    }
}

static void put_hex(uint64_t v, int digits)
{
    static const char hex[] = "0123456789abcdef";
    int i;

    for (i = digits - 1; i >= 0; i--) {
        putc_uart(hex[(v >> (i * 4)) & 0xf]);
    }
}

static void put_dec(unsigned v)
{
    char buf[12];
    int n = 0;

    do {
        buf[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (n) {
        putc_uart(buf[--n]);
    }
}

static void dump(int pass)
{
    uint64_t el;
    unsigned i;

    __asm__ volatile("mrs %0, CurrentEL" : "=r"(el));
    puts_uart("idregs-payload: begin el=");
    put_dec((unsigned)((el >> 2) & 3));
    if (pass >= 0) {
        puts_uart(" pass=");
        put_dec((unsigned)pass);
    }
    puts_uart("\n");
    for (i = 0; i < sizeof(regs) / sizeof(regs[0]); i++) {
        puts_uart(regs[i].name);
        puts_uart(" ");
        puts_uart(regs[i].enc);
        puts_uart(" 0x");
        put_hex(regs[i].read(), 16);
        puts_uart("\n");
    }
    puts_uart("idregs-payload: end count=");
    put_dec(i);
    puts_uart("\n");
}

/*
 * With SVE, at EL1: the largest vector length the vCPU gives the guest,
 * in bits (ZCR_EL1.LEN at its maximum, then RDVL), after the registers.
 * At EL2 and EL3 the traps of CPTR_EL2/EL3 would need setting up too.
 */
static void sve_vl(void)
{
    uint64_t el, pfr0, cpacr, vl;

    __asm__ volatile("mrs %0, CurrentEL" : "=r"(el));
    __asm__ volatile("mrs %0, S3_0_C0_C4_0" : "=r"(pfr0)); /* ID_AA64PFR0 */
    if (((el >> 2) & 3) != 1 || !((pfr0 >> 32) & 0xf)) {
        return;
    }
    __asm__ volatile("mrs %0, cpacr_el1" : "=r"(cpacr));
    cpacr |= (3ull << 16) | (3ull << 20);      /* ZEN, FPEN: no traps */
    __asm__ volatile("msr cpacr_el1, %0; isb" : : "r"(cpacr));
    /* ZCR_EL1.LEN: the largest, which the vCPU caps at its own */
    __asm__ volatile("msr S3_0_C1_C2_0, %0; isb" : : "r"((uint64_t)0x1ff));
    /* rdvl x0, #1 (encoded, for assemblers without SVE) */
    __asm__ volatile(".inst 0x04bf5020; mov %0, x0" : "=r"(vl) : : "x0");
    puts_uart("idregs-payload: sve-vl=");
    put_dec((unsigned)(vl * 8));
    puts_uart("\n");
}

void payload_main(void);

#ifdef PAYLOAD_LOOP
/* Wait about a second on the virtual counter (its frequency in CNTFRQ) */
static void wait_a_second(void)
{
    uint64_t freq, start, now;

    __asm__ volatile("mrs %0, cntfrq_el0" : "=r"(freq));
    __asm__ volatile("isb; mrs %0, cntvct_el0" : "=r"(start));
    do {
        __asm__ volatile("isb; mrs %0, cntvct_el0" : "=r"(now));
    } while (now - start < freq);
}

void payload_main(void)
{
    int pass;

    for (pass = 0;; pass++) {
        dump(pass);
        if (pass == 0) {
            sve_vl();
        }
        wait_a_second();
    }
}
#else
void payload_main(void)
{
    dump(-1);
    sve_vl();
}
#endif
