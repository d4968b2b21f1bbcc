/* The public service catalogue, and the administrations and departments an
 * agent serves. */
#include <stdlib.h>

#include "api/api.h"
#include "api/render.h"
#include "http/reply.h"

enum MHD_Result vt_api_services_list(struct vt_request *r) {
  struct vt_store *st = r->app->store;
  const char *code = vt_request_arg(r, "tenant");
  struct vt_fields f = {NULL, r->lang};
  if (!code || !*code) {
    vt_fields_add(&f, "tenant", "field.required");
    return vt_reply_fields(r, &f);
  }
  struct vt_tenant t;
  enum vt_qs qs = st->tenant_by_code(st, code, &t);
  if (qs < 0)
    return vt_reply_store_error(r, qs);
  if (qs == VT_QS_NONE) {
    vt_fields_add(&f, "tenant", "field.unknown_tenant");
    return vt_reply_fields(r, &f);
  }
  struct vt_service *items;
  size_t n;
  qs = st->services_list(st, t.id, vt_request_arg(r, "q"), &items, &n);
  json_t *tenant = vt_json_tenant(&t);
  vt_tenant_release(&t);
  if (qs < 0) {
    json_decref(tenant);
    return vt_reply_store_error(r, qs);
  }
  json_t *arr = json_array();
  for (size_t i = 0; i < n; i++)
    json_array_append_new(arr, vt_json_service(&items[i]));
  VT_RELEASE_ARRAY(items, n, vt_service_release);
  return vt_reply_json(r, 200, json_pack("{s:o, s:o}", "tenant", tenant, "items", arr));
}

enum MHD_Result vt_api_tenants_list(struct vt_request *r) {
  struct vt_store *st = r->app->store;
  struct vt_tenant *items;
  size_t n;
  enum vt_qs qs = st->tenants_list(st, &r->principal->scope, &items, &n);
  if (qs < 0)
    return vt_reply_store_error(r, qs);
  json_t *arr = json_array();
  for (size_t i = 0; i < n; i++)
    json_array_append_new(arr, vt_json_tenant(&items[i]));
  VT_RELEASE_ARRAY(items, n, vt_tenant_release);
  return vt_reply_json(r, 200, json_pack("{s:o}", "items", arr));
}

/* The administrations a citizen can write to: every one, for the portal. */
enum MHD_Result vt_api_public_tenants_list(struct vt_request *r) {
  struct vt_store *st = r->app->store;
  struct vt_scope all = {.all = true};
  struct vt_tenant *items;
  size_t n;
  enum vt_qs qs = st->tenants_list(st, &all, &items, &n);
  if (qs < 0)
    return vt_reply_store_error(r, qs);
  json_t *arr = json_array();
  for (size_t i = 0; i < n; i++) {
    json_t *t = vt_json_tenant(&items[i]);
    json_object_del(t, "id");
    json_array_append_new(arr, t);
  }
  VT_RELEASE_ARRAY(items, n, vt_tenant_release);
  return vt_reply_json(r, 200, json_pack("{s:o}", "items", arr));
}

enum MHD_Result vt_api_departments_list(struct vt_request *r) {
  struct vt_store *st = r->app->store;
  vt_id tenant_id = 0;
  const char *code = vt_request_arg(r, "tenant");
  if (code) {
    struct vt_tenant t;
    enum vt_qs qs = st->tenant_by_code(st, code, &t);
    if (qs < 0)
      return vt_reply_store_error(r, qs);
    if (qs == VT_QS_NONE) {
      struct vt_fields f = {NULL, r->lang};
      vt_fields_add(&f, "tenant", "field.unknown_tenant");
      return vt_reply_fields(r, &f);
    }
    tenant_id = t.id;
    vt_tenant_release(&t);
  }
  struct vt_department *items;
  size_t n;
  enum vt_qs qs = st->departments_list(st, &r->principal->scope, tenant_id, &items, &n);
  if (qs < 0)
    return vt_reply_store_error(r, qs);
  json_t *arr = json_array();
  for (size_t i = 0; i < n; i++)
    json_array_append_new(arr, vt_json_department(&items[i]));
  VT_RELEASE_ARRAY(items, n, vt_department_release);
  return vt_reply_json(r, 200, json_pack("{s:o}", "items", arr));
}
