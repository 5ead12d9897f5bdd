/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#pragma once

#include "sori-catalogue.h"

G_BEGIN_DECLS

/*
 * The printed codes' labels, as sheets of SVG to print at their exact size:
 * each code with its quiet zone, its number and name in large print and the
 * QR code of its page, a sheet per floor (and more when one is full). What
 * sorictl labels writes to files and the curators' console prints.
 */

typedef enum {
	SORI_PAPER_A4,
	SORI_PAPER_A3,
} SoriPaper;

/* the sheet's edge that no label crosses: most printers leave 3 to 5 mm unprinted */
#define SORI_LABELS_MARGIN_MM 10.0
/* between two labels, where the sheet is cut */
#define SORI_LABELS_GAP_MM 6.0
/* the QR code's side, its quiet zone included: read by a phone from 30 cm or so */
#define SORI_LABELS_QR_MM 30.0
/* the number and the name, in large print (12 mm is 34 pt, 7 mm 20 pt) */
#define SORI_LABELS_NUMBER_MM 12.0
#define SORI_LABELS_NAME_MM   7.0
/* a name longer than this many lines ends in an ellipsis */
#define SORI_LABELS_NAME_LINES 3

typedef struct {
	gboolean has_floor;
	gint floor;
	gchar *floor_name; /* nullable: the map's name of the floor, in the labels' language */
	guint page;        /* 1.. on its floor */
	guint n_pages;     /* on its floor */
	GArray *markers;   /* element-type guint: the codes on it, in order */
	gchar *svg;
} SoriLabelSheet;

void sori_label_sheet_free(SoriLabelSheet *sheet);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(SoriLabelSheet, sori_label_sheet_free)

gboolean sori_paper_from_string(const gchar *text, SoriPaper *paper);
const gchar *sori_paper_to_string(SoriPaper paper);
void sori_paper_get_size(SoriPaper paper, gdouble *width_mm, gdouble *height_mm);

gchar *sori_labels_marker_path(guint number);
GPtrArray *sori_labels_build_sheets(SoriCatalogue *catalogue, const gchar *origin, SoriPaper paper,
				    const gint *floor, const gchar *lang, GError **error);

G_END_DECLS
