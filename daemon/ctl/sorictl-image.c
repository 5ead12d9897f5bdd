/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The images sorictl marker detect reads, as grey frames: PGM (P5 and P2,
 * 8-bit and 16-bit, parsed strictly here: the scene generator's own format)
 * and PNG or JPEG photos (gdk-pixbuf). An image's size is read before any of
 * it is decoded, so that a huge one is refused undecoded.
 */

#define G_LOG_DOMAIN "sorictl"

#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <gio/gio.h>
#include <glib/gstdio.h>

#include "sori-marker.h"
#include "sorictl-image.h"

/* a P2 sample takes at most six bytes ("65535 "); the header is short */
#define PGM_HEADER_MAX 4096
#define PGM_FILE_MAX   ((gsize) SORICTL_IMAGE_PIXELS_MAX * 6 + PGM_HEADER_MAX)

static gboolean
sorictl_image_check_size(gint width, gint height, GError **error)
{
	if (width < SORI_MARKER_FRAME_MIN || height < SORI_MARKER_FRAME_MIN) {
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
			    "the image is %d×%d: smaller than %d pixels either way", width, height,
			    SORI_MARKER_FRAME_MIN);
		return FALSE;
	}
	if (width > SORI_MARKER_FRAME_MAX || height > SORI_MARKER_FRAME_MAX
	    || (gint64) width * height > SORICTL_IMAGE_PIXELS_MAX) {
		g_set_error(error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
			    "the image is %d×%d: larger than %d pixels either way or %d pixels "
			    "in all",
			    width, height, SORI_MARKER_FRAME_MAX, SORICTL_IMAGE_PIXELS_MAX);
		return FALSE;
	}
	return TRUE;
}

static gboolean
sorictl_image_is_pgm_space(guint8 c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

/* whitespace and comments (from '#' to the end of the line) before a header field */
static gboolean
sorictl_image_skip_pgm_space(const guint8 *data, gsize size, gsize *pos)
{
	gboolean skipped = FALSE;

	while (*pos < size) {
		if (sorictl_image_is_pgm_space(data[*pos])) {
			(*pos)++;
			skipped = TRUE;
		} else if (data[*pos] == '#') {
			while (*pos < size && data[*pos] != '\n' && data[*pos] != '\r')
				(*pos)++;
			skipped = TRUE;
		} else {
			break;
		}
	}
	return skipped;
}

/* a decimal number from 0 to @max, its digits only */
static gboolean
sorictl_image_read_pgm_number(const guint8 *data, gsize size, gsize *pos, guint max, guint *value)
{
	guint v = 0;
	gsize start = *pos;

	while (*pos < size && g_ascii_isdigit(data[*pos])) {
		v = v * 10 + (guint) (data[*pos] - '0');
		if (v > max)
			return FALSE;
		(*pos)++;
	}
	*value = v;
	/* a number ends at whitespace (or, for the last sample, the file's end) */
	return *pos > start && (*pos == size || sorictl_image_is_pgm_space(data[*pos]));
}

/**
 * sorictl_image_parse_pgm:
 * @data: a PGM file's bytes
 * @size: their number
 * @width, @height: (out): the image's size
 *
 * Reads a PGM image (netpbm's P5, binary, or P2, plain), 8-bit or 16-bit,
 * strictly: every sample present and at most the maxval, nothing after the
 * last. Samples are scaled to 0..255.
 *
 * Returns: (transfer full): @width × @height grey bytes, rows packed, or
 *	%NULL with @error set
 */
guint8 *
sorictl_image_parse_pgm(const guint8 *data, gsize size, gint *width, gint *height, GError **error)
{
	g_autofree guint8 *grey = NULL;
	gboolean plain;
	guint w, h, maxval;
	gsize pos = 2;
	gsize n_pixels;

	if (size < 2 || data[0] != 'P' || (data[1] != '5' && data[1] != '2')) {
		g_set_error_literal(error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
				    "not a PGM image (P5 or P2)");
		return NULL;
	}
	plain = data[1] == '2';
	if (!sorictl_image_skip_pgm_space(data, size, &pos)
	    || !sorictl_image_read_pgm_number(data, size, &pos, 65535, &w)
	    || !sorictl_image_skip_pgm_space(data, size, &pos)
	    || !sorictl_image_read_pgm_number(data, size, &pos, 65535, &h)
	    || !sorictl_image_skip_pgm_space(data, size, &pos)
	    || !sorictl_image_read_pgm_number(data, size, &pos, 65535, &maxval) || maxval == 0
	    || pos >= size) {
		g_set_error_literal(error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
				    "a PGM header is P5 or P2, the width, the height and a maxval "
				    "from 1 to 65535, then one whitespace");
		return NULL;
	}
	/* the single whitespace after maxval; the raster follows */
	pos++;
	if (!sorictl_image_check_size((gint) w, (gint) h, error))
		return NULL;
	n_pixels = (gsize) w * h;
	grey = g_malloc(n_pixels);

	if (!plain) {
		gsize bytes_per_sample = maxval > 255 ? 2 : 1;
		if (size - pos < n_pixels * bytes_per_sample) {
			g_set_error(error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT,
				    "the PGM image is truncated: %" G_GSIZE_FORMAT
				    " bytes of pixels where %u×%u need %" G_GSIZE_FORMAT,
				    size - pos, w, h, n_pixels * bytes_per_sample);
			return NULL;
		}
		if (size - pos > n_pixels * bytes_per_sample) {
			g_set_error_literal(error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
					    "the PGM image has bytes after its last pixel");
			return NULL;
		}
	}
	for (gsize i = 0; i < n_pixels; i++) {
		guint v;
		if (plain) {
			while (pos < size && sorictl_image_is_pgm_space(data[pos]))
				pos++;
			if (pos == size) {
				g_set_error(error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT,
					    "the PGM image is truncated: %" G_GSIZE_FORMAT
					    " of %" G_GSIZE_FORMAT " pixels",
					    i, n_pixels);
				return NULL;
			}
			if (!sorictl_image_read_pgm_number(data, size, &pos, maxval, &v)) {
				g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
					    "pixel %" G_GSIZE_FORMAT
					    " of the PGM image is not a number from 0 to %u",
					    i, maxval);
				return NULL;
			}
		} else if (maxval > 255) {
			v = (guint) data[pos] << 8 | data[pos + 1];
			pos += 2;
		} else {
			v = data[pos++];
		}
		if (v > maxval) {
			g_set_error(error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
				    "pixel %" G_GSIZE_FORMAT " of the PGM image is %u, over its "
				    "maxval %u",
				    i, v, maxval);
			return NULL;
		}
		grey[i] = (guint8) ((v * 255u + maxval / 2) / maxval);
	}
	if (plain) {
		while (pos < size && sorictl_image_is_pgm_space(data[pos]))
			pos++;
		if (pos != size) {
			g_set_error_literal(error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
					    "the PGM image has more after its last pixel");
			return NULL;
		}
	}
	*width = (gint) w;
	*height = (gint) h;
	return g_steal_pointer(&grey);
}

