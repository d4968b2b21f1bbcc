/* Email parsing with GMime 3: headers decoded (RFC 2047, 8-bit bytes read as
 * UTF-8 or else Windows-1252), the text body chosen and converted to UTF-8
 * from whatever charset it claims (or really has), HTML turned into text,
 * attachments and inline images kept with their names, forwarded messages
 * kept whole as .eml attachments, and the marks of automatic mail noted for
 * loop and bounce protection. Malformed input is read as far as it goes:
 * GMime is lenient and so is everything here. */
#include "mail/parse.h"

#include <ctype.h>
#include <gmime/gmime.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "domain/ticket_rules.h"
#include "mail/html_text.h"
#include "mail/trim.h"
#include "util/buf.h"

static pthread_once_t gmime_once = PTHREAD_ONCE_INIT;
static GMimeParserOptions *options;

static void gmime_start(void) {
  g_mime_init();
  options = g_mime_parser_options_new();
  static const char *fallback[] = {"utf-8", "windows-1252", NULL};
  g_mime_parser_options_set_fallback_charsets(options, fallback);
  g_mime_parser_options_set_rfc2047_compliance_mode(options, GMIME_RFC_COMPLIANCE_LOOSE);
  g_mime_parser_options_set_address_compliance_mode(options, GMIME_RFC_COMPLIANCE_LOOSE);
  g_mime_parser_options_set_parameter_compliance_mode(options, GMIME_RFC_COMPLIANCE_LOOSE);
  g_mime_parser_options_set_allow_addresses_without_domain(options, TRUE);
}

/* ---- text and charsets ---- */

/* Bytes in a declared charset as valid UTF-8. Mail clients that say
 * ISO-8859-1 mean Windows-1252, and many that say UTF-8 or US-ASCII send
 * Latin-1; an unknown charset falls back the same way. */
static char *to_utf8(const char *data, size_t len, const char *charset) {
  if (!data || !len)
    return g_strdup("");
  bool says_utf8 = !charset || !strcasecmp(charset, "utf-8") || !strcasecmp(charset, "utf8") ||
                   !strcasecmp(charset, "us-ascii") || !strcasecmp(charset, "ascii");
  if (says_utf8 && g_utf8_validate(data, (gssize)len, NULL))
    return g_strndup(data, len);
  const char *from = charset;
  if (says_utf8 || !strcasecmp(charset, "iso-8859-1") || !strcasecmp(charset, "latin1") ||
      !strcasecmp(charset, "iso_8859-1"))
    from = "WINDOWS-1252";
  gsize written = 0;
  char *out = g_convert(data, (gssize)len, "UTF-8", from, NULL, &written, NULL);
  if (!out && strcasecmp(from, "WINDOWS-1252"))
    out = g_convert(data, (gssize)len, "UTF-8", "WINDOWS-1252", NULL, &written, NULL);
  if (!out) /* bytes Windows-1252 leaves undefined: replace, never drop the rest */
    out = g_utf8_make_valid(data, (gssize)len);
  return out;
}

/* A part's decoded content (transfer encoding undone) as raw bytes. */
static GByteArray *part_bytes(GMimePart *part) {
  GMimeDataWrapper *w = g_mime_part_get_content(part);
  GMimeStream *mem = g_mime_stream_mem_new();
  if (w)
    g_mime_data_wrapper_write_to_stream(w, mem);
  GByteArray *a = g_byte_array_new();
  GByteArray *src = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(mem));
  if (src && src->len)
    g_byte_array_append(a, src->data, src->len);
  g_object_unref(mem);
  return a;
}

static char *part_text(GMimePart *part) {
  GByteArray *a = part_bytes(part);
  GMimeContentType *ct = g_mime_object_get_content_type(GMIME_OBJECT(part));
  const char *charset = ct ? g_mime_content_type_get_parameter(ct, "charset") : NULL;
  /* NUL bytes end C strings: read them as spaces rather than lose the rest. */
  for (guint i = 0; i < a->len; i++)
    if (!a->data[i])
      a->data[i] = ' ';
  char *s = to_utf8((const char *)a->data, a->len, charset);
  g_byte_array_unref(a);
  return s;
}

/* ---- walking the MIME tree ---- */

struct walk {
  struct vt_mail *m;
  struct vt_buf plain, html;
  size_t cap_att;
  int depth;
  bool files_only; /* in an alternative not chosen: keep its files, not its text */
};

