/* Attachments: files citizens and agents send with their messages.
 *
 * Two steps, so that a message body stays small JSON and a file is sent
 * once: the raw bytes go to an upload endpoint, which answers a single-use
 * token; a message then names its uploads by token. Only types on a short
 * list are accepted and the bytes must match the type (a "PDF" has to start
 * like a PDF); files are always served as downloads, never rendered by the
 * browser, under a sandboxing Content-Security-Policy. */
#include "api/attachments.h"

#include <ctype.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <utf8proc.h>

#include "api/api.h"
#include "api/input.h"
#include "http/reply.h"
#include "util/crypto.h"
#include "util/timeutil.h"

/* An upload not attached within a day is forgotten. */
#define UPLOAD_TTL_MS 86400000LL

enum magic { M_PDF, M_JPEG, M_PNG, M_TEXT, M_ZIP };

static const struct file_type {
  const char *mime;
  const char *exts; /* accepted extensions, space-separated; the first is canonical */
  enum magic magic;
} TYPES[] = {
    {"application/pdf", ".pdf", M_PDF},
    {"image/jpeg", ".jpg .jpeg", M_JPEG},
    {"image/png", ".png", M_PNG},
    {"text/plain", ".txt", M_TEXT},
    {"application/vnd.oasis.opendocument.text", ".odt", M_ZIP},
    {"application/vnd.oasis.opendocument.spreadsheet", ".ods", M_ZIP},
    {"application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx", M_ZIP},
    {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx", M_ZIP},
};

static bool has_ext(const char *filename, const struct file_type *t) {
  const char *dot = strrchr(filename, '.');
  if (!dot)
    return false;
  size_t n = strlen(dot);
  for (const char *e = t->exts; *e;) {
    size_t m = strcspn(e, " ");
    if (m == n && !strncasecmp(e, dot, n))
      return true;
    e += m;
    while (*e == ' ')
      e++;
  }
  return false;
}

/* The type named by the Content-Type header, or, for browsers that send
 * application/octet-stream or nothing, by the file name's extension. */
static const struct file_type *type_of(const char *declared, const char *filename) {
  char mime[128] = "";
  if (declared) {
    size_t n = strcspn(declared, ";");
    while (n && declared[n - 1] == ' ')
      n--;
    if (n < sizeof mime) {
      for (size_t i = 0; i < n; i++)
        mime[i] = (char)tolower((unsigned char)declared[i]);
      mime[n] = '\0';
    }
  }
  bool generic = !mime[0] || !strcmp(mime, "application/octet-stream");
  for (size_t i = 0; i < sizeof TYPES / sizeof *TYPES; i++) {
    if (generic ? has_ext(filename, &TYPES[i]) : !strcmp(mime, TYPES[i].mime))
      return &TYPES[i];
  }
  return NULL;
}

static bool bytes_match(const struct file_type *t, const unsigned char *d, size_t n) {
  if (!d || !n)
    return false;
  switch (t->magic) {
  case M_PDF:
    return n >= 5 && !memcmp(d, "%PDF-", 5);
  case M_JPEG:
    return n >= 3 && d[0] == 0xFF && d[1] == 0xD8 && d[2] == 0xFF;
  case M_PNG:
    return n >= 8 && !memcmp(d, "\x89PNG\r\n\x1a\n", 8);
  case M_ZIP:
    return n >= 4 && !memcmp(d, "PK\x03\x04", 4);
  case M_TEXT:
    return !memchr(d, '\0', n);
  }
  return false;
}

static bool utf8_valid(const char *s, size_t n) {
  utf8proc_int32_t cp;
  for (size_t i = 0; i < n;) {
    utf8proc_ssize_t k =
        utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(n - i), &cp);
    if (k <= 0)
      return false;
    i += (size_t)k;
  }
  return true;
}

