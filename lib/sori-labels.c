/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The printed codes' labels: sheets of SVG in millimetres, to print at their
 * exact size, since the camera page works out a code's distance from its
 * printed size. Each label is the code (tagStandard41h12's 9 × 9 cells, one
 * rectangle a run of black cells, never a bitmap) with a cell of white all
 * round, then its number and the name of what it stands beside in large
 * print, and the QR code of that thing's page for sighted visitors. Labels
 * are laid out in rows with room to cut between them, a sheet per floor and
 * as many as a floor needs.
 */

#define G_LOG_DOMAIN "sori-labels"

#include "config.h"

#include <string.h>

#include "marker/sori-marker-family.h"
#include "sori-directions.h"
#include "sori-labels.h"
#include "sori-qr.h"

/* a label's inner margin, and between its text and its QR code */
#define LABEL_PAD_MM    3.0
#define LABEL_QR_GAP_MM 4.0
/* the narrowest text beside the QR code: about a dozen letters of a name a line */
#define LABEL_TEXT_MIN_MM 56.0
#define NAME_LINE_MM      (SORI_LABELS_NAME_MM * 1.2)
/* the band at the sheet's top saying what it is and how to print it */
#define HEADER_MM      9.0
#define HEADER_TEXT_MM 3.5
/* Korean fonts first: a name in Hangul must not fall back to boxes */
#define FONT_STACK                                                                                 \
	"'Noto Sans CJK KR', 'Noto Sans KR', 'NanumGothic', 'Nanum Gothic', "                      \
	"'Apple SD Gothic Neo', 'Malgun Gothic', 'DejaVu Sans', sans-serif"

void
sori_label_sheet_free(SoriLabelSheet *sheet)
{
	if (sheet == NULL)
		return;
	g_free(sheet->floor_name);
	g_clear_pointer(&sheet->markers, g_array_unref);
	g_free(sheet->svg);
	g_free(sheet);
}

gboolean
sori_paper_from_string(const gchar *text, SoriPaper *paper)
{
	if (g_strcmp0(text, "a4") == 0)
		*paper = SORI_PAPER_A4;
	else if (g_strcmp0(text, "a3") == 0)
		*paper = SORI_PAPER_A3;
	else
		return FALSE;
	return TRUE;
}

const gchar *
sori_paper_to_string(SoriPaper paper)
{
	switch (paper) {
	case SORI_PAPER_A4:
		return "a4";
	case SORI_PAPER_A3:
		return "a3";
	default:
		g_return_val_if_reached(NULL);
	}
}

/**
 * sori_paper_get_size:
 *
 * The sheet upright (portrait), in millimetres, as ISO 216 says.
 */
void
sori_paper_get_size(SoriPaper paper, gdouble *width_mm, gdouble *height_mm)
{
	switch (paper) {
	case SORI_PAPER_A3:
		*width_mm = 297;
		*height_mm = 420;
		return;
	case SORI_PAPER_A4:
	default:
		*width_mm = 210;
		*height_mm = 297;
		return;
	}
}

/* a length for SVG, in the C locale whatever the process's */
static const gchar *
sori_labels_mm(gchar buffer[G_ASCII_DTOSTR_BUF_SIZE], gdouble value)
{
	return g_ascii_formatd(buffer, G_ASCII_DTOSTR_BUF_SIZE, "%.3f", value);
}

/**
 * sori_labels_marker_path:
 * @number: a code of the family, 0..2114
 *
 * Returns: (transfer full): the code's black cells as an SVG path, in cells
 *	(the grid is 9 × 9, from 0 0), one rectangle a run of a row
 */
