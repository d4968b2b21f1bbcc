/* Sending the outbox: claim due rows (a lease, so another node or a crash
 * cannot send one twice at the same time), build each email, hand it to the
 * administration's SMTP server, and record the outcome: sent, retry later
 * with exponential back-off, or failed for good (then the ticket shows it). */
#include "mail/sender.h"

#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/render.h"
#include "channels/net_send.h"
#include "channels/networks.h"
#include "mail/compose.h"
#include "mail/ingest.h"
#include "mail/transport.h"
#include "util/crypto.h"
#include "util/i18n.h"
#include "util/log.h"
#include "util/timeutil.h"

#define LEASE_MS       300000 /* a claimed row is ours for five minutes */
#define MAX_ATTEMPTS   8
#define MAX_BACKOFF_MS 3600000

/* Settings of an administration, or else of its parent, and so on up: a
 * region's 012 sends for the municipalities it serves. found(st, id, arg)
 * says whether id has them (filling arg). */
static bool up_the_tree(struct vt_store *st, vt_id tenant_id,
                        bool (*found)(struct vt_store *, vt_id, void *), void *arg) {
  vt_id id = tenant_id;
  for (int depth = 0; id && depth < 8; depth++) {
    if (found(st, id, arg))
      return true;
    struct vt_tenant t;
    if (st->tenant_get(st, id, &t) != VT_QS_ONE)
      break;
    id = t.parent_id;
    vt_tenant_release(&t);
  }
  return false;
}

static bool has_smtp(struct vt_store *st, vt_id id, void *out) {
  return st->smtp_get(st, id, true, out) == VT_QS_ONE;
}

/* The administration's SMTP settings, or its parent's, or the default. */
static bool smtp_for(struct vt_store *st, const struct vt_config *cfg, vt_id tenant_id,
                     struct vt_smtp *out) {
  if (up_the_tree(st, tenant_id, has_smtp, out))
    return true;
  if (!cfg->smtp_url[0] || !cfg->smtp_from[0])
    return false;
  memset(out, 0, sizeof *out);
  out->url = strdup(cfg->smtp_url);
  out->from_address = strdup(cfg->smtp_from);
  return out->url && out->from_address;
}

bool vt_mail_can_send(struct vt_store *st, const struct vt_config *cfg, vt_id tenant_id) {
  struct vt_smtp s;
  bool ok = smtp_for(st, cfg, tenant_id, &s);
  if (ok)
    vt_smtp_release(&s);
  return ok;
}

bool vt_outbox_for_reply(struct vt_store *st, const struct vt_config *cfg,
                         const struct vt_ticket *t, struct vt_outbox_new *o, char *to, size_t tosz,
                         char *rfc_id, size_t rfcsz) {
  bool network = vt_net_is_channel(t->channel);
  if (network || t->channel == VT_CH_EMAIL) /* back where the person wrote */
    o->kind = "reply";
  else if (t->channel == VT_CH_WEB && vt_mail_can_send(st, cfg, t->tenant_id))
    o->kind = "notification"; /* an answer awaits on the follow-up page */
  else
    return false;
  bool found = network ? vt_citizen_identity(st, t->citizen_id,
                                             vt_net_identity(vt_channel_name(t->channel)), to, tosz)
                       : vt_mail_citizen_address(st, t->citizen_id, to, tosz);
  if (!found)
    return false;
  vt_mail_new_message_id(cfg->mail_domain, rfc_id, rfcsz);
  o->to_addr = to;
  o->rfc_message_id = rfc_id;
  return true;
}

/* A chat's conversation as text: every public message, oldest first, with
 * its time (UTC) and who wrote it. */
static char *transcript_text(const struct vt_message *m, size_t n, enum vt_lang lang) {
  struct vt_buf b = VT_BUF_INIT;
  for (size_t i = 0; i < n; i++) {
    char at[40];
    vt_time_iso8601(m[i].created_at, at, sizeof at);
    at[16] = '\0'; /* 2026-11-22T18:07 */
    at[10] = ' ';
    const char *who = m[i].direction == VT_DIR_IN ? vt_i18n(lang, "mail.transcript.you")
                      : m[i].author_name          ? m[i].author_name
                                                  : vt_i18n(lang, "mail.transcript.agent");
    vt_buf_appendf(&b, "[%s UTC] %s:\n%s\n\n", at, who, m[i].body ? m[i].body : "");
  }
  return vt_buf_steal(&b);
}

