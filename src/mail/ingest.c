/* From a received email to a ticket: the one place that decides what an
 * incoming message becomes, whether it came through the pipe from the local
 * mail server or from an IMAP mailbox.
 *
 * - Exactly once: the message's channel id is its Message-ID (or, without
 *   one, the SHA-256 of its content); the store refuses a second copy in the
 *   same transaction that would create it, so any number of deliveries of
 *   one message store it once.
 * - Threading: a reply joins its ticket when it names (In-Reply-To,
 *   References) the Message-ID of a message of that ticket, ours or the
 *   citizen's; or when its subject carries the ticket's reference AND the
 *   sender is that ticket's citizen (a reference alone is easy to guess).
 *   A closed ticket is final: the message starts a new one.
 * - Loops and bounces: our own emails coming back are dropped; automatic
 *   messages (auto-replies, bounces, lists) never create a ticket and never
 *   get an acknowledgement; on a known ticket they become an internal note.
 *   Acknowledgements to one address are capped per day.
 * - Nothing is lost: the text shown is the new part of the message, and the
 *   whole original is attached as an .eml file, with every attachment. */
#include "mail/ingest.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "domain/ticket_rules.h"
#include "routing/route.h"
#include "util/crypto.h"
#include "util/i18n.h"
#include "util/log.h"
#include "util/timeutil.h"
#include "util/validate.h"

#define MAX_FILES 32 /* attachments kept per message, the original included */

void vt_mail_new_message_id(const char *domain, char *out, size_t outsz) {
  char r[33];
  vt_random_hex(r, 16);
  snprintf(out, outsz, "vt.%s@%s", r, domain && *domain ? domain : "ventanilla.localhost");
}

bool vt_mail_citizen_address(struct vt_store *st, vt_id citizen_id, char *out, size_t outsz) {
  return vt_citizen_identity(st, citizen_id, VT_ID_EMAIL, out, outsz);
}

bool vt_citizen_identity(struct vt_store *st, vt_id citizen_id, enum vt_identity_kind kind,
                         char *out, size_t outsz) {
  struct vt_scope all = {.all = true};
  struct vt_citizen c;
  if (st->citizen_get(st, &all, citizen_id, &c) != VT_QS_ONE)
    return false;
  bool found = false;
  for (size_t i = 0; i < c.n_identities && !found; i++)
    if (c.identities[i].kind == kind) {
      snprintf(out, outsz, "%s", c.identities[i].value);
      found = true;
    }
  vt_citizen_release(&c);
  return found;
}

/* Whether the citizen has this email address among their identities. */
static bool citizen_has_email(struct vt_store *st, vt_id citizen_id, const char *addr) {
  struct vt_scope all = {.all = true};
  struct vt_citizen c;
  if (!addr || st->citizen_get(st, &all, citizen_id, &c) != VT_QS_ONE)
    return false;
  bool found = false;
  for (size_t i = 0; i < c.n_identities && !found; i++)
    found = c.identities[i].kind == VT_ID_EMAIL && !strcasecmp(c.identities[i].value, addr);
  vt_citizen_release(&c);
  return found;
}

/* The ticket this message continues, or 0. */
static enum vt_qs find_thread(struct vt_store *st, const struct vt_mailbox *mb,
                              const struct vt_mail *m, struct vt_ticket *t) {
  const char *ids[66];
  size_t n = 0;
  if (m->in_reply_to)
    ids[n++] = m->in_reply_to;
  for (size_t i = m->n_refs; i > 0 && n < 66; i--)
    ids[n++] = m->references[i - 1]; /* the latest first */
  vt_id ticket_id = 0;
  enum vt_qs qs = n ? st->mail_thread_lookup(st, mb->tenant_id, ids, n, &ticket_id) : VT_QS_NONE;
  if (qs < 0)
    return qs;
  struct vt_scope all = {.all = true};
  if (ticket_id)
    return st->ticket_get(st, &all, ticket_id, t);
  if (!m->reference[0])
    return VT_QS_NONE;
  char hash[65];
  qs = st->ticket_by_reference(st, m->reference, t, hash);
  if (qs != VT_QS_ONE)
    return qs;
  /* Only this mailbox's administration's ticket, and only for its citizen. */
  if (t->tenant_id == mb->tenant_id && citizen_has_email(st, t->citizen_id, m->from_addr))
    return VT_QS_ONE;
  vt_ticket_release(t);
  return VT_QS_NONE;
}

enum vt_qs vt_person_tickets(struct vt_store *st, const struct vt_identity *id, vt_id tenant_id,
                             enum vt_channel ch, int limit, struct vt_ticket **items, size_t *n) {
  struct vt_scope all = {.all = true};
  struct vt_citizen *found;
  *items = NULL;
  *n = 0;
  size_t nf;
  enum vt_qs qs = st->citizens_search(st, &all, NULL, id, 1, &found, &nf);
  if (qs < 0 || !nf)
    return qs < 0 ? qs : VT_QS_NONE;
  vt_id citizen = found[0].id;
  VT_RELEASE_ARRAY(found, nf, vt_citizen_release);
  struct vt_ticket_filter f = {.status = -1,
                               .channel = (int)ch,
                               .priority = -1,
                               .tenant_id = tenant_id,
                               .citizen_id = citizen,
                               .limit = limit};
  return st->tickets_list(st, &all, &f, items, n);
}

