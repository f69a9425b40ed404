#include "dh_codecs.h"
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jpeglib.h>
#include <jerror.h>

// libjpeg's default error_exit calls exit(); ours longjmps back to the decoder.
typedef struct {
    struct jpeg_error_mgr base;
    jmp_buf jump;
    char message[JMSG_LENGTH_MAX];
} dh_jpeg_error;

static void on_error_exit(j_common_ptr cinfo) {
    dh_jpeg_error *err = (dh_jpeg_error *)cinfo->err;
    (*cinfo->err->format_message)(cinfo, err->message);
    longjmp(err->jump, 1);
}

static void on_emit_message(j_common_ptr cinfo, int level) {
    // Warnings are level -1. A premature end of data means a truncated file: fail
    // instead of returning libjpeg's grey fill. Other warnings are tolerated.
    if (level == -1 && cinfo->err->msg_code == JWRN_JPEG_EOF) {
        on_error_exit(cinfo);
    }
}

static void on_output_message(j_common_ptr cinfo) { (void)cinfo; }

static void copy_message(dh_image *out, const char *text) {
    snprintf(out->message, sizeof(out->message), "%s", text);
}

// A decompressor between dh_jpeg_open and dh_jpeg_read; heap-allocated so that the
// jmp_buf each entry point sets stays valid across the two calls.
struct dh_jpeg_reader {
    struct jpeg_decompress_struct cinfo;
    dh_jpeg_error err;
    int cmyk;      // CMYK or YCCK source, converted to RGB here
    int inverted;  // Adobe's CMYK JPEGs store inverted values (Photoshop convention)
};

static void close_reader(dh_jpeg_reader *reader) {
    jpeg_destroy_decompress(&reader->cinfo);
    free(reader);
}

// The smallest scale M/8 (M = 1, 2, 4 or 8) at which a width x height image, shown
// `swapped` (EXIF turns it a quarter), still covers the largest fit into box_w x box_h that
// keeps its aspect ratio (with `fill`, the whole box); 8 without a box. libjpeg offers every
// M from 1 to 8, but libjpeg-turbo has SIMD IDCTs only for these four: its 3/8, 5/8, 6/8 and
// 7/8 are slower than decoding whole (a 1080p photo: 6.4, 10.0, 10.1 and 15.7 ms against
// 6.5 ms whole and 5.9 ms at 4/8).
static int scale_eighths(uint64_t width, uint64_t height, int swapped, uint32_t box_w, uint32_t box_h, int fill) {
    if (box_w == 0 || box_h == 0) return 8;
    double shown_w = (double)(swapped ? height : width), shown_h = (double)(swapped ? width : height);
    double across = (double)box_w / shown_w, down = (double)box_h / shown_h;
    double needed = (across < down) == (fill == 0) ? across : down;
    for (int m = 1; m < 8; m *= 2) {
        if ((double)m / 8.0 >= needed) return m;
    }
    return 8;
}

int dh_jpeg_open(const uint8_t *data, size_t size, uint64_t max_pixels, dh_jpeg_reader **out_reader, dh_image *out) {
    return dh_jpeg_open_within(data, size, max_pixels, 0, 0, 0, out_reader, out);
}

int dh_jpeg_open_within(const uint8_t *data, size_t size, uint64_t max_pixels, uint32_t box_w, uint32_t box_h,
                        int fill, dh_jpeg_reader **out_reader, dh_image *out) {
    memset(out, 0, sizeof(*out));
    *out_reader = NULL;
    out->orientation = 1;
    if (size < 4 || data[0] != 0xFF || data[1] != 0xD8) {
        copy_message(out, "not a JPEG stream (no SOI marker)");
        return DH_ERR_FORMAT;
    }
    dh_jpeg_reader *reader = calloc(1, sizeof(*reader));
    if (reader == NULL) {
        copy_message(out, "out of memory");
        return DH_ERR_MEMORY;
    }
    struct jpeg_decompress_struct *cinfo = &reader->cinfo;
    cinfo->err = jpeg_std_error(&reader->err.base);
    reader->err.base.error_exit = on_error_exit;
    reader->err.base.emit_message = on_emit_message;
    reader->err.base.output_message = on_output_message;
    reader->err.message[0] = 0;
    if (setjmp(reader->err.jump)) {
        copy_message(out, reader->err.message[0] ? reader->err.message : "JPEG decoding failed");
        close_reader(reader);
        return DH_ERR_FORMAT;
    }
    jpeg_create_decompress(cinfo);
    jpeg_mem_src(cinfo, data, (unsigned long)size);
    jpeg_save_markers(cinfo, JPEG_APP0 + 1, 0xFFFF);
    jpeg_read_header(cinfo, TRUE);

    for (jpeg_saved_marker_ptr m = cinfo->marker_list; m != NULL; m = m->next) {
        if (m->marker == JPEG_APP0 + 1) {
            int o = dh_exif_orientation(m->data, m->data_length);
            if (o != 1) { out->orientation = o; break; }
        }
    }
    uint64_t w = cinfo->image_width, h = cinfo->image_height;
    if (w == 0 || h == 0) {
        copy_message(out, "JPEG has zero width or height");
        close_reader(reader);
        return DH_ERR_FORMAT;
    }
    if (w * h > max_pixels) {
        snprintf(out->message, sizeof(out->message), "%llu x %llu pixels exceeds the limit of %llu",
                 (unsigned long long)w, (unsigned long long)h, (unsigned long long)max_pixels);
        close_reader(reader);
        return DH_ERR_TOO_LARGE;
    }
    reader->cmyk = (cinfo->jpeg_color_space == JCS_CMYK || cinfo->jpeg_color_space == JCS_YCCK);
    cinfo->out_color_space = reader->cmyk ? JCS_CMYK : JCS_RGB;
    cinfo->scale_num = (unsigned int)scale_eighths(w, h, out->orientation >= 5, box_w, box_h, fill);
    cinfo->scale_denom = 8;
    out->full_width = (uint32_t)w;
    out->full_height = (uint32_t)h;
    jpeg_start_decompress(cinfo);
    int comps = cinfo->output_components;
    if ((reader->cmyk && comps != 4) || (!reader->cmyk && comps != 3)) {
        copy_message(out, "unexpected JPEG component count");
        close_reader(reader);
        return DH_ERR_FORMAT;
    }
    reader->inverted = reader->cmyk && cinfo->saw_Adobe_marker;
    // The size libjpeg decodes at (the stored size unless scaled).
    out->width = (uint32_t)cinfo->output_width;
    out->height = (uint32_t)cinfo->output_height;
    out->has_alpha = 0;
    *out_reader = reader;
    return DH_OK;
}

