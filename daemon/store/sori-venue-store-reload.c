/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The files store's reloads, at start-up and on SIGHUP: only the catalogues
 * whose files changed are read again, and they are parsed and checked in
 * worker threads (one a core at start-up, one fewer later, at most four; a
 * venue a visitor asks for first), each venue swapped in whole on the main
 * loop as soon as it is ready. A visitor's request never waits for a load, however many venues
 * a city has; a venue not read yet is "loading", not unknown.
 */

#define G_LOG_DOMAIN "sori-store"

#include "config.h"

#include <glib/gstdio.h>

#include <string.h>

#include "sori-background.h"
#include "sori-venue-store-private.h"

/* one catalogue file to read */
typedef struct {
	gchar *stem;
	gchar *path;
	SoriFileStamp stamp;
	gboolean taken; /* a worker reads it, under the pass's lock */
} SoriVenueFile;

/* what the worker thread made of one file */
typedef struct {
	SoriVenueFile *file;
	SoriCatalogue *catalogue; /* nullable: it did not load */
	GPtrArray *messages;      /* gchar*: why not */
} SoriVenueRead;

/* the most worker threads a pass reads with, whatever the machine */
#define SORI_VENUE_PASS_WORKERS_MAX 4

/* one pass over the data directory */
struct _SoriVenuePass {
	SoriVenueStore *store;
	GPtrArray *files;    /* SoriVenueFile, to read in the workers, by id */
	GHashTable *by_stem; /* gchar* → SoriVenueFile, borrowed from @files */
	GMutex lock;         /* guards @next, @urgent and each file's taken */
	guint next;          /* the next file of @files to read, in order */
	GQueue urgent;       /* gchar*: venues a visitor asked for, read first */
	gint running;        /* workers still reading */
	GAsyncQueue *read;   /* SoriVenueRead, from the workers to the main loop */
	GPtrArray *messages; /* gchar*: this pass's failures, for the log */
	GPtrArray *tasks;    /* GTask: the callers this pass answers */
	GMainContext *context;
	gboolean summaries; /* venues may start idle from their kept summaries */
};

static void
sori_venue_file_free(SoriVenueFile *file)
{
	g_free(file->stem);
	g_free(file->path);
	g_free(file);
}

static void
sori_venue_read_free(SoriVenueRead *read)
{
	g_clear_pointer(&read->catalogue, sori_catalogue_unref);
	g_ptr_array_unref(read->messages);
	g_free(read);
}

static void
sori_venue_pass_free(SoriVenuePass *pass)
{
	g_object_unref(pass->store);
	g_hash_table_unref(pass->by_stem);
	g_ptr_array_unref(pass->files);
	g_queue_clear_full(&pass->urgent, g_free);
	g_mutex_clear(&pass->lock);
	g_async_queue_unref(pass->read);
	g_ptr_array_unref(pass->messages);
	g_ptr_array_unref(pass->tasks);
	g_main_context_unref(pass->context);
	g_free(pass);
}

/**
 * sori_file_stamp_read:
 * @path: a file
 * @stamp: (out): what identifies its content without reading it
 *
 * Returns: %FALSE when there is no such file
 */
gboolean
sori_file_stamp_read(const gchar *path, SoriFileStamp *stamp)
{
	GStatBuf st;

	/* a link to nowhere is a file all the same: reading it says why it fails */
	if (g_stat(path, &st) != 0 && g_lstat(path, &st) != 0)
		return FALSE;
	stamp->mtime_ns
		= (gint64) st.st_mtim.tv_sec * G_GINT64_CONSTANT(1000000000) + st.st_mtim.tv_nsec;
	stamp->ctime_ns
		= (gint64) st.st_ctim.tv_sec * G_GINT64_CONSTANT(1000000000) + st.st_ctim.tv_nsec;
	stamp->size = (guint64) st.st_size;
	stamp->inode = (guint64) st.st_ino;
	return TRUE;
}

static gboolean
sori_file_stamp_equal(const SoriFileStamp *a, const SoriFileStamp *b)
{
	return a->mtime_ns == b->mtime_ns && a->ctime_ns == b->ctime_ns && a->size == b->size
	       && a->inode == b->inode;
}