/* The Reply-To of an administration: its first active mailbox. */
static char *reply_address(struct vt_store *st, vt_id tenant_id) {
  vt_id ids[1] = {tenant_id};
  struct vt_scope scope = {.n = 1, .tenant_ids = ids};
  struct vt_mailbox *items;
  size_t n;
  char *addr = NULL;
  if (st->mailboxes_list(st, &scope, &items, &n) == VT_QS_ONE) {
    for (size_t i = 0; i < n && !addr; i++)
      if (items[i].active)
        addr = strdup(items[i].address);
    VT_RELEASE_ARRAY(items, n, vt_mailbox_release);
  }
  return addr;
}

/* The administration's account on a network, or its parent's. */
struct account_arg {
  const char *network;
  struct vt_channel_account *out;
};

static bool has_account(struct vt_store *st, vt_id id, void *arg) {
  struct account_arg *a = arg;
  return st->channel_account_of(st, id, a->network, a->out) == VT_QS_ONE;
}

static bool account_for(struct vt_store *st, vt_id tenant_id, const char *network,
                        struct vt_channel_account *out) {
  struct account_arg a = {network, out};
  return up_the_tree(st, tenant_id, has_account, &a);
}

/* A survey invitation's link: a fresh token, whose hash replaces the
 * survey's (only the link just sent works; a retry sends a new one). The
 * token travels in the fragment, which browsers never send to a server, so
 * it cannot reach an access log. Fills lang with the survey's language. */
static bool survey_link(struct vt_store *st, const struct vt_config *cfg, vt_id ticket_id,
                        char *link, size_t linksz, enum vt_lang *lang, char *err, size_t errsz) {
  struct vt_survey v;
  if (st->survey_of_ticket(st, NULL, ticket_id, &v) != VT_QS_ONE) {
    snprintf(err, errsz, "survey not readable");
    return false;
  }
  char token[VT_TOKEN_CHARS + 8], hash[VT_TOKEN_HASH_HEX + 1];
  vt_token_new("vts_", token, sizeof token);
  vt_token_hash(token, hash);
  *lang = !strcmp(v.lang, "en") ? VT_LANG_EN : VT_LANG_ES;
  enum vt_qs qs = st->survey_token_set(st, v.id, hash);
  vt_survey_release(&v);
  if (qs != VT_QS_ONE) {
    snprintf(err, errsz, "cannot record the survey's link");
    return false;
  }
  snprintf(link, linksz, "%s/encuesta#t=%s", cfg->public_url, token);
  return true;
}

/* A reply on a messaging network. */
static const char *send_network(struct vt_store *st, const struct vt_config *cfg,
                                const struct vt_outbox_item *o, const struct vt_ticket *t,
                                char *remote, size_t remotesz, char *err, size_t errsz) {
  const char *network = vt_channel_name(t->channel);
  struct vt_channel_account acc;
  if (!account_for(st, t->tenant_id, network, &acc)) {
    snprintf(err, errsz, "no %s account for %s", network, t->tenant_code);
    return "failed";
  }
  struct vt_message msg = {0};
  char survey_text[1024] = "";
  if (!strcmp(o->kind, "survey")) {
    char slink[400];
    enum vt_lang lang = VT_LANG_ES;
    if (!survey_link(st, cfg, t->id, slink, sizeof slink, &lang, err, errsz)) {
      vt_channel_account_release(&acc);
      return "retry";
    }
    snprintf(survey_text, sizeof survey_text, "%s %s. %s %s", vt_i18n(lang, "mail.survey.intro"),
             t->reference, vt_i18n(lang, "net.survey"), slink);
  } else if (!o->message_id || st->message_get(st, o->message_id, &msg) != VT_QS_ONE) {
    vt_channel_account_release(&acc);
    snprintf(err, errsz, "message not readable");
    return "retry";
  }
  /* A ticket that began as a public post is answered in public. */
  struct vt_message *thread = NULL;
  size_t n = 0;
  char post_id[64] = "";
  if (t->channel == VT_CH_X && st->messages_list(st, t->id, false, &thread, &n) == VT_QS_ONE) {
    if (n && thread[0].channel_message_id && !strncmp(thread[0].channel_message_id, "x:tweet:", 8))
      snprintf(post_id, sizeof post_id, "%s", thread[0].channel_message_id + 8);
    VT_RELEASE_ARRAY(thread, n, vt_message_release);
  }
  char link[300];
  snprintf(link, sizeof link, "%s/", cfg->public_url);
  struct vt_net_reply rp = {.to = o->to_addr,
                            .text = survey_text[0] ? survey_text
                                    : msg.body     ? msg.body
                                                   : "",
                            .public_post_id = post_id[0] ? post_id : NULL,
                            .short_note = vt_i18n(VT_LANG_ES, "net.public_reply"),
                            .link = link};
  /* Part by part, recording each one sent: a retry resumes after them and
   * the citizen never gets the same part twice. */
  struct vt_net_part parts[VT_NET_MAX_PARTS];
  size_t n_parts = vt_net_plan(&acc, &rp, parts, VT_NET_MAX_PARTS);
  enum vt_send r = VT_SEND_OK;
  for (size_t i = (size_t)o->parts_sent; i < n_parts && r == VT_SEND_OK; i++) {
    r = vt_net_send_part(&acc, &rp, &parts[i], remote, remotesz, err, errsz);
    if (r == VT_SEND_OK && i + 1 < n_parts)
      st->outbox_progress(st, o->id, (int)i + 1, remote[0] ? remote : NULL);
  }
  for (size_t i = 0; i < n_parts; i++)
    free(parts[i].text);
  vt_message_release(&msg);
  vt_channel_account_release(&acc);
  return r == VT_SEND_OK ? "sent" : r == VT_SEND_FAILED ? "failed" : "retry";
}

