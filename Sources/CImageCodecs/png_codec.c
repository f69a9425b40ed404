#include "dh_codecs.h"
#include <png.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    const uint8_t *data;
    size_t size;
    size_t offset;
    char message[200];
} dh_png_reader;

static void on_png_error(png_structp png, png_const_charp text) {
    dh_png_reader *state = (dh_png_reader *)png_get_error_ptr(png);
    if (state != NULL) snprintf(state->message, sizeof(state->message), "%s", text);
    png_longjmp(png, 1);
}

static void on_png_warning(png_structp png, png_const_charp text) { (void)png; (void)text; }

static void read_from_memory(png_structp png, png_bytep dst, png_size_t length) {
    dh_png_reader *state = (dh_png_reader *)png_get_io_ptr(png);
    if (length > state->size - state->offset) {
        png_error(png, "file is truncated (unexpected end of data)");
        return;
    }
    memcpy(dst, state->data + state->offset, length);
    state->offset += length;
}

int dh_png_decode(const uint8_t *data, size_t size, uint64_t max_pixels, dh_image *out) {
    memset(out, 0, sizeof(*out));
    out->orientation = 1;
    if (size < 8 || png_sig_cmp(data, 0, 8) != 0) {
        snprintf(out->message, sizeof(out->message), "not a PNG stream (bad signature)");
        return DH_ERR_FORMAT;
    }
    dh_png_reader state = { data, size, 0, "" };
    png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &state, on_png_error, on_png_warning);
    if (png == NULL) { snprintf(out->message, sizeof(out->message), "out of memory"); return DH_ERR_MEMORY; }
    png_infop info = png_create_info_struct(png);
    uint8_t *volatile pixels = NULL;
    png_bytep *volatile rows = NULL;
    volatile int code = DH_ERR_FORMAT;
    if (info == NULL || setjmp(png_jmpbuf(png))) {
        snprintf(out->message, sizeof(out->message), "%s", state.message[0] ? state.message : "PNG decoding failed");
        png_destroy_read_struct(&png, info ? &info : NULL, NULL);
        free(pixels);
        free(rows);
        return code;
    }
    png_set_read_fn(png, &state, read_from_memory);
    // libpng's own guard; the exact pixel budget is checked below.
    png_set_user_limits(png, 1u << 20, 1u << 20);
    png_read_info(png, info);
    png_uint_32 w = png_get_image_width(png, info), h = png_get_image_height(png, info);
    if ((uint64_t)w * (uint64_t)h > max_pixels) {
        snprintf(state.message, sizeof(state.message), "%u x %u pixels exceeds the limit of %llu",
                 (unsigned)w, (unsigned)h, (unsigned long long)max_pixels);
        code = DH_ERR_TOO_LARGE;
        png_longjmp(png, 1);
    }
    int color = png_get_color_type(png, info);
    int has_alpha = (color & PNG_COLOR_MASK_ALPHA) || png_get_valid(png, info, PNG_INFO_tRNS);
    png_set_expand(png);             // palette -> RGB, low-bit grey -> 8 bits, tRNS -> alpha
    png_set_strip_16(png);           // 16 -> 8 bits keeping the high byte, as Pillow does
    png_set_gray_to_rgb(png);
    if (!(color & PNG_COLOR_MASK_ALPHA) && !png_get_valid(png, info, PNG_INFO_tRNS)) {
        png_set_add_alpha(png, 0xFF, PNG_FILLER_AFTER);
    }
    png_set_interlace_handling(png);
    png_read_update_info(png, info);
    if (png_get_rowbytes(png, info) != (size_t)w * 4) {
        snprintf(state.message, sizeof(state.message), "unsupported PNG layout after conversion");
        png_longjmp(png, 1);
    }
    pixels = malloc((size_t)w * (size_t)h * 4);
    rows = malloc(sizeof(png_bytep) * (size_t)h);
    if (pixels == NULL || rows == NULL) {
        snprintf(state.message, sizeof(state.message), "out of memory");
        code = DH_ERR_MEMORY;
        png_longjmp(png, 1);
    }
    for (png_uint_32 y = 0; y < h; y++) rows[y] = pixels + (size_t)y * (size_t)w * 4;
    png_read_image(png, rows);
    png_read_end(png, NULL);
    png_destroy_read_struct(&png, &info, NULL);
    free(rows);
    out->pixels = pixels;
    out->width = w;
    out->height = h;
    out->has_alpha = has_alpha ? 1 : 0;
    return DH_OK;
}

