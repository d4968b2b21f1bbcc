/* Administration of the email channel: each administration's mailboxes and
 * its outgoing mail server. Passwords are written here and never read back:
 * answers say only whether one is set. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "api/api.h"
#include "api/input.h"
#include "api/render.h"
#include "http/reply.h"
#include "util/timeutil.h"
#include "util/validate.h"

static json_t *str_or_null(const char *s) { return s ? json_string(s) : json_null(); }

static json_t *mailbox_json(const struct vt_mailbox *m) {
  return json_pack("{s:I, s:s, s:o, s:s, s:s, s:o, s:o, s:b, s:b, s:I, s:o, s:o}", "id",
                   (json_int_t)m->id, "tenant", m->tenant_code, "department_id",
                   m->department_id ? json_integer(m->department_id) : json_null(), "name", m->name,
                   "address", m->address, "imap_url", str_or_null(m->imap_url), "imap_user",
                   str_or_null(m->imap_user), "has_password", m->has_password, "active", m->active,
                   "last_uid", (json_int_t)m->last_uid, "last_poll_at",
                   vt_json_time(m->last_poll_at), "last_error", str_or_null(m->last_error));
}

static bool valid_name(const char *s) {
  if (!*s)
    return false;
  for (const char *p = s; *p; p++)
    if (!(islower((unsigned char)*p) || isdigit((unsigned char)*p) || strchr("._-", *p)))
      return false;
  return true;
}

static bool url_scheme(const char *url, const char *a, const char *b) {
  /* No quotes or backslashes either: the folder goes into IMAP commands. */
  return url && (!strncasecmp(url, a, strlen(a)) || !strncasecmp(url, b, strlen(b))) &&
         !strpbrk(url, " \r\n\t\"\\");
}

/* The administration named by code, in the admin's scope; replies on failure. */
static int tenant_in_scope(struct vt_request *r, const char *code, struct vt_fields *f,
                           const char *field, struct vt_tenant *t) {
  struct vt_store *st = r->app->store;
  enum vt_qs qs = st->tenant_by_code(st, code, t);
  if (qs < 0) {
    vt_reply_store_error(r, qs);
    return -1;
  }
  if (qs == VT_QS_NONE || !vt_scope_has(&r->principal->scope, t->id)) {
    if (qs == VT_QS_ONE)
      vt_tenant_release(t);
    if (f) {
      vt_fields_add(f, field, "field.unknown_tenant");
      vt_reply_fields(r, f);
    } else {
      vt_reply_error(r, VT_ERR_NOT_FOUND, NULL);
    }
    return -1;
  }
  return 0;
}

enum MHD_Result vt_api_mailboxes_list(struct vt_request *r) {
  struct vt_store *st = r->app->store;
  struct vt_mailbox *items;
  size_t n;
  enum vt_qs qs = st->mailboxes_list(st, &r->principal->scope, &items, &n);
  if (qs < 0)
    return vt_reply_store_error(r, qs);
  json_t *arr = json_array();
  for (size_t i = 0; i < n; i++)
    json_array_append_new(arr, mailbox_json(&items[i]));
  VT_RELEASE_ARRAY(items, n, vt_mailbox_release);
  return vt_reply_json(r, 200, json_pack("{s:o}", "items", arr));
}

static const char *const mailbox_fields[] = {"tenant",        "department", "name",
                                             "address",       "imap_url",   "imap_user",
                                             "imap_password", "active",     NULL};