/* A due time as the administration's staff read it: their local time and
 * zone ("2026-11-24 14:00 (Europe/Madrid)"); UTC when the zone is unknown. */
static void local_time(int64_t ms, const char *zone, char *out, size_t outsz) {
  GTimeZone *tz = zone && *zone ? g_time_zone_new_identifier(zone) : NULL;
  GDateTime *utc = g_date_time_new_from_unix_utc(ms / 1000);
  GDateTime *at = utc && tz ? g_date_time_to_timezone(utc, tz) : NULL;
  char *text = at ? g_date_time_format(at, "%Y-%m-%d %H:%M") : NULL;
  if (text)
    snprintf(out, outsz, "%s (%s)", text, zone);
  else {
    vt_time_iso8601(ms, out, outsz);
    snprintf(out + strlen(out), outsz - strlen(out), " UTC");
  }
  g_free(text);
  if (at)
    g_date_time_unref(at);
  if (utc)
    g_date_time_unref(utc);
  if (tz)
    g_time_zone_unref(tz);
}

/* A deadline alert's facts: each due time of the ticket, in the reader's
 * language and the administration's time zone. */
static char *alert_text(const struct vt_ticket *t, enum vt_lang lang, const char *zone) {
  struct vt_buf b = VT_BUF_INIT;
  const struct {
    const char *key;
    int64_t at;
  } dues[] = {{"mail.sla.first_response", t->first_response_at ? 0 : t->first_response_due_at},
              {"mail.sla.resolution", t->resolution_due_at},
              {"mail.sla.legal", t->legal_due_at}};
  for (size_t i = 0; i < sizeof dues / sizeof dues[0]; i++) {
    if (!dues[i].at)
      continue;
    char when[96];
    local_time(dues[i].at, zone, when, sizeof when);
    vt_buf_appendf(&b, "%s: %s\n", vt_i18n(lang, dues[i].key), when);
  }
  return vt_buf_steal(&b);
}

/* The language a member of staff chose in the console (Spanish unless
 * English), found by the address the alert goes to. */
static enum vt_lang staff_lang(struct vt_store *st, const char *email) {
  struct vt_user u;
  if (st->user_by_email(st, email, &u) != VT_QS_ONE)
    return VT_LANG_ES;
  enum vt_lang l = !strcmp(u.lang, "en") ? VT_LANG_EN : VT_LANG_ES;
  vt_user_release(&u);
  return l;
}