int dh_jpeg_read_rows(dh_jpeg_reader *reader, uint8_t *pixels, int channels, uint32_t until_row, dh_image *out) {
    struct jpeg_decompress_struct *cinfo = &reader->cinfo;
    size_t w = cinfo->output_width;
    int comps = cinfo->output_components;
    // RGB into 3 channels goes straight into the caller's rows; anything else through a row.
    int direct = !reader->cmyk && channels == 3;
    uint8_t *volatile row = NULL;
    if (setjmp(reader->err.jump)) {
        copy_message(out, reader->err.message[0] ? reader->err.message : "JPEG decoding failed");
        free(row);
        close_reader(reader);
        return DH_ERR_FORMAT;
    }
    if (!direct) {
        row = malloc(w * (size_t)comps);
        if (row == NULL) {
            copy_message(out, "out of memory");
            close_reader(reader);
            return DH_ERR_MEMORY;
        }
    }
    uint32_t end = until_row < cinfo->output_height ? until_row : cinfo->output_height;
    while (cinfo->output_scanline < end) {
        uint8_t *dst = pixels + (size_t)cinfo->output_scanline * w * (size_t)channels;
        JSAMPROW rows[1] = { direct ? dst : row };
        jpeg_read_scanlines(cinfo, rows, 1);
        if (direct) continue;
        for (size_t x = 0; x < w; x++) {
            const uint8_t *s = row + x * (size_t)comps;
            uint8_t *d = dst + x * (size_t)channels;
            if (reader->cmyk) {
                unsigned c = s[0], mg = s[1], y = s[2], k = s[3];
                if (!reader->inverted) { c = 255 - c; mg = 255 - mg; y = 255 - y; k = 255 - k; }
                // Now each value is (255 - ink); RGB = (255 - ink_c) * (255 - ink_k) / 255.
                d[0] = (uint8_t)((c * k + 127) / 255);
                d[1] = (uint8_t)((mg * k + 127) / 255);
                d[2] = (uint8_t)((y * k + 127) / 255);
            } else {
                d[0] = s[0];
                d[1] = s[1];
                d[2] = s[2];
            }
            if (channels == 4) d[3] = 255;
        }
    }
    free(row);
    return DH_OK;
}

int dh_jpeg_finish(dh_jpeg_reader *reader, dh_image *out) {
    if (setjmp(reader->err.jump)) {
        copy_message(out, reader->err.message[0] ? reader->err.message : "JPEG decoding failed");
        close_reader(reader);
        return DH_ERR_FORMAT;
    }
    jpeg_finish_decompress(&reader->cinfo);
    close_reader(reader);
    return DH_OK;
}

int dh_jpeg_read(dh_jpeg_reader *reader, uint8_t *pixels, int channels, dh_image *out) {
    int code = dh_jpeg_read_rows(reader, pixels, channels, reader->cinfo.output_height, out);
    if (code != DH_OK) return code;
    return dh_jpeg_finish(reader, out);
}

void dh_jpeg_close(dh_jpeg_reader *reader) {
    if (reader != NULL) close_reader(reader);
}

int dh_jpeg_decode(const uint8_t *data, size_t size, uint64_t max_pixels, dh_image *out) {
    dh_jpeg_reader *reader = NULL;
    int code = dh_jpeg_open(data, size, max_pixels, &reader, out);
    if (code != DH_OK) return code;
    uint8_t *pixels = malloc((size_t)out->width * (size_t)out->height * 4);
    if (pixels == NULL) {
        dh_jpeg_close(reader);
        copy_message(out, "out of memory");
        return DH_ERR_MEMORY;
    }
    code = dh_jpeg_read(reader, pixels, 4, out);
    if (code != DH_OK) {
        free(pixels);
        return code;
    }
    out->pixels = pixels;
    return DH_OK;
}