gchar *
sori_labels_marker_path(guint number)
{
	gboolean black[SORI_MARKER_FAMILY_GRID][SORI_MARKER_FAMILY_GRID] = { { FALSE } };
	GString *path = g_string_new(NULL);
	guint64 word;

	g_return_val_if_fail(number < SORI_MARKER_FAMILY_CODES, NULL);
	word = sori_marker_family_codes[number];
	/* ring 1, the square of cells 1..7, is black; ring 2 inside it white */
	for (guint i = 1; i <= 7; i++) {
		black[1][i] = black[7][i] = black[i][1] = black[i][7] = TRUE;
	}
	/* the data bits, most significant first: a bit set is a white cell */
	for (guint bit = 0; bit < SORI_MARKER_FAMILY_BITS; bit++) {
		guint x = sori_marker_family_bit_cells[bit][0];
		guint y = sori_marker_family_bit_cells[bit][1];
		black[y][x] = ((word >> (SORI_MARKER_FAMILY_BITS - 1 - bit)) & 1) == 0;
	}
	for (guint y = 0; y < SORI_MARKER_FAMILY_GRID; y++) {
		for (guint x = 0; x < SORI_MARKER_FAMILY_GRID;) {
			guint run = 0;
			if (!black[y][x]) {
				x++;
				continue;
			}
			while (x + run < SORI_MARKER_FAMILY_GRID && black[y][x + run])
				run++;
			g_string_append_printf(path, "M%u %uh%uv1h-%uz", x, y, run, run);
			x += run;
		}
	}
	return g_string_free(path, FALSE);
}

/* roughly how wide @text is at @font_mm in a bold sans: wide (Hangul, Han, kana)
 * characters are an em, others a little over half */
static gdouble
sori_labels_text_width(const gchar *text, gssize len, gdouble font_mm)
{
	gdouble em = 0;
	for (const gchar *p = text; *p != '\0' && (len < 0 || p < text + len);
	     p = g_utf8_next_char(p))
		em += g_unichar_iswide(g_utf8_get_char(p)) ? 1.0 : 0.62;
	return em * font_mm;
}

/* @name cut into lines of at most @width_mm, at spaces where it can be, at most
 * SORI_LABELS_NAME_LINES of them, the last ending in an ellipsis when it is cut short */
static GPtrArray *
sori_labels_wrap(const gchar *name, gdouble width_mm)
{
	GPtrArray *lines = g_ptr_array_new_with_free_func(g_free);
	const gchar *p = name;

	while (*p != '\0') {
		const gchar *end = p;
		const gchar *last_space = NULL;
		while (*p == ' ')
			p++;
		end = p;
		while (*end != '\0') {
			const gchar *next = g_utf8_next_char(end);
			if (sori_labels_text_width(p, next - p, SORI_LABELS_NAME_MM) > width_mm)
				break;
			if (*end == ' ')
				last_space = end;
			end = next;
		}
		if (*end != '\0' && last_space != NULL && last_space > p)
			end = last_space;
		/* not even one character fits: take one anyway */
		if (end == p)
			end = g_utf8_next_char(p);
		if (lines->len + 1 == SORI_LABELS_NAME_LINES && *end != '\0') {
			/* the last line: as much as fits with the ellipsis */
			const gchar *cut = p;
			while (*cut != '\0') {
				const gchar *next = g_utf8_next_char(cut);
				if (sori_labels_text_width(p, next - p, SORI_LABELS_NAME_MM)
					    + 0.62 * SORI_LABELS_NAME_MM
				    > width_mm)
					break;
				cut = next;
			}
			g_ptr_array_add(lines, g_strdup_printf("%.*s…", (gint) (cut - p), p));
			break;
		}
		g_ptr_array_add(lines, g_strndup(p, end - p));
		p = end;
	}
	return lines;
}

typedef struct {
	const SoriMarkerCode *code;
	const gchar *name;
	GPtrArray *lines;
	gchar *href;
	gdouble width;
	gdouble height;
	gdouble x;
	gdouble y;
} SoriLabel;

static void
sori_label_clear(SoriLabel *label)
{
	g_clear_pointer(&label->lines, g_ptr_array_unref);
	g_clear_pointer(&label->href, g_free);
}

/* the visitors' page a code opens, as sorid's /markers view says it, from @origin */
static gchar *
sori_labels_href(SoriCatalogue *catalogue, const gchar *origin, const SoriMarkerCode *code)
{
	g_autofree gchar *path = sori_marker_code_get_href(catalogue, code);
	return g_strconcat(origin, path, NULL);
}

