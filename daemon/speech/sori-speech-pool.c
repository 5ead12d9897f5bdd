/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * A pool of sori-speech-worker processes, one per core by default. Jobs wait
 * for an idle worker in three lanes: what visitors most need (each text at
 * the default rate, pitch and format) first; unusual variants behind them, on
 * at most half of the workers, so that a flood of odd requests never keeps a
 * visitor's render waiting; and last the pre-rendering after a publish,
 * hundreds of texts no visitor waits for, until one does
 * (sori_speech_pool_hurry()). The workers run at a lower priority than
 * sorid, whose main loop answers every visitor. A worker that crashes, or
 * takes longer than the time limit, is killed and replaced; its job is tried once more on another
 * worker, then fails. sorid itself never runs espeak-ng.
 */

#define G_LOG_DOMAIN "sori-speech"

#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "sori-metrics.h"
#include "sori-speech-pool.h"

#define MESSAGE_MAX  (64 * 1024 * 1024)
#define ATTEMPTS_MAX 2

typedef struct _Worker Worker;

struct _SoriSpeechPool {
	GObject parent_instance;
	gchar *worker_path;
	guint timeout_seconds;
	GPtrArray *workers;      /* Worker, live ones */
	GQueue queue;            /* GTask, waiting for a worker */
	GQueue variant_queue;    /* GTask of unusual variants, waiting behind @queue */
	GQueue background_queue; /* GTask no visitor waits for, behind both */
	guint n_restarts;
	guint n_jobs;
	gboolean disposed;
	guint metrics_collector;
};

G_DEFINE_TYPE(SoriSpeechPool, sori_speech_pool, G_TYPE_OBJECT)

struct _Worker {
	SoriSpeechPool *pool; /* NULL once the pool is gone */
	GSubprocess *process;
	GTask *task; /* the job being done, or NULL when idle */
	guint timeout_id;
	gboolean dead;
	guint8 header[4];
	guint8 *message;
	gsize message_len;
	JsonNode *answer;
};

typedef struct {
	SoriSpeechJob job;
	guint attempts;
	gpointer user_data; /* the caller's: which job sori_speech_pool_hurry() means */
} JobData;

/* the lane @job waits in */
static GQueue *
sori_speech_pool_lane(SoriSpeechPool *self, const SoriSpeechJob *job)
{
	if (job->background)
		return &self->background_queue;
	return job->variant ? &self->variant_queue : &self->queue;
}

static void sori_speech_pool_worker_start_next(SoriSpeechPool *self);
static void sori_speech_pool_worker_read_message(Worker *worker, GAsyncReadyCallback callback);

static void
sori_rendering_clear(SoriRendering *self)
{
	g_clear_pointer(&self->audio, g_bytes_unref);
	g_free(self->vtt);
	g_free(self->transcript);
}

/**
 * sori_rendering_ref:
 *
 * A rendering is shared by every request that waited for it.
 */
SoriRendering *
sori_rendering_ref(SoriRendering *self)
{
	return g_rc_box_acquire(self);
}

void
sori_rendering_unref(SoriRendering *self)
{
	if (self != NULL)
		g_rc_box_release_full(self, (GDestroyNotify) sori_rendering_clear);
}

static void
sori_speech_pool_job_data_free(JobData *data)
{
	g_free(data->job.text);
	g_free(data->job.lang);
	g_free(data);
}

static void
sori_speech_pool_worker_free(Worker *worker)
{
	g_clear_object(&worker->process);
	g_clear_object(&worker->task);
	g_clear_handle_id(&worker->timeout_id, g_source_remove);
	g_free(worker->message);
	g_clear_pointer(&worker->answer, json_node_unref);
}

static Worker *
sori_speech_pool_worker_ref(Worker *worker)
{
	return g_rc_box_acquire(worker);
}

static void
sori_speech_pool_worker_unref(Worker *worker)
{
	g_rc_box_release_full(worker, (GDestroyNotify) sori_speech_pool_worker_free);
}

