/* GET /api/v1/events: the caller's live event stream (Server-Sent Events),
 * resumable with Last-Event-ID. */
#include <stdlib.h>

#include "api/api.h"
#include "api/input.h"
#include "http/hub.h"
#include "http/reply.h"

enum MHD_Result vt_api_events(struct vt_request *r) {
  vt_id last = 0;
  const char *h = vt_request_header(r, "Last-Event-ID");
  if (!h)
    h = vt_request_arg(r, "last_event_id"); /* for clients that cannot set headers */
  if (h && *h && !vt_in_parse_id(h, &last)) {
    struct vt_fields f = {NULL, r->lang};
    vt_fields_add(&f, "last_event_id", "field.cursor");
    return vt_reply_fields(r, &f);
  }
  if (!r->app->hub)
    return vt_reply_error(r, VT_ERR_UNAVAILABLE, NULL);
  struct vt_sub *s = vt_hub_subscribe(r->app->hub, &r->principal->scope, last);
  struct MHD_Response *resp = s ? vt_hub_response(s, r->conn) : NULL;
  if (!resp)
    return vt_reply_error(r, VT_ERR_INTERNAL, NULL);
  return vt_reply_response(r, 200, resp);
}