/* one read venue into the store: served, or failed with its reasons */
static void
sori_venue_pass_apply(SoriVenuePass *pass, SoriVenueRead *read)
{
	SoriVenueStore *self = pass->store;
	const gchar *stem = read->file->stem;
	SoriFileStamp now;

	g_hash_table_remove(self->loading, stem);
	/* changed again since the thread read it (a curator's publish, which is
	 * live already, or an edit the next reload reads): this read is stale */
	if (!sori_file_stamp_read(read->file->path, &now)
	    || !sori_file_stamp_equal(&now, &read->file->stamp))
		return;
	g_hash_table_replace(self->stamps, g_strdup(stem),
			     g_memdup2(&read->file->stamp, sizeof(SoriFileStamp)));
	if (read->catalogue != NULL) {
		SoriVenueSnapshot *previous = g_hash_table_lookup(self->venues, stem);
		if (previous != NULL
		    && g_strcmp0(sori_catalogue_get_digest(previous->catalogue),
				 sori_catalogue_get_digest(read->catalogue))
			       == 0)
			return;
		if (sori_catalogue_is_summary(read->catalogue))
			g_debug("venue %s idle from its kept summary, revision %.12s", stem,
				sori_catalogue_get_digest(read->catalogue));
		else
			g_debug("venue %s loaded: %u exhibits, revision %.12s", stem,
				sori_catalogue_get_exhibits(read->catalogue)->len,
				sori_catalogue_get_digest(read->catalogue));
		sori_venue_store_swap(
			self, stem,
			sori_venue_snapshot_new(read->catalogue,
						read->file->stamp.mtime_ns
							/ G_GINT64_CONSTANT(1000000000)));
		sori_venue_store_mark_counting_one(self, read->catalogue);
		return;
	}
	/* a venue whose catalogue does not load is not served at all, never half */
	sori_venue_store_swap(self, stem, NULL);
	g_ptr_array_add(self->failed, g_strdup(stem));
	for (guint i = 0; i < read->messages->len; i++)
		g_ptr_array_add(pass->messages, g_strdup(g_ptr_array_index(read->messages, i)));
}

/* what the thread has read so far, into the store */
static void
sori_venue_pass_drain(SoriVenuePass *pass)
{
	SoriVenueRead *read;

	while ((read = g_async_queue_try_pop(pass->read)) != NULL) {
		sori_venue_pass_apply(pass, read);
		sori_venue_read_free(read);
	}
}

static gboolean
sori_venue_pass_drain_cb(gpointer user_data)
{
	sori_venue_pass_drain(g_task_get_task_data(G_TASK(user_data)));
	return G_SOURCE_REMOVE;
}

/* parses and checks one catalogue, as sori_venue_store_load() does; at
 * start-up, a venue whose file did not change since its summary was kept
 * starts idle from it, unparsed */
static SoriVenueRead *
sori_venue_read_file(SoriVenuePass *pass, SoriVenueFile *file)
{
	SoriVenueRead *read = g_new0(SoriVenueRead, 1);
	const gchar *data_dir = pass->store->data_dir;
	g_autoptr(GPtrArray) problems = NULL;
	g_autoptr(GError) error = NULL;

	read->file = file;
	read->messages = g_ptr_array_new_with_free_func(g_free);
	if (pass->summaries) {
		read->catalogue = sori_venue_cache_read(data_dir, file->stem, &file->stamp);
		if (read->catalogue != NULL)
			return read;
	}
	read->catalogue = sori_catalogue_new_from_file(file->path, &problems, &error);
	if (read->catalogue != NULL
	    && g_strcmp0(sori_catalogue_get_id(read->catalogue), file->stem) == 0)
		sori_venue_cache_write(data_dir, file->stem, &file->stamp, read->catalogue);
	if (read->catalogue == NULL) {
		for (guint j = 0; problems != NULL && j < problems->len; j++) {
			SoriCatalogueProblem *problem = g_ptr_array_index(problems, j);
			g_ptr_array_add(read->messages,
					g_strdup_printf("venue %s: %s: %s", file->stem,
							problem->pointer, problem->reason));
		}
		g_ptr_array_add(read->messages, g_strdup_printf("venue %s not served: %s",
								file->stem, error->message));
	} else if (g_strcmp0(sori_catalogue_get_id(read->catalogue), file->stem) != 0) {
		g_ptr_array_add(read->messages,
				g_strdup_printf("venue %s not served: its /venue/id is '%s'; "
						"the file must be named %s.json",
						file->stem, sori_catalogue_get_id(read->catalogue),
						sori_catalogue_get_id(read->catalogue)));
		g_clear_pointer(&read->catalogue, sori_catalogue_unref);
	}
	return read;
}

