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

/* The most a network takes in one message, in characters. */
static size_t limit_of(const char *network, enum vt_net_part_kind kind) {
  if (!strcmp(network, "facebook"))
    return 2000;
  if (!strcmp(network, "x"))
    return kind == VT_PART_X_POST ? VT_X_MAX_POST : 10000;
  return 4096; /* Telegram, WhatsApp */
}

/* Splits text into parts of at most limit characters, at a space or a line
 * end when there is one in the last fifth of the part: never cut off. */
static size_t split(const char *text, size_t limit, enum vt_net_part_kind kind,
                    struct vt_net_part *parts, size_t n, size_t max) {
  const char *p = text;
  while (*p && n < max) {
    const char *q = p, *cut = NULL;
    size_t chars = 0;
    while (*q && chars < limit) {
      if (*q == ' ' || *q == '\n')
        cut = q;
      q++;
      while (((unsigned char)*q & 0xC0) == 0x80)
        q++;
      chars++;
    }
    const char *end = !*q ? q : (cut && (size_t)(q - cut) < (size_t)(q - p) / 5) ? cut : q;
    parts[n].kind = kind;
    parts[n].text = strndup(p, (size_t)(end - p));
    n++;
    p = end;
    while (*p == ' ' || *p == '\n')
      p++;
  }
  return n;
}

size_t vt_net_plan(const struct vt_channel_account *acc, const struct vt_net_reply *rp,
                   struct vt_net_part *parts, size_t max) {
  if (!strcmp(acc->network, "x") && rp->public_post_id) {
    /* A public answer is never cut: in one post when it fits; otherwise the
     * whole answer by direct message, then a short public note. */
    if (code_points(rp->text) <= VT_X_MAX_POST && max >= 1) {
      parts[0].kind = VT_PART_X_POST;
      parts[0].text = strdup(rp->text);
      return 1;
    }
    size_t n = split(rp->text, limit_of("x", VT_PART_X_DM), VT_PART_X_DM, parts, 0, max - 1);
    char note[VT_X_MAX_POST * 4];
    snprintf(note, sizeof note, "%s %s", rp->short_note, rp->link);
    parts[n].kind = VT_PART_X_POST;
    parts[n].text = strdup(note);
    return n + 1;
  }
  enum vt_net_part_kind kind = !strcmp(acc->network, "x") ? VT_PART_X_DM : VT_PART_MESSAGE;
  return split(rp->text, limit_of(acc->network, kind), kind, parts, 0, max);
}

enum vt_send vt_net_send_part(const struct vt_channel_account *acc, const struct vt_net_reply *rp,
                              const struct vt_net_part *part, char *remote_id, size_t idsz,
                              char *err, size_t errsz) {
  char url[1200];
  const char *base = acc->api_base_url ? acc->api_base_url : "";
  remote_id[0] = '\0';
  if (!strcmp(acc->network, "telegram")) {
    static const char *id[] = {"result", "message_id", NULL};
    snprintf(url, sizeof url, "%s/bot%s/sendMessage", base,
             acc->access_token ? acc->access_token : "");
    return post(url, NULL, json_pack("{s:s, s:s}", "chat_id", rp->to, "text", part->text), id,
                remote_id, idsz, err, errsz);
  }
  if (!strcmp(acc->network, "whatsapp")) {
    static const char *id[] = {"messages", "0", "id", NULL};
    snprintf(url, sizeof url, "%s/v19.0/%s/messages", base, acc->account_id);
    return post(url, acc->access_token,
                json_pack("{s:s, s:s, s:s, s:s, s:{s:s}}", "messaging_product", "whatsapp",
                          "recipient_type", "individual", "to", rp->to, "type", "text", "text",
                          "body", part->text),
                id, remote_id, idsz, err, errsz);
  }
  if (!strcmp(acc->network, "facebook")) {
    static const char *id[] = {"message_id", NULL};
    snprintf(url, sizeof url, "%s/v19.0/me/messages", base);
    return post(url, acc->access_token,
                json_pack("{s:{s:s}, s:s, s:{s:s}}", "recipient", "id", rp->to, "messaging_type",
                          "RESPONSE", "message", "text", part->text),
                id, remote_id, idsz, err, errsz);
  }
  if (part->kind == VT_PART_X_POST) {
    static const char *id[] = {"data", "id", NULL};
    snprintf(url, sizeof url, "%s/2/tweets", base);
    return post(url, acc->access_token,
                json_pack("{s:s, s:{s:s}}", "text", part->text, "reply", "in_reply_to_tweet_id",
                          rp->public_post_id ? rp->public_post_id : ""),
                id, remote_id, idsz, err, errsz);
  }
  static const char *id[] = {"data", "dm_event_id", NULL};
  snprintf(url, sizeof url, "%s/2/dm_conversations/with/%s/messages", base, rp->to);
  return post(url, acc->access_token, json_pack("{s:s}", "text", part->text), id, remote_id, idsz,
              err, errsz);
}