typedef struct {
    uint8_t *data;
    size_t size;
    size_t capacity;
    int failed;
    char message[200];
} dh_png_writer;

static void write_to_memory(png_structp png, png_bytep src, png_size_t length) {
    dh_png_writer *w = (dh_png_writer *)png_get_io_ptr(png);
    if (w->size + length > w->capacity) {
        size_t capacity = w->capacity ? w->capacity : 65536;
        while (capacity < w->size + length) capacity *= 2;
        uint8_t *grown = realloc(w->data, capacity);
        if (grown == NULL) { w->failed = 1; png_error(png, "out of memory"); return; }
        w->data = grown;
        w->capacity = capacity;
    }
    memcpy(w->data + w->size, src, length);
    w->size += length;
}

static void flush_memory(png_structp png) { (void)png; }

static void on_png_write_error(png_structp png, png_const_charp text) {
    dh_png_writer *w = (dh_png_writer *)png_get_error_ptr(png);
    if (w != NULL) snprintf(w->message, sizeof(w->message), "%s", text);
    png_longjmp(png, 1);
}

int dh_png_encode(const uint8_t *pixels, uint32_t width, uint32_t height, int channels,
                  uint8_t **out_data, size_t *out_size, char *message, size_t message_size) {
    return dh_png_encode_level(pixels, width, height, channels, 6, out_data, out_size, message, message_size);
}

int dh_png_encode_level(const uint8_t *pixels, uint32_t width, uint32_t height, int channels, int level,
                        uint8_t **out_data, size_t *out_size, char *message, size_t message_size) {
    *out_data = NULL;
    *out_size = 0;
    if ((channels != 3 && channels != 4) || width == 0 || height == 0) {
        if (message) snprintf(message, message_size, "cannot encode %u x %u with %d channels", width, height, channels);
        return DH_ERR_FORMAT;
    }
    dh_png_writer writer = { NULL, 0, 0, 0, "" };
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, &writer, on_png_write_error, on_png_warning);
    if (png == NULL) return DH_ERR_MEMORY;
    png_infop info = png_create_info_struct(png);
    if (info == NULL || setjmp(png_jmpbuf(png))) {
        if (message) snprintf(message, message_size, "%s", writer.message[0] ? writer.message : "PNG encoding failed");
        png_destroy_write_struct(&png, info ? &info : NULL);
        free(writer.data);
        return writer.failed ? DH_ERR_MEMORY : DH_ERR_FORMAT;
    }
    png_set_write_fn(png, &writer, write_to_memory, flush_memory);
    png_set_IHDR(png, info, width, height, 8, channels == 4 ? PNG_COLOR_TYPE_RGBA : PNG_COLOR_TYPE_RGB,
                 PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_set_compression_level(png, level < 0 ? 0 : level > 9 ? 9 : level);
    if (level <= 1) png_set_filter(png, 0, PNG_FILTER_SUB);
    png_write_info(png, info);
    for (uint32_t y = 0; y < height; y++) {
        png_write_row(png, (png_const_bytep)(pixels + (size_t)y * width * (size_t)channels));
    }
    png_write_end(png, info);
    png_destroy_write_struct(&png, &info);
    *out_data = writer.data;
    *out_size = writer.size;
    return DH_OK;
}
