/* Backend selection and the helpers every backend shares: releasing the
 * structs the interface fills in. */
#include "store/store.h"

#include <stdlib.h>
#include <string.h>

#include "store/postgres/pg.h"
#include "store/sqlite/sq.h"
#include "util/log.h"

bool vt_store_is_postgres(const char *location) {
  return !strncmp(location, "postgres://", 11) || !strncmp(location, "postgresql://", 13);
}

struct vt_store *vt_store_open(const char *location, int busy_timeout_ms, int pool_size) {
  if (vt_store_is_postgres(location))
    return vt_pg_open(location, pool_size);
  return vt_sqlite_open(location, busy_timeout_ms);
}

void vt_scope_release(struct vt_scope *s) {
  free(s->tenant_ids);
  s->tenant_ids = NULL;
  s->n = 0;
  free(s->conf_dept_ids);
  s->conf_dept_ids = NULL;
  s->n_conf_depts = 0;
}

static vt_id *ids_dup(const vt_id *ids, size_t n) {
  vt_id *out = malloc((n ? n : 1) * sizeof *out);
  if (!out)
    abort();
  if (n)
    memcpy(out, ids, n * sizeof *out);
  return out;
}

void vt_scope_copy(struct vt_scope *dst, const struct vt_scope *src) {
  *dst = *src;
  dst->tenant_ids = ids_dup(src->tenant_ids, src->n);
  dst->conf_dept_ids = ids_dup(src->conf_dept_ids, src->n_conf_depts);
}

bool vt_scope_sees(const struct vt_scope *s, vt_id tenant_id, bool confidential,
                   vt_id department_id, vt_id assignee_id) {
  if (!vt_scope_has(s, tenant_id))
    return false;
  if (!confidential || s->all || s->conf_all || (assignee_id && assignee_id == s->user_id))
    return true;
  for (size_t i = 0; i < s->n_conf_depts && department_id; i++)
    if (s->conf_dept_ids[i] == department_id)
      return true;
  return false;
}

bool vt_scope_has(const struct vt_scope *s, vt_id tenant_id) {
  if (s->all)
    return true;
  for (size_t i = 0; i < s->n; i++)
    if (s->tenant_ids[i] == tenant_id)
      return true;
  return false;
}

void vt_tenant_release(struct vt_tenant *t) {
  free(t->name);
  free(t->timezone);
  free(t->email);
  free(t->phone);
  memset(t, 0, sizeof *t);
}

void vt_department_release(struct vt_department *d) {
  free(d->name);
  memset(d, 0, sizeof *d);
}

void vt_service_release(struct vt_service *s) {
  free(s->name);
  free(s->description);
  free(s->requirements_json);
  free(s->documents_json);
  free(s->channels);
  free(s->department_name);
  memset(s, 0, sizeof *s);
}

void vt_user_release(struct vt_user *u) {
  free(u->name);
  free(u->password_hash);
  memset(u, 0, sizeof *u);
}

void vt_citizen_release(struct vt_citizen *c) {
  free(c->name);
  free(c->identities);
  memset(c, 0, sizeof *c);
}

void vt_ticket_release(struct vt_ticket *t) {
  free(t->subject);
  free(t->citizen_name);
  free(t->assignee_name);
  free(t->service_name);
  free(t->department_name);
  free(t->tags_json);
  memset(t, 0, sizeof *t);
}

void vt_message_release(struct vt_message *m) {
  free(m->body);
  free(m->author_name);
  free(m->channel_message_id);
  free(m->attachments_json);
  memset(m, 0, sizeof *m);
}

void vt_timeline_item_release(struct vt_timeline_item *i) {
  free(i->data_json);
  vt_message_release(&i->m);
  memset(i, 0, sizeof *i);
}

void vt_attachment_file_release(struct vt_attachment_file *a) {
  free(a->filename);
  free(a->data);
  a->filename = NULL;
  a->data = NULL;
}

void vt_announcement_release(struct vt_announcement *a) {
  free(a->title);
  free(a->body);
  free(a->keywords);
  memset(a, 0, sizeof *a);
}

void vt_channel_account_release(struct vt_channel_account *a) {
  free(a->secret);
  free(a->access_token);
  free(a->verify_token);
  free(a->api_base_url);
  memset(a, 0, sizeof *a);
}

void vt_mailbox_release(struct vt_mailbox *m) {
  free(m->imap_url);
  free(m->imap_user);
  free(m->imap_password);
  free(m->last_error);
  memset(m, 0, sizeof *m);
}

void vt_smtp_release(struct vt_smtp *s) {
  free(s->url);
  free(s->username);
  free(s->password);
  free(s->from_address);
  free(s->from_name);
  memset(s, 0, sizeof *s);
}

void vt_outbox_item_release(struct vt_outbox_item *o) {
  free(o->to_addr);
  o->to_addr = NULL;
}

void vt_presence_release(struct vt_presence *p) {
  free(p->user_name);
  p->user_name = NULL;
}

void vt_event_release(struct vt_event *e) {
  free(e->data_json);
  memset(e, 0, sizeof *e);
}

void vt_chat_widget_release(struct vt_chat_widget *w) {
  free(w->name);
  free(w->tenant_name);
  free(w->department_name);
  free(w->timezone);
  free(w->allowed_origins);
  free(w->hours_json);
  memset(w, 0, sizeof *w);
}

void vt_chat_release(struct vt_chat *c) {
  free(c->department_name);
  free(c->agent_name);
  free(c->citizen_name);
  memset(c, 0, sizeof *c);
}

void vt_routing_rule_release(struct vt_routing_rule *r) {
  free(r->name);
  free(r->rule_json);
  memset(r, 0, sizeof *r);
}

void vt_routing_example_release(struct vt_routing_example *e) {
  free(e->text);
  memset(e, 0, sizeof *e);
}

void vt_kb_article_release(struct vt_kb_article *a) {
  free(a->title);
  free(a->summary);
  free(a->body);
  free(a->documents_json);
  free(a->terms);
  memset(a, 0, sizeof *a);
}

void vt_agent_profile_release(struct vt_agent_profile *p) {
  free(p->departments_json);
  free(p->languages_json);
  free(p->skills_json);
  memset(p, 0, sizeof *p);
}

void vt_macro_release(struct vt_macro *m) {
  free(m->name);
  free(m->body);
  memset(m, 0, sizeof *m);
}

void vt_backlog_row_release(struct vt_backlog_row *r) {
  free(r->group_name);
  memset(r, 0, sizeof *r);
}

void vt_sla_facts_release(struct vt_sla_facts *f) {
  free(f->hours_json);
  free(f->holidays_json);
  free(f->pauses_json);
  memset(f, 0, sizeof *f);
}

void vt_sla_candidate_release(struct vt_sla_candidate *c) {
  free(c->actions_json);
  c->actions_json = NULL;
}

void vt_calendar_release(struct vt_calendar *c) {
  free(c->hours_json);
  free(c->departments_json);
  free(c->holidays_json);
  free(c->inherited_json);
  memset(c, 0, sizeof *c);
}

void vt_survey_release(struct vt_survey *v) {
  if (!v)
    return;
  free(v->tenant_name);
  free(v->agent_name);
  free(v->comment);
  memset(v, 0, sizeof *v);
}

void vt_report_row_release(struct vt_report_row *r) {
  if (r)
    free(r->name);
}

void vt_agent_load_release(struct vt_agent_load *a) {
  if (a)
    free(a->name);
}