static int hexval(int c) {
  if (c >= '0' && c <= '9')
    return c - '0';
  c = tolower(c);
  return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* The X-Filename header: percent-encoded UTF-8 (encodeURIComponent). Keeps
 * the last path component; refuses control characters and invalid UTF-8.
 * Makes sure the extension matches the type, so a file saved from a
 * download never opens as something else (a PNG named .html). */
static bool clean_filename(const char *header, const struct file_type *t, char *out, size_t outsz) {
  char raw[512];
  size_t n = 0;
  for (const char *p = header; *p; p++) {
    int c = (unsigned char)*p;
    if (c == '%') {
      int hi = hexval((unsigned char)p[1]), lo = hi < 0 ? -1 : hexval((unsigned char)p[2]);
      if (lo < 0)
        return false;
      c = hi * 16 + lo;
      p += 2;
    }
    if (n + 1 >= sizeof raw)
      return false;
    raw[n++] = (char)c;
  }
  raw[n] = '\0';
  if (strlen(raw) != n || !utf8_valid(raw, n))
    return false;
  const char *base = raw;
  for (const char *p = raw; *p; p++)
    if (*p == '/' || *p == '\\')
      base = p + 1;
  while (*base == ' ' || *base == '.')
    base++;
  for (const char *p = base; *p; p++)
    if ((unsigned char)*p < 0x20 || *p == 0x7f)
      return false;
  size_t blen = strlen(base);
  while (blen && base[blen - 1] == ' ')
    blen--;
  if (!blen || blen > 200)
    return false;
  size_t ext = strcspn(t->exts, " ");
  int w = snprintf(out, outsz, "%.*s", (int)blen, base);
  if (w < 0 || (size_t)w >= outsz)
    return false;
  if (!has_ext(out, t) && blen + ext < outsz)
    snprintf(out + blen, outsz - blen, "%.*s", (int)ext, t->exts);
  return true;
}

static enum MHD_Result upload(struct vt_request *r, const char *owner) {
  struct vt_store *st = r->app->store;
  struct vt_fields f = {NULL, r->lang};
  const char *fname = vt_request_header(r, "X-Filename");
  if (!r->body.len) {
    vt_fields_add(&f, "file", "field.file_empty");
    return vt_reply_fields(r, &f);
  }
  const struct file_type *t = type_of(vt_request_header(r, "Content-Type"), fname ? fname : "");
  if (!t || !bytes_match(t, (const unsigned char *)r->body.data, r->body.len))
    return vt_reply_error(r, VT_ERR_FILE_TYPE_NOT_ALLOWED, NULL);
  char filename[256];
  if (!fname || !clean_filename(fname, t, filename, sizeof filename)) {
    vt_fields_add(&f, "filename", "field.filename");
    return vt_reply_fields(r, &f);
  }
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, (const unsigned char *)r->body.data, r->body.len);
  struct vt_upload u = {0};
  sodium_bin2hex(u.sha256, sizeof u.sha256, digest, sizeof digest);
  snprintf(u.owner, sizeof u.owner, "%s", owner);
  char token[VT_TOKEN_CHARS + 8];
  vt_token_new("vtu_", token, sizeof token);
  vt_token_hash(token, u.token_hash);
  u.filename = filename;
  u.content_type = t->mime;
  u.size = (int64_t)r->body.len;
  u.created_at = vt_now_ms();
  /* Forget what was never attached, so abandoned forms do not pile up. */
  enum vt_qs qs = st->uploads_sweep(st, u.created_at - UPLOAD_TTL_MS);
  if (qs >= 0)
    qs = st->upload_create(st, &u, r->body.data);
  if (qs != VT_QS_ONE)
    return vt_reply_store_error(r, qs == VT_QS_NONE ? VT_QS_HARD : qs);
  return vt_reply_json(r, 201,
                       json_pack("{s:s, s:s, s:s, s:I}", "upload_token", token, "filename",
                                 filename, "content_type", t->mime, "size", (json_int_t)u.size));
}

enum MHD_Result vt_api_upload_public(struct vt_request *r) { return upload(r, "public"); }

enum MHD_Result vt_api_upload_agent(struct vt_request *r) {
  char owner[32];
  vt_att_owner_user(r->principal->user.id, owner, sizeof owner);
  return upload(r, owner);
}

void vt_att_owner_user(vt_id user_id, char *out, size_t outsz) {
  snprintf(out, outsz, "user:%lld", (long long)user_id);
}

bool vt_att_parse(json_t *in, struct vt_fields *f, struct vt_att_tokens *out) {
  out->n = 0;
  json_t *arr = json_object_get(in, "attachments");
  if (!arr || json_is_null(arr))
    return true;
  if (!json_is_array(arr)) {
    vt_fields_add(f, "attachments", "field.attachments");
    return false;
  }
  if (json_array_size(arr) > VT_MAX_ATTACHMENTS) {
    vt_fields_add(f, "attachments", "field.attachments_too_many");
    return false;
  }
  size_t i;
  json_t *v;
  json_array_foreach(arr, i, v) {
    const char *s = json_string_value(v);
    if (!s || strncmp(s, "vtu_", 4) || strlen(s) != 4 + VT_TOKEN_CHARS) {
      vt_fields_add(f, "attachments", "field.attachments");
      return false;
    }
    char h[VT_TOKEN_HASH_HEX + 1];
    vt_token_hash(s, h);
    bool dup = false;
    for (size_t k = 0; k < out->n && !dup; k++)
      dup = !strcmp(out->hashes[k], h);
    if (!dup)
      memcpy(out->hashes[out->n++], h, sizeof h);
  }
  return true;
}

enum vt_qs vt_att_check(struct vt_store *st, const char *owner, const struct vt_att_tokens *tk,
                        bool retry, struct vt_fields *f) {
  if (!tk->n)
    return VT_QS_ONE;
  size_t usable;
  enum vt_qs qs = st->uploads_usable(st, owner, (const char(*)[65])tk->hashes, tk->n,
                                     vt_now_ms() - UPLOAD_TTL_MS, retry, &usable);
  if (qs < 0)
    return qs;
  if (usable != tk->n)
    vt_fields_add(f, "attachments", "field.attachments");
  return VT_QS_ONE;
}

struct vt_attach vt_att_for_store(const struct vt_att_tokens *tk, const char *owner) {
  struct vt_attach a = {owner, (const char(*)[65])tk->hashes, tk->n};
  return a;
}