/* A media type as RFC 2045 spells it: token "/" token, where a token is
 * printable ASCII without spaces nor tspecials. Damaged mail can carry
 * anything in Content-Type; what is not a media type is stored as
 * application/octet-stream rather than passed on to the console. */
static bool media_type_ok(const char *t) {
  static const char tspecials[] = "()<>@,;:\\\"/[]?=";
  int slashes = 0;
  size_t side = 0;
  for (const char *p = t; *p; p++) {
    if (*p == '/') {
      if (!side || ++slashes > 1)
        return false;
      side = 0;
      continue;
    }
    if (*p <= ' ' || *p >= 127 || strchr(tspecials, *p))
      return false;
    side++;
  }
  return slashes == 1 && side > 0;
}

static void add_attachment(struct walk *w, const char *name, const char *type, bool is_inline,
                           const unsigned char *data, size_t size) {
  struct vt_mail *m = w->m;
  if (m->n_att == w->cap_att) {
    size_t cap = w->cap_att ? w->cap_att * 2 : 4;
    struct vt_mail_attachment *a = realloc(m->att, cap * sizeof *a);
    if (!a)
      return;
    m->att = a;
    w->cap_att = cap;
  }
  struct vt_mail_attachment *a = &m->att[m->n_att];
  char gen[32];
  if (!name || !*name) {
    snprintf(gen, sizeof gen, "adjunto-%zu.bin", m->n_att + 1);
    name = gen;
  }
  a->filename = g_utf8_validate(name, -1, NULL) ? strdup(name) : g_utf8_make_valid(name, -1);
  a->content_type = strdup(media_type_ok(type) ? type : "application/octet-stream");
  for (char *p = a->content_type; p && *p; p++)
    *p = (char)tolower((unsigned char)*p);
  a->is_inline = is_inline;
  a->data = malloc(size ? size : 1);
  if (a->data && size)
    memcpy(a->data, data, size);
  a->size = size;
  if (a->filename && a->content_type && a->data)
    m->n_att++;
  else {
    free(a->filename);
    free(a->content_type);
    free(a->data);
  }
}

static void walk_object(struct walk *w, GMimeObject *obj, bool in_alternative, bool in_related);

static void walk_message_part(struct walk *w, GMimeMessagePart *mp) {
  GMimeMessage *inner = g_mime_message_part_get_message(mp);
  GMimeStream *mem = g_mime_stream_mem_new();
  if (inner)
    g_mime_object_write_to_stream(GMIME_OBJECT(inner), NULL, mem);
  GByteArray *a = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(mem));
  const char *subject = inner ? g_mime_message_get_subject(inner) : NULL;
  char name[200];
  snprintf(name, sizeof name, "%.180s.eml", subject && *subject ? subject : "mensaje-reenviado");
  for (char *p = name; *p; p++)
    if (*p == '/' || *p == '\\')
      *p = '_';
  add_attachment(w, name, "message/rfc822", false, a ? a->data : NULL, a ? a->len : 0);
  g_object_unref(mem);
}

static void walk_part(struct walk *w, GMimePart *part, bool in_alternative, bool in_related) {
  GMimeObject *obj = GMIME_OBJECT(part);
  GMimeContentType *ct = g_mime_object_get_content_type(obj);
  const char *type = ct ? g_mime_content_type_get_media_type(ct) : "text";
  const char *sub = ct ? g_mime_content_type_get_media_subtype(ct) : "plain";
  const char *filename = g_mime_part_get_filename(part);
  GMimeContentDisposition *disp = g_mime_object_get_content_disposition(obj);
  bool attachment = disp && g_mime_content_disposition_is_attachment(disp);
  bool is_text =
      type && !strcasecmp(type, "text") && (!strcasecmp(sub, "plain") || !strcasecmp(sub, "html"));
  if (is_text && !attachment && !(filename && *filename)) {
    if (w->files_only)
      return;
    char *s = part_text(part);
    bool html = !strcasecmp(sub, "html");
    struct vt_buf *b = html ? &w->html : &w->plain;
    if (s && *s) {
      if (b->len)
        vt_buf_append(b, "\n\n");
      vt_buf_append(b, s);
    }
    g_free(s);
    return;
  }
  char mime[128];
  snprintf(mime, sizeof mime, "%s/%s", type ? type : "application", sub ? sub : "octet-stream");
  GByteArray *a = part_bytes(part);
  bool inline_img = in_related && g_mime_object_get_content_id(obj) && !attachment;
  add_attachment(w, filename, mime, inline_img, a->data, a->len);
  g_byte_array_unref(a);
  (void)in_alternative;
}

