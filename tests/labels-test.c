/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The printed codes' labels (lib/sori-labels.c, sorictl labels): the sheets
 * a venue gets, a sheet per floor, on A4 and A3; and labels printed and read
 * back: sorictl labels writes the sheets, rsvg-convert rasterises them at
 * 300 dpi as a printer would, and the codes are read back from the pixels by
 * Debian's libapriltag (the family's reference) and by sori's own detector
 * (sorictl marker detect), the QR codes by zbar, and each code's width is
 * measured on the sheet against the size the catalogue gives it.
 */

#include "config.h"

#include <apriltag/apriltag.h>
#include <apriltag/tagStandard41h12.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>
#include <zbar.h>

#include "sori-labels.h"
#include "sori-marker-family.h"

#define ORIGIN "https://guide.example.org"
#define DPI    300.0

static gchar *
sample_path(const gchar *name)
{
	return g_build_filename(g_getenv("SORI_SAMPLE_DIR"), name, NULL);
}

static SoriCatalogue *
load_sample(const gchar *name)
{
	g_autofree gchar *path = sample_path(name);
	g_autoptr(GError) error = NULL;
	SoriCatalogue *catalogue = sori_catalogue_new_from_file(path, NULL, &error);
	g_assert_no_error(error);
	return catalogue;
}

/* minimal.json with @markers as its /markers */
static SoriCatalogue *
load_minimal_with(const gchar *markers)
{
	g_autofree gchar *path = g_build_filename(g_getenv("SORI_TEST_DATA"), "minimal.json", NULL);
	g_autoptr(JsonParser) parser = json_parser_new();
	g_autoptr(JsonParser) part = json_parser_new();
	g_autoptr(GError) error = NULL;
	g_autoptr(GBytes) bytes = NULL;
	g_autofree gchar *text = NULL;
	SoriCatalogue *catalogue;

	g_assert_true(json_parser_load_from_file(parser, path, &error));
	if (markers != NULL) {
		g_assert_true(json_parser_load_from_data(part, markers, -1, &error));
		json_object_set_member(json_node_get_object(json_parser_get_root(parser)),
				       "markers", json_node_copy(json_parser_get_root(part)));
	}
	text = json_to_string(json_parser_get_root(parser), FALSE);
	bytes = g_bytes_new(text, strlen(text));
	catalogue = sori_catalogue_new_from_bytes(bytes, NULL, &error);
	g_assert_no_error(error);
	return catalogue;
}

/* the page a code's QR code leads to, worked out here from the catalogue */
static gchar *
expected_href(const SoriMarkerCode *code)
{
	switch (code->binding) {
	case SORI_MARKER_BINDS_EXHIBIT:
		return g_strdup_printf(ORIGIN "/v/dasol-museum/e/%s", code->id);
	case SORI_MARKER_BINDS_GALLERY:
		return g_strdup_printf(ORIGIN "/v/dasol-museum/g/%s", code->id);
	case SORI_MARKER_BINDS_ENTRANCE:
	case SORI_MARKER_BINDS_PLACE:
	default:
		return g_strdup_printf(ORIGIN "/v/dasol-museum/directions?to=%s", code->id);
	}
}

/* a code's grid as its label draws it: the path's runs of black cells */
static void
grid_from_path(const gchar *path, gboolean black[9][9])
{
	const gchar *p = path;
	memset(black, 0, sizeof(gboolean) * 81);
	while (*p != '\0') {
		guint x;
		guint y;
		guint run;
		guint back;
		gint used = 0;
		g_assert_cmpint(sscanf(p, "M%u %uh%uv1h-%uz%n", &x, &y, &run, &back, &used), ==, 4);
		g_assert_cmpuint(run, ==, back);
		g_assert_cmpuint(x + run, <=, 9);
		g_assert_cmpuint(y, <, 9);
		for (guint i = 0; i < run; i++) {
			/* runs do not overlap */
			g_assert_false(black[y][x + i]);
			black[y][x + i] = TRUE;
		}
		p += used;
	}
}

