/* Agents' login sessions: argon2id password check with throttling per
 * account and per client address, an HttpOnly SameSite cookie, and a CSRF
 * token the console sends back on every change. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "api/input.h"
#include "api/render.h"
#include "http/auth.h"
#include "http/reply.h"
#include "util/crypto.h"
#include "util/log.h"
#include "util/timeutil.h"

/* Verifying against this when the account does not exist makes a wrong
 * email take as long as a wrong password. */
static char dummy_hash[VT_PASSWORD_HASH_MAX];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;
static void make_dummy(void) { vt_password_hash("not-a-real-password-1234", dummy_hash); }

static json_t *session_json(const struct vt_principal *p, struct vt_store *st) {
  json_t *tenants = json_array();
  struct vt_tenant *items;
  size_t n;
  if (st->tenants_list(st, &p->scope, &items, &n) == VT_QS_ONE) {
    for (size_t i = 0; i < n; i++)
      json_array_append_new(tenants, json_string(items[i].code));
    VT_RELEASE_ARRAY(items, n, vt_tenant_release);
  }
  json_t *user = vt_json_user(&p->user);
  json_object_set_new(user, "lang", json_string(strcmp(p->user.lang, "en") ? "es" : "en"));
  return json_pack("{s:o, s:o, s:s}", "user", user, "tenants", tenants, "csrf_token",
                   p->csrf_token);
}

enum MHD_Result vt_api_session_create(struct vt_request *r) {
  struct vt_app *app = r->app;
  struct vt_store *st = app->store;
  json_t *in = vt_request_json_object(r);
  if (!in)
    return MHD_YES;
  struct vt_fields f = {NULL, r->lang};
  char email[256], password[1024];
  const char *e = vt_in_string(in, "email", 254, true, &f, email, sizeof email);
  json_t *pw = json_object_get(in, "password");
  if (!json_is_string(pw) || !json_string_length(pw))
    vt_fields_add(&f, "password", "field.required");
  else if (json_string_length(pw) >= sizeof password)
    vt_fields_add(&f, "password", "field.too_long");
  else
    snprintf(password, sizeof password, "%s", json_string_value(pw));
  json_decref(in);
  if (f.errors || !e)
    return vt_reply_fields(r, &f);
  /* Logins are case-insensitive: `user add` stores the address lower-cased. */
  for (char *p = email; *p; p++)
    if (*p >= 'A' && *p <= 'Z')
      *p = (char)(*p + 32);

  /* Throttle keys are hashes: the failure log holds no addresses or emails. */
  char ip[64], key_user[80], key_ip[80], h[VT_TOKEN_HASH_HEX + 1];
  vt_request_client_ip(r, ip, sizeof ip);
  vt_token_hash(email, h);
  snprintf(key_user, sizeof key_user, "u:%s", h);
  vt_token_hash(ip, h);
  snprintf(key_ip, sizeof key_ip, "i:%s", h);
  int64_t now = vt_now_ms();
  int64_t since = now - (int64_t)app->config->login_window * 1000;
  long fu = 0, fi = 0;
  enum vt_qs qs = st->login_failures(st, key_user, since, &fu);
  if (qs >= 0)
    qs = st->login_failures(st, key_ip, since, &fi);
  if (qs < 0)
    return vt_reply_store_error(r, qs);
  /* The address limit is wider: one office may share an address. */
  if (fu >= app->config->login_max_failures || fi >= 4L * app->config->login_max_failures) {
    char retry[16];
    snprintf(retry, sizeof retry, "%d", app->config->login_window);
    json_t *body =
        json_pack("{s:{s:s,s:s}}", "error", "code", vt_err_code(VT_ERR_TOO_MANY_REQUESTS),
                  "message", vt_err_message(VT_ERR_TOO_MANY_REQUESTS, r->lang));
    VT_WARN("login throttled");
    return vt_reply_json_hdr(r, 429, body, "Retry-After", retry);
  }

