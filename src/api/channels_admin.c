/* Administration of the messaging networks: each administration's accounts
 * (a Telegram bot, a WhatsApp number, a Facebook page, an X account) with
 * the secrets that check what the network sends and the token we send
 * with. Secrets are written here and never read back. */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "api/api.h"
#include "api/input.h"
#include "channels/networks.h"
#include "http/reply.h"
#include "util/timeutil.h"

static json_t *account_json(const struct vt_channel_account *a) {
  return json_pack("{s:I, s:s, s:s, s:s, s:s, s:b, s:b, s:b, s:b}", "id", (json_int_t)a->id,
                   "tenant", a->tenant_code, "network", a->network, "account_id", a->account_id,
                   "api_base_url", a->api_base_url ? a->api_base_url : "", "has_secret",
                   a->has_secret, "has_access_token", a->has_access_token, "has_verify_token",
                   a->has_verify_token, "active", a->active);
}

static bool web_url(const char *u) {
  return u && (!strncasecmp(u, "https://", 8) || !strncasecmp(u, "http://", 7)) &&
         !strpbrk(u, " \r\n\t");
}

static const char *default_base(const char *network) {
  if (!strcmp(network, "telegram"))
    return "https://api.telegram.org";
  if (!strcmp(network, "x"))
    return "https://api.x.com";
  return "https://graph.facebook.com";
}

enum MHD_Result vt_api_channels_list(struct vt_request *r) {
  struct vt_store *st = r->app->store;
  struct vt_channel_account *items;
  size_t n;
  enum vt_qs qs = st->channel_accounts_list(st, &r->principal->scope, &items, &n);
  if (qs < 0)
    return vt_reply_store_error(r, qs);
  json_t *arr = json_array();
  for (size_t i = 0; i < n; i++)
    json_array_append_new(arr, account_json(&items[i]));
  VT_RELEASE_ARRAY(items, n, vt_channel_account_release);
  return vt_reply_json(r, 200, json_pack("{s:o}", "items", arr));
}

static const char *const create_fields[] = {"tenant",       "network",      "account_id",
                                            "secret",       "access_token", "verify_token",
                                            "api_base_url", "active",       NULL};
static const char *const patch_fields[] = {"secret",       "access_token", "verify_token",
                                           "api_base_url", "active",       NULL};

/* Saves and answers with the account as stored. */
static enum MHD_Result save_and_reply(struct vt_request *r, struct vt_channel_account *a,
                                      struct vt_fields *f, unsigned status) {
  struct vt_store *st = r->app->store;
  vt_id id = a->id;
  enum vt_qs qs = st->channel_account_save(st, a, vt_now_ms(), a->id ? NULL : &id);
  if (qs == VT_QS_NONE) {
    vt_fields_add(f, "account_id", "field.channel_taken");
    return vt_reply_fields(r, f);
  }
  if (qs < 0)
    return vt_reply_store_error(r, qs);
  struct vt_channel_account saved;
  if ((qs = st->channel_account_find(st, a->network, a->account_id, false, &saved)) != VT_QS_ONE)
    return vt_reply_store_error(r, qs == VT_QS_NONE ? VT_QS_HARD : qs);
  enum MHD_Result ret = vt_reply_json(r, status, account_json(&saved));
  vt_channel_account_release(&saved);
  return ret;
}

/* The secret fields and the URL, common to creating and changing. */
static void read_common(json_t *in, struct vt_channel_account *a, struct vt_fields *f) {
  a->secret = (char *)vt_in_string(in, "secret", 500, false, f, NULL, 0);
  a->access_token = (char *)vt_in_string(in, "access_token", 2000, false, f, NULL, 0);
  a->verify_token = (char *)vt_in_string(in, "verify_token", 500, false, f, NULL, 0);
  const char *url = vt_in_string(in, "api_base_url", 500, false, f, NULL, 0);
  if (url && !web_url(url))
    vt_fields_add(f, "api_base_url", "field.api_base_url");
  if (url)
    a->api_base_url = (char *)url;
  a->active = vt_in_bool(in, "active", a->active, f);
}

enum MHD_Result vt_api_channel_create(struct vt_request *r) {
  json_t *in = vt_request_json_object(r);
  if (!in)
    return MHD_YES;
  struct vt_fields f = {NULL, r->lang};
  vt_in_only(in, create_fields, &f);
  struct vt_channel_account a = {0};
  a.active = true;
  enum MHD_Result ret;
  enum vt_qs tq = vt_in_scoped_tenant(r, in, &f, &a.tenant_id);
  if (tq < 0) {
    ret = vt_reply_store_error(r, tq);
    goto out;
  }
  if (vt_in_string(in, "network", 15, true, &f, a.network, sizeof a.network) &&
      !vt_net_known(a.network))
    vt_fields_add(&f, "network", "field.unknown_value");
  vt_in_string(in, "account_id", 63, true, &f, a.account_id, sizeof a.account_id);
  for (const char *p = a.account_id; *p; p++)
    if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
          *p == '_' || *p == '-' || *p == '.'))
      vt_fields_add(&f, "account_id", "field.unknown_value");
  read_common(in, &a, &f);
  if (!a.api_base_url && a.network[0] && vt_net_known(a.network))
    a.api_base_url = (char *)default_base(a.network);
  if (f.errors) {
    ret = vt_reply_fields(r, &f);
    goto out;
  }
  ret = save_and_reply(r, &a, &f, 201);
out:
  json_decref(f.errors);
  json_decref(in);
  return ret;
}

enum MHD_Result vt_api_channel_patch(struct vt_request *r) {
  struct vt_store *st = r->app->store;
  json_t *in = vt_request_json_object(r);
  if (!in)
    return MHD_YES;
  vt_id id;
  struct vt_channel_account *items = NULL, cur = {0};
  size_t n = 0;
  bool found = false;
  enum vt_qs qs = VT_QS_NONE;
  if (vt_in_parse_id(r->params[0], &id) &&
      (qs = st->channel_accounts_list(st, &r->principal->scope, &items, &n)) == VT_QS_ONE) {
    for (size_t i = 0; i < n && !found; i++)
      if (items[i].id == id) {
        cur = items[i];
        memset(&items[i], 0, sizeof items[i]);
        found = true;
      }
  }
  VT_RELEASE_ARRAY(items, n, vt_channel_account_release);
  enum MHD_Result ret;
  if (!found) {
    ret = qs < 0 ? vt_reply_store_error(r, qs) : vt_reply_error(r, VT_ERR_NOT_FOUND, NULL);
    json_decref(in);
    return ret;
  }
  struct vt_fields f = {NULL, r->lang};
  vt_in_only(in, patch_fields, &f);
  char *keep_url = cur.api_base_url;
  read_common(in, &cur, &f);
  ret = f.errors ? vt_reply_fields(r, &f) : save_and_reply(r, &cur, &f, 200);
  cur.secret = cur.access_token = cur.verify_token = NULL; /* borrowed from the body */
  cur.api_base_url = keep_url;
  vt_channel_account_release(&cur);
  json_decref(f.errors);
  json_decref(in);
  return ret;
}
