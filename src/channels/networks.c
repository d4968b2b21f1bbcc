/* The four messaging networks behind one interface: each network's webhook
 * authentication and its payloads read into the same events (a person's
 * message, or a receipt for one of ours). What is not understood is
 * ignored, never an error: networks add event types all the time. */
#include "channels/networks.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The networks, the channel their tickets have and the identity their
 * people are known by. */
static const struct {
  const char *name;
  enum vt_channel channel;
  enum vt_identity_kind identity;
} NETWORKS[] = {
    {"telegram", VT_CH_TELEGRAM, VT_ID_TELEGRAM},
    {"whatsapp", VT_CH_WHATSAPP, VT_ID_WHATSAPP},
    {"facebook", VT_CH_FACEBOOK, VT_ID_FACEBOOK},
    {"x", VT_CH_X, VT_ID_X},
};
#define N_NETWORKS (sizeof NETWORKS / sizeof *NETWORKS)

static size_t network_index(const char *network) {
  for (size_t i = 0; i < N_NETWORKS; i++)
    if (!strcmp(NETWORKS[i].name, network))
      return i;
  return N_NETWORKS;
}

bool vt_net_known(const char *network) { return network_index(network) < N_NETWORKS; }

bool vt_net_is_channel(enum vt_channel ch) {
  for (size_t i = 0; i < N_NETWORKS; i++)
    if (NETWORKS[i].channel == ch)
      return true;
  return false;
}

/* Unknown names map to the last network; callers check vt_net_known first. */
enum vt_channel vt_net_channel(const char *network) {
  size_t i = network_index(network);
  return NETWORKS[i < N_NETWORKS ? i : N_NETWORKS - 1].channel;
}

enum vt_identity_kind vt_net_identity(const char *network) {
  size_t i = network_index(network);
  return NETWORKS[i < N_NETWORKS ? i : N_NETWORKS - 1].identity;
}

/* ---- authentication ---- */

static void hmac(const char *key, const void *data, size_t len,
                 unsigned char out[crypto_auth_hmacsha256_BYTES]) {
  crypto_auth_hmacsha256_state st;
  crypto_auth_hmacsha256_init(&st, (const unsigned char *)key, strlen(key));
  crypto_auth_hmacsha256_update(&st, data, len);
  crypto_auth_hmacsha256_final(&st, out);
}

void vt_net_crc_response(const char *secret, const char *token, char *out, size_t outsz) {
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  hmac(secret, token, strlen(token), mac);
  char b64[sodium_base64_ENCODED_LEN(sizeof mac, sodium_base64_VARIANT_ORIGINAL)];
  sodium_bin2base64(b64, sizeof b64, mac, sizeof mac, sodium_base64_VARIANT_ORIGINAL);
  snprintf(out, outsz, "sha256=%s", b64);
}

bool vt_net_authentic(const char *network, const char *secret, const char *header, const void *body,
                      size_t len) {
  if (!secret || !*secret || !header)
    return false;
  if (!strcmp(network, "telegram")) /* a shared secret token, compared in constant time */
    return strlen(header) == strlen(secret) && sodium_memcmp(header, secret, strlen(secret)) == 0;
  if (strncmp(header, "sha256=", 7))
    return false;
  unsigned char mac[crypto_auth_hmacsha256_BYTES], given[crypto_auth_hmacsha256_BYTES];
  hmac(secret, body, len, mac);
  size_t got = 0;
  if (!strcmp(network, "x")) { /* base64 */
    if (sodium_base642bin(given, sizeof given, header + 7, strlen(header + 7), NULL, &got, NULL,
                          sodium_base64_VARIANT_ORIGINAL) != 0)
      return false;
  } else { /* the Graph API's lower-case hex */
    if (sodium_hex2bin(given, sizeof given, header + 7, strlen(header + 7), NULL, &got, NULL) != 0)
      return false;
  }
  return got == sizeof mac && sodium_memcmp(given, mac, sizeof mac) == 0;
}

const char *vt_net_signature_header(const char *network) {
  if (!strcmp(network, "telegram"))
    return "X-Telegram-Bot-Api-Secret-Token";
  if (!strcmp(network, "x"))
    return "X-Twitter-Webhooks-Signature";
  return "X-Hub-Signature-256";
}

/* ---- payloads ---- */

static const char *str(json_t *obj, const char *key) {
  return json_string_value(json_object_get(obj, key));
}

/* Numbers or strings (ids come as either) as text. */
static bool id_text(json_t *v, char *out, size_t outsz) {
  if (json_is_integer(v))
    return snprintf(out, outsz, "%lld", (long long)json_integer_value(v)) > 0;
  if (json_is_string(v) && json_string_length(v) > 0 && json_string_length(v) < outsz)
    return snprintf(out, outsz, "%s", json_string_value(v)) > 0;
  return false;
}