/* Sends one claimed row; returns the status to record and fills err. */
static const char *send_one(struct vt_store *st, const struct vt_config *cfg,
                            const struct vt_outbox_item *o, char *remote, size_t remotesz,
                            char *err, size_t errsz) {
  struct vt_scope all = {.all = true};
  struct vt_ticket t;
  if (st->ticket_get(st, &all, o->ticket_id, &t) != VT_QS_ONE) {
    snprintf(err, errsz, "ticket not readable");
    return "retry";
  }
  bool staff = !strcmp(o->kind, "sla_alert"); /* to a supervisor, by email, whatever the channel */
  if (vt_net_is_channel(t.channel) && !staff) {
    const char *st_net = send_network(st, cfg, o, &t, remote, remotesz, err, errsz);
    vt_ticket_release(&t);
    return st_net;
  }
  const char *status = "retry";
  struct vt_smtp smtp = {0};
  struct vt_tenant tenant = {0};
  struct vt_message msg = {0};
  struct vt_message *thread = NULL;
  size_t n_thread = 0;
  struct vt_attachment_file files[8];
  size_t n_files = 0;
  const char *refs[64];
  size_t n_refs = 0;
  char *reply_to = NULL, *raw = NULL, *transcript = NULL;
  bool have_msg = false, have_tenant = false;
  if (!smtp_for(st, cfg, t.tenant_id, &smtp)) {
    snprintf(err, errsz, "no outgoing mail server configured for %s", t.tenant_code);
    status = "failed";
    goto out;
  }
  have_tenant = st->tenant_get(st, t.tenant_id, &tenant) == VT_QS_ONE;
  /* A reply carries the agent's text and files; an acknowledgement only
   * its template (the citizen's own files are not sent back). */
  if (!strcmp(o->kind, "reply") && o->message_id &&
      st->message_get(st, o->message_id, &msg) == VT_QS_ONE) {
    have_msg = true;
    json_t *list = vt_json_parse_stored(msg.attachments_json);
    size_t i;
    json_t *a;
    json_array_foreach(list, i, a) {
      if (n_files < 8 && st->attachment_read(st, json_integer_value(json_object_get(a, "id")),
                                             &files[n_files]) == VT_QS_ONE)
        n_files++;
    }
    json_decref(list);
  }
  /* The thread: the Message-IDs of the citizen's emails on this ticket
   * (never for staff: their alert must not join the citizen's thread). */
  if (!staff && st->messages_list(st, t.id, false, &thread, &n_thread) == VT_QS_ONE) {
    for (size_t i = 0; i < n_thread && n_refs < 64; i++) {
      const char *id = thread[i].channel_message_id;
      if (thread[i].channel != VT_CH_EMAIL || thread[i].direction != VT_DIR_IN || !id)
        continue;
      const char *slash = strchr(id, '/'); /* stored as "<tenant id>/<Message-ID>" */
      if (slash && (size_t)(slash - id) == strspn(id, "0123456789"))
        id = slash + 1;
      if (strncmp(id, "sha256:", 7))
        refs[n_refs++] = id;
    }
  }
  enum vt_lang lang = staff ? staff_lang(st, o->to_addr) : VT_LANG_ES;
  if (!strcmp(o->kind, "transcript"))
    transcript = transcript_text(thread, n_thread, VT_LANG_ES);
  else if (staff)
    transcript = alert_text(&t, lang, have_tenant ? tenant.timezone : NULL);
  reply_to = staff ? NULL : reply_address(st, t.tenant_id);
  char slink[400] = "";
  if (!strcmp(o->kind, "survey") &&
      !survey_link(st, cfg, t.id, slink, sizeof slink, &lang, err, errsz))
    goto out;
  /* The follow-up page; the private link with its secret is the citizen's
   * only (we keep a hash of it), so the email names the page, not the link. */
  char portal[300];
  if (staff)
    snprintf(portal, sizeof portal, "%s/agent/#/ticket/%lld", cfg->public_url, (long long)t.id);
  else
    snprintf(portal, sizeof portal, "%s/seguimiento", cfg->public_url);
  struct vt_mail_out mo = {
      .kind = o->kind,
      .outbox_id = o->id,
      .from_addr = smtp.from_address,
      .from_name = smtp.from_name ? smtp.from_name : (have_tenant ? tenant.name : NULL),
      .reply_to = reply_to,
      .to_addr = o->to_addr,
      .message_id = o->rfc_message_id,
      .reference = t.reference,
      .ticket_subject = t.subject ? t.subject : "",
      .tenant_name = have_tenant ? tenant.name : NULL,
      .body = transcript ? transcript
              : have_msg ? msg.body
                         : NULL,
      .portal_url = slink[0] ? slink : portal,
      .lang = lang,
      .refs = refs,
      .n_refs = n_refs,
      .files = files,
      .n_files = n_files,
  };
  size_t len = 0;
  raw = vt_mail_compose(&mo, &len);
  if (!raw) {
    snprintf(err, errsz, "cannot build the message");
    goto out;
  }
  switch (vt_smtp_send(smtp.url, smtp.username, smtp.password, smtp.from_address, o->to_addr, raw,
                       len, err, errsz)) {
  case VT_SEND_OK:
    status = "sent";
    break;
  case VT_SEND_FAILED:
    status = "failed";
    break;
  case VT_SEND_RETRY:
    status = "retry";
    break;
  }
out:
  free(raw);
  free(reply_to);
  free(transcript);
  for (size_t i = 0; i < n_files; i++)
    vt_attachment_file_release(&files[i]);
  if (thread)
    VT_RELEASE_ARRAY(thread, n_thread, vt_message_release);
  if (have_msg)
    vt_message_release(&msg);
  if (have_tenant)
    vt_tenant_release(&tenant);
  vt_smtp_release(&smtp);
  vt_ticket_release(&t);
  return status;
}

