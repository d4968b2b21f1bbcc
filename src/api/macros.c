/* Canned answers: texts supervisors write once, per administration and
 * optionally per department, that agents insert with one key. Their
 * placeholders are filled in for the ticket at hand ({ciudadano} or
 * {citizen}, {referencia}/{reference}, {agente}/{agent}, {servicio}/
 * {service}, {administracion}/{administration}, {departamento}/
 * {department}); an unknown one is left as written, so a typo shows. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "api/input.h"
#include "api/render.h"
#include "http/reply.h"
#include "util/buf.h"
#include "util/timeutil.h"

#define MAX_MACRO_BODY 10000

static json_t *macro_json(const struct vt_macro *m, const char *text) {
  json_t *j =
      json_pack("{s:I, s:s, s:o, s:s, s:s, s:o}", "id", (json_int_t)m->id, "tenant", m->tenant_code,
                "department", m->department_id ? json_string(m->department_code) : json_null(),
                "name", m->name ? m->name : "", "body", m->body ? m->body : "", "updated_at",
                vt_json_time(m->updated_at));
  if (text)
    json_object_set_new(j, "text", json_string(text));
  return j;
}

struct fill {
  const char *es, *en, *value;
};

/* body with its placeholders filled in; caller frees. */
static char *render(const char *body, const struct fill *f, size_t n) {
  struct vt_buf b = VT_BUF_INIT;
  for (const char *p = body ? body : ""; *p;) {
    const char *close = *p == '{' ? strchr(p, '}') : NULL;
    bool done = false;
    if (close && close - p - 1 < 32) {
      size_t len = (size_t)(close - p - 1);
      for (size_t i = 0; i < n && !done; i++)
        if ((strlen(f[i].es) == len && !strncmp(p + 1, f[i].es, len)) ||
            (strlen(f[i].en) == len && !strncmp(p + 1, f[i].en, len))) {
          vt_buf_append(&b, f[i].value ? f[i].value : "");
          p = close + 1;
          done = true;
        }
    }
    if (!done)
      vt_buf_append_mem(&b, p++, 1);
  }
  char *s = vt_buf_steal(&b);
  return s ? s : strdup("");
}

enum MHD_Result vt_api_macros_list(struct vt_request *r) {
  struct vt_store *st = r->app->store;
  struct vt_macro *items;
  size_t n;
  enum vt_qs qs = st->macros_list(st, &r->principal->scope, 0, &items, &n);
  if (qs < 0)
    return vt_reply_store_error(r, qs);
  json_t *arr = json_array();
  for (size_t i = 0; i < n; i++)
    json_array_append_new(arr, macro_json(&items[i], NULL));
  VT_RELEASE_ARRAY(items, n, vt_macro_release);
  return vt_reply_json(r, 200, json_pack("{s:o}", "items", arr));
}

/* The macros for a ticket: its administration's and those of the ones
 * above it, for its department or for all, filled in for it. */
enum MHD_Result vt_api_ticket_macros(struct vt_request *r) {
  struct vt_store *st = r->app->store;
  struct vt_ticket t;
  if (vt_api_load_ticket(r, &t) != 0)
    return MHD_YES;
  vt_id ids[8];
  size_t nids = 0;
  char tenant_name[200] = "";
  for (vt_id id = t.tenant_id; id && nids < 8;) {
    struct vt_tenant te;
    if (st->tenant_get(st, id, &te) != VT_QS_ONE)
      break;
    if (!nids)
      snprintf(tenant_name, sizeof tenant_name, "%s", te.name ? te.name : "");
    ids[nids++] = id;
    id = te.parent_id;
    vt_tenant_release(&te);
  }
  struct vt_scope scope = {.n = nids, .tenant_ids = ids};
  struct vt_macro *items;
  size_t n;
  enum vt_qs qs = st->macros_list(st, &scope, t.department_id ? t.department_id : -1, &items, &n);
  if (qs < 0) {
    vt_ticket_release(&t);
    return vt_reply_store_error(r, qs);
  }
  const struct fill f[] = {
      {"ciudadano", "citizen", t.citizen_name},
      {"referencia", "reference", t.reference},
      {"agente", "agent", r->principal->user.name},
      {"servicio", "service", t.service_name},
      {"administracion", "administration", tenant_name},
      {"departamento", "department", t.department_name},
  };
  json_t *arr = json_array();
  for (size_t i = 0; i < n; i++) {
    char *text = render(items[i].body, f, sizeof f / sizeof *f);
    json_array_append_new(arr, macro_json(&items[i], text));
    free(text);
  }
  VT_RELEASE_ARRAY(items, n, vt_macro_release);
  vt_ticket_release(&t);
  return vt_reply_json(r, 200, json_pack("{s:o}", "items", arr));
}

static const char *const macro_fields[] = {"tenant", "department", "name", "body", NULL};

