/*
 * sysinfoapi.h, processthreadsapi.h: the processors. Which CPUs there are
 * (lib/cpu.h), how they share cores, caches, packages and NUMA nodes
 * (GetLogicalProcessorInformation(Ex), read from Linux's sysfs each call),
 * which one a thread runs on, and what their instruction set offers
 * (IsProcessorFeaturePresent, from CPUID or the kernel's hardware
 * capabilities).
 */
#include <ctype.h>
#include <dirent.h>
#include <pthread.h>
#include <sched.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#endif
#if defined(__linux__)
#include <sys/auxv.h>
#endif
#include "cpu.h"
#include "error.h"

#define SYS_CPU "/sys/devices/system/cpu"
#define MAX_LINUX_CPUS 4096

/* ---- which CPUs ---- */

/* A set of Linux CPU numbers. */
struct cpuset_bits {
    uint64_t bits[MAX_LINUX_CPUS / 64];
};

/* Parses a Linux CPU list ("0-3,8,10-11") into set; false if it is not one. */
static bool parse_cpu_list(const char *s, struct cpuset_bits *set)
{
    memset(set, 0, sizeof(*set));
    while (*s && *s != '\n') {
        char *end;
        long lo = strtol(s, &end, 10), hi = lo;

        if (end == s || lo < 0)
            return false;
        s = end;
        if (*s == '-') {
            hi = strtol(s + 1, &end, 10);
            if (end == s + 1 || hi < lo)
                return false;
            s = end;
        }
        for (long c = lo; c <= hi && c < MAX_LINUX_CPUS; c++)
            set->bits[c / 64] |= (uint64_t)1 << (c % 64);
        if (*s == ',')
            s++;
    }
    return true;
}

/* The first line of a sysfs file into buf; false if it cannot be read. */
static bool read_line(const char *path, char *buf, size_t size)
{
    FILE *f = fopen(path, "re");
    bool ok;

    if (!f)
        return false;
    ok = fgets(buf, (int)size, f) != NULL;
    fclose(f);
    return ok;
}

static bool read_cpu_list(const char *path, struct cpuset_bits *set)
{
    char buf[4096];

    return read_line(path, buf, sizeof(buf)) && parse_cpu_list(buf, set);
}

/* The logical processors: online Linux CPUs in order, at most 64. Read once:
 * a CPU brought online later is not counted (Windows' count is fixed too). */
static struct {
    pthread_once_t once;
    int count;
    int linux_id[W32_MAX_PROCESSORS];
} processors = { .once = PTHREAD_ONCE_INIT };

static void find_processors(void)
{
    struct cpuset_bits online;
    long n;

    if (read_cpu_list(SYS_CPU "/online", &online)) {
        for (int c = 0; c < MAX_LINUX_CPUS && processors.count < W32_MAX_PROCESSORS; c++)
            if (online.bits[c / 64] >> (c % 64) & 1)
                processors.linux_id[processors.count++] = c;
    }
    if (processors.count)
        return;
    n = sysconf(_SC_NPROCESSORS_ONLN);      /* no sysfs: CPUs 0..n-1 */
    n = n < 1 ? 1 : n > W32_MAX_PROCESSORS ? W32_MAX_PROCESSORS : n;
    for (int i = 0; i < n; i++)
        processors.linux_id[i] = i;
    processors.count = (int)n;
}

DWORD w32_processor_count(void)
{
    pthread_once(&processors.once, find_processors);
    return (DWORD)processors.count;
}

int w32_processor_of_cpu(int cpu)
{
    pthread_once(&processors.once, find_processors);
    for (int i = 0; i < processors.count; i++)
        if (processors.linux_id[i] == cpu)
            return i;
    return -1;
}

/* The mask of logical processors among the Linux CPUs of set. */
static ULONG_PTR mask_of(const struct cpuset_bits *set)
{
    ULONG_PTR mask = 0;

    for (int i = 0; i < processors.count; i++) {
        int c = processors.linux_id[i];
        if (set->bits[c / 64] >> (c % 64) & 1)
            mask |= (ULONG_PTR)1 << i;
    }
    return mask;
}

static ULONG_PTR all_mask(void)
{
    return processors.count == 64 ? ~(ULONG_PTR)0 : ((ULONG_PTR)1 << processors.count) - 1;
}

