/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "sori-route.h"

G_BEGIN_DECLS

gboolean sori_offline_handle(gpointer store, const SoriHttpRequest *request,
			     const SoriRouteMatch *match, SoriHttpResponse *response);

G_END_DECLS
