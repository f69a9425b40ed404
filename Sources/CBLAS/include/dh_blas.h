#ifndef DHSCOPE_BLAS_H
#define DHSCOPE_BLAS_H
// OpenBLAS, loaded when first needed (dlopen) rather than linked: a command that never
// multiplies matrices (render, doctor, eval) neither pays for loading it nor starts its
// thread pool, whose idle threads spin on the other core.

// Loads libopenblas.so.0 (once; thread-safe). Returns 1 when the library and the three
// functions dhscope uses are there; otherwise 0, and dh_blas_error() says why.
int dh_blas_load(void);
// Why loading failed (a static string), or "" after a successful load.
const char *dh_blas_error(void);

// cblas_sgemm, row-major. dh_blas_load() must have returned 1.
void dh_sgemm_row_major(int transposeA, int transposeB, int m, int n, int k, float alpha,
                        const float *a, int lda, const float *b, int ldb, float beta, float *c, int ldc);
int dh_blas_get_num_threads(void);
void dh_blas_set_num_threads(int count);
// The kernels OpenBLAS runs (openblas_get_corename), e.g. "SkylakeX" or "Haswell";
// dh_blas_load() must have returned 1.
const char *dh_blas_core_name(void);
#endif