int vt_announcement_posts_run(struct vt_store *st, const struct vt_config *cfg) {
  int64_t now = vt_now_ms();
  struct vt_announcement_post *items;
  size_t n;
  if (st->announcement_posts_claim(st, now, now + LEASE_MS, 10, &items, &n) != VT_QS_ONE)
    return 0;
  for (size_t i = 0; i < n; i++) {
    char err[400] = "", remote[160] = "", link[400];
    const char *status = "retry";
    struct vt_announcement a = {0};
    struct vt_channel_account acc;
    if (st->announcement_get(st, items[i].announcement_id, &a) == VT_QS_ONE && a.ends_at <= now) {
      status = "failed"; /* ended before it went out: not news any more */
      snprintf(err, sizeof err, "the announcement ended");
      vt_announcement_release(&a);
    } else if (a.id) {
      if (st->channel_account_find(st, items[i].network, items[i].account_id, true, &acc) ==
          VT_QS_ONE) {
        snprintf(link, sizeof link, "%s/?tenant=%s", cfg->public_url, a.tenant_code);
        enum vt_send r =
            vt_net_publish(&acc, a.title, link, remote, sizeof remote, err, sizeof err);
        status = r == VT_SEND_OK ? "sent" : r == VT_SEND_FAILED ? "failed" : "retry";
        vt_channel_account_release(&acc);
      }
      vt_announcement_release(&a);
    }
    int64_t next = 0;
    if (!strcmp(status, "retry")) {
      if (items[i].attempts >= MAX_ATTEMPTS)
        status = "failed";
      else
        next = vt_now_ms() + ((int64_t)cfg->mail_retry_seconds * 1000 << (items[i].attempts - 1));
    }
    if (strcmp(status, "sent"))
      VT_WARN("announcement post %lld: %s: %s", (long long)items[i].id, status, err);
    st->announcement_post_result(st, items[i].id, status, status[0] == 's' ? NULL : err,
                                 remote[0] ? remote : NULL, next);
  }
  free(items);
  return (int)n;
}

int vt_outbox_run(struct vt_store *st, const struct vt_config *cfg) {
  int64_t now = vt_now_ms();
  struct vt_outbox_item *items;
  size_t n;
  if (st->outbox_claim(st, now, now + LEASE_MS, 10, &items, &n) != VT_QS_ONE)
    return 0;
  for (size_t i = 0; i < n; i++) {
    char err[400] = "", remote[160] = "";
    const char *status = send_one(st, cfg, &items[i], remote, sizeof remote, err, sizeof err);
    int64_t next = 0;
    if (!strcmp(status, "retry")) {
      if (items[i].attempts >= MAX_ATTEMPTS) {
        status = "failed";
      } else {
        int64_t backoff = (int64_t)cfg->mail_retry_seconds * 1000 << (items[i].attempts - 1);
        next = vt_now_ms() + (backoff > MAX_BACKOFF_MS ? MAX_BACKOFF_MS : backoff);
      }
    }
    if (strcmp(status, "sent"))
      VT_WARN("outbox %lld (%s, attempt %d): %s: %s", (long long)items[i].id, items[i].kind,
              items[i].attempts, status, err);
    st->outbox_result(st, items[i].id, status, status[0] == 's' ? NULL : err,
                      remote[0] ? remote : NULL, next, vt_now_ms());
  }
  VT_RELEASE_ARRAY(items, n, vt_outbox_item_release);
  return (int)n;
}