/* Rec. 601 luma, over white where the image is transparent (labels are
 * printed on white) */
static guint8 *
sorictl_image_grey_from_pixbuf(GdkPixbuf *pixbuf)
{
	gint width = gdk_pixbuf_get_width(pixbuf);
	gint height = gdk_pixbuf_get_height(pixbuf);
	gint stride = gdk_pixbuf_get_rowstride(pixbuf);
	gint channels = gdk_pixbuf_get_n_channels(pixbuf);
	gboolean alpha = gdk_pixbuf_get_has_alpha(pixbuf);
	const guint8 *pixels = gdk_pixbuf_read_pixels(pixbuf);
	guint8 *grey = g_malloc((gsize) width * height);

	for (gint y = 0; y < height; y++) {
		const guint8 *row = pixels + (gsize) y * stride;
		for (gint x = 0; x < width; x++) {
			const guint8 *p = row + (gsize) x * channels;
			guint luma = (77u * p[0] + 150u * p[1] + 29u * p[2] + 128u) >> 8;
			if (alpha)
				luma = (luma * p[3] + 255u * (255u - p[3]) + 127u) / 255u;
			grey[(gsize) y * width + x] = (guint8) luma;
		}
	}
	return grey;
}

/*
 * libjpeg reads a truncated JPEG to its end and makes up the rest, with only a
 * warning that gdk-pixbuf drops: a whole JPEG has its end-of-image marker
 * after its last start-of-scan (neither can occur inside entropy-coded data,
 * where 0xff is always followed by 0 or a restart marker)
 */
static gboolean
sorictl_image_check_jpeg_whole(const gchar *path, GError **error)
{
	g_autoptr(GMappedFile) mapped = g_mapped_file_new(path, FALSE, error);
	const guint8 *data;
	gsize size;
	gsize last_scan = 0;

	if (mapped == NULL)
		return FALSE;
	data = (const guint8 *) g_mapped_file_get_contents(mapped);
	size = g_mapped_file_get_length(mapped);
	for (gsize i = 0; i + 1 < size; i++) {
		if (data[i] == 0xff && data[i + 1] == 0xda)
			last_scan = i;
	}
	for (gsize i = last_scan; last_scan > 0 && i + 1 < size; i++) {
		if (data[i] == 0xff && data[i + 1] == 0xd9)
			return TRUE;
	}
	g_set_error_literal(error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT,
			    "the JPEG image is truncated: no end after its last scan");
	return FALSE;
}