/* Reads the body into m (over what m holds); creating = every required field. */
static int read_mailbox(struct vt_request *r, json_t *in, bool creating, struct vt_mailbox *m,
                        struct vt_fields *f, char *strs[4]) {
  struct vt_store *st = r->app->store;
  vt_in_only(in, mailbox_fields, f);
  char tenant[16] = "", name[64] = "", address[256] = "";
  if (vt_in_string(in, "tenant", 15, creating, f, tenant, sizeof tenant)) {
    struct vt_tenant t;
    if (tenant_in_scope(r, tenant, f, "tenant", &t) != 0)
      return -1;
    m->tenant_id = t.id;
    snprintf(m->tenant_code, sizeof m->tenant_code, "%s", t.code);
    vt_tenant_release(&t);
  }
  if (vt_in_string(in, "name", 63, creating, f, name, sizeof name)) {
    if (!valid_name(name))
      vt_fields_add(f, "name", "field.mailbox_name");
    snprintf(m->name, sizeof m->name, "%s", name);
  }
  if (vt_in_string(in, "address", 254, creating, f, address, sizeof address)) {
    if (vt_email_normalize(address, m->address, sizeof m->address) != VT_VALID_OK)
      vt_fields_add(f, "address", "field.email.format");
  }
  json_t *dv = json_object_get(in, "department");
  if (dv && json_is_null(dv)) {
    m->department_id = 0;
  } else if (dv && m->tenant_id) {
    struct vt_department d;
    enum vt_qs qs = json_is_integer(dv) ? st->department_get(st, json_integer_value(dv), &d)
                    : json_is_string(dv)
                        ? st->department_by_code(st, m->tenant_id, json_string_value(dv), &d)
                        : VT_QS_NONE;
    if (qs < 0) {
      vt_reply_store_error(r, qs);
      return -1;
    }
    if (qs == VT_QS_NONE || d.tenant_id != m->tenant_id)
      vt_fields_add(f, "department", "field.unknown_department");
    else
      m->department_id = d.id;
    if (qs == VT_QS_ONE)
      vt_department_release(&d);
  }
  const char *url = vt_in_string(in, "imap_url", 500, false, f, NULL, 0);
  if (url && !url_scheme(url, "imap://", "imaps://"))
    vt_fields_add(f, "imap_url", "field.imap_url");
  if (json_object_get(in, "imap_url")) {
    free(m->imap_url);
    m->imap_url = url ? strdup(url) : NULL;
  }
  const char *user = vt_in_string(in, "imap_user", 254, false, f, NULL, 0);
  if (json_object_get(in, "imap_user")) {
    free(m->imap_user);
    m->imap_user = user ? strdup(user) : NULL;
  }
  const char *pw = vt_in_string(in, "imap_password", 1000, false, f, NULL, 0);
  strs[0] = pw ? strdup(pw) : NULL;
  m->imap_password = strs[0];
  m->active = vt_in_bool(in, "active", creating ? true : m->active, f);
  return 0;
}

/* Saves m (new when m->id is 0) and answers with it as stored. */
static enum MHD_Result save_and_reply(struct vt_request *r, struct vt_mailbox *m,
                                      struct vt_fields *f, unsigned status) {
  struct vt_store *st = r->app->store;
  vt_id id = m->id;
  enum vt_qs qs = st->mailbox_save(st, m, m->id ? NULL : &id);
  if (qs == VT_QS_NONE) {
    vt_fields_add(f, "name", "field.mailbox_taken");
    return vt_reply_fields(r, f);
  }
  if (qs < 0)
    return vt_reply_store_error(r, qs);
  struct vt_mailbox saved;
  if ((qs = st->mailbox_get(st, id, false, &saved)) != VT_QS_ONE)
    return vt_reply_store_error(r, qs == VT_QS_NONE ? VT_QS_HARD : qs);
  enum MHD_Result ret = vt_reply_json(r, status, mailbox_json(&saved));
  vt_mailbox_release(&saved);
  return ret;
}

enum MHD_Result vt_api_mailbox_create(struct vt_request *r) {
  json_t *in = vt_request_json_object(r);
  if (!in)
    return MHD_YES;
  struct vt_fields f = {NULL, r->lang};
  struct vt_mailbox m = {0};
  char *strs[4] = {0};
  enum MHD_Result ret = MHD_YES;
  if (read_mailbox(r, in, true, &m, &f, strs) != 0)
    goto out;
  if (f.errors) {
    ret = vt_reply_fields(r, &f);
    goto out;
  }
  m.last_poll_at = vt_now_ms(); /* the creation time, for the store */
  ret = save_and_reply(r, &m, &f, 201);
out:
  m.imap_password = NULL;
  free(strs[0]);
  vt_mailbox_release(&m);
  json_decref(f.errors);
  json_decref(in);
  return ret;
}

