/* Outgoing email, built with GMime from one template per kind: the text
 * part and the HTML part say the same thing (the HTML is the text, escaped,
 * in paragraphs), so what a citizen reads does not depend on their client.
 * Headers thread the reply under the citizen's message (In-Reply-To,
 * References) and mark acknowledgements as automatic (RFC 3834), so an
 * autoresponder on the other side does not answer them. */
#include "mail/compose.h"

#include <gmime/gmime.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mail/parse.h"
#include "util/buf.h"
#include "util/i18n.h"

/* The HTML twin of a text: escaped, blank lines as paragraphs, line breaks kept. */
static char *text_to_html(const char *text) {
  struct vt_buf b = VT_BUF_INIT;
  vt_buf_append(&b, "<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head>"
                    "<body style=\"font-family:sans-serif;line-height:1.5\"><p>");
  for (const char *p = text; *p; p++) {
    switch (*p) {
    case '&':
      vt_buf_append(&b, "&amp;");
      break;
    case '<':
      vt_buf_append(&b, "&lt;");
      break;
    case '>':
      vt_buf_append(&b, "&gt;");
      break;
    case '"':
      vt_buf_append(&b, "&quot;");
      break;
    case '\r':
      break;
    case '\n':
      if (p[1] == '\n') {
        vt_buf_append(&b, "</p>\n<p>");
        while (p[1] == '\n')
          p++;
      } else {
        vt_buf_append(&b, "<br>\n");
      }
      break;
    default:
      vt_buf_append_mem(&b, p, 1);
    }
  }
  vt_buf_append(&b, "</p></body></html>\n");
  return vt_buf_steal(&b);
}

/* A text part in UTF-8 as given: g_mime_text_part_set_text would pick the
 * "best" charset (ISO-8859-1 for Spanish), while the HTML twin declares
 * <meta charset="utf-8"> and a reader could believe either. */
static GMimeObject *text_part(const char *subtype, const char *content) {
  GMimeTextPart *tp = g_mime_text_part_new_with_subtype(subtype);
  GMimeStream *mem = g_mime_stream_mem_new_with_buffer(content, strlen(content));
  GMimeDataWrapper *w = g_mime_data_wrapper_new_with_stream(mem, GMIME_CONTENT_ENCODING_DEFAULT);
  g_mime_part_set_content(GMIME_PART(tp), w);
  g_object_unref(w);
  g_object_unref(mem);
  g_mime_text_part_set_charset(tp, "utf-8");
  g_mime_part_set_content_encoding(GMIME_PART(tp), GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE);
  return GMIME_OBJECT(tp);
}

static GMimeObject *file_part(const struct vt_attachment_file *f) {
  char type[128];
  snprintf(type, sizeof type, "%s",
           f->content_type[0] ? f->content_type : "application/octet-stream");
  char *slash = strchr(type, '/');
  const char *sub = "octet-stream";
  if (slash) {
    *slash = '\0';
    sub = slash + 1;
  }
  GMimePart *part = g_mime_part_new_with_type(slash ? type : "application", sub);
  g_mime_part_set_filename(part, f->filename ? f->filename : "adjunto");
  GMimeStream *mem = g_mime_stream_mem_new_with_buffer((const char *)f->data, (size_t)f->size);
  GMimeDataWrapper *w = g_mime_data_wrapper_new_with_stream(mem, GMIME_CONTENT_ENCODING_DEFAULT);
  g_mime_part_set_content(part, w);
  g_mime_part_set_content_encoding(part, GMIME_CONTENT_ENCODING_BASE64);
  g_object_unref(w);
  g_object_unref(mem);
  return GMIME_OBJECT(part);
}

