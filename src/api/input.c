/* Request input: every value a client sends is checked here or in the
 * domain validators before it reaches the store. */
#include "api/input.h"

#include <string.h>

#include "util/crypto.h"
#include "util/validate.h"

static bool is_space(unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

const char *vt_in_string(json_t *obj, const char *key, size_t maxlen, bool required,
                         struct vt_fields *f, char *out, size_t outsz) {
  json_t *v = json_object_get(obj, key);
  if (!v || json_is_null(v)) {
    if (required)
      vt_fields_add(f, key, "field.required");
    return NULL;
  }
  if (!json_is_string(v)) {
    vt_fields_add(f, key, "field.type_string");
    return NULL;
  }
  const char *s = json_string_value(v);
  size_t len = json_string_length(v);
  while (len && is_space((unsigned char)*s)) {
    s++;
    len--;
  }
  while (len && is_space((unsigned char)s[len - 1]))
    len--;
  if (!len) {
    if (required)
      vt_fields_add(f, key, "field.required");
    return NULL;
  }
  if (len > maxlen) {
    vt_fields_add(f, key, "field.too_long");
    return NULL;
  }
  if (out) {
    if (len >= outsz) {
      vt_fields_add(f, key, "field.too_long");
      return NULL;
    }
    memcpy(out, s, len);
    out[len] = '\0';
    return out;
  }
  /* Trimming at the end would mean writing into jansson's string: store the
   * trimmed copy back in the object instead. */
  if (s[len] != '\0' || s != json_string_value(v)) {
    json_t *trimmed = json_stringn(s, len);
    json_object_set_new(obj, key, trimmed);
    return json_string_value(trimmed);
  }
  return s;
}

bool vt_in_bool(json_t *obj, const char *key, bool def, struct vt_fields *f) {
  json_t *v = json_object_get(obj, key);
  if (!v || json_is_null(v))
    return def;
  if (!json_is_boolean(v)) {
    vt_fields_add(f, key, "field.type_bool");
    return def;
  }
  return json_is_true(v);
}

void vt_in_only(json_t *obj, const char *const *allowed, struct vt_fields *f) {
  const char *key;
  json_t *v;
  json_object_foreach(obj, key, v) {
    bool ok = false;
    for (const char *const *a = allowed; *a && !ok; a++)
      ok = !strcmp(*a, key);
    if (!ok)
      vt_fields_add(f, key, "field.unknown_field");
  }
}

size_t vt_in_identities(json_t *obj, struct vt_fields *f, struct vt_identity *out) {
  size_t n = 0;
  char raw[320];
  if (vt_in_string(obj, "email", 254, false, f, raw, sizeof raw)) {
    out[n].kind = VT_ID_EMAIL;
    out[n].verified = false;
    if (vt_email_normalize(raw, out[n].value, sizeof out[n].value) == VT_VALID_OK)
      n++;
    else
      vt_fields_add(f, "email", "field.email.format");
  }
  if (vt_in_string(obj, "phone", 40, false, f, raw, sizeof raw)) {
    out[n].kind = VT_ID_PHONE;
    out[n].verified = false;
    if (vt_phone_normalize(raw, "34", out[n].value, sizeof out[n].value) == VT_VALID_OK)
      n++;
    else
      vt_fields_add(f, "phone", "field.phone.format");
  }
  if (vt_in_string(obj, "national_id", 20, false, f, raw, sizeof raw)) {
    out[n].kind = VT_ID_NATIONAL_ID;
    out[n].verified = false;
    enum vt_valid v = vt_national_id_normalize(raw, out[n].value, sizeof out[n].value);
    if (v == VT_VALID_OK)
      n++;
    else
      vt_fields_add(f, "national_id",
                    v == VT_VALID_CHECKSUM ? "field.national_id.checksum"
                                           : "field.national_id.format");
  }
  return n;
}

bool vt_in_parse_id(const char *s, vt_id *out) {
  if (!s || !*s || strlen(s) > 18)
    return false;
  vt_id v = 0;
  for (const char *p = s; *p; p++) {
    if (*p < '0' || *p > '9')
      return false;
    v = v * 10 + (*p - '0');
  }
  if (v <= 0)
    return false;
  *out = v;
  return true;
}

const struct vt_idempotency *vt_in_idempotency(struct vt_request *r, const char *scope,
                                               struct vt_idempotency *storage, char hash[65],
                                               bool *bad) {
  *bad = false;
  const char *key = vt_request_header(r, "Idempotency-Key");
  if (!key)
    return NULL;
  size_t n = strlen(key);
  if (n == 0 || n > 128) {
    *bad = true;
    return NULL;
  }
  for (const char *p = key; *p; p++)
    if (*p < 0x21 || *p > 0x7e) {
      *bad = true;
      return NULL;
    }
  /* The same key with another body is a client bug, not a retry. */
  struct vt_buf b = VT_BUF_INIT;
  vt_buf_append(&b, r->method);
  vt_buf_append(&b, " ");
  vt_buf_append(&b, r->path);
  vt_buf_append(&b, "\n");
  if (r->body.data)
    vt_buf_append_mem(&b, r->body.data, r->body.len);
  vt_token_hash(b.data, hash);
  vt_buf_release(&b);
  storage->scope = scope;
  storage->key = key;
  storage->request_hash = hash;
  return storage;
}

enum vt_qs vt_in_scoped_tenant(struct vt_request *r, json_t *in, struct vt_fields *f,
                               vt_id *tenant_id) {
  *tenant_id = 0;
  char code[16];
  if (!vt_in_string(in, "tenant", 15, true, f, code, sizeof code))
    return VT_QS_NONE;
  struct vt_tenant t;
  enum vt_qs qs = r->app->store->tenant_by_code(r->app->store, code, &t);
  if (qs < 0)
    return qs;
  /* Outside the caller's scope is the same as unknown: nothing to probe. */
  if (qs == VT_QS_ONE && vt_scope_has(&r->principal->scope, t.id))
    *tenant_id = t.id;
  else
    vt_fields_add(f, "tenant", "field.unknown_tenant");
  if (qs == VT_QS_ONE)
    vt_tenant_release(&t);
  return *tenant_id ? VT_QS_ONE : VT_QS_NONE;
}
