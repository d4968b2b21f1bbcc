/* The route table and its matcher. */
#ifndef VT_ROUTES_H
#define VT_ROUTES_H

#include "api/api.h"
#include "http/request.h"

struct vt_route {
  const char *method;
  const char *pattern; /* literal segments and {name} placeholders */
  vt_handler handler;
  enum vt_auth_level auth;
  bool on_io_thread; /* never touches the store: run without a worker hop */
};

enum vt_route_match { VT_ROUTE_FOUND, VT_ROUTE_NO_PATH, VT_ROUTE_NO_METHOD };

/* Finds the route for r's method and path, filling r->params. On
 * VT_ROUTE_NO_METHOD, allow gets the methods the path does accept. */
enum vt_route_match vt_route_find(struct vt_request *r, const struct vt_route **out, char *allow,
                                  size_t allowsz);
/* For the docs test: the table as rows. */
const struct vt_route *vt_routes(size_t *n);

#endif
