/* Trimming quotes and signatures for display. Mail clients mark a quoted
 * message in a handful of ways; these are the ones Spanish citizens' clients
 * write (Gmail, Outlook, Apple Mail, phones), in Spanish and in English. */
#include "mail/trim.h"

#include "util/buf.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static bool starts(const char *line, size_t n, const char *prefix) {
  size_t p = strlen(prefix);
  return n >= p && !strncasecmp(line, prefix, p);
}

static bool ends(const char *line, size_t n, const char *suffix) {
  while (n && isspace((unsigned char)line[n - 1]))
    n--;
  size_t s = strlen(suffix);
  return n >= s && !strncasecmp(line + n - s, suffix, s);
}

static bool signature(const char *line, size_t n) {
  if ((n == 3 && !memcmp(line, "-- ", 3)) || (n == 2 && !memcmp(line, "--", 2)))
    return true;
  return starts(line, n, "Enviado desde mi ") || starts(line, n, "Sent from my ") ||
         starts(line, n, "Enviado desde Outlook") || starts(line, n, "Get Outlook for");
}

struct line {
  const char *p;
  size_t n; /* without the line end */
};

static bool is_quoted(const struct line *l) { return l->n && l->p[0] == '>'; }

/* "El lun, 3 nov 2025 a las 10:12, Ayuntamiento <…> escribió:" or "On … wrote:". */
static bool attribution(const struct line *l) {
  return (starts(l->p, l->n, "El ") || starts(l->p, l->n, "On ")) &&
         (ends(l->p, l->n, "escribió:") || ends(l->p, l->n, "wrote:") ||
          ends(l->p, l->n, "escribi\xf3:"));
}

static bool wraps_to_attribution(const struct line *l, const struct line *next) {
  return next && (starts(l->p, l->n, "El ") || starts(l->p, l->n, "On ")) &&
         (ends(next->p, next->n, "escribió:") || ends(next->p, next->n, "wrote:"));
}

/* Whether quoted lines follow line i (blank lines between are fine). */
static bool quote_follows(const struct line *ls, size_t n, size_t i) {
  for (size_t k = i + 1; k < n; k++) {
    if (!ls[k].n)
      continue;
    return is_quoted(&ls[k]);
  }
  return false;
}

/* A quote that is not marked with ">": everything after it is the previous message. */
static bool hard_cut(const struct line *ls, size_t n, size_t i) {
  const char *l = ls[i].p;
  size_t m = ls[i].n;
  while (m && (*l == ' ' || *l == '\t')) {
    l++;
    m--;
  }
  if (starts(l, m, "-----Mensaje original-----") || starts(l, m, "-----Original Message-----") ||
      starts(l, m, "----- Mensaje original -----") ||
      starts(l, m, "----- Original Message -----") ||
      starts(l, m, "---------- Forwarded message") || starts(l, m, "---------- Mensaje reenviado"))
    return true;
  /* Outlook without a separator: "De: …" then "Enviado:"/"Sent:"/"Fecha:". */
  if (i + 1 < n && (starts(l, m, "De: ") || starts(l, m, "From: ")) &&
      (starts(ls[i + 1].p, ls[i + 1].n, "Enviado:") || starts(ls[i + 1].p, ls[i + 1].n, "Sent:") ||
       starts(ls[i + 1].p, ls[i + 1].n, "Fecha:") || starts(ls[i + 1].p, ls[i + 1].n, "Date:")))
    return true;
  return signature(ls[i].p, ls[i].n);
}

char *vt_mail_display_text(const char *text) {
  /* The lines, without their CR/LF. */
  size_t cap = 16, n = 0;
  struct line *ls = malloc(cap * sizeof *ls);
  for (const char *p = text; ls && *p;) {
    const char *eol = strchr(p, '\n');
    size_t len = eol ? (size_t)(eol - p) : strlen(p);
    if (n == cap) {
      struct line *bigger = realloc(ls, (cap *= 2) * sizeof *ls);
      if (!bigger)
        break;
      ls = bigger;
    }
    ls[n].p = p;
    ls[n].n = len && p[len - 1] == '\r' ? len - 1 : len;
    n++;
    if (!eol)
      break;
    p = eol + 1;
  }
  if (!ls)
    return strdup(text);
  /* Keep the citizen's own lines: drop quoted lines and the attribution
   * line(s) introducing them, and everything from a separator-style quote
   * or a signature on. A bottom-posted answer below a quote is kept. */
  struct vt_buf out = VT_BUF_INIT;
  int blank_run = 0;
  for (size_t i = 0; i < n; i++) {
    if (hard_cut(ls, n, i))
      break;
    if (is_quoted(&ls[i]))
      continue;
    if (attribution(&ls[i]) && quote_follows(ls, n, i))
      continue;
    if (i + 1 < n && wraps_to_attribution(&ls[i], &ls[i + 1]) && quote_follows(ls, n, i + 1)) {
      i++;
      continue;
    }
    if (!ls[i].n) {
      blank_run++;
      continue;
    }
    if (out.len)
      vt_buf_append(&out, blank_run ? "\n\n" : "\n");
    blank_run = 0;
    vt_buf_append_mem(&out, ls[i].p, ls[i].n);
  }
  free(ls);
  char *result;
  if (!out.len) /* only a quote or a signature: show everything */
    result = strdup(text);
  else
    result = strdup(out.data);
  vt_buf_release(&out);
  return result;
}