/* every code's cells: the black ring, the white ring inside it, its 41 bits */
static void
test_marker_cells(void)
{
	for (guint n = 0; n < SORI_MARKER_FAMILY_CODES; n++) {
		g_autofree gchar *path = sori_labels_marker_path(n);
		gboolean black[9][9];
		guint64 word = 0;

		grid_from_path(path, black);
		for (guint i = 1; i <= 7; i++) {
			g_assert_true(black[1][i] && black[7][i] && black[i][1] && black[i][7]);
			if (i >= 2 && i <= 6)
				g_assert_true(!black[2][i] && !black[6][i] && !black[i][2]
					      && !black[i][6]);
		}
		for (guint bit = 0; bit < SORI_MARKER_FAMILY_BITS; bit++) {
			guint x = sori_marker_family_bit_cells[bit][0];
			guint y = sori_marker_family_bit_cells[bit][1];
			word = (word << 1) | (black[y][x] ? 0 : 1);
		}
		g_assert_cmphex(word, ==, sori_marker_family_codes[n]);
	}
}

/* a sheet per floor and as many as it needs: every code once, floors upward */
static void
test_sheets(void)
{
	g_autoptr(SoriCatalogue) catalogue = load_sample("dasol-museum.json");
	GPtrArray *markers = sori_catalogue_get_markers(catalogue);
	g_autoptr(GHashTable) seen = g_hash_table_new(g_direct_hash, g_direct_equal);
	g_autoptr(GError) error = NULL;
	g_autoptr(GPtrArray) a3 = NULL;
	g_autoptr(GPtrArray) a4 = NULL;
	g_autoptr(GPtrArray) second = NULL;
	gint last_floor = G_MININT;
	guint last_page = 0;
	gint floor = 2;

	a3 = sori_labels_build_sheets(catalogue, ORIGIN, SORI_PAPER_A3, NULL, "en", &error);
	g_assert_no_error(error);
	for (guint i = 0; i < a3->len; i++) {
		const SoriLabelSheet *sheet = g_ptr_array_index(a3, i);
		g_assert_true(sheet->has_floor);
		/* floors upward, pages 1..n within each */
		if (sheet->floor != last_floor) {
			g_assert_cmpint(sheet->floor, >, last_floor);
			g_assert_cmpuint(sheet->page, ==, 1);
			last_floor = sheet->floor;
		} else {
			g_assert_cmpuint(sheet->page, ==, last_page + 1);
		}
		last_page = sheet->page;
		g_assert_cmpuint(sheet->page, <=, sheet->n_pages);
		g_assert_cmpstr(sheet->floor_name, ==,
				sheet->floor == 1 ? "the ground floor" : "the first floor");
		/* the sheet in millimetres, upright A3, vector only, Korean fonts named */
		g_assert_true(g_str_has_prefix(sheet->svg, "<?xml"));
		g_assert_nonnull(strstr(sheet->svg, "width=\"297.000mm\" height=\"420.000mm\" "
						    "viewBox=\"0 0 297.000 420.000\""));
		g_assert_null(strstr(sheet->svg, "<image"));
		g_assert_nonnull(strstr(sheet->svg, "'NanumGothic'"));
		g_assert_cmpuint(sheet->markers->len, >, 0);
		for (guint m = 0; m < sheet->markers->len; m++) {
			guint number = g_array_index(sheet->markers, guint, m);
			const SoriMarkerCode *code
				= sori_catalogue_lookup_marker(catalogue, number);
			g_autofree gchar *group = g_strdup_printf("<g id=\"marker-%u\"", number);
			g_autofree gchar *size
				= g_strdup_printf("width=\"%u.000\" height=\"%u.000\" "
						  "viewBox=\"0 0 9 9\"",
						  code->size_mm, code->size_mm);
			g_autofree gchar *href = expected_href(code);
			g_autofree gchar *number_text = g_strdup_printf(
				"font-size=\"12.000\" font-weight=\"bold\" fill=\"#000\">%u</text>",
				number);
			g_assert_nonnull(code);
			g_assert_cmpint(code->floor, ==, sheet->floor);
			g_assert_true(g_hash_table_add(seen, GUINT_TO_POINTER(number)));
			g_assert_nonnull(strstr(sheet->svg, group));
			/* the code exactly its catalogue size, the number in large print */
			g_assert_nonnull(strstr(strstr(sheet->svg, group), size));
			g_assert_nonnull(strstr(sheet->svg, number_text));
		}
	}
	g_assert_cmpuint(g_hash_table_size(seen), ==, markers->len);
	/* the name in large print: 7 mm is 20 pt */
	g_assert_nonnull(strstr(((SoriLabelSheet *) g_ptr_array_index(a3, 0))->svg,
				"font-size=\"7.000\" font-weight=\"bold\" fill=\"#000\">Main "
				"entrance</text>"));

	/* A4 takes more sheets for the same codes */
	a4 = sori_labels_build_sheets(catalogue, ORIGIN, SORI_PAPER_A4, NULL, "ko", &error);
	g_assert_no_error(error);
	g_assert_cmpuint(a4->len, >, a3->len);
	g_assert_nonnull(strstr(((SoriLabelSheet *) g_ptr_array_index(a4, 0))->svg,
				"viewBox=\"0 0 210.000 297.000\""));
	g_assert_nonnull(
		strstr(((SoriLabelSheet *) g_ptr_array_index(a4, 0))->svg, ">정문</text>"));

	/* one floor */
	second = sori_labels_build_sheets(catalogue, ORIGIN, SORI_PAPER_A3, &floor, "en", &error);
	g_assert_no_error(error);
	for (guint i = 0; i < second->len; i++) {
		const SoriLabelSheet *sheet = g_ptr_array_index(second, i);
		g_assert_cmpint(sheet->floor, ==, 2);
		g_assert_cmpuint(sheet->n_pages, ==, second->len);
	}
}

