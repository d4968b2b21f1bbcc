/* Chat widgets: what an administrator sets up (the origins allowed to
 * embed it, its service hours, its department), what the widget asks
 * before a chat (is anyone there?), and the frame page itself, which only
 * the allowed origins may show (CSP frame-ancestors, enforced by browsers). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "api/api.h"
#include "api/chat.h"
#include "api/input.h"
#include "api/render.h"
#include "channels/chat_hours.h"
#include "http/reply.h"
#include "http/static.h"
#include "util/buf.h"
#include "util/crypto.h"
#include "util/timeutil.h"

#define MAX_ORIGINS 20

static json_t *origins_json(const char *lines) {
  json_t *arr = json_array();
  const char *p = lines ? lines : "";
  while (*p) {
    size_t n = strcspn(p, "\n");
    if (n)
      json_array_append_new(arr, json_stringn(p, n));
    p += n;
    if (*p)
      p++;
  }
  return arr;
}

static json_t *hours_json(const char *stored) {
  json_t *h = stored ? json_loads(stored, 0, NULL) : NULL;
  return h ? h : json_null();
}

static json_t *widget_json(const struct vt_chat_widget *w) {
  return json_pack("{s:I, s:s, s:s, s:o, s:s, s:o, s:o, s:b, s:o}", "id", (json_int_t)w->id, "key",
                   w->key, "tenant", w->tenant_code, "department",
                   w->department_id ? json_string(w->department_code) : json_null(), "name",
                   w->name ? w->name : "", "allowed_origins", origins_json(w->allowed_origins),
                   "hours", hours_json(w->hours_json), "active", w->active, "created_at",
                   vt_json_time(w->created_at));
}

/* An origin as a browser sends it: http(s)://host[:port], lower case, no
 * path. Only these characters may reach the CSP header. */
static bool origin_ok(const char *o, char *out, size_t outsz) {
  size_t len = strlen(o);
  if (len >= outsz || len > 200)
    return false;
  const char *host;
  if (!strncasecmp(o, "https://", 8))
    host = o + 8;
  else if (!strncasecmp(o, "http://", 7))
    host = o + 7;
  else
    return false;
  if (!*host || *host == '.' || *host == ':')
    return false;
  bool port = false;
  for (const char *p = host; *p; p++) {
    if (*p == ':' && !port && p[1]) {
      port = true;
      continue;
    }
    if (port ? !isdigit((unsigned char)*p)
             : !(isalnum((unsigned char)*p) || *p == '.' || *p == '-'))
      return false;
  }
  for (size_t i = 0; i <= len; i++)
    out[i] = (char)tolower((unsigned char)o[i]);
  return true;
}

/* The body's allowed_origins into one origin a line; false with a field error. */
static bool read_origins(json_t *in, struct vt_fields *f, struct vt_buf *out) {
  json_t *arr = json_object_get(in, "allowed_origins");
  if (!json_is_array(arr) || !json_array_size(arr) || json_array_size(arr) > MAX_ORIGINS) {
    vt_fields_add(f, "allowed_origins", "field.origins");
    return false;
  }
  size_t i;
  json_t *v;
  json_array_foreach(arr, i, v) {
    char o[256];
    if (!json_is_string(v) || !origin_ok(json_string_value(v), o, sizeof o)) {
      vt_fields_add(f, "allowed_origins", "field.origins");
      return false;
    }
    vt_buf_appendf(out, "%s%s", out->len ? "\n" : "", o);
  }
  return true;
}

/* The body's hours: absent keeps *out, null means always open. */
static void read_hours(json_t *in, struct vt_fields *f, char **out, bool *given) {
  json_t *h = json_object_get(in, "hours");
  *given = h != NULL;
  *out = NULL;
  if (!h || json_is_null(h)) {
    *out = NULL;
    return;
  }
  if (!vt_chat_hours_valid(h)) {
    vt_fields_add(f, "hours", "field.hours");
    *given = false; /* refused: nothing to change */
    return;
  }
  *out = json_dumps(h, JSON_COMPACT | JSON_SORT_KEYS);
}

/* The body's department code of the widget's administration (or null). */
static enum vt_qs read_department(struct vt_store *st, json_t *in, vt_id tenant_id,
                                  struct vt_fields *f, vt_id *department_id) {
  char code[48];
  if (!vt_in_string(in, "department", 47, false, f, code, sizeof code)) {
    *department_id = 0;
    return VT_QS_ONE;
  }
  struct vt_department d;
  enum vt_qs qs = st->department_by_code(st, tenant_id, code, &d);
  if (qs == VT_QS_ONE) {
    *department_id = d.id;
    vt_department_release(&d);
  } else if (qs == VT_QS_NONE) {
    vt_fields_add(f, "department", "field.unknown_department");
  }
  return qs;
}