enum MHD_Result vt_api_mailbox_patch(struct vt_request *r) {
  struct vt_store *st = r->app->store;
  json_t *in = vt_request_json_object(r);
  if (!in)
    return MHD_YES;
  vt_id id;
  struct vt_mailbox m = {0};
  struct vt_fields f = {NULL, r->lang};
  char *strs[4] = {0};
  enum MHD_Result ret = MHD_YES;
  enum vt_qs qs =
      vt_in_parse_id(r->params[0], &id) ? st->mailbox_get(st, id, false, &m) : VT_QS_NONE;
  if (qs == VT_QS_ONE && !vt_scope_has(&r->principal->scope, m.tenant_id)) {
    vt_mailbox_release(&m);
    qs = VT_QS_NONE;
  }
  if (qs != VT_QS_ONE) {
    ret = qs < 0 ? vt_reply_store_error(r, qs) : vt_reply_error(r, VT_ERR_NOT_FOUND, NULL);
    json_decref(in);
    return ret;
  }
  if (read_mailbox(r, in, false, &m, &f, strs) != 0)
    goto out;
  if (f.errors) {
    ret = vt_reply_fields(r, &f);
    goto out;
  }
  ret = save_and_reply(r, &m, &f, 200);
out:
  m.imap_password = NULL;
  free(strs[0]);
  vt_mailbox_release(&m);
  json_decref(f.errors);
  json_decref(in);
  return ret;
}

static json_t *smtp_json(const struct vt_smtp *s, const char *tenant) {
  return json_pack("{s:s, s:s, s:o, s:b, s:s, s:o}", "tenant", tenant, "url", s->url ? s->url : "",
                   "username", str_or_null(s->username), "has_password", s->has_password,
                   "from_address", s->from_address ? s->from_address : "", "from_name",
                   str_or_null(s->from_name));
}

enum MHD_Result vt_api_smtp_get(struct vt_request *r) {
  struct vt_store *st = r->app->store;
  struct vt_tenant t;
  if (tenant_in_scope(r, r->params[0], NULL, NULL, &t) != 0)
    return MHD_YES;
  struct vt_smtp s;
  enum vt_qs qs = st->smtp_get(st, t.id, false, &s);
  enum MHD_Result ret;
  if (qs == VT_QS_ONE) {
    ret = vt_reply_json(r, 200, smtp_json(&s, t.code));
    vt_smtp_release(&s);
  } else {
    ret = qs < 0 ? vt_reply_store_error(r, qs) : vt_reply_error(r, VT_ERR_NOT_FOUND, NULL);
  }
  vt_tenant_release(&t);
  return ret;
}

static const char *const smtp_fields[] = {"url",          "username",  "password",
                                          "from_address", "from_name", NULL};

enum MHD_Result vt_api_smtp_put(struct vt_request *r) {
  struct vt_store *st = r->app->store;
  json_t *in = vt_request_json_object(r);
  if (!in)
    return MHD_YES;
  struct vt_tenant t;
  if (tenant_in_scope(r, r->params[0], NULL, NULL, &t) != 0) {
    json_decref(in);
    return MHD_YES;
  }
  struct vt_fields f = {NULL, r->lang};
  vt_in_only(in, smtp_fields, &f);
  const char *url = vt_in_string(in, "url", 500, true, &f, NULL, 0);
  if (url && !url_scheme(url, "smtp://", "smtps://"))
    vt_fields_add(&f, "url", "field.smtp_url");
  char from[256] = "", norm[256];
  if (vt_in_string(in, "from_address", 254, true, &f, from, sizeof from) &&
      vt_email_normalize(from, norm, sizeof norm) != VT_VALID_OK)
    vt_fields_add(&f, "from_address", "field.email.format");
  struct vt_smtp s = {0};
  s.tenant_id = t.id;
  s.url = (char *)url;
  s.username = (char *)vt_in_string(in, "username", 254, false, &f, NULL, 0);
  s.password = (char *)vt_in_string(in, "password", 1000, false, &f, NULL, 0);
  s.from_address = norm;
  s.from_name = (char *)vt_in_string(in, "from_name", 200, false, &f, NULL, 0);
  enum MHD_Result ret;
  if (f.errors) {
    ret = vt_reply_fields(r, &f);
  } else {
    enum vt_qs qs = st->smtp_save(st, &s, vt_now_ms());
    struct vt_smtp saved;
    if (qs >= 0)
      qs = st->smtp_get(st, t.id, false, &saved);
    if (qs == VT_QS_ONE) {
      ret = vt_reply_json(r, 200, smtp_json(&saved, t.code));
      vt_smtp_release(&saved);
    } else {
      ret = vt_reply_store_error(r, qs == VT_QS_NONE ? VT_QS_HARD : qs);
    }
  }
  vt_tenant_release(&t);
  json_decref(f.errors);
  json_decref(in);
  return ret;
}
