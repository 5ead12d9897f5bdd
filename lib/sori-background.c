/*
 * Copyright 2026 The sori authors
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Work no visitor is waiting for: a publish's checks and its write, a
 * reload's parsing, a node's venues read from the database. It runs in
 * threads that give way to the main loop, which answers every visitor: on a
 * machine with two cores, a publish's parse running beside it at the same
 * priority made visitors wait up to a tenth of a second a request. On Linux
 * each thread has its own nice value; these threads lower theirs, and since
 * a thread can never raise it again, they are threads of their own (an
 * exclusive pool), never GIO's shared ones.
 */

#define G_LOG_DOMAIN "sori"

#include "config.h"

#include <errno.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "sori-background.h"

/* nice 10 weighs about a tenth of nice 0 (the kernel's CFS weights 110 and
 * 1024): the main loop keeps its core, and background work is only slower
 * while visitors are being answered */
#define SORI_BACKGROUND_NICE 10
/* threads of the pool: a publish's checks may wait in one for the media it
 * fetches (daemon/admin/sori-admin-fetch-catalogue.c), and the others go on */
#define SORI_BACKGROUND_THREADS 4

typedef struct {
	GTask *task;
	GTaskThreadFunc func;
} SoriBackgroundJob;

/**
 * sori_background_lower_priority:
 *
 * The calling thread gives way to the others from now on, for good: call it
 * only in a thread of its own that does background work.
 */
void
sori_background_lower_priority(void)
{
	pid_t tid = (pid_t) syscall(SYS_gettid);
	gint current;

	errno = 0;
	current = getpriority(PRIO_PROCESS, (id_t) tid);
	if (errno != 0 || current >= SORI_BACKGROUND_NICE)
		return;
	if (setpriority(PRIO_PROCESS, (id_t) tid, SORI_BACKGROUND_NICE) != 0)
		g_debug("lowering a background thread's priority: %s", g_strerror(errno));
}

static void
sori_background_job_run(gpointer data, gpointer user_data)
{
	SoriBackgroundJob *job = data;

	sori_background_lower_priority();
	job->func(job->task, g_task_get_source_object(job->task), g_task_get_task_data(job->task),
		  g_task_get_cancellable(job->task));
	g_object_unref(job->task);
	g_free(job);
}

static GThreadPool *
sori_background_get_pool(void)
{
	static gsize pool = 0;

	if (g_once_init_enter(&pool)) {
		GThreadPool *made = g_thread_pool_new(sori_background_job_run, NULL,
						      SORI_BACKGROUND_THREADS, TRUE, NULL);
		g_once_init_leave(&pool, (gsize) made);
	}
	return (GThreadPool *) pool;
}

/**
 * sori_background_run_in_thread:
 * @task: answered by @func, as with g_task_run_in_thread()
 * @func: run in a thread of the background pool
 *
 * g_task_run_in_thread() for work no visitor waits for: in one of a few
 * threads of lower priority, in the order queued. @task's callback runs in
 * its own main context as usual. A job must never wait for another job
 * of the pool: a media commit, which a publish's fetch waits for, runs in
 * GIO's threads instead.
 */
void
sori_background_run_in_thread(GTask *task, GTaskThreadFunc func)
{
	SoriBackgroundJob *job = g_new0(SoriBackgroundJob, 1);

	g_return_if_fail(G_IS_TASK(task));
	job->task = g_object_ref(task);
	job->func = func;
	g_thread_pool_push(sori_background_get_pool(), job, NULL);
}