static Worker *
sori_speech_pool_worker_spawn(SoriSpeechPool *self, GError **error)
{
	Worker *worker = g_rc_box_new0(Worker);
	worker->pool = self;
	worker->process
		= g_subprocess_new(G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE,
				   error, self->worker_path, NULL);
	if (worker->process == NULL) {
		sori_speech_pool_worker_unref(worker);
		return NULL;
	}
	return worker;
}

/* the job comes back to the queue's head, or fails for good */
static void
sori_speech_pool_job_retry_or_fail(SoriSpeechPool *self, GTask *task, const gchar *why)
{
	JobData *data = g_task_get_task_data(task);
	if (data->attempts < ATTEMPTS_MAX && self != NULL && !self->disposed) {
		g_queue_push_head(sori_speech_pool_lane(self, &data->job), g_object_ref(task));
		return;
	}
	g_task_return_new_error(task, SORI_SPEECH_ERROR, SORI_SPEECH_ERROR_SYNTHESIS,
				"the speech worker failed %u times: %s", data->attempts, why);
}

/* kills @worker, puts a new one in its place, and gives its job another go */
static void
sori_speech_pool_worker_fail(Worker *worker, const gchar *why)
{
	SoriSpeechPool *self = worker->pool;
	g_autoptr(GTask) task = g_steal_pointer(&worker->task);
	g_autoptr(GError) error = NULL;
	Worker *replacement;

	if (worker->dead)
		return;
	worker->dead = TRUE;
	g_clear_handle_id(&worker->timeout_id, g_source_remove);
	g_subprocess_force_exit(worker->process);
	if (self == NULL)
		return;
	g_message("speech worker %s: %s; starting another",
		  g_subprocess_get_identifier(worker->process) ?: "?", why);
	g_ptr_array_remove(self->workers, worker);
	self->n_restarts++;
	sori_metrics_add(SORI_METRIC_SPEECH_WORKER_RESTARTS, 0, 1);
	replacement = sori_speech_pool_worker_spawn(self, &error);
	if (replacement != NULL)
		g_ptr_array_add(self->workers, replacement);
	else
		g_warning("starting a speech worker: %s", error->message);
	if (task != NULL)
		sori_speech_pool_job_retry_or_fail(self, task, why);
	sori_speech_pool_worker_start_next(self);
}

static gboolean
sori_speech_pool_worker_timeout_cb(gpointer user_data)
{
	Worker *worker = user_data;
	worker->timeout_id = 0;
	sori_speech_pool_worker_fail(worker, "took longer than the time limit");
	return G_SOURCE_REMOVE;
}

static void
sori_speech_pool_worker_done(Worker *worker)
{
	SoriSpeechPool *self = worker->pool;
	g_clear_handle_id(&worker->timeout_id, g_source_remove);
	g_clear_object(&worker->task);
	g_clear_pointer(&worker->answer, json_node_unref);
	if (self != NULL)
		sori_speech_pool_worker_start_next(self);
}

static void
sori_speech_pool_audio_read_cb(GObject *source, GAsyncResult *result, gpointer user_data)
{
	Worker *worker = user_data;
	g_autoptr(GError) error = NULL;
	SoriRendering *rendering;
	JsonObject *answer;
	gsize n = 0;

	if (!g_input_stream_read_all_finish(G_INPUT_STREAM(source), result, &n, &error)
	    || n != worker->message_len) {
		if (!worker->dead)
			sori_speech_pool_worker_fail(worker, "the audio was cut short");
		sori_speech_pool_worker_unref(worker);
		return;
	}
	if (worker->dead || worker->task == NULL) {
		sori_speech_pool_worker_unref(worker);
		return;
	}
	answer = json_node_get_object(worker->answer);
	rendering = g_rc_box_new0(SoriRendering);
	rendering->audio = g_bytes_new_take(g_steal_pointer(&worker->message), worker->message_len);
	rendering->vtt = g_strdup(json_object_get_string_member(answer, "vtt"));
	rendering->transcript = json_to_string(json_object_get_member(answer, "transcript"), FALSE);
	rendering->duration_ms = (guint) json_object_get_int_member(answer, "duration_ms");
	g_task_return_pointer(worker->task, rendering, (GDestroyNotify) sori_rendering_unref);
	sori_speech_pool_worker_done(worker);
	sori_speech_pool_worker_unref(worker);
}

