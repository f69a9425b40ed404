#ifndef DHSCOPE_CODECS_H
#define DHSCOPE_CODECS_H
#include <stddef.h>
#include <stdint.h>

/// Result codes shared by every codec entry point.
enum {
    DH_OK = 0,
    DH_ERR_FORMAT = 1,    ///< corrupt, truncated or unsupported data; see message
    DH_ERR_TOO_LARGE = 2, ///< width * height exceeds the caller's pixel limit
    DH_ERR_MEMORY = 3,    ///< allocation failed
};

/// A decoded image: 8-bit RGBA, row-major, tightly packed (width * 4 bytes a row).
typedef struct {
    uint8_t *pixels;     ///< malloc'ed; release with dh_free
    uint32_t width;
    uint32_t height;
    int has_alpha;       ///< 1 when the source carried alpha or tRNS
    int orientation;     ///< EXIF orientation 1..8 (1 when absent)
    char message[200];   ///< the codec's own words on failure
} dh_image;

/// Decodes a JPEG held in memory. Never exits: libjpeg errors longjmp back here.
int dh_jpeg_decode(const uint8_t *data, size_t size, uint64_t max_pixels, dh_image *out);

/// Decodes a PNG held in memory (any colour type, 1-16 bits, palette, tRNS, interlace).
int dh_png_decode(const uint8_t *data, size_t size, uint64_t max_pixels, dh_image *out);

/// Encodes 8-bit pixels (channels 3 or 4) as PNG into a malloc'ed buffer.
int dh_png_encode(const uint8_t *pixels, uint32_t width, uint32_t height, int channels,
                  uint8_t **out_data, size_t *out_size, char *message, size_t message_size);

/// dh_png_encode at zlib `level` (0-9; 1 with the Sub filter only is the fast choice for
/// pictures sent to a terminal every frame).
int dh_png_encode_level(const uint8_t *pixels, uint32_t width, uint32_t height, int channels, int level,
                        uint8_t **out_data, size_t *out_size, char *message, size_t message_size);

/// Reads the EXIF orientation (1..8) from a JPEG APP1 payload ("Exif\0\0" + TIFF); 1 if absent.
int dh_exif_orientation(const uint8_t *app1, size_t size);

void dh_free(void *pointer);
#endif
