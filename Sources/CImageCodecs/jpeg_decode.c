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

int dh_jpeg_decode(const uint8_t *data, size_t size, uint64_t max_pixels, dh_image *out) {
    memset(out, 0, sizeof(*out));
    out->orientation = 1;
    if (size < 4 || data[0] != 0xFF || data[1] != 0xD8) {
        copy_message(out, "not a JPEG stream (no SOI marker)");
        return DH_ERR_FORMAT;
    }
    struct jpeg_decompress_struct cinfo;
    dh_jpeg_error err;
    memset(&cinfo, 0, sizeof(cinfo));
    cinfo.err = jpeg_std_error(&err.base);
    err.base.error_exit = on_error_exit;
    err.base.emit_message = on_emit_message;
    err.base.output_message = on_output_message;
    err.message[0] = 0;
    // volatile: these change between setjmp and a possible longjmp.
    uint8_t *volatile pixels = NULL;
    uint8_t *volatile row = NULL;
    if (setjmp(err.jump)) {
        copy_message(out, err.message[0] ? err.message : "JPEG decoding failed");
        jpeg_destroy_decompress(&cinfo);
        free(pixels);
        free(row);
        return DH_ERR_FORMAT;
    }
    jpeg_create_decompress(&cinfo);
    jpeg_mem_src(&cinfo, data, (unsigned long)size);
    jpeg_save_markers(&cinfo, JPEG_APP0 + 1, 0xFFFF);
    jpeg_read_header(&cinfo, TRUE);

    for (jpeg_saved_marker_ptr m = cinfo.marker_list; m != NULL; m = m->next) {
        if (m->marker == JPEG_APP0 + 1) {
            int o = dh_exif_orientation(m->data, m->data_length);
            if (o != 1) { out->orientation = o; break; }
        }
    }
    uint64_t w = cinfo.image_width, h = cinfo.image_height;
    if (w == 0 || h == 0) {
        copy_message(out, "JPEG has zero width or height");
        jpeg_destroy_decompress(&cinfo);
        return DH_ERR_FORMAT;
    }
    if (w * h > max_pixels) {
        snprintf(out->message, sizeof(out->message), "%llu x %llu pixels exceeds the limit of %llu",
                 (unsigned long long)w, (unsigned long long)h, (unsigned long long)max_pixels);
        jpeg_destroy_decompress(&cinfo);
        return DH_ERR_TOO_LARGE;
    }
    int cmyk = (cinfo.jpeg_color_space == JCS_CMYK || cinfo.jpeg_color_space == JCS_YCCK);
    cinfo.out_color_space = cmyk ? JCS_CMYK : JCS_RGB;
    jpeg_start_decompress(&cinfo);
    int comps = cinfo.output_components;
    if ((cmyk && comps != 4) || (!cmyk && comps != 3)) {
        copy_message(out, "unexpected JPEG component count");
        jpeg_destroy_decompress(&cinfo);
        return DH_ERR_FORMAT;
    }
    pixels = malloc((size_t)w * (size_t)h * 4);
    row = malloc((size_t)w * (size_t)comps);
    if (pixels == NULL || row == NULL) {
        free(pixels); free(row);
        copy_message(out, "out of memory");
        jpeg_destroy_decompress(&cinfo);
        return DH_ERR_MEMORY;
    }
    // Adobe's CMYK JPEGs store inverted values (Photoshop convention).
    int inverted = cmyk && cinfo.saw_Adobe_marker;
    while (cinfo.output_scanline < cinfo.output_height) {
        uint8_t *dst = pixels + (size_t)cinfo.output_scanline * (size_t)w * 4;
        JSAMPROW rows[1] = { row };
        jpeg_read_scanlines(&cinfo, rows, 1);
        for (uint64_t x = 0; x < w; x++) {
            const uint8_t *s = row + x * (uint64_t)comps;
            if (cmyk) {
                unsigned c = s[0], mg = s[1], y = s[2], k = s[3];
                if (!inverted) { c = 255 - c; mg = 255 - mg; y = 255 - y; k = 255 - k; }
                // Now each value is (255 - ink); RGB = (255 - ink_c) * (255 - ink_k) / 255.
                dst[x * 4 + 0] = (uint8_t)((c * k + 127) / 255);
                dst[x * 4 + 1] = (uint8_t)((mg * k + 127) / 255);
                dst[x * 4 + 2] = (uint8_t)((y * k + 127) / 255);
            } else {
                dst[x * 4 + 0] = s[0];
                dst[x * 4 + 1] = s[1];
                dst[x * 4 + 2] = s[2];
            }
            dst[x * 4 + 3] = 255;
        }
    }
    jpeg_finish_decompress(&cinfo);
    jpeg_destroy_decompress(&cinfo);
    free(row);
    out->pixels = pixels;
    out->width = (uint32_t)w;
    out->height = (uint32_t)h;
    out->has_alpha = 0;
    return DH_OK;
}