/* the next file to read: one a visitor asked for, else the next in order */
static SoriVenueFile *
sori_venue_pass_take(SoriVenuePass *pass)
{
	g_autoptr(GMutexLocker) locker = g_mutex_locker_new(&pass->lock);
	gchar *stem;

	while ((stem = g_queue_pop_head(&pass->urgent)) != NULL) {
		SoriVenueFile *file = g_hash_table_lookup(pass->by_stem, stem);
		g_free(stem);
		if (file != NULL && !file->taken) {
			file->taken = TRUE;
			return file;
		}
	}
	while (pass->next < pass->files->len) {
		SoriVenueFile *file = g_ptr_array_index(pass->files, pass->next++);
		if (!file->taken) {
			file->taken = TRUE;
			return file;
		}
	}
	return NULL;
}

/* one worker: reads files until none is left; the last one to finish ends the pass */
static gpointer
sori_venue_pass_worker(gpointer user_data)
{
	GTask *task = user_data;
	SoriVenuePass *pass = g_task_get_task_data(task);
	SoriVenueFile *file;

	/* a reload is background work: the main loop answers visitors meanwhile */
	sori_background_lower_priority();
	while ((file = sori_venue_pass_take(pass)) != NULL) {
		g_async_queue_push(pass->read, sori_venue_read_file(pass, file));
		/* each venue is served as soon as it is ready, not when all are */
		g_main_context_invoke_full(pass->context, G_PRIORITY_DEFAULT,
					   sori_venue_pass_drain_cb, g_object_ref(task),
					   g_object_unref);
	}
	if (g_atomic_int_dec_and_test(&pass->running))
		g_task_return_boolean(task, TRUE);
	g_object_unref(task);
	return NULL;
}

/* @id, still loading, is read next: a visitor is asking for it */
void
sori_venue_pass_hurry(SoriVenuePass *pass, const gchar *id)
{
	g_autoptr(GMutexLocker) locker = g_mutex_locker_new(&pass->lock);
	SoriVenueFile *file = g_hash_table_lookup(pass->by_stem, id);

	if (file == NULL || file->taken)
		return;
	/* a venue asked for many times is queued once: the queue stays bounded by the files */
	if (g_queue_find_custom(&pass->urgent, id, (GCompareFunc) g_strcmp0) == NULL)
		g_queue_push_tail(&pass->urgent, g_strdup(id));
}

static void sori_venue_store_start_pass(SoriVenueStore *self, GPtrArray *tasks);

static void
sori_venue_pass_done_cb(GObject *source, GAsyncResult *result, gpointer user_data)
{
	SoriVenuePass *pass = g_task_get_task_data(G_TASK(result));
	SoriVenueStore *self = pass->store;
	GHashTableIter iter;
	gpointer key;

	/* whatever the thread read that the main loop has not applied yet */
	sori_venue_pass_drain(pass);
	g_hash_table_iter_init(&iter, self->loading);
	while (g_hash_table_iter_next(&iter, &key, NULL))
		g_warning("venue %s: still loading after its reload, ignoring", (gchar *) key);
	g_hash_table_remove_all(self->loading);
	g_ptr_array_unref(self->failure_messages);
	self->failure_messages = g_ptr_array_ref(pass->messages);
	self->reloading = FALSE;
	self->ready = TRUE;
	self->pass = NULL;
	for (guint i = 0; i < pass->tasks->len; i++)
		g_task_return_boolean(g_ptr_array_index(pass->tasks, i), TRUE);
	/* reloads asked for meanwhile: one more pass answers them all */
	if (self->waiting->len > 0) {
		g_autoptr(GPtrArray) waiting = g_steal_pointer(&self->waiting);
		self->waiting = g_ptr_array_new_with_free_func(g_object_unref);
		sori_venue_store_start_pass(self, waiting);
	}
}

