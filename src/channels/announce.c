/* Announcements answering questions: a new ticket whose words contain all
 * the words of one of an active announcement's keyword lines gets the
 * announcement as an automatic answer, once, on the ticket's own channel.
 * The ticket stays "new": a person still looks at it. Words are compared
 * case- and accent-folded ("Becas" finds "becas"). */
#include "channels/announce.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "mail/sender.h"
#include "util/buf.h"
#include "util/log.h"
#include "util/timeutil.h"
#include "util/words.h"

char *vt_announce_fold(const char *text) {
  utf8proc_uint8_t *folded = NULL;
  utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)(text ? text : ""), 0, &folded,
                                    UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_DECOMPOSE |
                                        UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK);
  struct vt_buf b = VT_BUF_INIT;
  if (n >= 0) {
    const char *p = (const char *)folded, *w;
    size_t len;
    while (vt_next_word(&p, &w, &len)) {
      if (b.len)
        vt_buf_append(&b, " ");
      vt_buf_append_mem(&b, w, len);
    }
  }
  free(folded);
  char *out = vt_buf_steal(&b);
  return out ? out : strdup("");
}

/* Whether every word of line appears among the words of text (both folded). */
static bool line_matches(const char *line, size_t n, const char *text) {
  char copy[512];
  if (!n || n >= sizeof copy)
    return false;
  memcpy(copy, line, n);
  copy[n] = '\0';
  const char *p = copy, *w;
  size_t len;
  bool any = false;
  while (vt_next_word(&p, &w, &len)) {
    any = true;
    bool found = false;
    for (const char *t = text; *t && !found;) {
      const char *tw;
      size_t tl;
      if (!vt_next_word(&t, &tw, &tl))
        break;
      found = tl == len && !memcmp(tw, w, len);
    }
    if (!found)
      return false;
  }
  return any;
}

static bool matches(const char *keywords, const char *text) {
  for (const char *p = keywords; p && *p;) {
    size_t n = strcspn(p, "\n");
    if (line_matches(p, n, text))
      return true;
    p += n;
    if (*p == '\n')
      p++;
  }
  return false;
}

bool vt_auto_answer_post(struct vt_store *st, const struct vt_config *cfg,
                         const struct vt_ticket *t, const char *body) {
  struct vt_outbox_new ob = {0};
  char to[256], rfc[200];
  bool send = vt_outbox_for_reply(st, cfg, t, &ob, to, sizeof to, rfc, sizeof rfc);
  /* Automatic mail to one address is capped per day like acknowledgements:
   * the address came with the request, and nobody checked it is theirs. */
  long today = 0;
  if (send && strchr(to, '@') &&
      (st->outbox_count_to(st, to, ob.kind, vt_now_ms() - 86400000LL, &today) < 0 ||
       today >= cfg->mail_acks_per_day))
    send = false;
  struct vt_message_new mn = {
      .ticket_id = t->id,
      .direction = VT_DIR_OUT,
      .channel = t->channel,
      .body = body,
      .new_status = -1,
      .outbox = send ? &ob : NULL,
      .now = vt_now_ms(),
  };
  struct vt_message_added added;
  return st->message_add(st, &mn, &added) == VT_QS_ONE;
}

bool vt_announce_answer(struct vt_store *st, const struct vt_config *cfg, vt_id tenant_id,
                        vt_id ticket_id) {
  /* Most of the time nothing runs: one cheap query, and the new ticket is
   * not read at all. */
  struct vt_scope all = {.all = true};
  struct vt_announcement *anns = NULL;
  size_t n = 0;
  if (st->announcements_list(st, &all, tenant_id, vt_now_ms(), &anns, &n) != VT_QS_ONE || !n)
    return false;
  struct vt_ticket t;
  if (st->ticket_get(st, &all, ticket_id, &t) != VT_QS_ONE) {
    VT_RELEASE_ARRAY(anns, n, vt_announcement_release);
    return false;
  }
  bool answered = false;
  struct vt_message *msgs = NULL;
  size_t nm = 0;
  struct vt_buf text = VT_BUF_INIT;
  vt_buf_append(&text, t.subject ? t.subject : "");
  if (st->messages_list(st, t.id, false, &msgs, &nm) == VT_QS_ONE && nm) {
    vt_buf_append(&text, " ");
    vt_buf_append(&text, msgs[0].body ? msgs[0].body : "");
  }
  if (msgs)
    VT_RELEASE_ARRAY(msgs, nm, vt_message_release);
  char *folded = vt_announce_fold(text.data ? text.data : "");
  vt_buf_release(&text);
  for (size_t i = 0; i < n; i++) {
    if (!anns[i].auto_answer || !matches(anns[i].keywords, folded))
      continue;
    if (st->announcement_answer_once(st, t.id, anns[i].id) != VT_QS_ONE) {
      answered = true; /* answered before (a redelivery), or the database said no */
      break;
    }
    struct vt_buf body = VT_BUF_INIT;
    vt_buf_appendf(&body, "%s\n\n%s", anns[i].title, anns[i].body);
    if (!vt_auto_answer_post(st, cfg, &t, body.data))
      VT_WARN("announcement %lld: automatic answer not stored", (long long)anns[i].id);
    answered = true;
    vt_buf_release(&body);
    break;
  }
  free(folded);
  VT_RELEASE_ARRAY(anns, n, vt_announcement_release);
  vt_ticket_release(&t);
  return answered;
}
