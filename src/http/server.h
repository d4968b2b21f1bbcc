/* The HTTP server: libmicrohttpd with its own thread pool on epoll, the
 * request lifecycle, routing and authentication before handlers run. */
#ifndef VT_SERVER_H
#define VT_SERVER_H

#include "http/request.h"

struct vt_server;

/* Starts listening. NULL on failure (logged). app is borrowed. */
struct vt_server *vt_server_start(struct vt_app *app);
/* The port actually bound (useful with port 0). */
int vt_server_port(const struct vt_server *s);
/* Stops accepting, lets in-flight requests finish (up to grace_ms), stops. */
void vt_server_stop(struct vt_server *s, int grace_ms);

#endif