static guint8 *
sorictl_image_load_pixbuf(const gchar *path, gint *width, gint *height, GError **error)
{
	gint w = 0, h = 0;
	GdkPixbufFormat *format = gdk_pixbuf_get_file_info(path, &w, &h);
	g_autofree gchar *name = format != NULL ? gdk_pixbuf_format_get_name(format) : NULL;
	g_autoptr(GdkPixbuf) pixbuf = NULL;
	g_autoptr(GdkPixbuf) oriented = NULL;

	/* the loaders gdk-pixbuf has for other formats are not needed here */
	if (name == NULL || (!g_str_equal(name, "png") && !g_str_equal(name, "jpeg"))) {
		g_set_error_literal(error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
				    "not a readable PNG, JPEG or PGM image");
		return NULL;
	}
	if (!sorictl_image_check_size(w, h, error))
		return NULL;
	if (g_str_equal(name, "jpeg") && !sorictl_image_check_jpeg_whole(path, error))
		return NULL;
	pixbuf = gdk_pixbuf_new_from_file(path, error);
	if (pixbuf == NULL)
		return NULL;
	/* a phone's photo as it is seen, not as its sensor lay */
	oriented = gdk_pixbuf_apply_embedded_orientation(pixbuf);
	if (oriented == NULL || gdk_pixbuf_get_bits_per_sample(oriented) != 8
	    || gdk_pixbuf_get_n_channels(oriented) < 3) {
		g_set_error_literal(error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
				    "the image decodes to no 8-bit RGB pixels");
		return NULL;
	}
	*width = gdk_pixbuf_get_width(oriented);
	*height = gdk_pixbuf_get_height(oriented);
	if (!sorictl_image_check_size(*width, *height, error))
		return NULL;
	return sorictl_image_grey_from_pixbuf(oriented);
}

/**
 * sorictl_image_load_grey:
 * @path: a PNG, JPEG or PGM file
 * @width, @height: (out): the image's size
 *
 * Returns: (transfer full): @width × @height grey bytes, rows packed, or
 *	%NULL with @error set: unreadable, empty, truncated, not one of those
 *	formats, or over SORI_MARKER_FRAME_MAX either way or
 *	SORICTL_IMAGE_PIXELS_MAX in all
 */
guint8 *
sorictl_image_load_grey(const gchar *path, gint *width, gint *height, GError **error)
{
	GStatBuf info;
	guint8 magic[2] = { 0 };
	FILE *file;
	gsize n_read;

	if (g_stat(path, &info) != 0) {
		int saved_errno = errno;
		g_set_error_literal(error, G_IO_ERROR, g_io_error_from_errno(saved_errno),
				    g_strerror(saved_errno));
		return NULL;
	}
	if (S_ISDIR(info.st_mode)) {
		g_set_error_literal(error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY, "is a directory");
		return NULL;
	}
	if (!S_ISREG(info.st_mode)) {
		g_set_error_literal(error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE,
				    "is not a regular file");
		return NULL;
	}
	if (info.st_size == 0) {
		g_set_error_literal(error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
				    "the file is empty");
		return NULL;
	}
	file = g_fopen(path, "rb");
	if (file == NULL) {
		int saved_errno = errno;
		g_set_error_literal(error, G_IO_ERROR, g_io_error_from_errno(saved_errno),
				    g_strerror(saved_errno));
		return NULL;
	}
	n_read = fread(magic, 1, sizeof(magic), file);
	fclose(file);

	if (n_read == 2 && magic[0] == 'P' && (magic[1] == '5' || magic[1] == '2')) {
		g_autofree gchar *contents = NULL;
		gsize size = 0;
		if ((guint64) info.st_size > PGM_FILE_MAX) {
			g_set_error(error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
				    "the PGM file is over %" G_GSIZE_FORMAT " bytes", PGM_FILE_MAX);
			return NULL;
		}
		if (!g_file_get_contents(path, &contents, &size, error))
			return NULL;
		return sorictl_image_parse_pgm((const guint8 *) contents, size, width, height,
					       error);
	}
	return sorictl_image_load_pixbuf(path, width, height, error);
}