/* Reads name, body and department into m (strings borrowed from in). */
static enum vt_qs read_macro(struct vt_request *r, json_t *in, struct vt_macro *m, bool creating,
                             struct vt_fields *f) {
  struct vt_store *st = r->app->store;
  vt_in_only(in, macro_fields, f);
  const char *s;
  if ((s = vt_in_string(in, "name", VT_MAX_NAME, creating, f, NULL, 0)))
    m->name = (char *)s;
  if ((s = vt_in_string(in, "body", MAX_MACRO_BODY, creating, f, NULL, 0)))
    m->body = (char *)s;
  json_t *dep = json_object_get(in, "department");
  if (dep && json_is_null(dep))
    m->department_id = 0;
  char code[48];
  if (m->tenant_id && vt_in_string(in, "department", 47, false, f, code, sizeof code)) {
    struct vt_department d;
    enum vt_qs qs = st->department_by_code(st, m->tenant_id, code, &d);
    if (qs < 0)
      return qs;
    if (qs == VT_QS_NONE) {
      vt_fields_add(f, "department", "field.unknown_department");
    } else {
      m->department_id = d.id;
      vt_department_release(&d);
    }
  }
  return VT_QS_ONE;
}

static enum MHD_Result save_reply(struct vt_request *r, struct vt_macro *m, unsigned status) {
  struct vt_store *st = r->app->store;
  vt_id id = m->id;
  enum vt_qs qs = st->macro_save(st, m, vt_now_ms(), m->id ? NULL : &id);
  if (qs != VT_QS_ONE)
    return vt_reply_store_error(r, qs == VT_QS_NONE ? VT_QS_HARD : qs);
  struct vt_macro saved;
  if ((qs = st->macro_get(st, id, &saved)) != VT_QS_ONE)
    return vt_reply_store_error(r, qs == VT_QS_NONE ? VT_QS_HARD : qs);
  enum MHD_Result ret = vt_reply_json(r, status, macro_json(&saved, NULL));
  vt_macro_release(&saved);
  return ret;
}

enum MHD_Result vt_api_macro_create(struct vt_request *r) {
  json_t *in = vt_request_json_object(r);
  if (!in)
    return MHD_YES;
  struct vt_fields f = {NULL, r->lang};
  struct vt_macro m = {0};
  enum vt_qs qs = vt_in_scoped_tenant(r, in, &f, &m.tenant_id);
  if (qs >= 0)
    qs = read_macro(r, in, &m, true, &f);
  enum MHD_Result ret = qs < 0     ? vt_reply_store_error(r, qs)
                        : f.errors ? vt_reply_fields(r, &f)
                                   : save_reply(r, &m, 201);
  json_decref(f.errors);
  json_decref(in);
  return ret;
}

/* The path's macro in the caller's scope; 404 otherwise (replied). */
static int load_macro(struct vt_request *r, struct vt_macro *m) {
  struct vt_store *st = r->app->store;
  vt_id id;
  enum vt_qs qs = vt_in_parse_id(r->params[0], &id) ? st->macro_get(st, id, m) : VT_QS_NONE;
  if (qs == VT_QS_ONE && !vt_scope_has(&r->principal->scope, m->tenant_id)) {
    vt_macro_release(m);
    qs = VT_QS_NONE;
  }
  if (qs == VT_QS_ONE)
    return 0;
  if (qs < 0)
    vt_reply_store_error(r, qs);
  else
    vt_reply_error(r, VT_ERR_NOT_FOUND, NULL);
  return -1;
}

enum MHD_Result vt_api_macro_patch(struct vt_request *r) {
  json_t *in = vt_request_json_object(r);
  if (!in)
    return MHD_YES;
  struct vt_macro m;
  if (load_macro(r, &m) != 0) {
    json_decref(in);
    return MHD_YES;
  }
  struct vt_macro owned = m;
  struct vt_fields f = {NULL, r->lang};
  if (json_object_get(in, "tenant"))
    vt_fields_add(&f, "tenant", "field.unknown_field");
  enum vt_qs qs = read_macro(r, in, &m, false, &f);
  enum MHD_Result ret = qs < 0     ? vt_reply_store_error(r, qs)
                        : f.errors ? vt_reply_fields(r, &f)
                                   : save_reply(r, &m, 200);
  vt_macro_release(&owned);
  json_decref(f.errors);
  json_decref(in);
  return ret;
}

enum MHD_Result vt_api_macro_delete(struct vt_request *r) {
  struct vt_store *st = r->app->store;
  struct vt_macro m;
  if (load_macro(r, &m) != 0)
    return MHD_YES;
  enum vt_qs qs = st->macro_delete(st, m.id);
  vt_macro_release(&m);
  return qs < 0 ? vt_reply_store_error(r, qs) : vt_reply_empty(r, 204, NULL, NULL);
}