static gint
sori_venue_store_compare_files(gconstpointer a, gconstpointer b)
{
	return g_strcmp0((*(SoriVenueFile *const *) a)->stem, (*(SoriVenueFile *const *) b)->stem);
}

/* the files whose stamp changed; venues whose file went are no longer served */
static gboolean
sori_venue_store_list_changes(SoriVenueStore *self, GPtrArray *files, GError **error)
{
	g_autoptr(GDir) dir = g_dir_open(self->data_dir, 0, error);
	g_autoptr(GHashTable) present
		= g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
	g_autoptr(GPtrArray) gone = g_ptr_array_new_with_free_func(g_free);
	GHashTableIter iter;
	gpointer key;
	const gchar *name;

	if (dir == NULL) {
		g_prefix_error(error, "reading the data directory: ");
		return FALSE;
	}
	while ((name = g_dir_read_name(dir)) != NULL) {
		SoriVenueFile *file;
		const SoriFileStamp *known;

		if (!g_str_has_suffix(name, ".json") || name[0] == '.')
			continue;
		file = g_new0(SoriVenueFile, 1);
		file->stem = g_strndup(name, strlen(name) - strlen(".json"));
		file->path = g_build_filename(self->data_dir, name, NULL);
		if (!sori_file_stamp_read(file->path, &file->stamp)) {
			sori_venue_file_free(file);
			continue;
		}
		g_hash_table_add(present, g_strdup(file->stem));
		known = g_hash_table_lookup(self->stamps, file->stem);
		if (known != NULL && sori_file_stamp_equal(known, &file->stamp)) {
			sori_venue_file_free(file);
			continue;
		}
		/* never served yet: "loading" until it is read */
		if (!g_hash_table_contains(self->venues, file->stem)
		    && !sori_venue_store_is_failed(self, file->stem))
			g_hash_table_add(self->loading, g_strdup(file->stem));
		g_ptr_array_add(files, file);
	}
	g_ptr_array_sort(files, sori_venue_store_compare_files);
	g_hash_table_iter_init(&iter, self->stamps);
	while (g_hash_table_iter_next(&iter, &key, NULL)) {
		if (!g_hash_table_contains(present, key))
			g_ptr_array_add(gone, g_strdup(key));
	}
	for (guint i = 0; i < gone->len; i++) {
		const gchar *id = g_ptr_array_index(gone, i);
		g_message("venue %s: its catalogue file is gone, no longer served", id);
		g_hash_table_remove(self->stamps, id);
		sori_venue_cache_forget(self->data_dir, id);
		sori_venue_store_swap(self, id, NULL);
	}
	return TRUE;
}

static void
sori_venue_store_start_pass(SoriVenueStore *self, GPtrArray *tasks)
{
	g_autoptr(GError) error = NULL;
	g_autoptr(GTask) task = g_task_new(NULL, NULL, sori_venue_pass_done_cb, NULL);
	SoriVenuePass *pass = g_new0(SoriVenuePass, 1);
	guint workers;

	pass->store = g_object_ref(self);
	pass->files = g_ptr_array_new_with_free_func((GDestroyNotify) sori_venue_file_free);
	pass->by_stem = g_hash_table_new(g_str_hash, g_str_equal);
	g_mutex_init(&pass->lock);
	g_queue_init(&pass->urgent);
	pass->read = g_async_queue_new();
	pass->messages = g_ptr_array_new_with_free_func(g_free);
	pass->tasks = g_ptr_array_ref(tasks);
	pass->context = g_main_context_ref_thread_default();
	/* with no memory budget every venue is kept whole, parsed at once */
	pass->summaries = self->memory_budget != 0;
	g_task_set_task_data(task, pass, (GDestroyNotify) sori_venue_pass_free);
	if (!sori_venue_store_list_changes(self, pass->files, &error)) {
		/* what was served goes on being served */
		for (guint i = 0; i < tasks->len; i++)
			g_task_return_error(g_ptr_array_index(tasks, i), g_error_copy(error));
		self->ready = TRUE;
		self->reloading = FALSE;
		return;
	}
	for (guint i = 0; i < pass->files->len; i++) {
		SoriVenueFile *file = g_ptr_array_index(pass->files, i);
		g_hash_table_insert(pass->by_stem, file->stem, file);
	}
	self->reloading = TRUE;
	self->pass = pass;
	/* every core at start-up; once venues are served, one core is left to the
	 * main loop, which answers their visitors */
	workers = g_get_num_processors();
	if (self->ready && workers > 1)
		workers--;
	workers = MIN(MIN(workers, SORI_VENUE_PASS_WORKERS_MAX), pass->files->len);
	if (workers == 0) {
		g_task_return_boolean(task, TRUE);
		return;
	}
	pass->running = (gint) workers;
	for (guint i = 0; i < workers; i++) {
		g_autoptr(GError) error_thread = NULL;
		GThread *thread = g_thread_try_new("sori-venues", sori_venue_pass_worker,
						   g_object_ref(task), &error_thread);
		if (thread == NULL) {
			/* the workers already started read every file all the same */
			g_warning("starting a worker to read the venues: %s",
				  error_thread->message);
			g_object_unref(task);
			if (g_atomic_int_dec_and_test(&pass->running))
				g_task_return_boolean(task, TRUE);
			continue;
		}
		g_thread_unref(thread);
	}
}