/* a label's size: the code with a cell of white all round, the text and QR code below */
static void
sori_labels_measure(SoriLabel *label)
{
	gdouble size = label->code->size_mm;
	gdouble code_box = size * 11.0 / 9.0;
	gdouble text_width;
	gdouble text_height;

	label->width = MAX(code_box, 2 * LABEL_PAD_MM + SORI_LABELS_QR_MM + LABEL_QR_GAP_MM
					     + LABEL_TEXT_MIN_MM);
	text_width = label->width - 2 * LABEL_PAD_MM - SORI_LABELS_QR_MM - LABEL_QR_GAP_MM;
	label->lines = sori_labels_wrap(label->name, text_width);
	text_height = SORI_LABELS_NUMBER_MM + 2 + label->lines->len * NAME_LINE_MM;
	label->height = code_box + 2 * LABEL_PAD_MM + MAX(text_height, SORI_LABELS_QR_MM);
}

static void
sori_labels_append_text(GString *svg, gdouble x, gdouble y, gdouble font_mm, const gchar *weight,
			const gchar *fill, const gchar *text)
{
	gchar bx[G_ASCII_DTOSTR_BUF_SIZE];
	gchar by[G_ASCII_DTOSTR_BUF_SIZE];
	gchar bf[G_ASCII_DTOSTR_BUF_SIZE];
	g_autofree gchar *escaped = g_markup_escape_text(text, -1);

	g_string_append_printf(svg,
			       "<text x=\"%s\" y=\"%s\" font-size=\"%s\" font-weight=\"%s\" "
			       "fill=\"%s\">%s</text>\n",
			       sori_labels_mm(bx, x), sori_labels_mm(by, y),
			       sori_labels_mm(bf, font_mm), weight, fill, escaped);
}

static gboolean
sori_labels_append_label(GString *svg, const SoriLabel *label, GError **error)
{
	gdouble size = label->code->size_mm;
	gdouble cell = size / 9.0;
	gdouble code_box = size * 11.0 / 9.0;
	gdouble text_top = code_box + LABEL_PAD_MM;
	gchar b1[G_ASCII_DTOSTR_BUF_SIZE];
	gchar b2[G_ASCII_DTOSTR_BUF_SIZE];
	gchar b3[G_ASCII_DTOSTR_BUF_SIZE];
	gchar b4[G_ASCII_DTOSTR_BUF_SIZE];
	g_autofree gchar *marker = sori_labels_marker_path(label->code->number);
	g_autofree gchar *number = g_strdup_printf("%u", label->code->number);
	g_autofree gchar *qr = NULL;
	guint qr_side = 0;

	qr = sori_qr_path(label->href, QR_ECLEVEL_Q, &qr_side, error);
	if (qr == NULL)
		return FALSE;
	g_string_append_printf(svg, "<g id=\"marker-%u\" transform=\"translate(%s %s)\">\n",
			       label->code->number, sori_labels_mm(b1, label->x),
			       sori_labels_mm(b2, label->y));
	/* where to cut: outside the quiet zone, a dashed grey line the camera ignores */
	g_string_append_printf(svg,
			       "<rect class=\"cut\" width=\"%s\" height=\"%s\" fill=\"#fff\" "
			       "stroke=\"#aaa\" stroke-width=\"0.2\" stroke-dasharray=\"2 2\"/>\n",
			       sori_labels_mm(b1, label->width), sori_labels_mm(b2, label->height));
	/* the code, at its size exactly, centred, a cell of white above and beside it; one
	 * path, so that no seam shows where two runs meet when it is drawn smooth */
	g_string_append_printf(svg,
			       "<svg class=\"marker\" x=\"%s\" y=\"%s\" width=\"%s\" height=\"%s\" "
			       "viewBox=\"0 0 9 9\">"
			       "<path fill=\"#000\" d=\"%s\"/></svg>\n",
			       sori_labels_mm(b1, (label->width - size) / 2),
			       sori_labels_mm(b2, cell), sori_labels_mm(b3, size),
			       sori_labels_mm(b4, size), marker);
	sori_labels_append_text(svg, LABEL_PAD_MM, text_top + SORI_LABELS_NUMBER_MM * 0.85,
				SORI_LABELS_NUMBER_MM, "bold", "#000", number);
	for (guint i = 0; i < label->lines->len; i++)
		sori_labels_append_text(
			svg, LABEL_PAD_MM,
			text_top + SORI_LABELS_NUMBER_MM + 2 + (i + 0.8) * NAME_LINE_MM,
			SORI_LABELS_NAME_MM, "bold", "#000", g_ptr_array_index(label->lines, i));
	g_string_append_printf(svg,
			       "<svg class=\"qr\" x=\"%s\" y=\"%s\" width=\"%s\" height=\"%s\" "
			       "viewBox=\"0 0 %u %u\" shape-rendering=\"crispEdges\">"
			       "<path fill=\"#000\" d=\"%s\"/></svg>\n</g>\n",
			       sori_labels_mm(b1, label->width - LABEL_PAD_MM - SORI_LABELS_QR_MM),
			       sori_labels_mm(b2, text_top), sori_labels_mm(b3, SORI_LABELS_QR_MM),
			       sori_labels_mm(b4, SORI_LABELS_QR_MM), qr_side, qr_side, qr);
	return TRUE;
}