static void walk_multipart(struct walk *w, GMimeMultipart *mp) {
  GMimeContentType *ct = g_mime_object_get_content_type(GMIME_OBJECT(mp));
  const char *sub = ct ? g_mime_content_type_get_media_subtype(ct) : "mixed";
  int n = g_mime_multipart_get_count(mp);
  bool alternative = sub && !strcasecmp(sub, "alternative");
  bool related = sub && !strcasecmp(sub, "related");
  if (alternative) {
    /* Prefer the plain text; the HTML only when there is none. */
    size_t plain_before = w->plain.len;
    for (int i = 0; i < n; i++) {
      GMimeObject *child = g_mime_multipart_get_part(mp, i);
      GMimeContentType *cct = g_mime_object_get_content_type(child);
      if (cct && g_mime_content_type_is_type(cct, "text", "plain"))
        walk_object(w, child, true, related);
    }
    if (w->plain.len > plain_before) {
      /* The HTML twin is not read, but its inline images and files are kept. */
      bool was = w->files_only;
      w->files_only = true;
      for (int i = 0; i < n; i++) {
        GMimeObject *child = g_mime_multipart_get_part(mp, i);
        GMimeContentType *cct = g_mime_object_get_content_type(child);
        if (!(cct && g_mime_content_type_is_type(cct, "text", "plain")))
          walk_object(w, child, true, related);
      }
      w->files_only = was;
      return;
    }
  }
  for (int i = 0; i < n; i++) {
    GMimeObject *child = g_mime_multipart_get_part(mp, i);
    if (alternative) {
      GMimeContentType *cct = g_mime_object_get_content_type(child);
      if (cct && g_mime_content_type_is_type(cct, "text", "plain"))
        continue;
    }
    walk_object(w, child, alternative, related);
  }
}

static void walk_object(struct walk *w, GMimeObject *obj, bool in_alternative, bool in_related) {
  if (!obj || w->depth > 64)
    return;
  w->depth++;
  if (GMIME_IS_MULTIPART(obj))
    walk_multipart(w, GMIME_MULTIPART(obj));
  else if (GMIME_IS_MESSAGE_PART(obj))
    walk_message_part(w, GMIME_MESSAGE_PART(obj));
  else if (GMIME_IS_PART(obj))
    walk_part(w, GMIME_PART(obj), in_alternative, in_related);
  w->depth--;
}

/* ---- headers ---- */

static char *addr_of(InternetAddressList *list, int i, char **name) {
  if (name)
    *name = NULL;
  if (!list || i >= internet_address_list_length(list))
    return NULL;
  InternetAddress *ia = internet_address_list_get_address(list, i);
  if (!INTERNET_ADDRESS_IS_MAILBOX(ia))
    return NULL;
  const char *addr = internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(ia));
  if (!addr || !*addr)
    return NULL;
  char *out = g_utf8_validate(addr, -1, NULL) ? strdup(addr) : g_utf8_make_valid(addr, -1);
  char *at = out ? strrchr(out, '@') : NULL;
  for (char *p = at; p && *p; p++)
    *p = (char)tolower((unsigned char)*p);
  if (name) {
    const char *n = internet_address_get_name(ia);
    *name = n && *n ? (g_utf8_validate(n, -1, NULL) ? strdup(n) : g_utf8_make_valid(n, -1)) : NULL;
  }
  return out;
}

static char **addr_list(InternetAddressList *list, size_t *n) {
  int len = list ? internet_address_list_length(list) : 0;
  char **out = calloc((size_t)len + 1, sizeof *out);
  *n = 0;
  for (int i = 0; out && i < len; i++) {
    char *a = addr_of(list, i, NULL);
    if (a)
      out[(*n)++] = a;
  }
  return out;
}

static const char *header(GMimeMessage *msg, const char *name) {
  return g_mime_object_get_header(GMIME_OBJECT(msg), name);
}

static bool header_is(GMimeMessage *msg, const char *name, const char *const *values) {
  const char *v = header(msg, name);
  if (!v)
    return false;
  while (isspace((unsigned char)*v))
    v++;
  for (const char *const *x = values; *x; x++)
    if (!strncasecmp(v, *x, strlen(*x)))
      return true;
  return false;
}

