#include "dh_codecs.h"
#include <stdlib.h>

void dh_free(void *pointer) { free(pointer); }

#include <stdint.h>
#include <sys/mman.h>

// Page faults were two thirds of a 1080p JPEG decode's time in a whole process: a fresh
// 6 MB buffer faults 1,500 small pages, or three huge ones where the kernel's transparent
// huge pages are on "madvise" (Debian's default) or "always".
void dh_advise_huge_pages(void *pointer, size_t size) {
#ifdef MADV_HUGEPAGE
    const uintptr_t huge = (uintptr_t)2 << 20;
    uintptr_t start = ((uintptr_t)pointer + huge - 1) & ~(huge - 1);
    uintptr_t end = ((uintptr_t)pointer + size) & ~(huge - 1);
    if (end > start) (void)madvise((void *)start, end - start, MADV_HUGEPAGE);
#else
    (void)pointer;
    (void)size;
#endif
}