/* Flood control: a sender who opened mail.tickets_per_hour email tickets
 * in the last hour has their further new messages added to the latest of
 * those instead (stored, never lost; and no acknowledgement is sent). */
static enum vt_qs flood_ticket(struct vt_store *st, const struct vt_config *cfg,
                               const struct vt_mailbox *mb, const struct vt_identity *id,
                               struct vt_ticket *out) {
  int limit = cfg->mail_tickets_per_hour;
  struct vt_ticket *items;
  size_t n;
  enum vt_qs qs = vt_person_tickets(st, id, mb->tenant_id, VT_CH_EMAIL, limit, &items, &n);
  if (qs < 0 || !n)
    return qs < 0 ? qs : VT_QS_NONE;
  qs = VT_QS_NONE;
  if (n == (size_t)limit && items[n - 1].created_at > vt_now_ms() - 3600000 &&
      items[0].status != VT_ST_CLOSED) {
    *out = items[0];
    memset(&items[0], 0, sizeof items[0]);
    qs = VT_QS_ONE;
  }
  VT_RELEASE_ARRAY(items, n, vt_ticket_release);
  return qs;
}

struct files {
  char hashes[MAX_FILES][65];
  size_t n;
};

/* Stores the attachments and the original message as uploads owned by this
 * message; their tokens are derived from the message's hash, so a retried
 * delivery finds them instead of adding copies. */
static enum vt_qs store_files(struct vt_store *st, const struct vt_mail *m, const void *raw,
                              size_t len, struct files *f) {
  f->n = 0;
  /* The original first: with many attachments, it is what must not be lost. */
  for (size_t k = 0; k <= m->n_att && f->n < MAX_FILES; k++) {
    size_t i = k == 0 ? m->n_att : k - 1;
    bool original = i == m->n_att;
    const void *data = original ? raw : m->att[i].data;
    size_t size = original ? len : m->att[i].size;
    struct vt_upload u = {0};
    snprintf(u.owner, sizeof u.owner, "mail");
    char seed[96];
    snprintf(seed, sizeof seed, "%s:%zu", m->content_hash, i);
    vt_token_hash(seed, u.token_hash);
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(digest, data ? data : (const void *)"", size);
    sodium_bin2hex(u.sha256, sizeof u.sha256, digest, sizeof digest);
    u.filename = original ? "mensaje-original.eml" : m->att[i].filename;
    u.content_type = original ? "message/rfc822" : m->att[i].content_type;
    u.size = (int64_t)size;
    u.created_at = vt_now_ms();
    enum vt_qs qs = st->upload_create(st, &u, data);
    if (qs < 0)
      return qs;
    /* NONE: this upload exists from an earlier delivery of the message. */
    memcpy(f->hashes[f->n++], u.token_hash, 65);
  }
  return VT_QS_ONE;
}

enum vt_ingest vt_mail_ingest(struct vt_store *st, const struct vt_config *cfg,
                              const struct vt_mailbox *mb, const void *raw, size_t len,
                              struct vt_ingest_out *out) {
  memset(out, 0, sizeof *out);
  struct vt_mail m;
  if (vt_mail_parse(raw, len, &m) != 0) {
    vt_mail_free(&m);
    return VT_INGEST_NOT_MAIL;
  }
  enum vt_ingest r = vt_mail_ingest_parsed(st, cfg, mb, &m, raw, len, out);
  vt_mail_free(&m);
  return r;
}