static enum MHD_Result reply_widget(struct vt_request *r, vt_id id, unsigned status) {
  struct vt_store *st = r->app->store;
  struct vt_chat_widget w;
  enum vt_qs qs = st->chat_widget_get(st, id, &w);
  if (qs != VT_QS_ONE)
    return vt_reply_store_error(r, qs == VT_QS_NONE ? VT_QS_HARD : qs);
  enum MHD_Result ret = vt_reply_json(r, status, widget_json(&w));
  vt_chat_widget_release(&w);
  return ret;
}

enum MHD_Result vt_api_chat_widgets_list(struct vt_request *r) {
  struct vt_store *st = r->app->store;
  struct vt_chat_widget *items;
  size_t n;
  enum vt_qs qs = st->chat_widgets_list(st, &r->principal->scope, &items, &n);
  if (qs < 0)
    return vt_reply_store_error(r, qs);
  json_t *arr = json_array();
  for (size_t i = 0; i < n; i++)
    json_array_append_new(arr, widget_json(&items[i]));
  VT_RELEASE_ARRAY(items, n, vt_chat_widget_release);
  return vt_reply_json(r, 200, json_pack("{s:o}", "items", arr));
}

static const char *const create_fields[] = {"tenant", "department", "name", "allowed_origins",
                                            "hours",  "active",     NULL};
static const char *const patch_fields[] = {"department", "name",   "allowed_origins",
                                           "hours",      "active", NULL};

enum MHD_Result vt_api_chat_widget_create(struct vt_request *r) {
  struct vt_store *st = r->app->store;
  json_t *in = vt_request_json_object(r);
  if (!in)
    return MHD_YES;
  struct vt_fields f = {NULL, r->lang};
  vt_in_only(in, create_fields, &f);
  struct vt_chat_widget w = {0};
  struct vt_buf origins = VT_BUF_INIT;
  bool hours_given;
  enum MHD_Result ret;
  enum vt_qs qs = vt_in_scoped_tenant(r, in, &f, &w.tenant_id);
  if (qs == VT_QS_ONE)
    qs = read_department(st, in, w.tenant_id, &f, &w.department_id);
  if (qs < 0) {
    ret = vt_reply_store_error(r, qs);
    goto out;
  }
  w.name = (char *)vt_in_string(in, "name", VT_MAX_NAME, true, &f, NULL, 0);
  read_origins(in, &f, &origins);
  read_hours(in, &f, &w.hours_json, &hours_given);
  w.active = vt_in_bool(in, "active", true, &f);
  if (f.errors) {
    ret = vt_reply_fields(r, &f);
    goto out;
  }
  vt_token_new("vtw_", w.key, sizeof w.key);
  w.allowed_origins = origins.data;
  vt_id id;
  qs = st->chat_widget_save(st, &w, vt_now_ms(), &id);
  ret = qs == VT_QS_ONE ? reply_widget(r, id, 201)
                        : vt_reply_store_error(r, qs == VT_QS_NONE ? VT_QS_HARD : qs);
out:
  free(w.hours_json);
  vt_buf_release(&origins);
  json_decref(f.errors);
  json_decref(in);
  return ret;
}

enum MHD_Result vt_api_chat_widget_patch(struct vt_request *r) {
  struct vt_store *st = r->app->store;
  json_t *in = vt_request_json_object(r);
  if (!in)
    return MHD_YES;
  vt_id id;
  struct vt_chat_widget w = {0};
  enum vt_qs qs = vt_in_parse_id(r->params[0], &id) ? st->chat_widget_get(st, id, &w) : VT_QS_NONE;
  if (qs == VT_QS_ONE && !vt_scope_has(&r->principal->scope, w.tenant_id)) {
    vt_chat_widget_release(&w);
    qs = VT_QS_NONE; /* another administration's: as if it did not exist */
  }
  if (qs != VT_QS_ONE) {
    json_decref(in);
    return qs < 0 ? vt_reply_store_error(r, qs) : vt_reply_error(r, VT_ERR_NOT_FOUND, NULL);
  }
  struct vt_fields f = {NULL, r->lang};
  vt_in_only(in, patch_fields, &f);
  struct vt_buf origins = VT_BUF_INIT;
  enum MHD_Result ret;
  if (json_object_get(in, "department") &&
      (qs = read_department(st, in, w.tenant_id, &f, &w.department_id)) < 0) {
    ret = vt_reply_store_error(r, qs);
    goto out;
  }
  char *name = (char *)vt_in_string(in, "name", VT_MAX_NAME, false, &f, NULL, 0);
  if (name) {
    free(w.name);
    w.name = strdup(name);
  }
  if (json_object_get(in, "allowed_origins") && read_origins(in, &f, &origins)) {
    free(w.allowed_origins);
    w.allowed_origins = origins.data; /* the widget owns it now */
    origins = (struct vt_buf)VT_BUF_INIT;
  }
  char *hours = NULL;
  bool hours_given;
  read_hours(in, &f, &hours, &hours_given);
  if (hours_given) {
    free(w.hours_json);
    w.hours_json = hours;
  }
  w.active = vt_in_bool(in, "active", w.active, &f);
  if (f.errors) {
    ret = vt_reply_fields(r, &f);
    goto out;
  }
  qs = st->chat_widget_save(st, &w, vt_now_ms(), NULL);
  ret = qs == VT_QS_ONE ? reply_widget(r, w.id, 200)
                        : vt_reply_store_error(r, qs == VT_QS_NONE ? VT_QS_HARD : qs);
out:
  vt_buf_release(&origins);
  vt_chat_widget_release(&w);
  json_decref(f.errors);
  json_decref(in);
  return ret;
}