/* The text of an email, from the catalogue in the citizen's language. */
static char *body_text(const struct vt_mail_out *o) {
  struct vt_buf b = VT_BUF_INIT;
  enum vt_lang l = o->lang;
  if (!strcmp(o->kind, "ack")) {
    vt_buf_appendf(&b, "%s %s.\n\n", vt_i18n(l, "mail.ack.received"), o->reference);
    vt_buf_appendf(&b, "%s: %s\n\n", vt_i18n(l, "mail.subject"), o->ticket_subject);
    vt_buf_appendf(&b, "%s\n\n", vt_i18n(l, "mail.ack.next"));
  } else if (!strcmp(o->kind, "transcript")) {
    vt_buf_appendf(&b, "%s %s.\n\n%s\n", vt_i18n(l, "mail.transcript.intro"), o->reference,
                   o->body ? o->body : "");
  } else if (!strcmp(o->kind, "survey")) {
    vt_buf_appendf(&b, "%s %s.\n\n", vt_i18n(l, "mail.survey.intro"), o->reference);
    vt_buf_appendf(&b, "%s\n\n", vt_i18n(l, "mail.survey.ask"));
    vt_buf_appendf(&b, "%s\n%s\n\n", vt_i18n(l, "mail.survey.link"),
                   o->portal_url ? o->portal_url : "");
  } else if (!strcmp(o->kind, "sla_alert")) {
    /* To staff: what passed, the due times, where to act; no citizen footer. */
    vt_buf_appendf(&b, "%s %s (%s).\n\n", vt_i18n(l, "mail.sla.breach"), o->reference,
                   o->ticket_subject);
    vt_buf_appendf(&b, "%s\n", o->body ? o->body : "");
    vt_buf_appendf(&b, "%s\n%s\n", vt_i18n(l, "mail.sla.open"), o->portal_url ? o->portal_url : "");
    if (o->tenant_name && *o->tenant_name)
      vt_buf_appendf(&b, "\n-- \n%s\n", o->tenant_name);
    return vt_buf_steal(&b);
  } else if (!strcmp(o->kind, "notification")) {
    vt_buf_appendf(&b, "%s %s.\n\n", vt_i18n(l, "mail.notify.new_answer"), o->reference);
    vt_buf_appendf(&b, "%s\n%s\n\n", vt_i18n(l, "mail.notify.where"),
                   o->portal_url ? o->portal_url : "");
  } else {
    vt_buf_appendf(&b, "%s\n\n", o->body ? o->body : "");
  }
  vt_buf_appendf(&b, "-- \n%s %s. %s\n", vt_i18n(l, "mail.footer.reference"), o->reference,
                 vt_i18n(l, "mail.footer.reply"));
  if (o->tenant_name && *o->tenant_name)
    vt_buf_appendf(&b, "%s\n", o->tenant_name);
  return vt_buf_steal(&b);
}

