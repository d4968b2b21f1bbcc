/* HTML mail bodies as plain text. ventanilla never keeps or shows a
 * message's HTML: agents read text, so nothing in a message can run in the
 * console. This is a reader, not a validator: it must produce readable text
 * from any byte soup, and never fail. */
#include "mail/html_text.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/buf.h"

static const struct {
  const char *name;
  const char *utf8;
} ENTITIES[] = {
    {"nbsp", " "},   {"amp", "&"},    {"lt", "<"},     {"gt", ">"},     {"quot", "\""},
    {"apos", "'"},   {"aacute", "á"}, {"eacute", "é"}, {"iacute", "í"}, {"oacute", "ó"},
    {"uacute", "ú"}, {"Aacute", "Á"}, {"Eacute", "É"}, {"Iacute", "Í"}, {"Oacute", "Ó"},
    {"Uacute", "Ú"}, {"ntilde", "ñ"}, {"Ntilde", "Ñ"}, {"uuml", "ü"},   {"Uuml", "Ü"},
    {"ccedil", "ç"}, {"Ccedil", "Ç"}, {"agrave", "à"}, {"egrave", "è"}, {"ograve", "ò"},
    {"Agrave", "À"}, {"Egrave", "È"}, {"Ograve", "Ò"}, {"iuml", "ï"},   {"euro", "€"},
    {"iexcl", "¡"},  {"iquest", "¿"}, {"laquo", "«"},  {"raquo", "»"},  {"ordf", "ª"},
    {"ordm", "º"},   {"copy", "©"},   {"reg", "®"},    {"hellip", "…"}, {"mdash", "—"},
    {"ndash", "–"},  {"lsquo", "‘"},  {"rsquo", "’"},  {"ldquo", "“"},  {"rdquo", "”"},
    {"middot", "·"}, {"deg", "°"},    {"bull", "•"},   {"trade", "™"},  {"times", "×"},
    {"shy", ""},     {"zwnj", ""},    {"zwj", ""},     {"thinsp", " "}, {"ensp", " "},
    {"emsp", " "},
};

static void put_codepoint(struct vt_buf *b, unsigned long cp) {
  char u[4];
  size_t n;
  if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
    cp = 0xFFFD;
  if (cp < 0x80) {
    u[0] = (char)cp;
    n = 1;
  } else if (cp < 0x800) {
    u[0] = (char)(0xC0 | (cp >> 6));
    u[1] = (char)(0x80 | (cp & 0x3F));
    n = 2;
  } else if (cp < 0x10000) {
    u[0] = (char)(0xE0 | (cp >> 12));
    u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
    u[2] = (char)(0x80 | (cp & 0x3F));
    n = 3;
  } else {
    u[0] = (char)(0xF0 | (cp >> 18));
    u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    u[3] = (char)(0x80 | (cp & 0x3F));
    n = 4;
  }
  vt_buf_append_mem(b, u, n);
}

/* Decodes the entity at s (just after '&'); returns bytes consumed, 0 if
 * it is not one (then the '&' is literal). */
static size_t entity(const char *s, const char *end, struct vt_buf *b) {
  const char *semi = memchr(s, ';', (size_t)(end - s) < 12 ? (size_t)(end - s) : 12);
  if (!semi)
    return 0;
  size_t n = (size_t)(semi - s);
  if (n >= 2 && s[0] == '#') {
    char *e;
    unsigned long cp =
        (s[1] == 'x' || s[1] == 'X') ? strtoul(s + 2, &e, 16) : strtoul(s + 1, &e, 10);
    if (e != semi)
      return 0;
    put_codepoint(b, cp);
    return n + 1;
  }
  for (size_t i = 0; i < sizeof ENTITIES / sizeof *ENTITIES; i++)
    if (strlen(ENTITIES[i].name) == n && !memcmp(ENTITIES[i].name, s, n)) {
      vt_buf_append(b, ENTITIES[i].utf8);
      return n + 1;
    }
  return 0;
}

/* The tag's name, lower-cased, into name; returns whether it is a closing tag. */
static bool tag_name(const char *s, const char *end, char *name, size_t namesz) {
  bool closing = false;
  if (s < end && *s == '/') {
    closing = true;
    s++;
  }
  size_t n = 0;
  while (s < end && (isalnum((unsigned char)*s) || *s == '-') && n + 1 < namesz)
    name[n++] = (char)tolower((unsigned char)*s++);
  name[n] = '\0';
  return closing;
}

/* The value of attribute attr inside a tag's text [s, end), into out. */
static bool tag_attr(const char *s, const char *end, const char *attr, char *out, size_t outsz) {
  size_t al = strlen(attr);
  for (const char *p = s; p + al < end; p++) {
    if (strncasecmp(p, attr, al) || (p > s && isalnum((unsigned char)p[-1])))
      continue;
    const char *q = p + al;
    while (q < end && isspace((unsigned char)*q))
      q++;
    if (q >= end || *q != '=')
      continue;
    q++;
    while (q < end && isspace((unsigned char)*q))
      q++;
    char quote = (q < end && (*q == '"' || *q == '\'')) ? *q++ : 0;
    size_t n = 0;
    while (q < end && (quote ? *q != quote : !isspace((unsigned char)*q) && *q != '>') &&
           n + 1 < outsz)
      out[n++] = *q++;
    out[n] = '\0';
    return n > 0;
  }
  return false;
}