typedef struct {
	GPtrArray *labels; /* element-type SoriLabel*, borrowed */
} SoriLabelPage;

static gchar *
sori_labels_floor_title(SoriCatalogue *catalogue, gboolean has_floor, gint floor, const gchar *lang,
			gchar **floor_name)
{
	SoriMap *map = sori_catalogue_get_map(catalogue);
	const SoriFloor *f = map != NULL && has_floor ? sori_map_lookup_floor(map, floor) : NULL;
	const gchar *name = f != NULL ? sori_directions_pick_text(
				    f->name, lang, sori_catalogue_get_default_language(catalogue))
				      : NULL;

	*floor_name = g_strdup(name);
	if (!has_floor)
		return g_strdup("no floor");
	if (name != NULL)
		return g_strdup_printf("floor %d (%s)", floor, name);
	return g_strdup_printf("floor %d", floor);
}

static gchar *
sori_labels_render_sheet(SoriCatalogue *catalogue, SoriPaper paper, const gchar *floor_title,
			 guint page, guint n_pages, GPtrArray *labels, GError **error)
{
	g_autoptr(GString) svg = g_string_new(NULL);
	g_autofree gchar *title = NULL;
	g_autofree gchar *escaped = NULL;
	gdouble width;
	gdouble height;
	gchar b1[G_ASCII_DTOSTR_BUF_SIZE];
	gchar b2[G_ASCII_DTOSTR_BUF_SIZE];

	sori_paper_get_size(paper, &width, &height);
	title = g_strdup_printf("%s: printed codes, %s, sheet %u of %u (%s)",
				sori_catalogue_get_id(catalogue), floor_title, page, n_pages,
				paper == SORI_PAPER_A4 ? "A4" : "A3");
	escaped = g_markup_escape_text(title, -1);
	g_string_append_printf(svg,
			       "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
			       "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" "
			       "width=\"%smm\" height=\"%smm\" viewBox=\"0 0 %s %s\" role=\"img\" "
			       "font-family=\"" FONT_STACK "\">\n<title>%s</title>\n"
			       "<rect width=\"%s\" height=\"%s\" fill=\"#fff\"/>\n",
			       sori_labels_mm(b1, width), sori_labels_mm(b2, height), b1, b2,
			       escaped, b1, b2);
	/* for whoever prints it: what it is, that its size matters, and a ruler to check it by */
	sori_labels_append_text(svg, SORI_LABELS_MARGIN_MM, SORI_LABELS_MARGIN_MM, HEADER_TEXT_MM,
				"normal", "#444", title);
	sori_labels_append_text(svg, SORI_LABELS_MARGIN_MM + 54,
				SORI_LABELS_MARGIN_MM + HEADER_TEXT_MM + 1.5, HEADER_TEXT_MM * 0.8,
				"normal", "#444",
				"Print at actual size (100 %), no scaling: this bar is 50 mm.");
	g_string_append_printf(svg,
			       "<rect class=\"ruler\" x=\"%s\" y=\"%s\" width=\"50\" height=\"1\" "
			       "fill=\"#444\"/>\n",
			       sori_labels_mm(b1, SORI_LABELS_MARGIN_MM),
			       sori_labels_mm(b2, SORI_LABELS_MARGIN_MM + HEADER_TEXT_MM));
	for (guint i = 0; i < labels->len; i++) {
		if (!sori_labels_append_label(svg, g_ptr_array_index(labels, i), error))
			return NULL;
	}
	g_string_append(svg, "</svg>\n");
	return g_string_free(g_steal_pointer(&svg), FALSE);
}

