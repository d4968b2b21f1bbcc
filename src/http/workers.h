/* A pool of handler threads. MHD's few I/O threads never block on the
 * database: a request is suspended, handled here (where blocking on a group
 * commit is fine), and resumed to send its response. */
#ifndef VT_WORKERS_H
#define VT_WORKERS_H

#include "http/request.h"

struct vt_workers;

/* run(r) is called on a worker for each submitted request. */
struct vt_workers *vt_workers_start(int n, void (*run)(struct vt_request *r));
void vt_workers_submit(struct vt_workers *w, struct vt_request *r);
/* Finishes queued work, then joins the threads. */
void vt_workers_stop(struct vt_workers *w);

#endif
