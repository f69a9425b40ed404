#include "dh_codecs.h"
#include <string.h>

static uint32_t read_u16(const uint8_t *p, int little) {
    return little ? (uint32_t)(p[0] | (p[1] << 8)) : (uint32_t)((p[0] << 8) | p[1]);
}

static uint32_t read_u32(const uint8_t *p, int little) {
    return little ? ((uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24))
                  : (((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | (uint32_t)p[3]);
}

int dh_exif_orientation(const uint8_t *app1, size_t size) {
    // Every offset below is checked against size: the payload is untrusted.
    if (app1 == NULL || size < 14 || memcmp(app1, "Exif\0\0", 6) != 0) return 1;
    const uint8_t *tiff = app1 + 6;
    size_t n = size - 6;
    int little;
    if (tiff[0] == 'I' && tiff[1] == 'I') little = 1;
    else if (tiff[0] == 'M' && tiff[1] == 'M') little = 0;
    else return 1;
    if (read_u16(tiff + 2, little) != 42) return 1;
    uint32_t ifd = read_u32(tiff + 4, little);
    if ((size_t)ifd + 2 > n) return 1;
    uint32_t count = read_u16(tiff + ifd, little);
    for (uint32_t i = 0; i < count; i++) {
        size_t entry = (size_t)ifd + 2 + (size_t)i * 12;
        if (entry + 12 > n) return 1;
        if (read_u16(tiff + entry, little) == 0x0112) {
            uint32_t type = read_u16(tiff + entry + 2, little);
            if (type != 3) return 1; // SHORT
            uint32_t value = read_u16(tiff + entry + 8, little);
            return (value >= 1 && value <= 8) ? (int)value : 1;
        }
    }
    return 1;
}