static void
sori_speech_pool_message_body_cb(GObject *source, GAsyncResult *result, gpointer user_data)
{
	Worker *worker = user_data;
	g_autoptr(GError) error = NULL;
	g_autoptr(JsonParser) parser = json_parser_new();
	JsonObject *answer;
	gsize n = 0;

	if (!g_input_stream_read_all_finish(G_INPUT_STREAM(source), result, &n, &error)
	    || n != worker->message_len) {
		if (!worker->dead)
			sori_speech_pool_worker_fail(worker, "its answer was cut short");
		sori_speech_pool_worker_unref(worker);
		return;
	}
	if (worker->dead || worker->task == NULL) {
		sori_speech_pool_worker_unref(worker);
		return;
	}
	if (!json_parser_load_from_data(parser, (const gchar *) worker->message, n, NULL)
	    || !JSON_NODE_HOLDS_OBJECT(json_parser_get_root(parser))) {
		sori_speech_pool_worker_fail(worker, "its answer is not JSON");
		sori_speech_pool_worker_unref(worker);
		return;
	}
	answer = json_node_get_object(json_parser_get_root(parser));
	if (!json_object_get_boolean_member_with_default(answer, "ok", FALSE)) {
		/* the job's own fault (a language espeak-ng lacks, say): no retry */
		g_task_return_new_error(
			worker->task, SORI_SPEECH_ERROR,
			(gint) json_object_get_int_member_with_default(answer, "code",
								       SORI_SPEECH_ERROR_SYNTHESIS),
			"%s", json_object_get_string_member_with_default(answer, "message", "?"));
		sori_speech_pool_worker_done(worker);
		sori_speech_pool_worker_unref(worker);
		return;
	}
	worker->answer = json_node_ref(json_parser_get_root(parser));
	g_clear_pointer(&worker->message, g_free);
	/* the audio follows */
	sori_speech_pool_worker_read_message(worker, sori_speech_pool_audio_read_cb);
	sori_speech_pool_worker_unref(worker);
}

typedef struct {
	Worker *worker;
	GAsyncReadyCallback then;
} HeaderRead;

static void
sori_speech_pool_message_header_cb(GObject *source, GAsyncResult *result, gpointer user_data)
{
	HeaderRead *read = user_data;
	Worker *worker = read->worker;
	GAsyncReadyCallback then = read->then;
	g_autoptr(GError) error = NULL;
	gsize n = 0;

	g_free(read);
	if (!g_input_stream_read_all_finish(G_INPUT_STREAM(source), result, &n, &error) || n != 4) {
		if (!worker->dead)
			sori_speech_pool_worker_fail(worker, "it exited");
		sori_speech_pool_worker_unref(worker);
		return;
	}
	worker->message_len = (gsize) worker->header[0] << 24 | worker->header[1] << 16
			      | worker->header[2] << 8 | worker->header[3];
	if (worker->message_len > MESSAGE_MAX || worker->dead) {
		if (!worker->dead)
			sori_speech_pool_worker_fail(worker, "its answer is too long");
		sori_speech_pool_worker_unref(worker);
		return;
	}
	g_free(worker->message);
	worker->message = g_malloc(MAX(worker->message_len, 1));
	/* the callback takes this function's ref */
	g_input_stream_read_all_async(g_subprocess_get_stdout_pipe(worker->process),
				      worker->message, worker->message_len, G_PRIORITY_DEFAULT,
				      NULL, then, worker);
}

static void
sori_speech_pool_worker_read_message(Worker *worker, GAsyncReadyCallback callback)
{
	HeaderRead *read = g_new0(HeaderRead, 1);
	read->worker = sori_speech_pool_worker_ref(worker);
	read->then = callback;
	g_input_stream_read_all_async(g_subprocess_get_stdout_pipe(worker->process), worker->header,
				      4, G_PRIORITY_DEFAULT, NULL,
				      sori_speech_pool_message_header_cb, read);
}