static gint
sori_labels_compare_floor_cb(gconstpointer a, gconstpointer b)
{
	const SoriMarkerCode *x = *(const SoriMarkerCode *const *) a;
	const SoriMarkerCode *y = *(const SoriMarkerCode *const *) b;
	/* floors upward, the codes with no floor last, then by number */
	if (x->has_floor != y->has_floor)
		return x->has_floor ? -1 : 1;
	if (x->has_floor && x->floor != y->floor)
		return x->floor < y->floor ? -1 : 1;
	return x->number < y->number ? -1 : x->number > y->number ? 1 : 0;
}

/* the sheets of one floor's labels, rows filled left to right, sheets top to bottom */
static gboolean
sori_labels_lay_out(GPtrArray *labels, SoriPaper paper, GPtrArray *pages, GError **error)
{
	gdouble width;
	gdouble height;
	gdouble left = SORI_LABELS_MARGIN_MM;
	gdouble top = SORI_LABELS_MARGIN_MM + HEADER_MM;
	gdouble right;
	gdouble bottom;
	gdouble x = left;
	gdouble y = top;
	gdouble row_height = 0;
	GPtrArray *page = NULL;

	sori_paper_get_size(paper, &width, &height);
	right = width - SORI_LABELS_MARGIN_MM;
	bottom = height - SORI_LABELS_MARGIN_MM;
	for (guint i = 0; i < labels->len; i++) {
		SoriLabel *label = g_ptr_array_index(labels, i);
		if (label->width > right - left || label->height > bottom - top) {
			g_set_error(error, SORI_LABELS_ERROR, SORI_LABELS_ERROR_TOO_LARGE,
				    "code %u is printed %u mm wide, %.0f × %.0f mm with its quiet "
				    "zone and text: more than fits on %s inside its margins%s",
				    label->code->number, label->code->size_mm, label->width,
				    label->height, paper == SORI_PAPER_A4 ? "A4" : "A3",
				    paper == SORI_PAPER_A4 ? "; print it on A3" : "");
			return FALSE;
		}
		if (page != NULL && x + label->width > right) {
			x = left;
			y += row_height + SORI_LABELS_GAP_MM;
			row_height = 0;
		}
		if (page == NULL || y + label->height > bottom) {
			page = g_ptr_array_new();
			g_ptr_array_add(pages, page);
			x = left;
			y = top;
			row_height = 0;
		}
		label->x = x;
		label->y = y;
		g_ptr_array_add(page, label);
		x += label->width + SORI_LABELS_GAP_MM;
		row_height = MAX(row_height, label->height);
	}
	return TRUE;
}

/**
 * sori_labels_build_sheets:
 * @catalogue: a venue's catalogue
 * @origin: where visitors' phones reach sorid, as sori_qr_parse_base_url() gives it
 * @paper: the sheets' size
 * @floor: (nullable): only the codes of this floor
 * @lang: the language of the names, one of the venue's
 *
 * Returns: (transfer full) (element-type SoriLabelSheet): the sheets, floor by
 *	floor upward, the codes with no floor last; %NULL with @error set when the
 *	venue has no codes (on @floor), or one is too large for @paper
 */
