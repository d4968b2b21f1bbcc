/* Reading and validating request input: JSON fields, identities, ids,
 * cursors and idempotency keys, collecting per-field errors. */
#ifndef VT_INPUT_H
#define VT_INPUT_H

#include <jansson.h>
#include <stdbool.h>

#include "http/reply.h"
#include "store/store.h"

#define VT_MAX_SUBJECT 300
#define VT_MAX_BODY 20000
#define VT_MAX_NAME 200

/* A trimmed string field, borrowed from obj (valid while obj lives) and
 * copied into out (outsz bytes) when out is given. NULL when absent, null
 * or blank: then a required field records an error. */
const char *vt_in_string(json_t *obj, const char *key, size_t maxlen, bool required,
                         struct vt_fields *f, char *out, size_t outsz);
/* Optional boolean; def when absent. */
bool vt_in_bool(json_t *obj, const char *key, bool def, struct vt_fields *f);
/* Records field.unknown_field for every key of obj not in allowed (NULL-terminated). */
void vt_in_only(json_t *obj, const char *const *allowed, struct vt_fields *f);
/* email, phone, national_id fields of obj into normalised identities; at
 * most 3. Errors recorded under each field name. */
size_t vt_in_identities(json_t *obj, struct vt_fields *f, struct vt_identity *out);
/* A positive decimal id; false otherwise. */
bool vt_in_parse_id(const char *s, vt_id *out);
/* The body's required "tenant" code as an administration in the caller's
 * scope: ONE with its id, NONE with a field error recorded, < 0 when the
 * store failed. */
enum vt_qs vt_in_scoped_tenant(struct vt_request *r, json_t *in, struct vt_fields *f,
                               vt_id *tenant_id);
/* Reads the path's {id} and loads that ticket in the caller's scope; on
 * failure it has replied (404, or a store error) and returns -1. */
struct vt_ticket;
int vt_api_load_ticket(struct vt_request *r, struct vt_ticket *t);
/* The same for a citizen: the path's {reference} and the Bearer vtr_ token
 * (401 without one; 404 for an unknown reference or a wrong token). */
int vt_api_load_public_request(struct vt_request *r, struct vt_ticket *t);
/* The Idempotency-Key header as scope/key/hash of the body. Returns NULL
 * when the header is absent; sets *bad for a malformed key. */
const struct vt_idempotency *vt_in_idempotency(struct vt_request *r, const char *scope,
                                               struct vt_idempotency *storage, char hash[65],
                                               bool *bad);

#endif
