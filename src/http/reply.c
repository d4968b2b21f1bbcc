/* Responses. Every one carries the request id and the headers that keep a
 * JSON API from being sniffed, framed or cached where it must not be. */
#include "http/reply.h"

#include <string.h>

#include "util/log.h"

static void common_headers(struct vt_request *r, struct MHD_Response *resp) {
  MHD_add_response_header(resp, "X-Request-Id", r->id);
  MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
  MHD_add_response_header(resp, "X-Frame-Options", "DENY");
  MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
  MHD_add_response_header(resp, "Cache-Control", "no-store");
  MHD_add_response_header(resp, "Content-Language", vt_lang_code(r->lang));
}

/* Handlers may run on a worker thread while MHD has the connection
 * suspended, so the response is kept on the request and the server queues
 * it from MHD's own thread. */
static enum MHD_Result queue(struct vt_request *r, unsigned status, struct MHD_Response *resp) {
  if (r->response) {
    VT_ERROR("a handler queued two responses (%u after %u)", status, r->status);
    MHD_destroy_response(resp);
    return MHD_NO;
  }
  r->status = status;
  r->response = resp;
  return MHD_YES;
}

enum MHD_Result vt_reply_json_hdr(struct vt_request *r, unsigned status, json_t *body,
                                  const char *hname, const char *hvalue) {
  char *text = json_dumps(body, JSON_COMPACT);
  json_decref(body);
  if (!text)
    return MHD_NO;
  size_t len = strlen(text);
  struct MHD_Response *resp = MHD_create_response_from_buffer(len, text, MHD_RESPMEM_MUST_FREE);
  if (!resp) {
    free(text);
    return MHD_NO;
  }
  common_headers(r, resp);
  MHD_add_response_header(resp, "Content-Type", "application/json; charset=utf-8");
  if (hname)
    MHD_add_response_header(resp, hname, hvalue);
  return queue(r, status, resp);
}

enum MHD_Result vt_reply_json(struct vt_request *r, unsigned status, json_t *body) {
  return vt_reply_json_hdr(r, status, body, NULL, NULL);
}

enum MHD_Result vt_reply_empty(struct vt_request *r, unsigned status, const char *hname,
                               const char *hvalue) {
  struct MHD_Response *resp = MHD_create_response_from_buffer(0, "", MHD_RESPMEM_PERSISTENT);
  if (!resp)
    return MHD_NO;
  common_headers(r, resp);
  if (hname)
    MHD_add_response_header(resp, hname, hvalue);
  return queue(r, status, resp);
}

enum MHD_Result vt_reply_response(struct vt_request *r, unsigned status,
                                  struct MHD_Response *resp) {
  MHD_add_response_header(resp, "X-Request-Id", r->id);
  return queue(r, status, resp);
}

enum MHD_Result vt_reply_error(struct vt_request *r, enum vt_err e, json_t *fields) {
  json_t *err =
      json_pack("{s:s, s:s}", "code", vt_err_code(e), "message", vt_err_message(e, r->lang));
  if (fields)
    json_object_set_new(err, "fields", fields);
  unsigned status = vt_err_status(e);
  if (status >= 500)
    VT_ERROR("answering %u %s", status, vt_err_code(e));
  else if (status != 401 && status != 404)
    VT_WARN("answering %u %s", status, vt_err_code(e));
  return vt_reply_json(r, status, json_pack("{s:o}", "error", err));
}

enum MHD_Result vt_reply_store_error(struct vt_request *r, enum vt_qs qs) {
  return vt_reply_error(r, qs == VT_QS_SOFT ? VT_ERR_UNAVAILABLE : VT_ERR_INTERNAL, NULL);
}

void vt_fields_add(struct vt_fields *f, const char *field, const char *msg_key) {
  if (!f->errors)
    f->errors = json_object();
  if (!json_object_get(f->errors, field))
    json_object_set_new(f->errors, field, json_string(vt_i18n(f->lang, msg_key)));
}

enum MHD_Result vt_reply_fields(struct vt_request *r, struct vt_fields *f) {
  json_t *fields = f->errors;
  f->errors = NULL;
  return vt_reply_error(r, VT_ERR_VALIDATION_FAILED, fields);
}
