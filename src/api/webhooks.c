/* The messaging networks' webhooks: GET for the subscription handshakes
 * (the Graph API's verify token, X's CRC challenge), POST for events. An
 * event is authenticated by the network's signature over the exact bytes
 * received, stored, and only then acknowledged with 200: a network that
 * gets no 200 delivers again, and a delivery seen before stores nothing. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "channels/net_ingest.h"
#include "channels/networks.h"
#include "http/reply.h"
#include "util/log.h"

/* The account named by the path; replies 404 when there is none. */
static int load_account(struct vt_request *r, struct vt_channel_account *acc) {
  struct vt_store *st = r->app->store;
  const char *network = r->params[0], *account = r->params[1];
  enum vt_qs qs = vt_net_known(network) ? st->channel_account_find(st, network, account, true, acc)
                                        : VT_QS_NONE;
  if (qs == VT_QS_ONE && acc->active)
    return 0;
  if (qs == VT_QS_ONE)
    vt_channel_account_release(acc);
  if (qs < 0)
    vt_reply_store_error(r, qs);
  else
    vt_reply_error(r, VT_ERR_NOT_FOUND, NULL);
  return -1;
}

static enum MHD_Result reply_text(struct vt_request *r, unsigned status, const char *text) {
  char *copy = strdup(text);
  struct MHD_Response *resp =
      MHD_create_response_from_buffer(strlen(copy), copy, MHD_RESPMEM_MUST_FREE);
  MHD_add_response_header(resp, "Content-Type", "text/plain; charset=utf-8");
  MHD_add_response_header(resp, "Cache-Control", "no-store");
  return vt_reply_response(r, status, resp);
}

enum MHD_Result vt_api_webhook_verify(struct vt_request *r) {
  struct vt_channel_account acc;
  if (load_account(r, &acc) != 0)
    return MHD_YES;
  enum MHD_Result ret;
  if (!strcmp(acc.network, "x")) {
    const char *token = vt_request_arg(r, "crc_token");
    if (!token || !*token || !acc.secret) {
      ret = vt_reply_error(r, VT_ERR_BAD_REQUEST, NULL);
    } else {
      char resp[128];
      vt_net_crc_response(acc.secret, token, resp, sizeof resp);
      ret = vt_reply_json(r, 200, json_pack("{s:s}", "response_token", resp));
    }
  } else if (!strcmp(acc.network, "whatsapp") || !strcmp(acc.network, "facebook")) {
    const char *mode = vt_request_arg(r, "hub.mode"),
               *token = vt_request_arg(r, "hub.verify_token");
    const char *challenge = vt_request_arg(r, "hub.challenge");
    if (mode && !strcmp(mode, "subscribe") && token && acc.verify_token && challenge &&
        strlen(token) == strlen(acc.verify_token) &&
        !sodium_memcmp(token, acc.verify_token, strlen(token)))
      ret = reply_text(r, 200, challenge);
    else
      ret = vt_reply_error(r, VT_ERR_FORBIDDEN, NULL);
  } else {
    ret = vt_reply_error(r, VT_ERR_NOT_FOUND, NULL); /* Telegram has no handshake */
  }
  vt_channel_account_release(&acc);
  return ret;
}

enum MHD_Result vt_api_webhook_receive(struct vt_request *r) {
  struct vt_channel_account acc;
  if (load_account(r, &acc) != 0)
    return MHD_YES;
  enum MHD_Result ret;
  const char *sig = vt_request_header(r, vt_net_signature_header(acc.network));
  if (!vt_net_authentic(acc.network, acc.secret, sig, r->body.data ? r->body.data : "",
                        r->body.len)) {
    vt_channel_account_release(&acc);
    return vt_reply_error(r, VT_ERR_BAD_SIGNATURE, NULL);
  }
  json_error_t jerr;
  json_t *payload =
      json_loadb(r->body.data ? r->body.data : "", r->body.len, JSON_REJECT_DUPLICATES, &jerr);
  if (!json_is_object(payload)) {
    json_decref(payload);
    vt_channel_account_release(&acc);
    return vt_reply_error(r, VT_ERR_MALFORMED_JSON, NULL);
  }
  struct vt_net_events *ev = malloc(sizeof *ev);
  if (!ev)
    abort();
  vt_net_parse(acc.network, acc.account_id, payload, ev);
  json_decref(payload);
  /* More events than one delivery may carry: refuse it whole rather than
   * acknowledge events that were not stored. */
  enum vt_qs qs = ev->truncated ? VT_QS_SOFT : VT_QS_ONE;
  for (size_t i = 0; i < ev->n && qs >= 0; i++)
    qs = vt_net_ingest(r->app->store, r->app->config, &acc, &ev->items[i]);
  free(ev);
  /* Not stored: no 200, so the network delivers again (what was stored
   * before the failure is recognised then). */
  ret = qs < 0 ? vt_reply_store_error(r, qs) : vt_reply_json(r, 200, json_pack("{s:b}", "ok", 1));
  vt_channel_account_release(&acc);
  return ret;
}