int vt_chat_load_widget(struct vt_request *r, const char *key, struct vt_chat_widget *w) {
  struct vt_store *st = r->app->store;
  enum vt_qs qs =
      key && *key && strlen(key) < sizeof w->key ? st->chat_widget_by_key(st, key, w) : VT_QS_NONE;
  if (qs == VT_QS_ONE && !w->active) {
    vt_chat_widget_release(w);
    qs = VT_QS_NONE;
  }
  if (qs == VT_QS_ONE)
    return 0;
  if (qs < 0)
    vt_reply_store_error(r, qs);
  return qs < 0 ? -1 : 1;
}

enum MHD_Result vt_api_chat_widget_public(struct vt_request *r) {
  struct vt_store *st = r->app->store;
  struct vt_chat_widget w;
  int rc = vt_chat_load_widget(r, r->params[0], &w);
  if (rc)
    return rc < 0 ? MHD_YES : vt_reply_error(r, VT_ERR_NOT_FOUND, NULL);
  int64_t now = vt_now_ms();
  bool open = vt_chat_hours_open(w.hours_json, w.timezone, now);
  long on_duty = 0;
  enum vt_qs qs = st->chat_agents_on_duty(st, w.tenant_id, now, &on_duty);
  enum MHD_Result ret;
  if (qs < 0) {
    ret = vt_reply_store_error(r, qs);
  } else {
    json_t *dept = w.department_id ? json_pack("{s:s, s:s}", "code", w.department_code, "name",
                                               w.department_name ? w.department_name : "")
                                   : json_null();
    ret = vt_reply_json(
        r, 200,
        json_pack("{s:s, s:{s:s, s:s}, s:o, s:b, s:b, s:o, s:s}", "key", w.key, "tenant", "code",
                  w.tenant_code, "name", w.tenant_name ? w.tenant_name : "", "department", dept,
                  "open", open, "agents_available", on_duty > 0, "hours", hours_json(w.hours_json),
                  "timezone", w.timezone ? w.timezone : "UTC"));
  }
  vt_chat_widget_release(&w);
  return ret;
}

/* GET /chat/frame?key=…: the widget's page, which only the widget's
 * allowed origins may frame. */
enum MHD_Result vt_api_chat_frame(struct vt_request *r) {
  struct vt_chat_widget w;
  int rc = vt_chat_load_widget(r, vt_request_arg(r, "key"), &w);
  if (rc) {
    if (rc > 0)
      vt_static_not_found(r);
    return MHD_YES;
  }
  struct vt_buf ancestors = VT_BUF_INIT;
  for (const char *p = w.allowed_origins ? w.allowed_origins : ""; *p;) {
    size_t n = strcspn(p, "\n");
    /* Checked again: only an origin's characters may reach the header,
     * whoever stored it (the API checks, but so must the header). */
    char one[256], clean[256];
    snprintf(one, sizeof one, "%.*s", (int)(n < sizeof one ? n : sizeof one - 1), p);
    if (origin_ok(one, clean, sizeof clean))
      vt_buf_appendf(&ancestors, "%s%s", ancestors.len ? " " : "", clean);
    p += n;
    if (*p)
      p++;
  }
  if (!ancestors.len)
    vt_buf_append(&ancestors, "'none'");
  if (!vt_static_send_framed(r, "chat/frame.html", ancestors.data))
    vt_static_not_found(r);
  vt_buf_release(&ancestors);
  vt_chat_widget_release(&w);
  return MHD_YES;
}
