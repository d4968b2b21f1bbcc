/* The web front ends (portal and console) served from embedded files. */
#ifndef VT_STATIC_H
#define VT_STATIC_H

#include <stdbool.h>
#include <stddef.h>

#include "http/request.h"

/* True for paths that belong to the web front ends rather than the API. */
bool vt_static_wants(const char *path);
/* Answers a GET/HEAD for a page or asset; safe on the I/O thread. */
void vt_static_serve(struct vt_request *r);
/* Sends web/NAME as a page that the given origins may frame (a CSP
 * frame-ancestors source list: the chat widget's frame); false when there
 * is no such file. */
bool vt_static_send_framed(struct vt_request *r, const char *name, const char *ancestors);
/* The friendly 404 page. */
void vt_static_not_found(struct vt_request *r);
/* How many web files the binary carries. */
size_t vt_static_count(void);

#endif
