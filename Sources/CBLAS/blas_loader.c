#include "dh_blas.h"
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>

// CBLAS enum values (cblas.h): row-major 101, no transpose 111, transpose 112.
enum { ROW_MAJOR = 101, NO_TRANS = 111, TRANS = 112 };

typedef void (*sgemm_fn)(int, int, int, int, int, int, float, const float *, int, const float *, int,
                         float, float *, int);
typedef int (*get_threads_fn)(void);
typedef void (*set_threads_fn)(int);

static pthread_once_t once = PTHREAD_ONCE_INIT;
static sgemm_fn sgemm;
static get_threads_fn get_threads;
static set_threads_fn set_threads;
static char error[512] = "";

static void load(void) {
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