static void
sori_speech_pool_request_written_cb(GObject *source, GAsyncResult *result, gpointer user_data)
{
	Worker *worker = user_data;
	g_autoptr(GError) error = NULL;
	if (!g_output_stream_write_all_finish(G_OUTPUT_STREAM(source), result, NULL, &error)
	    && !worker->dead)
		sori_speech_pool_worker_fail(worker, "it does not read its requests");
	sori_speech_pool_worker_unref(worker);
}

static void
sori_speech_pool_worker_start(Worker *worker, GTask *task)
{
	SoriSpeechPool *self = worker->pool;
	JobData *data = g_task_get_task_data(task);
	g_autoptr(JsonBuilder) b = json_builder_new();
	g_autoptr(JsonNode) root = NULL;
	g_autofree gchar *json = NULL;
	gsize len;
	guint8 *message;

	worker->task = g_object_ref(task);
	data->attempts++;
	self->n_jobs++;
	json_builder_begin_object(b);
	json_builder_set_member_name(b, "text");
	json_builder_add_string_value(b, data->job.text);
	json_builder_set_member_name(b, "lang");
	json_builder_add_string_value(b, data->job.lang);
	json_builder_set_member_name(b, "rate");
	json_builder_add_int_value(b, data->job.rate);
	json_builder_set_member_name(b, "pitch");
	json_builder_add_int_value(b, data->job.pitch);
	json_builder_set_member_name(b, "format");
	json_builder_add_string_value(b, sori_audio_format_to_string(data->job.format));
	json_builder_end_object(b);
	root = json_builder_get_root(b);
	json = json_to_string(root, FALSE);
	len = strlen(json);
	message = g_malloc(len + 4);
	message[0] = len >> 24;
	message[1] = len >> 16;
	message[2] = len >> 8;
	message[3] = len;
	memcpy(message + 4, json, len);
	/* the buffer lives as long as the task, which outlives the write */
	g_object_set_data_full(G_OBJECT(task), "sori-request", message, g_free);
	g_output_stream_write_all_async(
		g_subprocess_get_stdin_pipe(worker->process), message, len + 4, G_PRIORITY_DEFAULT,
		NULL, sori_speech_pool_request_written_cb, sori_speech_pool_worker_ref(worker));
	worker->timeout_id = g_timeout_add_seconds(self->timeout_seconds,
						   sori_speech_pool_worker_timeout_cb, worker);
	sori_speech_pool_worker_read_message(worker, sori_speech_pool_message_body_cb);
}

static gboolean
sori_speech_pool_task_is_variant(GTask *task)
{
	JobData *data = g_task_get_task_data(task);
	return data->job.variant;
}

/* variants may have at most this many workers: half, and at least one */
static guint
sori_speech_pool_variant_share(SoriSpeechPool *self)
{
	return MAX(self->workers->len / 2, 1);
}

/* the next job an idle worker takes: the first lane's, else a variant within
 * its share, else background work */
static GTask *
sori_speech_pool_next_task(SoriSpeechPool *self)
{
	guint busy_variants = 0;

	if (!g_queue_is_empty(&self->queue))
		return g_queue_pop_head(&self->queue);
	for (guint i = 0; i < self->workers->len; i++) {
		Worker *worker = g_ptr_array_index(self->workers, i);
		if (worker->task != NULL && sori_speech_pool_task_is_variant(worker->task))
			busy_variants++;
	}
	if (busy_variants < sori_speech_pool_variant_share(self)
	    && !g_queue_is_empty(&self->variant_queue))
		return g_queue_pop_head(&self->variant_queue);
	return g_queue_pop_head(&self->background_queue);
}

static void
sori_speech_pool_worker_start_next(SoriSpeechPool *self)
{
	for (guint i = 0; i < self->workers->len; i++) {
		Worker *worker = g_ptr_array_index(self->workers, i);
		g_autoptr(GTask) task = NULL;
		if (worker->task != NULL || worker->dead)
			continue;
		task = sori_speech_pool_next_task(self);
		if (task == NULL)
			return;
		if (g_task_return_error_if_cancelled(task))
			continue;
		sori_speech_pool_worker_start(worker, task);
	}
}