static struct vt_net_event *push(struct vt_net_events *ev) {
  if (ev->n == VT_NET_MAX_EVENTS) {
    ev->truncated = true;
    return NULL;
  }
  struct vt_net_event *e = &ev->items[ev->n++];
  memset(e, 0, sizeof *e);
  return e;
}

static void set_text(struct vt_net_event *e, const char *text) {
  snprintf(e->text, sizeof e->text, "%s", text ? text : "");
}

static void parse_telegram(json_t *p, struct vt_net_events *ev) {
  json_t *m = json_object_get(p, "message"); /* edits, channel posts...: not a new message */
  json_t *from = json_object_get(m, "from"), *chat = json_object_get(m, "chat");
  if (!json_is_object(m) || !json_is_object(from) || json_is_true(json_object_get(from, "is_bot")))
    return;
  const char *text = str(m, "text");
  if (!text)
    text = str(m, "caption");
  struct vt_net_event *e = push(ev);
  if (!e)
    return;
  char uid[64] = "", chat_id[64] = "", mid[64] = "";
  id_text(json_object_get(from, "id"), uid, sizeof uid);
  id_text(json_object_get(chat, "id"), chat_id, sizeof chat_id);
  id_text(json_object_get(m, "message_id"), mid, sizeof mid);
  if (!uid[0] || !mid[0]) {
    ev->n--;
    return;
  }
  e->kind = VT_NET_MESSAGE;
  snprintf(e->sender_id, sizeof e->sender_id, "%s", uid);
  snprintf(e->reply_to, sizeof e->reply_to, "%s", chat_id[0] ? chat_id : uid);
  snprintf(e->remote_id, sizeof e->remote_id, "telegram:%s:%s", chat_id, mid);
  snprintf(e->sender_name, sizeof e->sender_name, "%s%s%s",
           str(from, "first_name") ? str(from, "first_name") : "",
           str(from, "last_name") ? " " : "", str(from, "last_name") ? str(from, "last_name") : "");
  set_text(e, text                                                              ? text
              : (json_object_get(m, "photo") || json_object_get(m, "document")) ? "[adjunto]"
                                                                                : "");
}

static void parse_whatsapp(json_t *p, const char *account_id, struct vt_net_events *ev) {
  size_t i, k, j;
  json_t *entry, *change, *msg;
  json_array_foreach(json_object_get(p, "entry"), i, entry) {
    json_array_foreach(json_object_get(entry, "changes"), k, change) {
      json_t *value = json_object_get(change, "value");
      json_t *contacts = json_object_get(value, "contacts");
      /* One app may serve several numbers: only this account's events. */
      const char *number = str(json_object_get(value, "metadata"), "phone_number_id");
      if (number && strcmp(number, account_id))
        continue;
      json_array_foreach(json_object_get(value, "messages"), j, msg) {
        const char *from = str(msg, "from"), *id = str(msg, "id"), *type = str(msg, "type");
        /* Reactions, unsupported and system messages are not something said. */
        if (!from || !id ||
            (type && (!strcmp(type, "reaction") || !strcmp(type, "unsupported") ||
                      !strcmp(type, "system"))))
          continue;
        struct vt_net_event *e = push(ev);
        if (!e)
          return;
        e->kind = VT_NET_MESSAGE;
        snprintf(e->sender_id, sizeof e->sender_id, "%s", from);
        snprintf(e->reply_to, sizeof e->reply_to, "%s", from);
        snprintf(e->remote_id, sizeof e->remote_id, "whatsapp:%s", id);
        snprintf(e->phone, sizeof e->phone, "+%s", from);
        size_t c;
        json_t *contact;
        json_array_foreach(contacts, c, contact) {
          if (str(contact, "wa_id") && !strcmp(str(contact, "wa_id"), from))
            snprintf(e->sender_name, sizeof e->sender_name, "%s",
                     str(json_object_get(contact, "profile"), "name")
                         ? str(json_object_get(contact, "profile"), "name")
                         : "");
        }
        json_t *part = type ? json_object_get(msg, type) : NULL;
        if (type && !strcmp(type, "text")) {
          set_text(e, str(part, "body"));
        } else if (type && !strcmp(type, "button")) {
          set_text(e, str(part, "text"));
        } else if (type && !strcmp(type, "interactive")) {
          json_t *reply = json_object_get(part, "button_reply");
          if (!reply)
            reply = json_object_get(part, "list_reply");
          set_text(e, str(reply, "title"));
        } else if (type && !strcmp(type, "location")) {
          snprintf(e->text, sizeof e->text, "[%s] %s %s (%.6f, %.6f)", type,
                   str(part, "name") ? str(part, "name") : "",
                   str(part, "address") ? str(part, "address") : "",
                   json_number_value(json_object_get(part, "latitude")),
                   json_number_value(json_object_get(part, "longitude")));
        } else {
          /* Media: the caption is the citizen's words; the agent sees the kind. */
          const char *caption = str(part, "caption");
          if (caption)
            snprintf(e->text, sizeof e->text, "%s [%s]", caption, type);
          else
            snprintf(e->text, sizeof e->text, "[%s]", type ? type : "mensaje");
        }
      }
      json_array_foreach(json_object_get(value, "statuses"), j, msg) {
        const char *id = str(msg, "id"), *status = str(msg, "status");
        if (!id || !status)
          continue;
        struct vt_net_event *e = push(ev);
        if (!e)
          return;
        e->kind = VT_NET_RECEIPT;
        snprintf(e->remote_id, sizeof e->remote_id, "%s", id);
        snprintf(e->status, sizeof e->status, "%s", status);
      }
    }
  }
}

