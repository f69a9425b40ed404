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
    uint32_t full_width;  ///< the stored size before any reduced decoding (dh_jpeg_open_within)
    uint32_t full_height;
    char message[200];   ///< the codec's own words on failure
} dh_image;

/// Decodes a JPEG held in memory. Never exits: libjpeg errors longjmp back here.
int dh_jpeg_decode(const uint8_t *data, size_t size, uint64_t max_pixels, dh_image *out);

/// A JPEG whose header has been read, waiting for its pixels.
typedef struct dh_jpeg_reader dh_jpeg_reader;

/// Reads a JPEG's header: `out` gets the width, height and orientation (no pixels) and
/// `*reader` a decompressor for dh_jpeg_read or dh_jpeg_close; on failure `*reader` is NULL
/// and `out->message` says why. `data` must stay valid until the reader is released.
int dh_jpeg_open(const uint8_t *data, size_t size, uint64_t max_pixels, dh_jpeg_reader **reader, dh_image *out);

/// dh_jpeg_open for a picture shown within box_width x box_height pixels (keeping its aspect
/// ratio): libjpeg's scaled IDCT decodes at the smallest of 1/8, 2/8, 4/8 and 8/8 of the size
/// that still covers the largest such fit, the EXIF orientation taken into account. `out`
/// gets that reduced width and height, and the stored size in full_width and full_height;
/// max_pixels limits the stored size. A box of 0 x 0 decodes at full size. With `fill`
/// nonzero the picture will be stretched to the whole box, so the decoded size covers the
/// box in both directions instead of its aspect-keeping fit.
int dh_jpeg_open_within(const uint8_t *data, size_t size, uint64_t max_pixels, uint32_t box_width, uint32_t box_height,
                        int fill, dh_jpeg_reader **reader, dh_image *out);

/// Decodes the pixels into `pixels` (width * height * channels bytes, channels 3 for RGB or
/// 4 for RGBA with alpha 255) and releases the reader, whatever the outcome. RGB is written
/// straight into `pixels`, without an intermediate buffer.
int dh_jpeg_read(dh_jpeg_reader *reader, uint8_t *pixels, int channels, dh_image *out);

/// dh_jpeg_read in parts, for a consumer that uses rows as they arrive: decodes rows up to
/// `until_row` (exclusive) into `pixels`, the whole image's buffer. On failure the reader is
/// released and must not be used again; otherwise call again, then dh_jpeg_finish.
int dh_jpeg_read_rows(dh_jpeg_reader *reader, uint8_t *pixels, int channels, uint32_t until_row, dh_image *out);

/// Ends a decode whose rows dh_jpeg_read_rows read, and releases the reader, whatever the
/// outcome.
int dh_jpeg_finish(dh_jpeg_reader *reader, dh_image *out);

/// Releases a reader without decoding (NULL is ignored).
void dh_jpeg_close(dh_jpeg_reader *reader);

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

/// Asks for transparent huge pages on the whole 2 MiB pages inside [pointer, pointer + size),
/// before a large buffer is first written; a hint, ignored where unsupported.
void dh_advise_huge_pages(void *pointer, size_t size);
#endif
