/* Domain structs as JSON. */
#include "api/render.h"

#include <string.h>

#include "util/timeutil.h"

json_t *vt_json_time(int64_t ms) {
  if (!ms)
    return json_null();
  char buf[40];
  vt_time_iso8601(ms, buf, sizeof buf);
  return json_string(buf);
}

static json_t *str_or_null(const char *s) { return s ? json_string(s) : json_null(); }
static json_t *id_or_null(vt_id id) { return id ? json_integer(id) : json_null(); }

json_t *vt_json_parse_stored(const char *text) {
  if (!text)
    return json_null();
  json_t *j = json_loads(text, JSON_DECODE_ANY, NULL);
  return j ? j : json_null();
}

json_t *vt_json_tenant(const struct vt_tenant *t) {
  return json_pack("{s:I, s:s, s:o, s:o, s:o, s:o, s:o}", "id", (json_int_t)t->id, "code", t->code,
                   "name", str_or_null(t->name), "parent",
                   t->parent_code[0] ? json_string(t->parent_code) : json_null(), "timezone",
                   str_or_null(t->timezone), "email", str_or_null(t->email), "phone",
                   str_or_null(t->phone));
}

json_t *vt_json_department(const struct vt_department *d) {
  return json_pack("{s:I, s:s, s:s, s:o}", "id", (json_int_t)d->id, "tenant", d->tenant_code,
                   "code", d->code, "name", str_or_null(d->name));
}

json_t *vt_json_service(const struct vt_service *s) {
  json_t *channels = json_array();
  if (s->channels) {
    const char *p = s->channels;
    while (*p) {
      size_t n = strcspn(p, ",");
      if (n)
        json_array_append_new(channels, json_stringn(p, n));
      p += n;
      if (*p == ',')
        p++;
    }
  }
  return json_pack(
      "{s:I, s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:i, s:o}", "id", (json_int_t)s->id,
      "tenant", s->tenant_code, "code", s->code, "name", str_or_null(s->name), "description",
      str_or_null(s->description), "requirements", vt_json_parse_stored(s->requirements_json),
      "documents", vt_json_parse_stored(s->documents_json), "channels", channels, "department",
      s->department_code[0] ? json_string(s->department_code) : json_null(), "department_name",
      str_or_null(s->department_code[0] ? s->department_name : NULL), "processing_days",
      s->processing_days, "legal_deadline_days",
      s->legal_deadline_days ? json_integer(s->legal_deadline_days) : json_null());
}

json_t *vt_json_ticket(const struct vt_ticket *t) {
  json_t *j = json_pack(
      "{s:I, s:s, s:s, s:s, s:s, s:s, s:o, s:I, s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "id",
      (json_int_t)t->id, "reference", t->reference, "tenant", t->tenant_code, "channel",
      vt_channel_name(t->channel), "status", vt_status_name(t->status), "priority",
      vt_priority_name(t->priority), "subject", str_or_null(t->subject), "version",
      (json_int_t)t->version, "service",
      t->service_id ? json_pack("{s:I, s:s, s:o}", "id", (json_int_t)t->service_id, "code",
                                t->service_code, "name", str_or_null(t->service_name))
                    : json_null(),
      "department",
      t->department_id ? json_pack("{s:I, s:s, s:o}", "id", (json_int_t)t->department_id, "code",
                                   t->department_code, "name", str_or_null(t->department_name))
                       : json_null(),
      "citizen",
      json_pack("{s:I, s:o}", "id", (json_int_t)t->citizen_id, "name",
                str_or_null(t->citizen_name)),
      "assignee",
      t->assignee_id ? json_pack("{s:I, s:o}", "id", (json_int_t)t->assignee_id, "name",
                                 str_or_null(t->assignee_name))
                     : json_null(),
      "created_at", vt_json_time(t->created_at), "updated_at", vt_json_time(t->updated_at),
      "first_response_at", vt_json_time(t->first_response_at));
  json_object_set_new(j, "resolved_at", vt_json_time(t->resolved_at));
  json_object_set_new(j, "closed_at", vt_json_time(t->closed_at));
  json_object_set_new(j, "due_at", vt_json_time(t->due_at));
  json_object_set_new(j, "sla",
                      json_pack("{s:o, s:o, s:o, s:b, s:b}", "first_response_due_at",
                                vt_json_time(t->first_response_at ? 0 : t->first_response_due_at),
                                "resolution_due_at", vt_json_time(t->resolution_due_at),
                                "legal_due_at", vt_json_time(t->legal_due_at), "paused",
                                t->sla_paused, "escalated", t->sla_escalated));
  json_t *tags = vt_json_parse_stored(t->tags_json);
  json_object_set_new(j, "tags", json_is_array(tags) ? tags : (json_decref(tags), json_array()));
  json_object_set_new(j, "confidential", json_boolean(t->confidential));
  return j;
}