/**
 * sori_speech_pool_render_async:
 * @job: what to speak; copied
 *
 * Renders @job in a worker process.
 */
void
sori_speech_pool_render_async(SoriSpeechPool *self, const SoriSpeechJob *job,
			      GCancellable *cancellable, GAsyncReadyCallback callback,
			      gpointer user_data)
{
	g_autoptr(GTask) task = g_task_new(self, cancellable, callback, user_data);
	JobData *data = g_new0(JobData, 1);

	data->job.text = g_strdup(job->text);
	data->job.lang = g_strdup(job->lang);
	data->job.rate = job->rate;
	data->job.pitch = job->pitch;
	data->job.format = job->format;
	data->job.variant = job->variant;
	data->job.background = job->background;
	data->user_data = user_data;
	g_task_set_task_data(task, data, (GDestroyNotify) sori_speech_pool_job_data_free);
	g_task_set_source_tag(task, sori_speech_pool_render_async);
	if (self->workers->len == 0) {
		g_task_return_new_error(task, SORI_SPEECH_ERROR, SORI_SPEECH_ERROR_SYNTHESIS,
					"no speech worker is running");
		return;
	}
	g_queue_push_tail(sori_speech_pool_lane(self, job), g_steal_pointer(&task));
	sori_speech_pool_worker_start_next(self);
}

/**
 * sori_speech_pool_hurry:
 * @user_data: the user data a background job was queued with
 *
 * A visitor now waits for that job: it moves from the background lane to
 * the end of the first.
 *
 * Returns: %TRUE when it was still waiting in the background lane
 */
gboolean
sori_speech_pool_hurry(SoriSpeechPool *self, gpointer user_data)
{
	for (GList *l = self->background_queue.head; l != NULL; l = l->next) {
		JobData *data = g_task_get_task_data(l->data);
		if (data->user_data != user_data)
			continue;
		data->job.background = FALSE;
		g_queue_push_tail(&self->queue, l->data);
		g_queue_delete_link(&self->background_queue, l);
		sori_speech_pool_worker_start_next(self);
		return TRUE;
	}
	return FALSE;
}

/**
 * sori_speech_pool_render_finish:
 *
 * Returns: (transfer full) (nullable): the rendering
 */
SoriRendering *
sori_speech_pool_render_finish(SoriSpeechPool *self, GAsyncResult *result, GError **error)
{
	SoriRendering *rendering;

	g_return_val_if_fail(g_task_is_valid(result, self), NULL);
	rendering = g_task_propagate_pointer(G_TASK(result), error);
	sori_metrics_add(SORI_METRIC_SPEECH_RENDERS,
			 rendering != NULL ? SORI_METRICS_RESULT_OK : SORI_METRICS_RESULT_FAILED,
			 1);
	return rendering;
}

guint
sori_speech_pool_get_n_restarts(SoriSpeechPool *self)
{
	return self->n_restarts;
}

static void
sori_speech_pool_dispose(GObject *object)
{
	SoriSpeechPool *self = SORI_SPEECH_POOL(object);
	GTask *task;

	self->disposed = TRUE;
	if (self->metrics_collector != 0) {
		sori_metrics_remove_collector(self->metrics_collector);
		self->metrics_collector = 0;
	}
	while ((task = g_queue_pop_head(&self->queue)) != NULL
	       || (task = g_queue_pop_head(&self->variant_queue)) != NULL
	       || (task = g_queue_pop_head(&self->background_queue)) != NULL) {
		g_task_return_new_error(task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "shutting down");
		g_object_unref(task);
	}
	if (self->workers != NULL) {
		for (guint i = 0; i < self->workers->len; i++) {
			Worker *worker = g_ptr_array_index(self->workers, i);
			g_autoptr(GTask) pending = g_steal_pointer(&worker->task);
			worker->pool = NULL;
			worker->dead = TRUE;
			g_clear_handle_id(&worker->timeout_id, g_source_remove);
			/* closing its stdin ends an idle worker; a busy one is killed */
			g_output_stream_close(g_subprocess_get_stdin_pipe(worker->process), NULL,
					      NULL);
			g_subprocess_force_exit(worker->process);
			if (pending != NULL)
				g_task_return_new_error(pending, G_IO_ERROR, G_IO_ERROR_CANCELLED,
							"shutting down");
		}
		g_clear_pointer(&self->workers, g_ptr_array_unref);
	}
	G_OBJECT_CLASS(sori_speech_pool_parent_class)->dispose(object);
}