/* Why a message is automatic: replying to it could start a loop or answer
 * a bounce (RFC 3834, RFC 3464, and what real mail servers do). */
static const char *auto_reason(GMimeMessage *msg, const char *from, const char *subject) {
  const char *as = header(msg, "Auto-Submitted");
  if (as) {
    while (isspace((unsigned char)*as))
      as++;
    if (strncasecmp(as, "no", 2))
      return "auto-submitted";
  }
  static const char *const yes[] = {"yes", "true", "1", NULL};
  if (header_is(msg, "X-Autoreply", yes) || header_is(msg, "X-Autorespond", yes) ||
      header(msg, "X-Autorespond") ||
      header_is(msg, "X-Auto-Response-Suppress",
                (const char *const[]){"all", "oof", "autoreply", NULL}))
    return "auto-submitted";
  GMimeObject *body = g_mime_message_get_mime_part(msg);
  GMimeContentType *ct = body ? g_mime_object_get_content_type(body) : NULL;
  if (ct && g_mime_content_type_is_type(ct, "multipart", "report"))
    return "delivery-report";
  if (ct && g_mime_content_type_is_type(ct, "message", "delivery-status"))
    return "delivery-report";
  if (from) {
    const char *at = strchr(from, '@');
    size_t n = at ? (size_t)(at - from) : strlen(from);
    if ((n == 13 && !strncasecmp(from, "mailer-daemon", 13)) ||
        (n == 10 && !strncasecmp(from, "postmaster", 10)))
      return "mailer-daemon";
  }
  static const char *const bulk[] = {"bulk", "junk", NULL};
  static const char *const list[] = {"list", NULL};
  if (header_is(msg, "Precedence", bulk))
    return "precedence";
  if (header_is(msg, "Precedence", list) || header(msg, "List-Id") ||
      header(msg, "List-Unsubscribe"))
    return "list";
  static const char *const subjects[] = {"Respuesta automática",
                                         "Respuesta automatica",
                                         "Out of Office",
                                         "Fuera de la oficina",
                                         "Auto:",
                                         "Autoreply",
                                         "Auto-reply",
                                         "Automatic reply",
                                         "Undeliverable:",
                                         "Undelivered Mail",
                                         "Delivery Status Notification",
                                         "No se puede entregar",
                                         NULL};
  if (subject)
    for (const char *const *s = subjects; *s; s++)
      if (!strncasecmp(subject, *s, strlen(*s)))
        return "auto-reply-subject";
  return NULL;
}

/* A ticket reference in brackets anywhere in the subject. */
static void subject_reference(const char *subject, char out[40]) {
  out[0] = '\0';
  for (const char *p = subject ? strchr(subject, '[') : NULL; p; p = strchr(p + 1, '[')) {
    const char *end = strchr(p, ']');
    if (!end || end - p - 1 >= 40)
      continue;
    char ref[40];
    memcpy(ref, p + 1, (size_t)(end - p - 1));
    ref[end - p - 1] = '\0';
    if (strcspn(ref, "-") >= 2 && vt_reference_parse(ref, NULL, 0, NULL, NULL)) {
      snprintf(out, 40, "%s", ref);
      return;
    }
  }
}

/* SHA-256 of the message without the trace headers each delivery adds, so
 * one message delivered twice (two recipients, a retried delivery) hashes
 * the same. */
static void content_hash(const char *raw, size_t len, char out[65]) {
  static const char *const trace[] = {"received:",
                                      "delivered-to:",
                                      "return-path:",
                                      "x-original-to:",
                                      "x-delivered-to:",
                                      "dkim-signature:",
                                      "arc-",
                                      "authentication-results:",
                                      "x-spam",
                                      NULL};
  crypto_hash_sha256_state st;
  crypto_hash_sha256_init(&st);
  size_t i = 0;
  bool skipping = false;
  while (i < len) {
    const char *line = raw + i;
    const char *nl = memchr(line, '\n', len - i);
    size_t n = nl ? (size_t)(nl - line) + 1 : len - i;
    size_t content = n - (nl ? 1 : 0);
    if (content && line[content - 1] == '\r')
      content--;
    if (!content) { /* the blank line: the body follows, hashed whole */
      crypto_hash_sha256_update(&st, (const unsigned char *)line, len - i);
      break;
    }
    if (line[0] == ' ' || line[0] == '\t') { /* continuation of the previous header */
      if (!skipping)
        crypto_hash_sha256_update(&st, (const unsigned char *)line, n);
    } else {
      skipping = false;
      for (const char *const *t = trace; *t; t++)
        if (content >= strlen(*t) && !strncasecmp(line, *t, strlen(*t)))
          skipping = true;
      if (!skipping)
        crypto_hash_sha256_update(&st, (const unsigned char *)line, n);
    }
    i += n;
  }
  unsigned char h[crypto_hash_sha256_BYTES];
  crypto_hash_sha256_final(&st, h);
  sodium_bin2hex(out, 65, h, sizeof h);
}