  struct vt_user u;
  qs = st->user_by_email(st, email, &u);
  if (qs < 0)
    return vt_reply_store_error(r, qs);
  bool ok;
  if (qs == VT_QS_ONE && u.password_hash && u.active) {
    ok = vt_password_verify(u.password_hash, password);
  } else {
    pthread_once(&dummy_once, make_dummy);
    vt_password_verify(dummy_hash, password);
    ok = false;
  }
  vt_id user_id = qs == VT_QS_ONE ? u.id : 0;
  if (qs == VT_QS_ONE)
    vt_user_release(&u);
  memset(password, 0, sizeof password);
  if (!ok) {
    st->login_failure_add(st, key_user, now);
    st->login_failure_add(st, key_ip, now);
    return vt_reply_error(r, VT_ERR_BAD_CREDENTIALS, NULL);
  }
  st->login_failures_clear(st, key_user);

  char token[VT_TOKEN_CHARS + 8], token_hash[VT_TOKEN_HASH_HEX + 1];
  vt_token_new("vts_", token, sizeof token);
  vt_token_hash(token, token_hash);
  struct vt_principal *p;
  if (vt_auth_load_principal(app, user_id, &p) != 0)
    return vt_reply_error(r, VT_ERR_INTERNAL, NULL);
  vt_token_new("vtc_", p->csrf_token, sizeof p->csrf_token);
  int64_t expires = now + (int64_t)app->config->session_ttl * 1000;
  qs = st->session_create(st, token_hash, user_id, p->csrf_token, now, expires);
  if (qs != VT_QS_ONE) {
    vt_principal_free(p);
    return vt_reply_store_error(r, qs == VT_QS_NONE ? VT_QS_HARD : qs);
  }
  char cookie[256];
  snprintf(cookie, sizeof cookie, "%s=%s; Path=/; HttpOnly; SameSite=Strict; Max-Age=%d%s",
           VT_SESSION_COOKIE, token, app->config->session_ttl,
           vt_config_cookie_secure(app->config) ? "; Secure" : "");
  json_t *body = session_json(p, st);
  json_object_set_new(body, "expires_at", vt_json_time(expires));
  vt_principal_free(p);
  return vt_reply_json_hdr(r, 201, body, "Set-Cookie", cookie);
}

enum MHD_Result vt_api_session_get(struct vt_request *r) {
  return vt_reply_json(r, 200, session_json(r->principal, r->app->store));
}

enum MHD_Result vt_api_session_delete(struct vt_request *r) {
  struct vt_store *st = r->app->store;
  if (r->principal->via_session) {
    enum vt_qs qs = st->session_delete(st, r->principal->session_hash);
    if (qs < 0)
      return vt_reply_store_error(r, qs);
  }
  return vt_reply_empty(r, 204, "Set-Cookie",
                        VT_SESSION_COOKIE "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
}

/* The console's language switch keeps the user's choice here, so what the
 * server writes to them (deadline alerts) is in their language too. */
enum MHD_Result vt_api_me_language_put(struct vt_request *r) {
  json_t *in = vt_request_json_object(r);
  if (!in)
    return MHD_YES;
  static const char *const allowed[] = {"lang", NULL};
  struct vt_fields f = {NULL, r->lang};
  vt_in_only(in, allowed, &f);
  char lang[8];
  if (vt_in_string(in, "lang", 4, true, &f, lang, sizeof lang) && strcmp(lang, "es") &&
      strcmp(lang, "en"))
    vt_fields_add(&f, "lang", "field.unknown_value");
  json_decref(in);
  if (f.errors) {
    enum MHD_Result ret = vt_reply_fields(r, &f);
    json_decref(f.errors);
    return ret;
  }
  struct vt_store *st = r->app->store;
  enum vt_qs qs = st->user_set_lang(st, r->principal->user.id, lang);
  if (qs < 0)
    return vt_reply_store_error(r, qs);
  return vt_reply_json(r, 200, json_pack("{s:s}", "lang", lang));
}