static void
sori_speech_pool_finalize(GObject *object)
{
	SoriSpeechPool *self = SORI_SPEECH_POOL(object);
	g_free(self->worker_path);
	G_OBJECT_CLASS(sori_speech_pool_parent_class)->finalize(object);
}

static void
sori_speech_pool_class_init(SoriSpeechPoolClass *klass)
{
	GObjectClass *object_class = G_OBJECT_CLASS(klass);
	object_class->dispose = sori_speech_pool_dispose;
	object_class->finalize = sori_speech_pool_finalize;
}

static void
sori_speech_pool_init(SoriSpeechPool *self)
{
	self->workers
		= g_ptr_array_new_with_free_func((GDestroyNotify) sori_speech_pool_worker_unref);
	g_queue_init(&self->queue);
	g_queue_init(&self->variant_queue);
	g_queue_init(&self->background_queue);
}

/* at each scrape: the renderings waiting for a worker, by lane */
static void
sori_speech_pool_collect_cb(gpointer user_data)
{
	SoriSpeechPool *self = SORI_SPEECH_POOL(user_data);
	sori_metrics_set(SORI_METRIC_SPEECH_QUEUE, SORI_METRICS_SPEECH_USUAL,
			 g_queue_get_length(&self->queue));
	sori_metrics_set(SORI_METRIC_SPEECH_QUEUE, SORI_METRICS_SPEECH_BACKGROUND,
			 g_queue_get_length(&self->background_queue));
	sori_metrics_set(SORI_METRIC_SPEECH_QUEUE, SORI_METRICS_SPEECH_VARIANT,
			 g_queue_get_length(&self->variant_queue));
}

/**
 * sori_speech_pool_new:
 * @worker_path: the sori-speech-worker executable
 * @n_workers: how many, 0 for one per core
 * @timeout_seconds: how long a job may take before its worker is replaced
 *
 * Returns: (transfer full): the pool, its workers started
 */
SoriSpeechPool *
sori_speech_pool_new(const gchar *worker_path, guint n_workers, guint timeout_seconds)
{
	SoriSpeechPool *self = g_object_new(SORI_TYPE_SPEECH_POOL, NULL);

	self->worker_path = g_strdup(worker_path);
	self->timeout_seconds = MAX(timeout_seconds, 1);
	if (n_workers == 0)
		n_workers = MAX(g_get_num_processors(), 1);
	for (guint i = 0; i < n_workers; i++) {
		g_autoptr(GError) error = NULL;
		Worker *worker = sori_speech_pool_worker_spawn(self, &error);
		if (worker == NULL) {
			g_warning("starting a speech worker: %s", error->message);
			break;
		}
		g_ptr_array_add(self->workers, worker);
	}
	self->metrics_collector = sori_metrics_add_collector(sori_speech_pool_collect_cb, self);
	return self;
}

/**
 * sori_speech_pool_get_n_waiting:
 * @variant: which lane
 *
 * Returns: how many jobs of that lane wait for a worker
 */
guint
sori_speech_pool_get_n_waiting(SoriSpeechPool *self, gboolean variant)
{
	return g_queue_get_length(variant ? &self->variant_queue : &self->queue);
}

/**
 * sori_speech_pool_get_n_jobs:
 *
 * Returns: how many jobs workers have started, retries included
 */
guint
sori_speech_pool_get_n_jobs(SoriSpeechPool *self)
{
	return self->n_jobs;
}
