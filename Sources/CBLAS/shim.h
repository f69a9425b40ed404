#ifndef DHSCOPE_CBLAS_SHIM_H
#define DHSCOPE_CBLAS_SHIM_H
#include <cblas.h>
#endif