DWORD WINAPI GetActiveProcessorCount(WORD GroupNumber)
{
    if (GroupNumber != 0 && GroupNumber != ALL_PROCESSOR_GROUPS) {
        w32_set_error(ERROR_INVALID_PARAMETER);
        return 0;
    }
    return w32_processor_count();
}

DWORD WINAPI GetMaximumProcessorCount(WORD GroupNumber)
{
    return GetActiveProcessorCount(GroupNumber);
}

WORD WINAPI GetActiveProcessorGroupCount(void)
{
    return 1;
}

WORD WINAPI GetMaximumProcessorGroupCount(void)
{
    return 1;
}

DWORD WINAPI GetCurrentProcessorNumber(void)
{
    int n = w32_processor_of_cpu(sched_getcpu());

    return n < 0 ? 0 : (DWORD)n;
}

void WINAPI GetCurrentProcessorNumberEx(PPROCESSOR_NUMBER ProcNumber)
{
    if (!ProcNumber)
        return;
    ProcNumber->Group = 0;
    ProcNumber->Number = (BYTE)GetCurrentProcessorNumber();
    ProcNumber->Reserved = 0;
}

/* ---- the topology ---- */

enum { MAX_UNITS = 4 * W32_MAX_PROCESSORS };

/* One core, package, NUMA node or cache, and the logical processors in it. */
struct unit {
    LOGICAL_PROCESSOR_RELATIONSHIP kind;
    ULONG_PTR mask;
    DWORD number;               /* a NUMA node's number */
    CACHE_DESCRIPTOR cache;
};

struct topology {
    int count;
    struct unit units[MAX_UNITS];
};

/* Adds a unit unless one of its kind (and cache description) has that mask. */
static void add_unit(struct topology *t, const struct unit *u)
{
    if (!u->mask)
        return;
    for (int i = 0; i < t->count; i++) {
        const struct unit *o = &t->units[i];
        if (o->kind == u->kind && o->mask == u->mask &&
            (u->kind != RelationCache ||
             (o->cache.Level == u->cache.Level && o->cache.Type == u->cache.Type)))
            return;
    }
    if (t->count < MAX_UNITS)
        t->units[t->count++] = *u;
}

static long read_number(const char *path, long fallback)
{
    char buf[64];

    return read_line(path, buf, sizeof(buf)) ? strtol(buf, NULL, 10) : fallback;
}

/* "32K", "8192K", "1M" as bytes. */
static DWORD parse_size(const char *s)
{
    char *end;
    unsigned long long v = strtoull(s, &end, 10);

    if (*end == 'K')
        v <<= 10;
    else if (*end == 'M')
        v <<= 20;
    return v > 0xFFFFFFFFull ? 0xFFFFFFFF : (DWORD)v;
}

/* The caches of Linux CPU cpu: its cache/indexN directories. */
static void add_caches(struct topology *t, int cpu)
{
    char path[128], buf[64];
    struct cpuset_bits shared;

    for (int index = 0;; index++) {
        struct unit u = { .kind = RelationCache };
        int n = snprintf(path, sizeof(path), SYS_CPU "/cpu%d/cache/index%d/", cpu, index);
        size_t room = sizeof(path) - (size_t)n;

        snprintf(path + n, room, "level");
        if (!read_line(path, buf, sizeof(buf)))
            return;
        u.cache.Level = (BYTE)atoi(buf);
        snprintf(path + n, room, "type");
        if (!read_line(path, buf, sizeof(buf)))
            continue;
        if (!strncmp(buf, "Data", 4))
            u.cache.Type = CacheData;
        else if (!strncmp(buf, "Instruction", 11))
            u.cache.Type = CacheInstruction;
        else
            u.cache.Type = CacheUnified;
        snprintf(path + n, room, "size");
        u.cache.Size = read_line(path, buf, sizeof(buf)) ? parse_size(buf) : 0;
        snprintf(path + n, room, "coherency_line_size");
        u.cache.LineSize = (WORD)read_number(path, 64);
        snprintf(path + n, room, "ways_of_associativity");
        long ways = read_number(path, 0);
        u.cache.Associativity = (BYTE)(ways > 0xFF ? CACHE_FULLY_ASSOCIATIVE : ways);
        snprintf(path + n, room, "shared_cpu_list");
        if (!read_cpu_list(path, &shared))
            continue;
        u.mask = mask_of(&shared);
        add_unit(t, &u);
    }
}