void vt_mail_init(void) { pthread_once(&gmime_once, gmime_start); }

/* Where the body starts: after the first empty line. */
static const char *raw_body(const void *raw, size_t len) {
  const char *p = raw, *end = p + len;
  for (const char *q = p; q < end; q++) {
    if (*q != '\n')
      continue;
    if (q + 1 < end && q[1] == '\n')
      return q + 2;
    if (q + 2 < end && q[1] == '\r' && q[2] == '\n')
      return q + 3;
  }
  return NULL;
}

/* A Message-ID we can keep and write back into headers: printable ASCII
 * without spaces or angle brackets. GMime's lenient decoding can turn an
 * encoded word into CR/LF; such an id is not one (header injection). */
bool vt_mail_id_ok(const char *id) {
  if (!id || !*id || strlen(id) > 250)
    return false;
  for (const unsigned char *p = (const unsigned char *)id; *p; p++)
    if (*p <= 0x20 || *p >= 0x7F || *p == '<' || *p == '>')
      return false;
  return true;
}

static char *clean_id(const char *s) {
  if (!s)
    return NULL;
  char *d = g_mime_utils_decode_message_id(s);
  char *out = vt_mail_id_ok(d) ? strdup(d) : NULL;
  g_free(d);
  return out;
}

/* Strings from glib (g_*) are freed here with free(): glib uses the system
 * allocator since 2.46, so g_free and free are the same. */
int vt_mail_parse(const void *raw, size_t len, struct vt_mail *m) {
  memset(m, 0, sizeof *m);
  m->subject = strdup("");
  m->text = strdup("");
  m->display_text = strdup("");
  if (!raw || !len)
    return -1;
  pthread_once(&gmime_once, gmime_start);
  content_hash(raw, len, m->content_hash);
  GMimeStream *stream = g_mime_stream_mem_new_with_buffer(raw, len);
  GMimeParser *parser = g_mime_parser_new_with_stream(stream);
  g_mime_parser_set_format(parser, GMIME_FORMAT_MESSAGE);
  GMimeMessage *msg = g_mime_parser_construct_message(parser, options);
  g_object_unref(parser);
  g_object_unref(stream);
  if (!msg)
    return -1;

  m->message_id = clean_id(g_mime_message_get_message_id(msg));
  m->from_addr = addr_of(g_mime_message_get_from(msg), 0, &m->from_name);
  m->reply_to = addr_of(g_mime_message_get_reply_to(msg), 0, NULL);
  m->to = addr_list(g_mime_message_get_to(msg), &m->n_to);
  m->cc = addr_list(g_mime_message_get_cc(msg), &m->n_cc);
  const char *subject = g_mime_message_get_subject(msg);
  if (subject) {
    free(m->subject);
    m->subject =
        g_utf8_validate(subject, -1, NULL) ? strdup(subject) : g_utf8_make_valid(subject, -1);
  }
  GDateTime *date = g_mime_message_get_date(msg);
  if (date)
    m->date_ms = g_date_time_to_unix(date) * 1000 + g_date_time_get_microsecond(date) / 1000;
  m->in_reply_to = clean_id(header(msg, "In-Reply-To"));
  const char *refs = header(msg, "References");
  if (refs) {
    GMimeReferences *r = g_mime_references_parse(options, refs);
    int n = r ? g_mime_references_length(r) : 0;
    m->references = calloc((size_t)n + 1, sizeof *m->references);
    for (int i = 0; m->references && i < n; i++) {
      const char *id = g_mime_references_get_message_id(r, i);
      if (vt_mail_id_ok(id))
        m->references[m->n_refs++] = strdup(id);
    }
    if (r)
      g_mime_references_free(r);
  }

  struct walk w = {.m = m, .plain = VT_BUF_INIT, .html = VT_BUF_INIT};
  walk_object(&w, g_mime_message_get_mime_part(msg), false, false);
  free(m->text);
  if (w.plain.len) {
    m->text = strdup(w.plain.data);
  } else if (w.html.len) {
    m->text = vt_html_to_text(w.html.data, w.html.len);
    m->from_html = true;
  } else {
    m->text = strdup("");
  }
  vt_buf_release(&w.plain);
  vt_buf_release(&w.html);
  if (m->text && !*m->text && !m->n_att) {
    /* Nothing readable came out of the MIME structure (a multipart without
     * a boundary, say): the raw body is the text, rather than losing it. */
    const char *body = raw_body(raw, len);
    if (body && body < (const char *)raw + len) {
      char *t = to_utf8(body, (size_t)((const char *)raw + len - body), NULL);
      if (t && *t) {
        free(m->text);
        m->text = t;
      } else {
        g_free(t);
      }
    }
  }
  /* One line end everywhere, whatever the message used. */
  if (m->text) {
    char *dst = m->text;
    for (const char *r = m->text; *r; r++)
      if (!(r[0] == '\r' && r[1] == '\n'))
        *dst++ = *r;
    *dst = '\0';
  }
  free(m->display_text);
  m->display_text = vt_mail_display_text(m->text ? m->text : "");
  m->auto_reason = auto_reason(msg, m->from_addr, m->subject);
  m->ours = header(msg, "X-Ventanilla-Mail") != NULL;
  subject_reference(m->subject, m->reference);
  g_object_unref(msg);
  return m->text && m->display_text && m->subject ? 0 : -1;
}

