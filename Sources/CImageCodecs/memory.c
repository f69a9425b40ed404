#include "dh_codecs.h"
#include <stdlib.h>

void dh_free(void *pointer) { free(pointer); }