/* The logical processors whose topology file name holds the same id as cpu's. */
static ULONG_PTR same_id_mask(int cpu, const char *name)
{
    char path[128];
    struct cpuset_bits set = { { 0 } };
    long id;

    snprintf(path, sizeof(path), SYS_CPU "/cpu%d/topology/%s", cpu, name);
    id = read_number(path, -1);
    for (int i = 0; i < processors.count; i++) {
        int c = processors.linux_id[i];
        snprintf(path, sizeof(path), SYS_CPU "/cpu%d/topology/%s", c, name);
        if (c == cpu || (id >= 0 && read_number(path, -2) == id))
            set.bits[c / 64] |= (uint64_t)1 << (c % 64);
    }
    return mask_of(&set);
}

static void add_cores_and_packages(struct topology *t, int cpu)
{
    char path[128];
    struct cpuset_bits set;
    struct unit core = { .kind = RelationProcessorCore };
    struct unit package = { .kind = RelationProcessorPackage };

    snprintf(path, sizeof(path), SYS_CPU "/cpu%d/topology/thread_siblings_list", cpu);
    if (read_cpu_list(path, &set))
        core.mask = mask_of(&set);
    else
        core.mask = (ULONG_PTR)1 << w32_processor_of_cpu(cpu);
    snprintf(path, sizeof(path), SYS_CPU "/cpu%d/topology/package_cpus_list", cpu);
    if (read_cpu_list(path, &set))
        package.mask = mask_of(&set);
    else
        package.mask = same_id_mask(cpu, "physical_package_id");
    add_unit(t, &core);
    add_unit(t, &package);
}

/* The NUMA nodes of /sys/devices/system/node; one node of everything without it. */
static void add_nodes(struct topology *t)
{
    DIR *d = opendir("/sys/devices/system/node");
    struct dirent *e;
    struct cpuset_bits set;
    char path[300];
    int found = 0;

    while (d && (e = readdir(d))) {
        struct unit u = { .kind = RelationNumaNode };
        if (strncmp(e->d_name, "node", 4) || !isdigit((unsigned char)e->d_name[4]))
            continue;
        snprintf(path, sizeof(path), "/sys/devices/system/node/%s/cpulist", e->d_name);
        if (!read_cpu_list(path, &set))
            continue;
        u.number = (DWORD)atoi(e->d_name + 4);
        u.mask = mask_of(&set);
        if (u.mask) {
            add_unit(t, &u);
            found++;
        }
    }
    if (d)
        closedir(d);
    if (!found) {
        struct unit u = { .kind = RelationNumaNode, .mask = all_mask() };
        add_unit(t, &u);
    }
}

static void read_topology(struct topology *t)
{
    w32_processor_count();
    t->count = 0;
    for (int i = 0; i < processors.count; i++)
        add_cores_and_packages(t, processors.linux_id[i]);
    for (int i = 0; i < processors.count; i++)
        add_caches(t, processors.linux_id[i]);
    add_nodes(t);
}

/* The topology, malloc'd, for a call whose length pointer is len; NULL with
 * the error set (a NULL len is ERROR_NOACCESS). */
static struct topology *new_topology(const DWORD *len)
{
    struct topology *t;

