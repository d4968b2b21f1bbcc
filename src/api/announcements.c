/* Announcements ("scholarship applications open today"): a supervisor
 * publishes one for a period to the administration's portal news, its
 * social accounts, and as an automatic answer to matching questions. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "api/api.h"
#include "api/input.h"
#include "api/render.h"
#include "channels/announce.h"
#include "http/reply.h"
#include "util/buf.h"
#include "util/timeutil.h"

static json_t *announcement_json(const struct vt_announcement *a, bool full) {
  json_t *j =
      json_pack("{s:I, s:s, s:s, s:s, s:o, s:o}", "id", (json_int_t)a->id, "tenant", a->tenant_code,
                "title", a->title ? a->title : "", "body", a->body ? a->body : "", "starts_at",
                vt_json_time(a->starts_at), "ends_at", vt_json_time(a->ends_at));
  if (full) {
    json_t *kw = json_array();
    for (const char *p = a->keywords; p && *p;) {
      size_t n = strcspn(p, "\n");
      if (n)
        json_array_append_new(kw, json_stringn(p, n));
      p += n;
      if (*p)
        p++;
    }
    json_object_set_new(j, "keywords", kw);
    json_object_set_new(j, "portal", json_boolean(a->on_portal));
    json_object_set_new(j, "networks", json_boolean(a->on_networks));
    json_object_set_new(j, "auto_answer", json_boolean(a->auto_answer));
  }
  return j;
}

static const char *const fields[] = {"tenant",  "title",  "body",     "keywords",    "starts_at",
                                     "ends_at", "portal", "networks", "auto_answer", NULL};

enum MHD_Result vt_api_announcement_create(struct vt_request *r) {
  struct vt_store *st = r->app->store;
  json_t *in = vt_request_json_object(r);
  if (!in)
    return MHD_YES;
  struct vt_fields f = {NULL, r->lang};
  vt_in_only(in, fields, &f);
  struct vt_announcement a = {0};
  enum MHD_Result ret;
  enum vt_qs tq = vt_in_scoped_tenant(r, in, &f, &a.tenant_id);
  if (tq < 0) {
    ret = vt_reply_store_error(r, tq);
    goto out;
  }
  a.title = (char *)vt_in_string(in, "title", 200, true, &f, NULL, 0);
  a.body = (char *)vt_in_string(in, "body", 5000, true, &f, NULL, 0);
  struct vt_buf kw = VT_BUF_INIT;
  json_t *kv = json_object_get(in, "keywords");
  if (kv && !json_is_null(kv)) {
    size_t i;
    json_t *k;
    if (!json_is_array(kv) || json_array_size(kv) > 20)
      vt_fields_add(&f, "keywords", "field.keywords");
    json_array_foreach(kv, i, k) {
      const char *s = json_string_value(k);
      if (!s || strlen(s) > 200) {
        vt_fields_add(&f, "keywords", "field.keywords");
        break;
      }
      char *folded = vt_announce_fold(s);
      if (*folded) {
        if (kw.len)
          vt_buf_append(&kw, "\n");
        vt_buf_append(&kw, folded);
      }
      free(folded);
    }
  }
  a.keywords = kw.data;
  int64_t now = vt_now_ms();
  const char *sa = vt_in_string(in, "starts_at", 40, false, &f, NULL, 0);
  const char *ea = vt_in_string(in, "ends_at", 40, true, &f, NULL, 0);
  a.starts_at = sa ? vt_time_parse_iso8601(sa) : now;
  a.ends_at = ea ? vt_time_parse_iso8601(ea) : 0;
  if (sa && !a.starts_at)
    vt_fields_add(&f, "starts_at", "field.time");
  if (ea && (!a.ends_at || a.ends_at <= a.starts_at))
    vt_fields_add(&f, "ends_at", "field.time");
  a.on_portal = vt_in_bool(in, "portal", true, &f);
  a.on_networks = vt_in_bool(in, "networks", false, &f);
  a.auto_answer = vt_in_bool(in, "auto_answer", false, &f);
  if (a.auto_answer && !kw.len && !json_object_get(f.errors, "keywords"))
    vt_fields_add(&f, "keywords", "field.keywords");
  a.created_by = r->principal->user.id;
  a.created_at = now;
  if (f.errors) {
    ret = vt_reply_fields(r, &f);
  } else {
    vt_id id;
    enum vt_qs qs = st->announcement_create(st, &a, &id);
    struct vt_announcement saved;
    if (qs == VT_QS_ONE && (qs = st->announcement_get(st, id, &saved)) == VT_QS_ONE) {
      ret = vt_reply_json(r, 201, announcement_json(&saved, true));
      vt_announcement_release(&saved);
    } else {
      ret = vt_reply_store_error(r, qs == VT_QS_NONE ? VT_QS_HARD : qs);
    }
  }
  vt_buf_release(&kw);
out:
  json_decref(f.errors);
  json_decref(in);
  return ret;
}

static vt_id tenant_arg(struct vt_request *r, struct vt_fields *f, enum vt_qs *qs) {
  const char *code = vt_request_arg(r, "tenant");
  *qs = VT_QS_ONE;
  if (!code || !*code)
    return 0;
  struct vt_tenant t;
  *qs = r->app->store->tenant_by_code(r->app->store, code, &t);
  if (*qs == VT_QS_NONE) {
    vt_fields_add(f, "tenant", "field.unknown_tenant");
    *qs = VT_QS_ONE;
    return -1;
  }
  if (*qs != VT_QS_ONE)
    return -1;
  vt_id id = t.id;
  vt_tenant_release(&t);
  return id;
}

static enum MHD_Result list(struct vt_request *r, const struct vt_scope *scope, bool public_view) {
  struct vt_fields f = {NULL, r->lang};
  enum vt_qs qs;
  vt_id tenant = tenant_arg(r, &f, &qs);
  if (qs < 0)
    return vt_reply_store_error(r, qs);
  if (public_view && !tenant && !f.errors)
    vt_fields_add(&f, "tenant", "field.required");
  if (f.errors)
    return vt_reply_fields(r, &f);
  struct vt_announcement *items;
  size_t n;
  qs = r->app->store->announcements_list(r->app->store, scope, tenant,
                                         public_view ? vt_now_ms() : 0, &items, &n);
  if (qs < 0)
    return vt_reply_store_error(r, qs);
  json_t *arr = json_array();
  for (size_t i = 0; i < n; i++)
    if (!public_view || items[i].on_portal)
      json_array_append_new(arr, announcement_json(&items[i], !public_view));
  VT_RELEASE_ARRAY(items, n, vt_announcement_release);
  return vt_reply_json(r, 200, json_pack("{s:o}", "items", arr));
}

enum MHD_Result vt_api_announcements_list(struct vt_request *r) {
  return list(r, &r->principal->scope, false);
}

enum MHD_Result vt_api_public_announcements(struct vt_request *r) {
  struct vt_scope all = {.all = true};
  return list(r, &all, true);
}

enum MHD_Result vt_api_announcement_end(struct vt_request *r) {
  struct vt_store *st = r->app->store;
  vt_id id;
  struct vt_announcement a;
  enum vt_qs qs = vt_in_parse_id(r->params[0], &id) ? st->announcement_get(st, id, &a) : VT_QS_NONE;
  if (qs == VT_QS_ONE && !vt_scope_has(&r->principal->scope, a.tenant_id)) {
    vt_announcement_release(&a);
    qs = VT_QS_NONE;
  }
  if (qs != VT_QS_ONE)
    return qs < 0 ? vt_reply_store_error(r, qs) : vt_reply_error(r, VT_ERR_NOT_FOUND, NULL);
  vt_announcement_release(&a);
  if ((qs = st->announcement_end(st, id, vt_now_ms())) != VT_QS_ONE ||
      (qs = st->announcement_get(st, id, &a)) != VT_QS_ONE)
    return vt_reply_store_error(r, qs == VT_QS_NONE ? VT_QS_HARD : qs);
  enum MHD_Result ret = vt_reply_json(r, 200, announcement_json(&a, true));
  vt_announcement_release(&a);
  return ret;
}