enum vt_ingest vt_mail_ingest_parsed(struct vt_store *st, const struct vt_config *cfg,
                                     const struct vt_mailbox *mb, const struct vt_mail *mp,
                                     const void *raw, size_t len, struct vt_ingest_out *out) {
  memset(out, 0, sizeof *out);
  const struct vt_mail m = *mp; /* a shallow copy: the fields stay the caller's */
  enum vt_ingest result = VT_INGEST_TEMPFAIL;
  struct vt_ticket t = {0};
  bool have_ticket = false;
  struct vt_route_result routed = {0};
  if (m.ours) {
    out->why = "own message";
    result = VT_INGEST_IGNORED;
    goto done;
  }
  enum vt_qs qs = find_thread(st, mb, &m, &t);
  if (qs < 0)
    goto done;
  have_ticket = qs == VT_QS_ONE;
  if (have_ticket && t.status == VT_ST_CLOSED) {
    vt_ticket_release(&t);
    have_ticket = false;
  }
  if (m.auto_reason && !have_ticket) {
    out->why = m.auto_reason;
    result = VT_INGEST_IGNORED;
    goto done;
  }
  struct vt_identity id = {.kind = VT_ID_EMAIL};
  bool valid_sender =
      m.from_addr && vt_email_normalize(m.from_addr, id.value, sizeof id.value) == VT_VALID_OK;
  /* Answers go to Reply-To only when it is a plain address. */
  char reply_buf[256];
  const char *reply_to =
      m.reply_to && vt_email_normalize(m.reply_to, reply_buf, sizeof reply_buf) == VT_VALID_OK
          ? reply_buf
      : valid_sender ? id.value
                     : NULL;
  if (!have_ticket && !valid_sender) {
    out->why = "no usable sender address";
    result = VT_INGEST_IGNORED;
    goto done;
  }
  bool flooding = false;
  if (!have_ticket && !m.auto_reason && cfg->mail_tickets_per_hour > 0) {
    if ((qs = flood_ticket(st, cfg, mb, &id, &t)) < 0)
      goto done;
    have_ticket = flooding = qs == VT_QS_ONE;
  }

  struct files files;
  if ((qs = store_files(st, &m, raw, len, &files)) < 0)
    goto done;
  struct vt_attach attach = {"mail", (const char(*)[65])files.hashes, files.n};
  /* Per administration: the same email sent to two administrations is a
   * message for each, and stored once in each. */
  char channel_id[300];
  if (m.message_id)
    snprintf(channel_id, sizeof channel_id, "%lld/%s", (long long)mb->tenant_id, m.message_id);
  else
    snprintf(channel_id, sizeof channel_id, "%lld/sha256:%s", (long long)mb->tenant_id,
             m.content_hash);
  const char *body =
      m.display_text && *m.display_text ? m.display_text : vt_i18n(VT_LANG_ES, "mail.no_text");
  int64_t now = vt_now_ms();

  /* The acknowledgement, unless automatic, or this address had its share today. */
  struct vt_outbox_new ack = {"ack", reply_to, NULL};
  char ack_id[200];
  bool send_ack = !m.auto_reason && !flooding && reply_to && cfg->mail_acks_per_day > 0;
  if (send_ack) {
    long sent = 0;
    if ((qs = st->outbox_count_to(st, reply_to, "ack", now - 86400000, &sent)) < 0)
      goto done;
    send_ack = sent < cfg->mail_acks_per_day;
    vt_mail_new_message_id(cfg->mail_domain, ack_id, sizeof ack_id);
    ack.rfc_message_id = ack_id;
  }

  if (have_ticket) {
    bool note = m.auto_reason != NULL;
    enum vt_status next = vt_status_after_message(t.status, note ? VT_DIR_OUT : VT_DIR_IN, note);
    struct vt_message_new mn = {
        .ticket_id = t.id,
        .direction = note ? VT_DIR_OUT : VT_DIR_IN,
        .channel = VT_CH_EMAIL,
        .author_citizen_id = note ? 0 : t.citizen_id,
        .body = body,
        .internal = note,
        .channel_message_id = channel_id,
        .new_status = next != t.status ? (int)next : -1,
        .attach = attach,
        .now = now,
    };
    struct vt_message_added added;
    qs = st->message_add(st, &mn, &added);
    if (qs < 0)
      goto done;
    if (qs == VT_QS_NONE) { /* closed meanwhile: the citizen gets a new ticket */
      vt_ticket_release(&t);
      have_ticket = false;
    } else {
      out->ticket_id = t.id;
      out->message_id = added.message_id;
      out->threaded = true;
      result = added.replayed ? VT_INGEST_DUPLICATE : VT_INGEST_STORED;
      goto done;
    }
  }
  if (m.auto_reason) {
    out->why = m.auto_reason;
    result = VT_INGEST_IGNORED;
    goto done;
  }
  struct vt_ticket_new tn = {0};
  tn.tenant_id = mb->tenant_id;
  tn.department_id = mb->department_id;
  tn.channel = VT_CH_EMAIL;
  tn.priority = VT_PR_NORMAL;
  tn.subject = m.subject && *m.subject ? m.subject : vt_i18n(VT_LANG_ES, "mail.no_subject");
  tn.body = body;
  tn.citizen_name = m.from_name;
  tn.identities[0] = id;
  tn.n_identities = 1;
  tn.direction = VT_DIR_IN;
  tn.channel_message_id = channel_id;
  tn.attach = attach;
  tn.outbox = send_ack ? &ack : NULL;
  tn.now = now;
  vt_route_new_ticket(st, cfg, &tn, NULL, &routed);
  struct vt_ticket_created created;
  if ((qs = st->ticket_create(st, &tn, &created)) < 0)
    goto done;
  if (qs != VT_QS_ONE) {
    qs = VT_QS_HARD;
    goto done;
  }
  out->ticket_id = created.ticket_id;
  out->message_id = created.message_id;
  snprintf(out->reference, sizeof out->reference, "%s", created.reference);
  out->acknowledged = send_ack && !created.replayed;
  if (!created.replayed)
    vt_route_created(st, cfg, mb->tenant_id, created.ticket_id, &routed);
  result = created.replayed ? VT_INGEST_DUPLICATE : VT_INGEST_STORED;
done:
  vt_route_result_release(&routed);
  if (have_ticket)
    vt_ticket_release(&t);
  return result;
}