    if (!len) {
        w32_set_error(ERROR_NOACCESS);
        return NULL;
    }
    if (!(t = malloc(sizeof(*t)))) {
        w32_set_error(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    read_topology(t);
    return t;
}

static bool core_is_smt(const struct unit *u)
{
    return (u->mask & (u->mask - 1)) != 0;
}

BOOL WINAPI GetLogicalProcessorInformation(PSYSTEM_LOGICAL_PROCESSOR_INFORMATION Buffer,
                                           PDWORD ReturnedLength)
{
    struct topology *t;
    DWORD need;

    if (!(t = new_topology(ReturnedLength)))
        return FALSE;
    need = (DWORD)(t->count * sizeof(*Buffer));
    if (!Buffer || *ReturnedLength < need) {
        *ReturnedLength = need;
        free(t);
        w32_set_error(ERROR_INSUFFICIENT_BUFFER);
        return FALSE;
    }
    memset(Buffer, 0, need);
    for (int i = 0; i < t->count; i++) {
        const struct unit *u = &t->units[i];
        Buffer[i].ProcessorMask = u->mask;
        Buffer[i].Relationship = u->kind;
        if (u->kind == RelationProcessorCore)
            Buffer[i].ProcessorCore.Flags = core_is_smt(u) ? LTP_PC_SMT : 0;
        else if (u->kind == RelationNumaNode)
            Buffer[i].NumaNode.NodeNumber = u->number;
        else if (u->kind == RelationCache)
            Buffer[i].Cache = u->cache;
    }
    *ReturnedLength = need;
    free(t);
    return TRUE;
}

/* The size of one _EX record of kind. */
static DWORD ex_size(LOGICAL_PROCESSOR_RELATIONSHIP kind)
{
    size_t head = offsetof(SYSTEM_LOGICAL_PROCESSOR_INFORMATION_EX, Processor);

    switch (kind) {
    case RelationProcessorCore:
    case RelationProcessorPackage: return (DWORD)(head + sizeof(PROCESSOR_RELATIONSHIP));
    case RelationNumaNode: return (DWORD)(head + sizeof(NUMA_NODE_RELATIONSHIP));
    case RelationCache: return (DWORD)(head + sizeof(CACHE_RELATIONSHIP));
    default: return (DWORD)(head + sizeof(GROUP_RELATIONSHIP));
    }
}

static GROUP_AFFINITY group0(ULONG_PTR mask)
{
    GROUP_AFFINITY g;

    memset(&g, 0, sizeof(g));
    g.Mask = mask;
    return g;
}

/* Writes the _EX record of u at out (ex_size(u->kind) zeroed bytes). */
static void put_ex(const struct unit *u, SYSTEM_LOGICAL_PROCESSOR_INFORMATION_EX *out)
{
    out->Relationship = u->kind;
    out->Size = ex_size(u->kind);
    switch (u->kind) {
    case RelationProcessorCore:
    case RelationProcessorPackage:
        out->Processor.Flags = u->kind == RelationProcessorCore && core_is_smt(u) ? LTP_PC_SMT : 0;
        out->Processor.GroupCount = 1;
        out->Processor.GroupMask[0] = group0(u->mask);
        break;
    case RelationNumaNode:
        out->NumaNode.NodeNumber = u->number;
        out->NumaNode.GroupCount = 1;
        out->NumaNode.GroupMask = group0(u->mask);
        break;
    case RelationCache:
        out->Cache.Level = u->cache.Level;
        out->Cache.Associativity = u->cache.Associativity;
        out->Cache.LineSize = u->cache.LineSize;
        out->Cache.CacheSize = u->cache.Size;
        out->Cache.Type = u->cache.Type;
        out->Cache.GroupCount = 1;
        out->Cache.GroupMask = group0(u->mask);
        break;
    default:
        out->Group.MaximumGroupCount = 1;
        out->Group.ActiveGroupCount = 1;
        out->Group.GroupInfo[0].MaximumProcessorCount = (BYTE)processors.count;
        out->Group.GroupInfo[0].ActiveProcessorCount = (BYTE)processors.count;
        out->Group.GroupInfo[0].ActiveProcessorMask = all_mask();
        break;
    }
}

/* Whether a record of kind answers a request for want. */
static bool wanted(LOGICAL_PROCESSOR_RELATIONSHIP kind, LOGICAL_PROCESSOR_RELATIONSHIP want)
{
    return want == RelationAll || want == kind;
}

/*
 * The records of one relationship or all; RelationGroup is the one group.
 * Dies, modules and RelationNumaNodeEx fail with ERROR_NOT_SUPPORTED.
 */
BOOL WINAPI GetLogicalProcessorInformationEx(LOGICAL_PROCESSOR_RELATIONSHIP RelationshipType,
                                             PSYSTEM_LOGICAL_PROCESSOR_INFORMATION_EX Buffer,
                                             PDWORD ReturnedLength)
{
    struct unit group = { .kind = RelationGroup };
    struct topology *t;
    DWORD need = 0;
    char *out;

    switch (RelationshipType) {
    case RelationProcessorCore: case RelationNumaNode: case RelationCache:
    case RelationProcessorPackage: case RelationGroup: case RelationAll:
        break;
    case RelationProcessorDie: case RelationNumaNodeEx: case RelationProcessorModule:
        w32_set_error(ERROR_NOT_SUPPORTED);
        return FALSE;
    default:
        w32_set_error(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    if (!(t = new_topology(ReturnedLength)))
        return FALSE;
    t->units[t->count < MAX_UNITS ? t->count++ : MAX_UNITS - 1] = group;
    for (int i = 0; i < t->count; i++)
        if (wanted(t->units[i].kind, RelationshipType))
            need += ex_size(t->units[i].kind);
    if (!Buffer || *ReturnedLength < need) {
        *ReturnedLength = need;
        free(t);
        w32_set_error(ERROR_INSUFFICIENT_BUFFER);
        return FALSE;
    }
    memset(Buffer, 0, need);
    out = (char *)Buffer;
    for (int i = 0; i < t->count; i++) {
        if (!wanted(t->units[i].kind, RelationshipType))
            continue;
        put_ex(&t->units[i], (SYSTEM_LOGICAL_PROCESSOR_INFORMATION_EX *)out);
        out += ex_size(t->units[i].kind);
    }
    *ReturnedLength = need;
    free(t);
    return TRUE;
}

/* ---- the instruction set ---- */

#if defined(__x86_64__) || defined(__i386__)
/* A CPUID register bit: leaf, sub-leaf, register (0 eax .. 3 edx), bit. */
static bool cpuid_bit(unsigned leaf, unsigned sub, int reg, int bit)
{
    unsigned r[4] = { 0 };

    if (__get_cpuid_max(leaf & 0x80000000u, NULL) < leaf)
        return false;
    __cpuid_count(leaf, sub, r[0], r[1], r[2], r[3]);
    return r[reg] >> bit & 1;
}

/* Whether the OS saves the AVX state (OSXSAVE and XCR0's SSE and AVX bits). */
static bool os_saves_avx(void)
{
    unsigned lo, hi;

    if (!cpuid_bit(1, 0, 2, 27))
        return false;
    __asm__("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    return (lo & 6) == 6;
}

static bool os_saves_avx512(void)
{
    unsigned lo, hi;

    if (!os_saves_avx())
        return false;
    __asm__("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    return (lo & 0xE0) == 0xE0;
}

static BOOL feature_present(DWORD f)
{
    switch (f) {
    case PF_COMPARE_EXCHANGE_DOUBLE: return cpuid_bit(1, 0, 3, 8);
    case PF_MMX_INSTRUCTIONS_AVAILABLE: return cpuid_bit(1, 0, 3, 23);
    case PF_XMMI_INSTRUCTIONS_AVAILABLE: return cpuid_bit(1, 0, 3, 25);
    case PF_3DNOW_INSTRUCTIONS_AVAILABLE: return cpuid_bit(0x80000001u, 0, 3, 31);
    case PF_RDTSC_INSTRUCTION_AVAILABLE: return cpuid_bit(1, 0, 3, 4);
    case PF_PAE_ENABLED: return cpuid_bit(1, 0, 3, 6);      /* long mode runs with PAE */
    case PF_XMMI64_INSTRUCTIONS_AVAILABLE: return cpuid_bit(1, 0, 3, 26);
    case PF_SSE_DAZ_MODE_AVAILABLE: return cpuid_bit(1, 0, 3, 26);  /* every SSE2 CPU in long mode */
    case PF_NX_ENABLED: return cpuid_bit(0x80000001u, 0, 3, 20);
    case PF_SSE3_INSTRUCTIONS_AVAILABLE: return cpuid_bit(1, 0, 2, 0);
    case PF_COMPARE_EXCHANGE128: return cpuid_bit(1, 0, 2, 13);
    case PF_XSAVE_ENABLED: return cpuid_bit(1, 0, 2, 27);
    case PF_RDRAND_INSTRUCTION_AVAILABLE: return cpuid_bit(1, 0, 2, 30);
    case PF_RDTSCP_INSTRUCTION_AVAILABLE: return cpuid_bit(0x80000001u, 0, 3, 27);
    case PF_RDPID_INSTRUCTION_AVAILABLE: return cpuid_bit(7, 0, 2, 22);
    case PF_MONITORX_INSTRUCTION_AVAILABLE: return cpuid_bit(0x80000001u, 0, 2, 29);
    case PF_SSSE3_INSTRUCTIONS_AVAILABLE: return cpuid_bit(1, 0, 2, 9);
    case PF_SSE4_1_INSTRUCTIONS_AVAILABLE: return cpuid_bit(1, 0, 2, 19);
    case PF_SSE4_2_INSTRUCTIONS_AVAILABLE: return cpuid_bit(1, 0, 2, 20);
    case PF_AVX_INSTRUCTIONS_AVAILABLE: return cpuid_bit(1, 0, 2, 28) && os_saves_avx();
    case PF_AVX2_INSTRUCTIONS_AVAILABLE: return cpuid_bit(7, 0, 1, 5) && os_saves_avx();
    case PF_AVX512F_INSTRUCTIONS_AVAILABLE: return cpuid_bit(7, 0, 1, 16) && os_saves_avx512();
#if defined(__linux__) && defined(HWCAP2_FSGSBASE)
    case PF_RDWRFSGSBASE_AVAILABLE: return (getauxval(AT_HWCAP2) & HWCAP2_FSGSBASE) != 0;
#endif
    default: return FALSE;
    }
}
#elif defined(__aarch64__) && defined(__linux__)
#include <asm/hwcap.h>
static BOOL feature_present(DWORD f)
{
    unsigned long hw = getauxval(AT_HWCAP);

    switch (f) {
    case PF_COMPARE_EXCHANGE_DOUBLE:
    case PF_NX_ENABLED:
    case PF_ARM_VFP_32_REGISTERS_AVAILABLE:
    case PF_ARM_DIVIDE_INSTRUCTION_AVAILABLE:
    case PF_ARM_64BIT_LOADSTORE_ATOMIC:
    case PF_ARM_FMAC_INSTRUCTIONS_AVAILABLE:
    case PF_ARM_V8_INSTRUCTIONS_AVAILABLE:
        return TRUE;
    case PF_ARM_NEON_INSTRUCTIONS_AVAILABLE: return (hw & HWCAP_ASIMD) != 0;
    case PF_ARM_V8_CRYPTO_INSTRUCTIONS_AVAILABLE:
        return (hw & (HWCAP_AES | HWCAP_PMULL | HWCAP_SHA1 | HWCAP_SHA2)) ==
               (HWCAP_AES | HWCAP_PMULL | HWCAP_SHA1 | HWCAP_SHA2);
    case PF_ARM_V8_CRC32_INSTRUCTIONS_AVAILABLE: return (hw & HWCAP_CRC32) != 0;
    case PF_ARM_V81_ATOMIC_INSTRUCTIONS_AVAILABLE: return (hw & HWCAP_ATOMICS) != 0;
    default: return FALSE;
    }
}
#else
static BOOL feature_present(DWORD f)
{
    (void)f;
    return FALSE;
}
#endif

/*
 * What the processor offers, as Windows reports it: an instruction set
 * extension counts when the CPU has it and, for AVX, the kernel saves its
 * registers. Features Windows itself provides (PF_FASTFAIL_AVAILABLE,
 * PF_CHANNELS_ENABLED) and virtualization ones are FALSE.
 */
BOOL WINAPI IsProcessorFeaturePresent(DWORD ProcessorFeature)
{
    return feature_present(ProcessorFeature);
}

/*
 * x86 keeps instruction caches coherent, as Windows relies on there; on
 * other processors the range of this process is flushed. Another process's
 * handle: ERROR_NOT_SUPPORTED.
 */
BOOL WINAPI FlushInstructionCache(HANDLE hProcess, LPCVOID lpBaseAddress, SIZE_T dwSize)
{
    if (hProcess != GetCurrentProcess()) {
        w32_set_error(ERROR_NOT_SUPPORTED);
        return FALSE;
    }
    if (lpBaseAddress && dwSize)
        __builtin___clear_cache((char *)lpBaseAddress, (char *)lpBaseAddress + dwSize);
    return TRUE;
}