json_t *vt_json_message(const struct vt_message *m) {
  json_t *author;
  if (m->author_user_id)
    author = json_pack("{s:s, s:I, s:o}", "kind", "user", "id", (json_int_t)m->author_user_id,
                       "name", str_or_null(m->author_name));
  else if (m->author_citizen_id)
    author = json_pack("{s:s, s:I, s:o}", "kind", "citizen", "id", (json_int_t)m->author_citizen_id,
                       "name", str_or_null(m->author_name));
  else
    author = json_pack("{s:s}", "kind", "system");
  return json_pack("{s:I, s:I, s:s, s:s, s:b, s:o, s:o, s:o, s:o}", "id", (json_int_t)m->id,
                   "ticket_id", (json_int_t)m->ticket_id, "direction",
                   vt_direction_name(m->direction), "channel", vt_channel_name(m->channel),
                   "internal", m->internal, "body", str_or_null(m->body), "author", author,
                   "attachments", vt_json_parse_stored(m->attachments_json), "created_at",
                   vt_json_time(m->created_at));
}

json_t *vt_json_public_message(const struct vt_message *m) {
  json_t *files = vt_json_parse_stored(m->attachments_json);
  if (!json_is_array(files)) {
    json_decref(files);
    files = json_array();
  }
  return json_pack("{s:I, s:s, s:s, s:o, s:o, s:o, s:o}", "id", (json_int_t)m->id, "direction",
                   vt_direction_name(m->direction), "channel", vt_channel_name(m->channel), "body",
                   str_or_null(m->body), "author",
                   m->direction == VT_DIR_OUT ? str_or_null(m->author_name) : json_null(),
                   "attachments", files, "created_at", vt_json_time(m->created_at));
}

json_t *vt_json_citizen(const struct vt_citizen *c) {
  json_t *ids = json_array();
  for (size_t i = 0; i < c->n_identities; i++)
    json_array_append_new(
        ids, json_pack("{s:s, s:s, s:b}", "kind", vt_identity_kind_name(c->identities[i].kind),
                       "value", c->identities[i].value, "verified", c->identities[i].verified));
  return json_pack("{s:I, s:o, s:s, s:o, s:I, s:o, s:o}", "id", (json_int_t)c->id, "name",
                   str_or_null(c->name), "lang", c->lang, "identities", ids, "ticket_count",
                   (json_int_t)c->ticket_count, "merged_into", id_or_null(c->merged_into),
                   "created_at", vt_json_time(c->created_at));
}

json_t *vt_json_user(const struct vt_user *u) {
  return json_pack("{s:I, s:s, s:o, s:s}", "id", (json_int_t)u->id, "email", u->email, "name",
                   str_or_null(u->name), "role", vt_role_name(u->role));
}

json_t *vt_json_timeline_item(const struct vt_timeline_item *i) {
  json_t *j = json_pack("{s:I, s:s, s:o, s:I, s:s, s:s, s:o}", "id", (json_int_t)i->event_id,
                        "action", i->action, "at", vt_json_time(i->at), "ticket_id",
                        (json_int_t)i->ticket_id, "reference", i->reference, "tenant",
                        i->tenant_code, "data", vt_json_parse_stored(i->data_json));
  if (i->message_id)
    json_object_set_new(j, "message", vt_json_message(&i->m));
  return j;
}