static void parse_facebook(json_t *p, const char *page, struct vt_net_events *ev) {
  size_t i, j;
  json_t *entry, *m;
  json_array_foreach(json_object_get(p, "entry"), i, entry) {
    const char *entry_id = str(entry, "id");
    if (entry_id && strcmp(entry_id, page))
      continue; /* another page of the same app */
    json_array_foreach(json_object_get(entry, "messaging"), j, m) {
      json_t *msg = json_object_get(m, "message");
      const char *sender = str(json_object_get(m, "sender"), "id");
      const char *mid = str(msg, "mid");
      /* Echoes of our own page's messages come back: skip them. */
      if (!msg || !sender || !mid || !strcmp(sender, page) ||
          json_is_true(json_object_get(msg, "is_echo")))
        continue;
      struct vt_net_event *e = push(ev);
      if (!e)
        return;
      e->kind = VT_NET_MESSAGE;
      snprintf(e->sender_id, sizeof e->sender_id, "%s", sender);
      snprintf(e->reply_to, sizeof e->reply_to, "%s", sender);
      snprintf(e->remote_id, sizeof e->remote_id, "facebook:%s", mid);
      set_text(e, str(msg, "text") ? str(msg, "text") : "[adjunto]");
    }
  }
}

static void parse_x(json_t *p, const char *me, struct vt_net_events *ev) {
  size_t i;
  json_t *d;
  json_t *users = json_object_get(p, "users");
  json_array_foreach(json_object_get(p, "direct_message_events"), i, d) {
    json_t *mc = json_object_get(d, "message_create");
    const char *type = str(d, "type"), *id = str(d, "id"), *sender = str(mc, "sender_id");
    if (!type || strcmp(type, "message_create") || !id || !sender || !strcmp(sender, me))
      continue;
    struct vt_net_event *e = push(ev);
    if (!e)
      return;
    e->kind = VT_NET_MESSAGE;
    snprintf(e->sender_id, sizeof e->sender_id, "%s", sender);
    snprintf(e->reply_to, sizeof e->reply_to, "%s", sender);
    snprintf(e->remote_id, sizeof e->remote_id, "x:dm:%s", id);
    json_t *u = json_object_get(users, sender);
    snprintf(e->sender_name, sizeof e->sender_name, "%s", str(u, "name") ? str(u, "name") : "");
    set_text(e, str(json_object_get(mc, "message_data"), "text"));
  }
  json_array_foreach(json_object_get(p, "tweet_create_events"), i, d) {
    json_t *u = json_object_get(d, "user");
    const char *id = str(d, "id_str"), *uid = str(u, "id_str");
    /* Retweets (of an announcement, say) are not questions. */
    if (!id || !uid || !strcmp(uid, me) || json_object_get(d, "retweeted_status"))
      continue;
    struct vt_net_event *e = push(ev);
    if (!e)
      return;
    e->kind = VT_NET_MESSAGE;
    e->public_post = true;
    snprintf(e->sender_id, sizeof e->sender_id, "%s", uid);
    snprintf(e->reply_to, sizeof e->reply_to, "%s", uid);
    snprintf(e->remote_id, sizeof e->remote_id, "x:tweet:%s", id);
    snprintf(e->sender_name, sizeof e->sender_name, "%s", str(u, "name") ? str(u, "name") : "");
    set_text(e, str(d, "text"));
  }
}

void vt_net_parse(const char *network, const char *account_id, json_t *payload,
                  struct vt_net_events *ev) {
  ev->n = 0;
  ev->truncated = false;
  if (!json_is_object(payload))
    return;
  const char *object = str(payload, "object");
  if (!strcmp(network, "telegram"))
    parse_telegram(payload, ev);
  else if (!strcmp(network, "whatsapp") && object && !strcmp(object, "whatsapp_business_account"))
    parse_whatsapp(payload, account_id, ev);
  else if (!strcmp(network, "facebook") && object && !strcmp(object, "page"))
    parse_facebook(payload, account_id, ev);
  else if (!strcmp(network, "x"))
    parse_x(payload, account_id, ev);
}
