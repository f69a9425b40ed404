#include "dh_blas.h"
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#if defined(__x86_64__)
#include <cpuid.h>
#endif

// CBLAS enum values (cblas.h): row-major 101, no transpose 111, transpose 112.
enum { ROW_MAJOR = 101, NO_TRANS = 111, TRANS = 112 };

typedef void (*sgemm_fn)(int, int, int, int, int, int, float, const float *, int, const float *, int,
                         float, float *, int);
typedef int (*get_threads_fn)(void);
typedef void (*set_threads_fn)(int);
typedef char *(*core_name_fn)(void);

static pthread_once_t once = PTHREAD_ONCE_INIT;
static sgemm_fn sgemm;
static get_threads_fn get_threads;
static set_threads_fn set_threads;
static core_name_fn core_name;
static char error[512] = "";

// Whether the CPU and the OS run the AVX-512 instructions OpenBLAS's SkylakeX kernels use
// (F, DQ, CD, BW, VL, and the OS saving the ZMM registers).
static int has_avx512(void) {
#if defined(__x86_64__)
    unsigned a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d) || !(c & (1u << 27))) return 0;  // OSXSAVE
    unsigned lo, hi;
    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    if ((lo & 0xE6) != 0xE6) return 0;  // XMM, YMM, opmask, ZMM_Hi256, Hi16_ZMM state
    if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return 0;
    const unsigned needed = (1u << 16) | (1u << 17) | (1u << 28) | (1u << 30) | (1u << 31);  // F DQ CD BW VL
    return (b & needed) == needed;
#else
    return 0;
#endif
}

static void load(void) {
    // dhscope spreads GEMMs over the cores itself (Gemm.multiply's column blocks), so
    // OpenBLAS starts no threads of its own: its idle threads spin on sched_yield for
    // ~0.1 s after each call, taking the core the next parallel loop needs.
    setenv("OPENBLAS_NUM_THREADS", "1", 1);
    // OpenBLAS 0.3.21 (Debian 12) runs its AVX2 kernels on AMD's AVX-512 CPUs (Zen 4, Zen 5):
    // the SkylakeX kernels are 2.3x faster there. An OPENBLAS_CORETYPE inherited from the
    // environment is often set machine-wide for other programs (e.g. Haswell for Python
    // tooling), so dhscope's own variable is the way to choose its kernels.
    const char *chosen = getenv("DHSCOPE_OPENBLAS_CORETYPE");
    if (chosen && *chosen) setenv("OPENBLAS_CORETYPE", chosen, 1);
    else if (has_avx512()) setenv("OPENBLAS_CORETYPE", "SkylakeX", 1);
    // The soname, then the development link, then the Debian alternatives' folder.
    const char *names[] = {"libopenblas.so.0", "libopenblas.so",
                           "/usr/lib/x86_64-linux-gnu/openblas-pthread/libopenblas.so.0", 0};
    void *library = 0;
    for (int i = 0; names[i] && !library; i++) library = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
    if (!library) {
        snprintf(error, sizeof error,
                 "OpenBLAS (libopenblas.so.0) cannot be loaded: %s; install it with apt-get install libopenblas0",
                 dlerror());
        return;
    }
    sgemm = (sgemm_fn)dlsym(library, "cblas_sgemm");
    get_threads = (get_threads_fn)dlsym(library, "openblas_get_num_threads");
    set_threads = (set_threads_fn)dlsym(library, "openblas_set_num_threads");
    core_name = (core_name_fn)dlsym(library, "openblas_get_corename");
    if (!sgemm || !get_threads || !set_threads) {
        snprintf(error, sizeof error, "the OpenBLAS library found lacks cblas_sgemm or openblas_set_num_threads");
        sgemm = 0;
    }
}

int dh_blas_load(void) {
    pthread_once(&once, load);
    return sgemm != 0;
}

const char *dh_blas_error(void) { return error; }

void dh_sgemm_row_major(int transposeA, int transposeB, int m, int n, int k, float alpha,
                        const float *a, int lda, const float *b, int ldb, float beta, float *c, int ldc) {
    sgemm(ROW_MAJOR, transposeA ? TRANS : NO_TRANS, transposeB ? TRANS : NO_TRANS, m, n, k, alpha, a, lda, b, ldb,
          beta, c, ldc);
}

int dh_blas_get_num_threads(void) { return get_threads(); }
void dh_blas_set_num_threads(int count) { set_threads(count); }
const char *dh_blas_core_name(void) { return core_name ? core_name() : "unknown"; }