/* The ASCII fallback of a file name for Content-Disposition's filename=. */
static void ascii_name(const char *in, char *out, size_t outsz) {
  size_t n = 0;
  for (const unsigned char *p = (const unsigned char *)in; *p && n + 1 < outsz; p++) {
    if ((*p & 0xC0) == 0x80)
      continue; /* one '_' for a whole UTF-8 character */
    out[n++] = (*p < 0x20 || *p >= 0x7f || *p == '"' || *p == '\\' || *p == ';') ? '_' : (char)*p;
  }
  out[n] = '\0';
}

static void pct_encode(const char *in, char *out, size_t outsz) {
  static const char hex[] = "0123456789ABCDEF";
  size_t n = 0;
  for (const unsigned char *p = (const unsigned char *)in; *p && n + 4 < outsz; p++) {
    if (isalnum(*p) || strchr("-._~", *p)) {
      out[n++] = (char)*p;
    } else {
      out[n++] = '%';
      out[n++] = hex[*p >> 4];
      out[n++] = hex[*p & 15];
    }
  }
  out[n] = '\0';
}

/* Sends the file as a download; takes ownership of a->data. */
static enum MHD_Result send_attachment(struct vt_request *r, struct vt_attachment_file *a) {
  struct MHD_Response *resp =
      MHD_create_response_from_buffer((size_t)a->size, a->data, MHD_RESPMEM_MUST_FREE);
  if (!resp)
    return vt_reply_error(r, VT_ERR_INTERNAL, NULL);
  a->data = NULL;
  char ascii[256], enc[800], disp[1200];
  ascii_name(a->filename ? a->filename : "file", ascii, sizeof ascii);
  pct_encode(a->filename ? a->filename : "file", enc, sizeof enc);
  snprintf(disp, sizeof disp, "attachment; filename=\"%s\"; filename*=UTF-8''%s", ascii, enc);
  /* Only types from the list above were ever stored; anything else would
   * be a damaged row, and is sent as opaque bytes. */
  const char *type = "application/octet-stream";
  for (size_t i = 0; i < sizeof TYPES / sizeof *TYPES; i++)
    if (!strcmp(a->content_type, TYPES[i].mime))
      type = TYPES[i].mime;
  MHD_add_response_header(resp, "Content-Type", type);
  MHD_add_response_header(resp, "Content-Disposition", disp);
  MHD_add_response_header(resp, "Content-Security-Policy", "default-src 'none'; sandbox");
  MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
  MHD_add_response_header(resp, "X-Frame-Options", "DENY");
  MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
  MHD_add_response_header(resp, "Cache-Control", "private, no-store");
  MHD_add_response_header(resp, "Cross-Origin-Resource-Policy", "same-origin");
  return vt_reply_response(r, 200, resp);
}

static bool path_attachment_id(struct vt_request *r, int param, vt_id *id) {
  if (vt_in_parse_id(r->params[param], id))
    return true;
  vt_reply_error(r, VT_ERR_NOT_FOUND, NULL);
  return false;
}

enum MHD_Result vt_api_attachment_get(struct vt_request *r) {
  struct vt_store *st = r->app->store;
  vt_id id;
  if (!path_attachment_id(r, 0, &id))
    return MHD_YES;
  struct vt_attachment_file a;
  enum vt_qs qs = st->attachment_read(st, id, &a);
  if (qs < 0)
    return vt_reply_store_error(r, qs);
  if (qs == VT_QS_NONE)
    return vt_reply_error(r, VT_ERR_NOT_FOUND, NULL);
  /* The file is visible exactly when its ticket is. */
  struct vt_ticket t;
  qs = st->ticket_get(st, &r->principal->scope, a.ticket_id, &t);
  enum MHD_Result ret;
  if (qs == VT_QS_ONE) {
    vt_ticket_release(&t);
    ret = send_attachment(r, &a);
  } else {
    ret = qs < 0 ? vt_reply_store_error(r, qs) : vt_reply_error(r, VT_ERR_NOT_FOUND, NULL);
  }
  vt_attachment_file_release(&a);
  return ret;
}

enum MHD_Result vt_api_public_attachment_get(struct vt_request *r) {
  struct vt_store *st = r->app->store;
  struct vt_ticket t;
  if (vt_api_load_public_request(r, &t) != 0)
    return MHD_YES;
  vt_id ticket_id = t.id;
  vt_ticket_release(&t);
  vt_id id;
  if (!path_attachment_id(r, 1, &id))
    return MHD_YES;
  struct vt_attachment_file a;
  enum vt_qs qs = st->attachment_read(st, id, &a);
  if (qs < 0)
    return vt_reply_store_error(r, qs);
  /* Another request's file, or one on an internal note, does not exist here. */
  if (qs == VT_QS_NONE || a.ticket_id != ticket_id || a.internal) {
    if (qs == VT_QS_ONE)
      vt_attachment_file_release(&a);
    return vt_reply_error(r, VT_ERR_NOT_FOUND, NULL);
  }
  enum MHD_Result ret = send_attachment(r, &a);
  vt_attachment_file_release(&a);
  return ret;
}
