/* A message from a messaging network into the citizen's history: the person
 * is recognised by their identity on that network (and, on WhatsApp, by
 * their phone number too); their most recent open conversation on that
 * network with that administration continues, otherwise a new ticket
 * starts. The network's own message id is the channel id, so a redelivered
 * webhook stores nothing new. Receipts for what we sent become events on
 * the ticket. */
#include "channels/net_ingest.h"

#include <stdio.h>
#include <string.h>

#include "domain/ticket_rules.h"
#include "mail/ingest.h"
#include "routing/route.h"
#include "util/i18n.h"
#include "util/timeutil.h"
#include "util/validate.h"

/* The person's most recent ticket on this network and administration that
 * is not closed, or 0. */
static enum vt_qs open_ticket(struct vt_store *st, vt_id tenant_id, enum vt_channel ch,
                              const struct vt_identity *id, struct vt_ticket *out) {
  struct vt_ticket *items;
  size_t n;
  enum vt_qs qs = vt_person_tickets(st, id, tenant_id, ch, 20, &items, &n);
  if (qs < 0 || !n)
    return qs < 0 ? qs : VT_QS_NONE;
  qs = VT_QS_NONE;
  for (size_t i = 0; i < n; i++) {
    if (qs == VT_QS_NONE && items[i].status != VT_ST_CLOSED) {
      *out = items[i];
      memset(&items[i], 0, sizeof items[i]); /* ownership moves to out */
      qs = VT_QS_ONE;
    }
  }
  VT_RELEASE_ARRAY(items, n, vt_ticket_release);
  return qs;
}

enum vt_qs vt_net_ingest(struct vt_store *st, const struct vt_config *cfg,
                         const struct vt_channel_account *acc, const struct vt_net_event *e) {
  int64_t now = vt_now_ms();
  if (e->kind == VT_NET_RECEIPT) {
    const char *action = !strcmp(e->status, "delivered") ? "message_delivered"
                         : !strcmp(e->status, "read")    ? "message_read"
                         : !strcmp(e->status, "failed")  ? "delivery_failed"
                                                         : NULL;
    if (!action)
      return VT_QS_ONE; /* "sent" and others: nothing to tell */
    enum vt_qs qs = st->outbox_receipt(st, acc->tenant_id, e->remote_id, action, now);
    return qs == VT_QS_NONE ? VT_QS_ONE : qs; /* a receipt for something else: ignored */
  }
  enum vt_channel ch = vt_net_channel(acc->network);
  struct vt_identity ids[2];
  size_t n_ids = 0;
  ids[n_ids] = (struct vt_identity){.kind = vt_net_identity(acc->network)};
  snprintf(ids[n_ids].value, sizeof ids[n_ids].value, "%s", e->sender_id);
  n_ids++;
  if (e->phone[0] && vt_phone_normalize(e->phone, "34", ids[n_ids].value,
                                        sizeof ids[n_ids].value) == VT_VALID_OK) {
    ids[n_ids].kind = VT_ID_PHONE;
    ids[n_ids].verified = false;
    n_ids++;
  }
  const char *text = e->text;
  while (*text == ' ' || *text == '\t' || *text == '\r' || *text == '\n')
    text++;
  text = *text ? e->text : vt_i18n(VT_LANG_ES, "net.no_text");
  struct vt_ticket t;
  enum vt_qs qs = e->public_post ? VT_QS_NONE : open_ticket(st, acc->tenant_id, ch, &ids[0], &t);
  if (qs < 0)
    return qs;
  if (qs == VT_QS_ONE) {
    enum vt_status next = vt_status_after_message(t.status, VT_DIR_IN, false);
    struct vt_message_new mn = {
        .ticket_id = t.id,
        .direction = VT_DIR_IN,
        .channel = ch,
        .author_citizen_id = t.citizen_id,
        .body = text,
        .channel_message_id = e->remote_id,
        .new_status = next != t.status ? (int)next : -1,
        .now = now,
    };
    struct vt_message_added added;
    qs = st->message_add(st, &mn, &added);
    vt_ticket_release(&t);
    if (qs != VT_QS_NONE)
      return qs < 0 ? qs : VT_QS_ONE;
    /* closed meanwhile: a new ticket below */
  }
  char subject[80 * 4 + 1]; /* 80 characters of up to 4 bytes */
  vt_subject_of(text, subject, sizeof subject);
  struct vt_ticket_new tn = {0};
  tn.tenant_id = acc->tenant_id;
  tn.channel = ch;
  tn.priority = VT_PR_NORMAL;
  tn.subject = subject[0] ? subject : vt_i18n(VT_LANG_ES, "mail.no_subject");
  tn.body = text;
  tn.citizen_name = e->sender_name[0] ? e->sender_name : NULL;
  memcpy(tn.identities, ids, n_ids * sizeof *ids);
  tn.n_identities = n_ids;
  tn.direction = VT_DIR_IN;
  tn.channel_message_id = e->remote_id;
  tn.now = now;
  struct vt_route_result routed;
  vt_route_new_ticket(st, cfg, &tn, NULL, &routed);
  struct vt_ticket_created out;
  qs = st->ticket_create(st, &tn, &out);
  if (qs == VT_QS_ONE && !out.replayed)
    vt_route_created(st, cfg, acc->tenant_id, out.ticket_id, &routed);
  vt_route_result_release(&routed);
  return qs < 0 ? qs : VT_QS_ONE;
}