char *vt_mail_compose(const struct vt_mail_out *o, size_t *len) {
  vt_mail_init();
  GMimeMessage *msg = g_mime_message_new(TRUE);
  g_mime_message_add_mailbox(msg, GMIME_ADDRESS_TYPE_FROM, o->from_name, o->from_addr);
  g_mime_message_add_mailbox(msg, GMIME_ADDRESS_TYPE_TO, NULL, o->to_addr);
  if (o->reply_to && *o->reply_to)
    g_mime_message_add_mailbox(msg, GMIME_ADDRESS_TYPE_REPLY_TO, o->from_name, o->reply_to);
  char subject[600];
  if (!strcmp(o->kind, "ack"))
    snprintf(subject, sizeof subject, "[%s] %s: %s", o->reference,
             vt_i18n(o->lang, "mail.ack.subject"), o->ticket_subject);
  else if (!strcmp(o->kind, "notification"))
    snprintf(subject, sizeof subject, "[%s] %s: %s", o->reference,
             vt_i18n(o->lang, "mail.notify.subject"), o->ticket_subject);
  else if (!strcmp(o->kind, "transcript"))
    snprintf(subject, sizeof subject, "[%s] %s: %s", o->reference,
             vt_i18n(o->lang, "mail.transcript.subject"), o->ticket_subject);
  else if (!strcmp(o->kind, "survey"))
    snprintf(subject, sizeof subject, "[%s] %s: %s", o->reference,
             vt_i18n(o->lang, "mail.survey.subject"), o->ticket_subject);
  else if (!strcmp(o->kind, "sla_alert")) /* no [REF]: a reply must not join the ticket */
    snprintf(subject, sizeof subject, "%s: %s", vt_i18n(o->lang, "mail.sla.subject"), o->reference);
  else
    snprintf(subject, sizeof subject, "Re: [%s] %s", o->reference, o->ticket_subject);
  g_mime_message_set_subject(msg, subject, "utf-8");
  g_mime_message_set_message_id(msg, o->message_id);
  GDateTime *now = g_date_time_new_now_utc();
  g_mime_message_set_date(msg, now);
  g_date_time_unref(now);
  GMimeObject *top = GMIME_OBJECT(msg);
  /* Only ids that cannot carry a line break into our headers. */
  struct vt_buf refs = VT_BUF_INIT;
  const char *last = NULL;
  for (size_t i = 0; i < o->n_refs; i++) {
    if (!vt_mail_id_ok(o->refs[i]))
      continue;
    vt_buf_appendf(&refs, "%s<%s>", refs.len ? " " : "", o->refs[i]);
    last = o->refs[i];
  }
  if (last) {
    char in_reply[300];
    snprintf(in_reply, sizeof in_reply, "<%s>", last);
    g_mime_object_set_header(top, "In-Reply-To", in_reply, NULL);
    g_mime_object_set_header(top, "References", refs.data, NULL);
  }
  vt_buf_release(&refs);
  if (!strcmp(o->kind, "ack"))
    g_mime_object_set_header(top, "Auto-Submitted", "auto-replied", NULL);
  else if (!strcmp(o->kind, "notification") || !strcmp(o->kind, "transcript") ||
           !strcmp(o->kind, "survey") || !strcmp(o->kind, "sla_alert"))
    g_mime_object_set_header(top, "Auto-Submitted", "auto-generated", NULL);
  char marker[32];
  snprintf(marker, sizeof marker, "%lld", (long long)o->outbox_id);
  g_mime_object_set_header(top, "X-Ventanilla-Mail", marker, NULL);

  char *text = body_text(o);
  char *html = text_to_html(text);
  GMimeMultipart *alt = g_mime_multipart_new_with_subtype("alternative");
  GMimeObject *tp = text_part("plain", text), *hp = text_part("html", html);
  g_mime_multipart_add(alt, tp);
  g_mime_multipart_add(alt, hp);
  g_object_unref(tp);
  g_object_unref(hp);
  free(text);
  free(html);
  GMimeObject *root = GMIME_OBJECT(alt);
  if (o->n_files) {
    GMimeMultipart *mixed = g_mime_multipart_new_with_subtype("mixed");
    g_mime_multipart_add(mixed, root);
    g_object_unref(root);
    for (size_t i = 0; i < o->n_files; i++) {
      GMimeObject *fp = file_part(&o->files[i]);
      g_mime_multipart_add(mixed, fp);
      g_object_unref(fp);
    }
    root = GMIME_OBJECT(mixed);
  }
  g_mime_message_set_mime_part(msg, root);
  g_object_unref(root);

  GMimeFormatOptions *fo = g_mime_format_options_new();
  g_mime_format_options_set_newline_format(fo, GMIME_NEWLINE_FORMAT_DOS);
  GMimeStream *mem = g_mime_stream_mem_new();
  g_mime_object_write_to_stream(top, fo, mem);
  GByteArray *a = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(mem));
  char *out = malloc(a->len + 1);
  if (out) {
    memcpy(out, a->data, a->len);
    out[a->len] = '\0';
    *len = a->len;
  }
  g_object_unref(mem);
  g_mime_format_options_free(fo);
  g_object_unref(msg);
  return out;
}