/**
 * sori_venue_store_reload_async:
 *
 * Reads again, in a worker thread, the catalogues of the data directory
 * whose files changed since they were last read (all of them the first
 * time): a changed venue is swapped in whole when it is ready, a broken one
 * stops being served, one whose file went is served no more. Venues read for
 * the first time are "loading" meanwhile (sori_venue_store_is_loading()).
 * A reload asked for while one runs is answered by one more pass after it.
 * A node on PostgreSQL reads its changed catalogues as sori_venue_store_load() does.
 */
void
sori_venue_store_reload_async(SoriVenueStore *self, GCancellable *cancellable,
			      GAsyncReadyCallback callback, gpointer user_data)
{
	g_autoptr(GTask) task = g_task_new(self, cancellable, callback, user_data);
	g_autoptr(GPtrArray) tasks = NULL;

	g_task_set_source_tag(task, sori_venue_store_reload_async);
	if (self->database != NULL) {
		g_autoptr(GError) error = NULL;
		if (!sori_venue_store_load(self, &error))
			g_task_return_error(task, g_steal_pointer(&error));
		else
			g_task_return_boolean(task, TRUE);
		return;
	}
	if (self->reloading) {
		g_ptr_array_add(self->waiting, g_steal_pointer(&task));
		return;
	}
	tasks = g_ptr_array_new_with_free_func(g_object_unref);
	g_ptr_array_add(tasks, g_steal_pointer(&task));
	sori_venue_store_start_pass(self, tasks);
}

gboolean
sori_venue_store_reload_finish(SoriVenueStore *self, GAsyncResult *result, GError **error)
{
	g_return_val_if_fail(g_task_is_valid(result, self), FALSE);
	return g_task_propagate_boolean(G_TASK(result), error);
}

/**
 * sori_venue_store_is_loading:
 *
 * Asking moves @id to the front of the reading: a venue a visitor waits for
 * is read before those nobody has asked for yet.
 *
 * Returns: %TRUE while @id's catalogue is read for the first time: asked for
 *	meanwhile, it is "venue-loading", to try again shortly
 */
gboolean
sori_venue_store_is_loading(SoriVenueStore *self, const gchar *id)
{
	if (!g_hash_table_contains(self->loading, id))
		return FALSE;
	/* asked for: read before the venues nobody is waiting for */
	if (self->pass != NULL)
		sori_venue_pass_hurry(self->pass, id);
	return TRUE;
}

static gint
sori_venue_store_compare_ids(gconstpointer a, gconstpointer b)
{
	return g_strcmp0(*(const gchar *const *) a, *(const gchar *const *) b);
}

/**
 * sori_venue_store_get_loading_ids:
 *
 * Returns: (transfer container) (element-type utf8): the venues still
 *	loading, by id
 */
GPtrArray *
sori_venue_store_get_loading_ids(SoriVenueStore *self)
{
	GPtrArray *ids = g_ptr_array_new();
	GHashTableIter iter;
	gpointer key;

	g_hash_table_iter_init(&iter, self->loading);
	while (g_hash_table_iter_next(&iter, &key, NULL))
		g_ptr_array_add(ids, key);
	g_ptr_array_sort(ids, sori_venue_store_compare_ids);
	return ids;
}