static void free_list(char **l, size_t n) {
  for (size_t i = 0; l && i < n; i++)
    free(l[i]);
  free(l);
}

void vt_mail_free(struct vt_mail *m) {
  free(m->message_id);
  free(m->from_addr);
  free(m->from_name);
  free(m->reply_to);
  free(m->subject);
  free(m->in_reply_to);
  free_list(m->to, m->n_to);
  free_list(m->cc, m->n_cc);
  free_list(m->references, m->n_refs);
  free(m->text);
  free(m->display_text);
  for (size_t i = 0; i < m->n_att; i++) {
    free(m->att[i].filename);
    free(m->att[i].content_type);
    free(m->att[i].data);
  }
  free(m->att);
  memset(m, 0, sizeof *m);
}

static json_t *str_array(char **l, size_t n) {
  json_t *a = json_array();
  for (size_t i = 0; i < n; i++)
    json_array_append_new(a, json_string(l[i]));
  return a;
}

static json_t *opt(const char *s) { return s ? json_string(s) : json_null(); }

json_t *vt_mail_json(const struct vt_mail *m) {
  json_t *att = json_array();
  for (size_t i = 0; i < m->n_att; i++)
    json_array_append_new(att,
                          json_pack("{s:s, s:s, s:I, s:b}", "filename", m->att[i].filename,
                                    "content_type", m->att[i].content_type, "size",
                                    (json_int_t)m->att[i].size, "inline", m->att[i].is_inline));
  char date[32] = "";
  if (m->date_ms) {
    time_t t = (time_t)(m->date_ms / 1000);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%SZ", &tm);
  }
  return json_pack(
      "{s:o, s:{s:o, s:o}, s:o, s:o, s:o, s:s, s:o, s:o, s:o, s:s, s:s, s:b, s:o, s:o, s:o, s:s}",
      "message_id", opt(m->message_id), "from", "address", opt(m->from_addr), "name",
      opt(m->from_name), "reply_to", opt(m->reply_to), "to", str_array(m->to, m->n_to), "cc",
      str_array(m->cc, m->n_cc), "subject", m->subject ? m->subject : "", "date",
      date[0] ? json_string(date) : json_null(), "in_reply_to", opt(m->in_reply_to), "references",
      str_array(m->references, m->n_refs), "text", m->text ? m->text : "", "display_text",
      m->display_text ? m->display_text : "", "from_html", m->from_html, "attachments", att, "auto",
      opt(m->auto_reason), "reference", m->reference[0] ? json_string(m->reference) : json_null(),
      "content_hash", m->content_hash);
}
