/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Every fuzzer's start: a GLib critical or warning is a bug found (a
 * g_return_if_fail() a hostile input reached), so it aborts, as in the tests.
 */

#include "config.h"

#include <glib.h>

#include "fuzz.h"

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	g_log_set_always_fatal(G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
	return 0;
}