static void
test_sheet_errors(void)
{
	g_autoptr(SoriCatalogue) museum = load_sample("dasol-museum.json");
	g_autoptr(SoriCatalogue) none = load_minimal_with(NULL);
	g_autoptr(SoriCatalogue) large = load_minimal_with(
		"{\"size_mm\": 150, \"codes\": [{\"marker\": 7, \"gallery\": \"hall\", "
		"\"size_mm\": 200}, {\"marker\": 2114, \"exhibit\": \"moon-jar\", \"size_mm\": "
		"220}, {\"marker\": 0, \"entrance\": \"main\", \"size_mm\": 20}]}");
	g_autoptr(GPtrArray) sheets = NULL;
	g_autoptr(GError) error = NULL;
	gint floor = 9;

	sheets = sori_labels_build_sheets(museum, ORIGIN, SORI_PAPER_A4, &floor, "en", &error);
	g_assert_null(sheets);
	g_assert_error(error, SORI_LABELS_ERROR, SORI_LABELS_ERROR_NO_CODES);
	g_assert_cmpstr(error->message, ==, "venue 'dasol-museum' has no printed codes on floor 9");
	g_clear_error(&error);

	sheets = sori_labels_build_sheets(none, ORIGIN, SORI_PAPER_A4, NULL, "en", &error);
	g_assert_null(sheets);
	g_assert_error(error, SORI_LABELS_ERROR, SORI_LABELS_ERROR_NO_CODES);
	g_assert_nonnull(strstr(error->message, "has no printed codes"));
	g_clear_error(&error);

	/* a 200 mm code is 244 mm with its quiet zone: not on A4, on A3 */
	sheets = sori_labels_build_sheets(large, ORIGIN, SORI_PAPER_A4, NULL, "en", &error);
	g_assert_null(sheets);
	g_assert_error(error, SORI_LABELS_ERROR, SORI_LABELS_ERROR_TOO_LARGE);
	g_assert_true(g_str_has_prefix(error->message, "code 7 is printed 200 mm wide"));
	g_assert_nonnull(strstr(error->message, "print it on A3"));
	g_clear_error(&error);
	/* the largest and smallest sizes the catalogue allows fit A3 */
	sheets = sori_labels_build_sheets(large, ORIGIN, SORI_PAPER_A3, NULL, "en", &error);
	g_assert_no_error(error);
	/* the 20 mm code's label above the 200 mm one's, the 220 mm one on a sheet of its own */
	g_assert_cmpuint(sheets->len, ==, 2);
	g_assert_cmpuint(((SoriLabelSheet *) g_ptr_array_index(sheets, 0))->markers->len, ==, 2);
	g_assert_cmpuint(((SoriLabelSheet *) g_ptr_array_index(sheets, 1))->markers->len, ==, 1);
	g_assert_nonnull(strstr(((SoriLabelSheet *) g_ptr_array_index(sheets, 0))->svg,
				"width=\"20.000\" height=\"20.000\" viewBox=\"0 0 9 9\""));
}

