/* Sending a reply on a messaging network, with each network's own API (the
 * base URL is the account's, so tests point it at a local fake). A 5xx, a
 * 429 or no answer is worth retrying; any other refusal is final. The id
 * the network gives the sent message is kept for its receipts. */
#include "channels/net_send.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mail/transport.h"
#include "util/buf.h"

static enum vt_send post(const char *url, const char *bearer, json_t *body, const char *id_path[],
                         char *remote_id, size_t idsz, char *err, size_t errsz) {
  char *json = json_dumps(body, JSON_COMPACT);
  json_decref(body);
  struct vt_buf out = VT_BUF_INIT;
  long status = 0;
  int rc = json ? vt_http_post_json(url, bearer, json, &out, &status, err, errsz) : -1;
  free(json);
  enum vt_send result;
  if (rc != 0) {
    result = VT_SEND_RETRY;
  } else if (status >= 200 && status < 300) {
    result = VT_SEND_OK;
    /* The sent message's id, by a path of keys (an index where a key is "0"). */
    json_t *j = json_loadb(out.data ? out.data : "", out.len, 0, NULL), *v = j;
    for (size_t i = 0; id_path && id_path[i] && v; i++)
      v = !strcmp(id_path[i], "0") ? json_array_get(v, 0) : json_object_get(v, id_path[i]);
    if (json_is_string(v))
      snprintf(remote_id, idsz, "%s", json_string_value(v));
    else if (json_is_integer(v))
      snprintf(remote_id, idsz, "%lld", (long long)json_integer_value(v));
    json_decref(j);
  } else {
    snprintf(err, errsz, "HTTP %ld: %.200s", status, out.data ? out.data : "");
    result = (status >= 500 || status == 429) ? VT_SEND_RETRY : VT_SEND_FAILED;
  }
  vt_buf_release(&out);
  return result;
}

/* Characters as X counts them (code points). */
static size_t code_points(const char *s) {
  size_t n = 0;
  for (; *s; s++)
    n += ((unsigned char)*s & 0xC0) != 0x80;
  return n;
}

enum vt_send vt_net_publish(const struct vt_channel_account *acc, const char *text,
                            const char *link, char *remote_id, size_t idsz, char *err,
                            size_t errsz) {
  char url[1200];
  const char *base = acc->api_base_url ? acc->api_base_url : "";
  remote_id[0] = '\0';
  if (!strcmp(acc->network, "facebook")) {
    static const char *id[] = {"id", NULL};
    snprintf(url, sizeof url, "%s/v19.0/%s/feed", base, acc->account_id);
    return post(url, acc->access_token, json_pack("{s:s, s:s}", "message", text, "link", link), id,
                remote_id, idsz, err, errsz);
  }
  if (!strcmp(acc->network, "x")) {
    /* A post is the title and the link; a title too long for one is not cut
     * but left out: the link leads to the whole announcement. */
    static const char *id[] = {"data", "id", NULL};
    char post_text[VT_X_MAX_POST * 4 + 400];
    if (code_points(text) + 1 + code_points(link) <= VT_X_MAX_POST)
      snprintf(post_text, sizeof post_text, "%s %s", text, link);
    else
      snprintf(post_text, sizeof post_text, "%s", link);
    snprintf(url, sizeof url, "%s/2/tweets", base);
    return post(url, acc->access_token, json_pack("{s:s}", "text", post_text), id, remote_id, idsz,
                err, errsz);
  }
  snprintf(err, errsz, "%s has no public posts", acc->network);
  return VT_SEND_FAILED;
}

enum vt_send vt_net_send(const struct vt_channel_account *acc, const struct vt_net_reply *rp,
                         char *remote_id, size_t idsz, char *err, size_t errsz) {
  char url[1200];
  const char *base = acc->api_base_url ? acc->api_base_url : "";
  remote_id[0] = '\0';
  if (!strcmp(acc->network, "telegram")) {
    static const char *id[] = {"result", "message_id", NULL};
    snprintf(url, sizeof url, "%s/bot%s/sendMessage", base, acc->access_token ? acc->access_token : "");
    return post(url, NULL, json_pack("{s:s, s:s}", "chat_id", rp->to, "text", rp->text), id,
                remote_id, idsz, err, errsz);
  }
  if (!strcmp(acc->network, "whatsapp")) {
    static const char *id[] = {"messages", "0", "id", NULL};
    snprintf(url, sizeof url, "%s/v19.0/%s/messages", base, acc->account_id);
    return post(url, acc->access_token,
                json_pack("{s:s, s:s, s:s, s:s, s:{s:s}}", "messaging_product", "whatsapp",
                          "recipient_type", "individual", "to", rp->to, "type", "text", "text",
                          "body", rp->text),
                id, remote_id, idsz, err, errsz);
  }
  if (!strcmp(acc->network, "facebook")) {
    static const char *id[] = {"message_id", NULL};
    snprintf(url, sizeof url, "%s/v19.0/me/messages", base);
    return post(url, acc->access_token,
                json_pack("{s:{s:s}, s:s, s:{s:s}}", "recipient", "id", rp->to, "messaging_type",
                          "RESPONSE", "message", "text", rp->text),
                id, remote_id, idsz, err, errsz);
  }
  /* X: a direct message, or a public reply to a mention. A public answer
   * is never cut: if it does not fit in a post, the post is a short note
   * pointing to the portal and the whole answer goes by direct message. */
  static const char *dm_id[] = {"data", "dm_event_id", NULL}, *tw_id[] = {"data", "id", NULL};
  char dm_url[1200];
  snprintf(dm_url, sizeof dm_url, "%s/2/dm_conversations/with/%s/messages", base, rp->to);
  if (!rp->public_post_id)
    return post(dm_url, acc->access_token, json_pack("{s:s}", "text", rp->text), dm_id, remote_id,
                idsz, err, errsz);
  snprintf(url, sizeof url, "%s/2/tweets", base);
  if (code_points(rp->text) <= VT_X_MAX_POST)
    return post(url, acc->access_token,
                json_pack("{s:s, s:{s:s}}", "text", rp->text, "reply", "in_reply_to_tweet_id",
                          rp->public_post_id),
                tw_id, remote_id, idsz, err, errsz);
  enum vt_send r = post(dm_url, acc->access_token, json_pack("{s:s}", "text", rp->text), dm_id,
                        remote_id, idsz, err, errsz);
  if (r != VT_SEND_OK)
    return r;
  char note[VT_X_MAX_POST * 4], tw[64];
  snprintf(note, sizeof note, "%s %s", rp->short_note, rp->link);
  return post(url, acc->access_token,
              json_pack("{s:s, s:{s:s}}", "text", note, "reply", "in_reply_to_tweet_id",
                        rp->public_post_id),
              tw_id, tw, sizeof tw, err, errsz);
}
