/* Domain structs as JSON, the one place that decides what the API shows of
 * each object (and so what it never shows, such as token hashes). */
#ifndef VT_RENDER_H
#define VT_RENDER_H

#include <jansson.h>

#include "store/store.h"

/* ISO 8601 string, or JSON null for 0. */
json_t *vt_json_time(int64_t ms);
json_t *vt_json_tenant(const struct vt_tenant *t);
json_t *vt_json_department(const struct vt_department *d);
json_t *vt_json_service(const struct vt_service *s);
json_t *vt_json_ticket(const struct vt_ticket *t);
json_t *vt_json_message(const struct vt_message *m);
/* What a citizen sees of a message on their own request: no internal
 * notes ever reach here, and agents appear by name only. */
json_t *vt_json_public_message(const struct vt_message *m);
json_t *vt_json_citizen(const struct vt_citizen *c);
json_t *vt_json_user(const struct vt_user *u);
json_t *vt_json_timeline_item(const struct vt_timeline_item *i);
/* Parses stored JSON text (a store column); null if absent or broken. */
json_t *vt_json_parse_stored(const char *text);

#endif
