/* Queuing responses: JSON bodies, the one error shape, and the headers every
 * response carries. Each function queues exactly one response and returns
 * the MHD result to hand back from the access handler. */
#ifndef VT_REPLY_H
#define VT_REPLY_H

#include <jansson.h>

#include "http/errors.h"
#include "http/request.h"

/* Takes ownership of body. */
enum MHD_Result vt_reply_json(struct vt_request *r, unsigned status, json_t *body);
/* As vt_reply_json, with one extra header (e.g. Location, Set-Cookie). */
enum MHD_Result vt_reply_json_hdr(struct vt_request *r, unsigned status, json_t *body,
                                  const char *hname, const char *hvalue);
enum MHD_Result vt_reply_empty(struct vt_request *r, unsigned status, const char *hname,
                               const char *hvalue);
/* A response built elsewhere (a stream); takes ownership, adds the request id. */
enum MHD_Result vt_reply_response(struct vt_request *r, unsigned status, struct MHD_Response *resp);
/* {"error":{"code","message","fields"}}; takes ownership of fields (may be NULL). */
enum MHD_Result vt_reply_error(struct vt_request *r, enum vt_err e, json_t *fields);
/* The error a failed store call deserves: 503 when worth retrying, else 500. */
enum MHD_Result vt_reply_store_error(struct vt_request *r, enum vt_qs qs);

/* Field errors collected while validating a request: field -> message. */
struct vt_fields {
  json_t *errors; /* NULL until the first error */
  enum vt_lang lang;
};
void vt_fields_add(struct vt_fields *f, const char *field, const char *msg_key);
/* Replies 422 validation_failed with the collected fields. */
enum MHD_Result vt_reply_fields(struct vt_request *r, struct vt_fields *f);

#endif