static bool is_block(const char *t) {
  static const char *const blocks[] = {
      "p",       "div",    "br",     "tr", "li", "ul",         "ol",  "table", "h1",
      "h2",      "h3",     "h4",     "h5", "h6", "blockquote", "pre", "hr",    "section",
      "article", "header", "footer", "dt", "dd", "address",    NULL};
  for (const char *const *b = blocks; *b; b++)
    if (!strcmp(t, *b))
      return true;
  return false;
}

/* Appends a newline unless the text already ends with two. */
static void newline(struct vt_buf *b) {
  while (b->len && b->data[b->len - 1] == ' ')
    b->data[--b->len] = '\0';
  if (b->len >= 2 && b->data[b->len - 1] == '\n' && b->data[b->len - 2] == '\n')
    return;
  if (b->len)
    vt_buf_append(b, "\n");
}

char *vt_html_to_text(const char *html, size_t len) {
  struct vt_buf b = VT_BUF_INIT;
  const char *p = html, *end = html + len;
  char skip_until[16] = ""; /* inside <script>/<style>/<head>: drop until its end tag */
  char href[512] = "";
  size_t link_start = 0;
  bool pre = false;
  while (p < end) {
    if (*p == '<') {
      if (end - p >= 4 && !memcmp(p, "<!--", 4)) {
        const char *c = p + 4;
        while (c + 3 <= end && memcmp(c, "-->", 3))
          c++;
        p = c + 3 <= end ? c + 3 : end;
        continue;
      }
      const char *gt = memchr(p, '>', (size_t)(end - p));
      if (!gt)
        gt = end;
      char name[16];
      bool closing = tag_name(p + 1, gt, name, sizeof name);
      if (skip_until[0]) {
        if (closing && !strcmp(name, skip_until))
          skip_until[0] = '\0';
      } else if (!closing && (!strcmp(name, "script") || !strcmp(name, "style") ||
                              !strcmp(name, "head") || !strcmp(name, "title"))) {
        if (gt > p && gt[-1] != '/')
          snprintf(skip_until, sizeof skip_until, "%s", name);
      } else if (!strcmp(name, "a")) {
        if (!closing) {
          if (!tag_attr(p + 1, gt, "href", href, sizeof href))
            href[0] = '\0';
          link_start = b.len;
        } else if (href[0]) {
          /* "text (url)" unless the text already is the url. */
          bool web = !strncasecmp(href, "http://", 7) || !strncasecmp(href, "https://", 8) ||
                     !strncasecmp(href, "mailto:", 7);
          const char *shown = b.data ? b.data + link_start : "";
          const char *bare = !strncasecmp(href, "mailto:", 7) ? href + 7 : href;
          if (web && !strstr(shown, bare)) {
            vt_buf_append(&b, " (");
            vt_buf_append(&b, href);
            vt_buf_append(&b, ")");
          }
          href[0] = '\0';
        }
      } else if (!strcmp(name, "img") && !closing) {
        char alt[256];
        if (tag_attr(p + 1, gt, "alt", alt, sizeof alt)) {
          vt_buf_append(&b, "[");
          vt_buf_append(&b, alt);
          vt_buf_append(&b, "]");
        }
      } else if (!strcmp(name, "pre")) {
        pre = !closing;
        newline(&b);
      } else if (is_block(name)) {
        if (!strcmp(name, "br"))
          vt_buf_append(&b, "\n");
        else
          newline(&b);
        if (!closing && !strcmp(name, "li"))
          vt_buf_append(&b, "- ");
      } else if ((!strcmp(name, "td") || !strcmp(name, "th")) && closing) {
        vt_buf_append(&b, " ");
      }
      p = gt < end ? gt + 1 : end;
      continue;
    }
    if (skip_until[0]) {
      p++;
      continue;
    }
    if (*p == '&') {
      size_t used = entity(p + 1, end, &b);
      if (used) {
        p += used + 1;
        continue;
      }
    }
    if (!pre && isspace((unsigned char)*p)) {
      /* Runs of white space are one space, as a browser shows them. */
      if (b.len && b.data[b.len - 1] != ' ' && b.data[b.len - 1] != '\n')
        vt_buf_append(&b, " ");
      p++;
      continue;
    }
    vt_buf_append_mem(&b, p, 1);
    p++;
  }
  /* Trim the ends. */
  size_t start = 0;
  while (start < b.len && (b.data[start] == '\n' || b.data[start] == ' '))
    start++;
  while (b.len > start && (b.data[b.len - 1] == '\n' || b.data[b.len - 1] == ' '))
    b.data[--b.len] = '\0';
  char *out = malloc(b.len - start + 1);
  if (out) {
    if (b.len > start)
      memcpy(out, b.data + start, b.len - start);
    out[b.len - start] = '\0';
  }
  vt_buf_release(&b);
  return out;
}