/* a grey image of a PNG, over white */
static guint8 *
load_grey(const gchar *path, gint *width, gint *height)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new_from_file(path, &error);
	const guint8 *pixels;
	gint channels;
	gint stride;
	guint8 *grey;

	g_assert_no_error(error);
	*width = gdk_pixbuf_get_width(pixbuf);
	*height = gdk_pixbuf_get_height(pixbuf);
	channels = gdk_pixbuf_get_n_channels(pixbuf);
	stride = gdk_pixbuf_get_rowstride(pixbuf);
	pixels = gdk_pixbuf_read_pixels(pixbuf);
	grey = g_malloc((gsize) *width * (gsize) *height);
	for (gint y = 0; y < *height; y++) {
		for (gint x = 0; x < *width; x++) {
			const guint8 *p = pixels + (gsize) y * stride + (gsize) x * channels;
			guint alpha = channels == 4 ? p[3] : 255;
			guint luma = (p[0] * 299u + p[1] * 587u + p[2] * 114u) / 1000u;
			grey[(gsize) y * *width + x]
				= (guint8) ((luma * alpha + 255u * (255u - alpha)) / 255u);
		}
	}
	return grey;
}

/* the sheet as a 300 dpi PNG, as a printer at 300 dpi would put it on paper */
static gchar *
rasterise(const gchar *svg_path)
{
	g_autofree gchar *png = g_strconcat(svg_path, ".png", NULL);
	g_autofree gchar *program = g_find_program_in_path("rsvg-convert");
	const gchar *argv[] = { NULL,  "--dpi-x",  "300", "--dpi-y", "300", "--format",
				"png", "--output", png,   svg_path,  NULL };
	g_autoptr(GError) error = NULL;
	gint status = 0;

	if (program == NULL)
		g_error("rsvg-convert is missing: install Debian's librsvg2-bin "
			"(.ci/test-packages)");
	argv[0] = program;
	g_assert_true(g_spawn_sync(NULL, (gchar **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL,
				   NULL, &status, &error));
	g_assert_no_error(error);
	g_assert_true(g_spawn_check_wait_status(status, NULL));
	return g_steal_pointer(&png);
}

/* where the grey crosses the middle between @a and @b, in pixels along the line
 * (pixel i's centre at i + 0.5), from the white side toward the black */
static gdouble
edge_along(const guint8 *grey, gint width, gint height, gdouble x, gdouble y, gdouble dx,
	   gdouble dy, gdouble limit)
{
	gdouble previous_t = 0;
	guint previous = 255;

	for (gdouble t = 0; t <= limit; t += 1) {
		gint px = (gint) floor(x + dx * t);
		gint py = (gint) floor(y + dy * t);
		guint v;
		g_assert_true(px >= 0 && py >= 0 && px < width && py < height);
		v = grey[(gsize) py * width + px];
		if (v < 128 && t > 0)
			return previous_t + (previous - 127.5) / ((gdouble) previous - v);
		previous = v;
		previous_t = t;
	}
	g_error("no edge within %g px of %g, %g", limit, x, y);
}

/* the code's grid, measured on the sheet: from the quiet zone inward to the first
 * black of its outermost cells, on each side a row or column crosses a black one */
static guint
measure_grid(const guint8 *grey, gint width, gint height, const apriltag_detection_t *det,
	     gdouble expected_px)
{
	guint64 word = sori_marker_family_codes[det->id];
	gboolean black[9][9] = { { FALSE } };
	gdouble cell = expected_px / 9;
	gdouble left = det->c[0] - expected_px / 2;
	gdouble top = det->c[1] - expected_px / 2;
	guint measured = 0;

	for (guint bit = 0; bit < SORI_MARKER_FAMILY_BITS; bit++)
		black[sori_marker_family_bit_cells[bit][1]][sori_marker_family_bit_cells[bit][0]]
			= ((word >> (SORI_MARKER_FAMILY_BITS - 1 - bit)) & 1) == 0;
	/* across: a row whose first and last cells are both black */
	for (guint row = 0; row < 9; row++) {
		gdouble y = top + (row + 0.5) * cell;
		gdouble from_left;
		gdouble from_right;
		if (!black[row][0] || !black[row][8])
			continue;
		from_left = edge_along(grey, width, height, left - cell, y, 1, 0, 2 * cell);
		from_right = edge_along(grey, width, height, left + expected_px + cell, y, -1, 0,
					2 * cell);
		/* the two starts are 9 + 2 cells apart as expected; the edges, measured */
		g_test_message("code %d, row %u: %.2f px wide, %.2f expected", det->id, row,
			       11 * cell - from_left - from_right, expected_px);
		g_assert_cmpfloat(fabs(11 * cell - from_left - from_right - expected_px), <=, 1.0);
		measured++;
		break;
	}
	/* down: a column whose first and last cells are both black */
	for (guint column = 0; column < 9; column++) {
		gdouble x = left + (column + 0.5) * cell;
		gdouble from_top;
		gdouble from_bottom;
		if (!black[0][column] || !black[8][column])
			continue;
		from_top = edge_along(grey, width, height, x, top - cell, 0, 1, 2 * cell);
		from_bottom = edge_along(grey, width, height, x, top + expected_px + cell, 0, -1,
					 2 * cell);
		g_test_message("code %d, column %u: %.2f px high, %.2f expected", det->id, column,
			       11 * cell - from_top - from_bottom, expected_px);
		g_assert_cmpfloat(fabs(11 * cell - from_top - from_bottom - expected_px), <=, 1.0);
		measured++;
		break;
	}
	return measured;
}

typedef struct {
	gchar *path;
	GArray *markers;
} WrittenSheet;

static void
written_sheet_clear(WrittenSheet *sheet)
{
	g_free(sheet->path);
	g_array_unref(sheet->markers);
}

/* sorictl labels, its lines read back: PATH \t floor N \t codes A B C */
static GArray *
run_sorictl_labels(const gchar *out, const gchar *paper, const gchar *floor)
{
	g_autofree gchar *data_dir = g_strdup(g_getenv("SORI_SAMPLE_DIR"));
	const gchar *argv[] = { g_getenv("SORICTL"),
				"labels",
				"--venue",
				"dasol-museum",
				"--data-dir",
				data_dir,
				"--base-url",
				ORIGIN,
				"--paper",
				paper,
				"--floor",
				floor,
				"--lang",
				"en",
				"--out",
				out,
				NULL };
	g_autofree gchar *stdout_text = NULL;
	g_autofree gchar *stderr_text = NULL;
	g_autoptr(GError) error = NULL;
	g_auto(GStrv) lines = NULL;
	GArray *sheets = g_array_new(FALSE, TRUE, sizeof(WrittenSheet));
	gint status = 0;

	g_array_set_clear_func(sheets, (GDestroyNotify) written_sheet_clear);
	g_assert_true(g_spawn_sync(NULL, (gchar **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
				   &stdout_text, &stderr_text, &status, &error));
	g_assert_no_error(error);
	g_test_message("%s", stderr_text);
	g_assert_true(g_spawn_check_wait_status(status, NULL));
	lines = g_strsplit(stdout_text, "\n", -1);
	for (guint i = 0; lines[i] != NULL && lines[i][0] != '\0'; i++) {
		g_auto(GStrv) fields = g_strsplit(lines[i], "\t", -1);
		g_auto(GStrv) codes = NULL;
		WrittenSheet sheet = { 0 };
		g_assert_cmpuint(g_strv_length(fields), ==, 3);
		g_assert_cmpstr(fields[1], ==, "floor 1");
		g_assert_true(g_str_has_prefix(fields[2], "codes "));
		g_assert_true(g_file_test(fields[0], G_FILE_TEST_IS_REGULAR));
		sheet.path = g_strdup(fields[0]);
		sheet.markers = g_array_new(FALSE, FALSE, sizeof(guint));
		codes = g_strsplit(fields[2] + strlen("codes "), " ", -1);
		for (guint c = 0; codes[c] != NULL; c++) {
			guint number = (guint) g_ascii_strtoull(codes[c], NULL, 10);
			g_array_append_val(sheet.markers, number);
		}
		g_array_append_val(sheets, sheet);
	}
	return sheets;
}

static gboolean
sheet_has(const WrittenSheet *sheet, guint number)
{
	for (guint i = 0; i < sheet->markers->len; i++) {
		if (g_array_index(sheet->markers, guint, i) == number)
			return TRUE;
	}
	return FALSE;
}

/* the QR codes zbar reads on the sheet */
static GPtrArray *
read_qr_codes(const guint8 *grey, gint width, gint height)
{
	zbar_image_scanner_t *scanner = zbar_image_scanner_create();
	zbar_image_t *image = zbar_image_create();
	GPtrArray *found = g_ptr_array_new_with_free_func(g_free);

	zbar_image_scanner_set_config(scanner, ZBAR_NONE, ZBAR_CFG_ENABLE, 0);
	zbar_image_scanner_set_config(scanner, ZBAR_QRCODE, ZBAR_CFG_ENABLE, 1);
	zbar_image_set_format(image, zbar_fourcc('Y', '8', '0', '0'));
	zbar_image_set_size(image, (guint) width, (guint) height);
	zbar_image_set_data(image, grey, (gulong) width * (gulong) height, NULL);
	g_assert_cmpint(zbar_scan_image(scanner, image), >, 0);
	for (const zbar_symbol_t *s = zbar_image_first_symbol(image); s != NULL;
	     s = zbar_symbol_next(s))
		g_ptr_array_add(found, g_strdup(zbar_symbol_get_data(s)));
	zbar_image_destroy(image);
	zbar_image_scanner_destroy(scanner);
	return found;
}

/* one sheet printed and read back: every code by libapriltag, exactly its size,
 * every QR code by zbar */
static void
read_back(SoriCatalogue *catalogue, const WrittenSheet *sheet, gdouble paper_width_mm)
{
	g_autofree gchar *png = rasterise(sheet->path);
	g_autofree guint8 *grey = NULL;
	g_autoptr(GPtrArray) qr = NULL;
	apriltag_family_t *family = tagStandard41h12_create();
	apriltag_detector_t *detector = apriltag_detector_create();
	zarray_t *detections;
	gint width;
	gint height;
	guint found = 0;

	grey = load_grey(png, &width, &height);
	/* an A4 sheet at 300 dpi is 2480 × 3508 pixels, A3 3508 × 4961 */
	g_assert_cmpint(abs(width - (gint) round(paper_width_mm / 25.4 * DPI)), <=, 1);
	apriltag_detector_add_family_bits(detector, family, 1);
	detector->quad_decimate = 2;
	detector->nthreads = 1;
	{
		image_u8_t image
			= { .width = width, .height = height, .stride = width, .buf = grey };
		detections = apriltag_detector_detect(detector, &image);
	}
	for (gint i = 0; i < zarray_size(detections); i++) {
		apriltag_detection_t *det;
		const SoriMarkerCode *code;
		gdouble expected_px;
		zarray_get(detections, i, &det);
		g_test_message("libapriltag: code %d, %d bits corrected, at %.1f, %.1f", det->id,
			       det->hamming, det->c[0], det->c[1]);
		g_assert_true(sheet_has(sheet, (guint) det->id));
		g_assert_cmpint(det->hamming, ==, 0);
		code = sori_catalogue_lookup_marker(catalogue, (guint) det->id);
		expected_px = code->size_mm / 25.4 * DPI;
		g_assert_cmpuint(measure_grid(grey, width, height, det, expected_px), >=, 1);
		found++;
	}
	g_assert_cmpuint(found, ==, sheet->markers->len);
	apriltag_detections_destroy(detections);
	apriltag_detector_destroy(detector);
	tagStandard41h12_destroy(family);

	qr = read_qr_codes(grey, width, height);
	g_assert_cmpuint(qr->len, ==, sheet->markers->len);
	for (guint i = 0; i < sheet->markers->len; i++) {
		const SoriMarkerCode *code = sori_catalogue_lookup_marker(
			catalogue, g_array_index(sheet->markers, guint, i));
		g_autofree gchar *href = expected_href(code);
		g_assert_true(g_ptr_array_find_with_equal_func(qr, href, g_str_equal, NULL));
	}
}

typedef struct {
	gchar *dir;
	GArray *a3;
	GArray *a4;
} ReadBack;

static void
read_back_setup(ReadBack *f, gconstpointer user_data)
{
	g_autofree gchar *a3 = NULL;
	g_autofree gchar *a4 = NULL;
	g_autoptr(GError) error = NULL;

	f->dir = g_dir_make_tmp("sori-labels-test-XXXXXX", &error);
	g_assert_no_error(error);
	a3 = g_build_filename(f->dir, "a3", NULL);
	a4 = g_build_filename(f->dir, "a4", NULL);
	f->a3 = run_sorictl_labels(a3, "a3", "1");
	f->a4 = run_sorictl_labels(a4, "a4", "1");
}

static void
read_back_teardown(ReadBack *f, gconstpointer user_data)
{
	const gchar *subdirs[] = { "a3", "a4" };
	for (guint s = 0; s < G_N_ELEMENTS(subdirs); s++) {
		g_autofree gchar *sub = g_build_filename(f->dir, subdirs[s], NULL);
		g_autoptr(GDir) dir = g_dir_open(sub, 0, NULL);
		const gchar *name;
		while (dir != NULL && (name = g_dir_read_name(dir)) != NULL) {
			g_autofree gchar *path = g_build_filename(sub, name, NULL);
			g_unlink(path);
		}
		g_rmdir(sub);
	}
	g_rmdir(f->dir);
	g_free(f->dir);
	g_array_unref(f->a3);
	g_array_unref(f->a4);
}

/* the A3 sheet with the most labels (the clay gallery's, names in Korean and
 * English), and the lift's A4 sheet, which the camera page's test walks toward */
static void
test_read_back_apriltag(ReadBack *f, gconstpointer user_data)
{
	g_autoptr(SoriCatalogue) catalogue = load_sample("dasol-museum.json");
	const WrittenSheet *fullest = NULL;
	const WrittenSheet *lift = NULL;

	g_assert_cmpuint(f->a3->len, >, 0);
	for (guint i = 0; i < f->a3->len; i++) {
		const WrittenSheet *sheet = &g_array_index(f->a3, WrittenSheet, i);
		if (fullest == NULL || sheet->markers->len > fullest->markers->len)
			fullest = sheet;
	}
	g_assert_nonnull(fullest);
	g_assert_cmpuint(fullest->markers->len, >=, 3);
	read_back(catalogue, fullest, 297);
	for (guint i = 0; i < f->a4->len; i++) {
		const WrittenSheet *sheet = &g_array_index(f->a4, WrittenSheet, i);
		if (sheet_has(sheet, 20))
			lift = sheet;
	}
	g_assert_nonnull(lift);
	read_back(catalogue, lift, 210);
}

/* sori's own detector reads the printed lift code back: sorictl marker detect */
static void
test_read_back_sori(ReadBack *f, gconstpointer user_data)
{
	const WrittenSheet *lift = NULL;
	g_autofree gchar *png = NULL;
	g_autofree gchar *stdout_text = NULL;
	g_autofree gchar *stderr_text = NULL;
	g_autoptr(GError) error = NULL;
	g_auto(GStrv) lines = NULL;
	gint status = 0;
	guint found = 0;

	for (guint i = 0; i < f->a4->len; i++) {
		const WrittenSheet *sheet = &g_array_index(f->a4, WrittenSheet, i);
		if (sheet_has(sheet, 20))
			lift = sheet;
	}
	g_assert_nonnull(lift);
	png = rasterise(lift->path);
	{
		const gchar *argv[] = {
			g_getenv("SORICTL"), "marker", "detect", "--size-mm", "150", png, NULL
		};
		g_assert_true(g_spawn_sync(NULL, (gchar **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
					   &stdout_text, &stderr_text, &status, &error));
	}
	g_assert_no_error(error);
	g_test_message("sorictl marker detect: %s%s", stdout_text, stderr_text);
	g_assert_true(g_spawn_check_wait_status(status, NULL));
	lines = g_strsplit(stdout_text, "\n", -1);
	for (guint i = 0; lines[i] != NULL && lines[i][0] != '\0'; i++) {
		g_autoptr(JsonParser) parser = json_parser_new();
		JsonObject *obj;
		g_assert_true(json_parser_load_from_data(parser, lines[i], -1, NULL));
		obj = json_node_get_object(json_parser_get_root(parser));
		g_assert_cmpint(json_object_get_int_member(obj, "id"), ==, 20);
		/* the printed 150 mm, 1771.65 pixels at 300 dpi, as sori's detector sees it */
		g_assert_cmpfloat(
			fabs(json_object_get_double_member(obj, "width_px") - 150 / 25.4 * DPI), <=,
			1.0);
		found++;
	}
	g_assert_cmpuint(found, ==, 1);
}

/* sorictl labels: its help, and a clear error for each bad input */
static void
test_sorictl_errors(void)
{
	g_autofree gchar *data_dir = g_strdup(g_getenv("SORI_SAMPLE_DIR"));
	g_autofree gchar *museum = sample_path("dasol-museum.json");
	g_autofree gchar *tmp = g_dir_make_tmp("sori-labels-cli-XXXXXX", NULL);
	g_autofree gchar *broken = g_build_filename(tmp, "broken.json", NULL);
	g_autofree gchar *out = g_build_filename(tmp, "out", NULL);
	const gchar *sorictl = g_getenv("SORICTL");
	static const struct {
		const gchar *args[12];
		gint status;
		const gchar *message;
	} cases[] = {
		{ { "--help" }, 0, "--paper" },
		{ { "--venue", "dasol-museum", "--base-url", ORIGIN },
		  2,
		  "--base-url and --out are required" },
		{ { "--base-url", ORIGIN, "--out", "OUT" }, 2, "name the venue with --venue ID" },
		{ { "--venue", "dasol-museum", "MUSEUM", "--base-url", ORIGIN, "--out", "OUT" },
		  2,
		  "name the venue with --venue ID, or give one CATALOGUE file" },
		{ { "--venue", "Dasol Museum", "--base-url", ORIGIN, "--out", "OUT" },
		  2,
		  "--venue: not a venue's id" },
		{ { "MUSEUM", "--base-url", ORIGIN, "--out", "OUT", "--paper", "a5" },
		  2,
		  "--paper is a4 or a3" },
		{ { "MUSEUM", "--base-url", ORIGIN, "--out", "OUT", "--floor", "first" },
		  2,
		  "--floor is a whole number from -20 to 200" },
		{ { "MUSEUM", "--base-url", ORIGIN, "--out", "OUT", "--floor", "999" },
		  2,
		  "--floor is a whole number from -20 to 200" },
		{ { "MUSEUM", "--base-url", "ftp://guide.example.org", "--out", "OUT" },
		  2,
		  "the address must start with https://" },
		{ { "MUSEUM", "--base-url", ORIGIN, "--out", "OUT", "--lang", "fr" },
		  2,
		  "--lang: venue 'dasol-museum' speaks ko, en, not 'fr'" },
		{ { "MUSEUM", "--base-url", ORIGIN, "--out", "OUT", "--floor", "3" },
		  1,
		  "venue 'dasol-museum' has no printed codes on floor 3" },
		{ { "--venue", "nowhere", "--data-dir", "DATA", "--base-url", ORIGIN, "--out",
		    "OUT" },
		  1,
		  "there is no venue 'nowhere' in" },
		{ { "BROKEN", "--base-url", ORIGIN, "--out", "OUT" }, 1, "run 'sorictl validate" },
		{ { "MUSEUM", "--base-url", ORIGIN, "--out", "/proc/no/such/dir" },
		  1,
		  "cannot make /proc/no/such/dir" },
	};

	g_assert_true(g_file_set_contents(broken, "{\"format\": \"sori-catalogue/1\"}", -1, NULL));
	for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
		g_autoptr(GPtrArray) argv = g_ptr_array_new();
		g_autofree gchar *stdout_text = NULL;
		g_autofree gchar *stderr_text = NULL;
		g_autoptr(GError) error = NULL;
		gint status = 0;

		g_ptr_array_add(argv, (gpointer) sorictl);
		g_ptr_array_add(argv, "labels");
		for (guint a = 0; cases[i].args[a] != NULL; a++) {
			const gchar *arg = cases[i].args[a];
			if (g_str_equal(arg, "MUSEUM"))
				arg = museum;
			else if (g_str_equal(arg, "BROKEN"))
				arg = broken;
			else if (g_str_equal(arg, "OUT"))
				arg = out;
			else if (g_str_equal(arg, "DATA"))
				arg = data_dir;
			g_ptr_array_add(argv, (gpointer) arg);
		}
		g_ptr_array_add(argv, NULL);
		g_assert_true(g_spawn_sync(NULL, (gchar **) argv->pdata, NULL, G_SPAWN_DEFAULT,
					   NULL, NULL, &stdout_text, &stderr_text, &status,
					   &error));
		g_assert_no_error(error);
		g_test_message("case %u: %s%s", i, stdout_text, stderr_text);
		g_assert_true(WIFEXITED(status));
		g_assert_cmpint(WEXITSTATUS(status), ==, cases[i].status);
		g_assert_nonnull(
			strstr(cases[i].status == 0 ? stdout_text : stderr_text, cases[i].message));
		/* nothing is written when something is wrong */
		if (cases[i].status != 0)
			g_assert_false(g_file_test(out, G_FILE_TEST_EXISTS));
	}
	g_unlink(broken);
	g_rmdir(tmp);
}

int
main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/labels/marker-cells", test_marker_cells);
	g_test_add_func("/labels/sheets", test_sheets);
	g_test_add_func("/labels/sheet-errors", test_sheet_errors);
	g_test_add_func("/labels/sorictl-errors", test_sorictl_errors);
	g_test_add("/labels/read-back/libapriltag", ReadBack, NULL, read_back_setup,
		   test_read_back_apriltag, read_back_teardown);
	g_test_add("/labels/read-back/sori-detector", ReadBack, NULL, read_back_setup,
		   test_read_back_sori, read_back_teardown);
	return g_test_run();
}