GPtrArray *
sori_labels_build_sheets(SoriCatalogue *catalogue, const gchar *origin, SoriPaper paper,
			 const gint *floor, const gchar *lang, GError **error)
{
	GPtrArray *markers = sori_catalogue_get_markers(catalogue);
	g_autoptr(GPtrArray) codes = g_ptr_array_new();
	g_autoptr(GPtrArray) sheets
		= g_ptr_array_new_with_free_func((GDestroyNotify) sori_label_sheet_free);
	g_autoptr(GArray) labels = g_array_new(FALSE, TRUE, sizeof(SoriLabel));

	g_return_val_if_fail(origin != NULL, NULL);
	g_return_val_if_fail(lang != NULL, NULL);

	g_array_set_clear_func(labels, (GDestroyNotify) sori_label_clear);
	for (guint i = 0; i < markers->len; i++) {
		const SoriMarkerCode *code = g_ptr_array_index(markers, i);
		if (floor == NULL || (code->has_floor && code->floor == *floor))
			g_ptr_array_add(codes, (gpointer) code);
	}
	if (markers->len == 0) {
		g_set_error(error, SORI_LABELS_ERROR, SORI_LABELS_ERROR_NO_CODES,
			    "venue '%s' has no printed codes: bind them in its catalogue's "
			    "/markers",
			    sori_catalogue_get_id(catalogue));
		return NULL;
	}
	if (codes->len == 0) {
		g_set_error(error, SORI_LABELS_ERROR, SORI_LABELS_ERROR_NO_CODES,
			    "venue '%s' has no printed codes on floor %d",
			    sori_catalogue_get_id(catalogue), *floor);
		return NULL;
	}
	g_ptr_array_sort(codes, sori_labels_compare_floor_cb);
	g_array_set_size(labels, codes->len);
	for (guint i = 0; i < codes->len; i++) {
		SoriLabel *label = &g_array_index(labels, SoriLabel, i);
		label->code = g_ptr_array_index(codes, i);
		/* an exhibit's title or a gallery's name: the catalogue's one fallback */
		label->name = sori_catalogue_pick_text(catalogue, label->code->name, lang, NULL);
		if (label->name == NULL)
			label->name = label->code->id;
		label->href = sori_labels_href(catalogue, origin, label->code);
		sori_labels_measure(label);
	}
	/* floor by floor: a run of codes of one floor makes that floor's sheets */
	for (guint start = 0; start < codes->len;) {
		const SoriMarkerCode *first = g_ptr_array_index(codes, start);
		g_autoptr(GPtrArray) floor_labels = g_ptr_array_new();
		g_autoptr(GPtrArray) pages
			= g_ptr_array_new_with_free_func((GDestroyNotify) g_ptr_array_unref);
		g_autofree gchar *floor_title = NULL;
		g_autofree gchar *floor_name = NULL;
		guint end = start;

		while (end < codes->len) {
			const SoriMarkerCode *code = g_ptr_array_index(codes, end);
			if (code->has_floor != first->has_floor
			    || (code->has_floor && code->floor != first->floor))
				break;
			g_ptr_array_add(floor_labels, &g_array_index(labels, SoriLabel, end));
			end++;
		}
		if (!sori_labels_lay_out(floor_labels, paper, pages, error))
			return NULL;
		floor_title = sori_labels_floor_title(catalogue, first->has_floor, first->floor,
						      lang, &floor_name);
		for (guint p = 0; p < pages->len; p++) {
			GPtrArray *page = g_ptr_array_index(pages, p);
			g_autoptr(SoriLabelSheet) sheet = g_new0(SoriLabelSheet, 1);
			sheet->has_floor = first->has_floor;
			sheet->floor = first->floor;
			sheet->floor_name = g_strdup(floor_name);
			sheet->page = p + 1;
			sheet->n_pages = pages->len;
			sheet->markers = g_array_sized_new(FALSE, FALSE, sizeof(guint), page->len);
			for (guint l = 0; l < page->len; l++) {
				const SoriLabel *label = g_ptr_array_index(page, l);
				g_array_append_val(sheet->markers, label->code->number);
			}
			sheet->svg = sori_labels_render_sheet(catalogue, paper, floor_title, p + 1,
							      pages->len, page, error);
			if (sheet->svg == NULL)
				return NULL;
			g_ptr_array_add(sheets, g_steal_pointer(&sheet));
		}
		start = end;
	}
	return g_steal_pointer(&sheets);
}
