/* Trimming quotes and signatures for display. Mail clients mark a quoted
 * message in a handful of ways; these are the ones Spanish citizens' clients
 * write (Gmail, Outlook, Apple Mail, phones), in Spanish and in English. */
#include "mail/trim.h"

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

/* Whether the text from line onwards reads as the header of a quote. The
 * "escribió:" of Gmail may come on the line after "El …" when it wraps. */
static bool quote_header(const char *line, size_t n, const char *next, size_t nn) {
  if ((starts(line, n, "El ") || starts(line, n, "On ")) &&
      (ends(line, n, "escribió:") || ends(line, n, "wrote:") || ends(line, n, "escribi\xf3:")))
    return true;
  if ((starts(line, n, "El ") || starts(line, n, "On ")) && next &&
      (ends(next, nn, "escribió:") || ends(next, nn, "wrote:")))
    return true;
  const char *l = line;
  size_t m = n;
  while (m && (*l == ' ' || *l == '\t')) {
    l++;
    m--;
  }
  if (starts(l, m, "-----Mensaje original-----") || starts(l, m, "-----Original Message-----") ||
      starts(l, m, "----- Mensaje original -----") || starts(l, m, "----- Original Message -----") ||
      starts(l, m, "---------- Forwarded message") || starts(l, m, "---------- Mensaje reenviado"))
    return true;
  /* Outlook without a separator: "De: …" then "Enviado:"/"Sent:"/"Fecha:". */
  if ((starts(l, m, "De: ") || starts(l, m, "From: ")) && next &&
      (starts(next, nn, "Enviado:") || starts(next, nn, "Sent:") || starts(next, nn, "Fecha:") ||
       starts(next, nn, "Date:")))
    return true;
  return false;
}

static bool signature(const char *line, size_t n) {
  if ((n == 3 && !memcmp(line, "-- ", 3)) || (n == 2 && !memcmp(line, "--", 2)))
    return true;
  return starts(line, n, "Enviado desde mi ") || starts(line, n, "Sent from my ") ||
         starts(line, n, "Enviado desde Outlook") || starts(line, n, "Get Outlook for");
}

char *vt_mail_display_text(const char *text) {
  const char *cut = NULL;
  const char *p = text;
  const char *quote_run = NULL; /* first line of a run of "> " lines */
  while (*p) {
    const char *eol = strchr(p, '\n');
    size_t n = eol ? (size_t)(eol - p) : strlen(p);
    if (n && p[n - 1] == '\r')
      n--;
    const char *next = eol ? eol + 1 : NULL;
    size_t nn = 0;
    if (next) {
      const char *e2 = strchr(next, '\n');
      nn = e2 ? (size_t)(e2 - next) : strlen(next);
      if (nn && next[nn - 1] == '\r')
        nn--;
    }
    if (quote_header(p, n, next, nn) || signature(p, n)) {
      cut = p;
      break;
    }
    if (n && p[0] == '>') {
      if (!quote_run)
        quote_run = p;
    } else if (n) {
      quote_run = NULL; /* text after quoted lines: an inline reply, keep it all */
    }
    if (!eol)
      break;
    p = eol + 1;
  }
  if (!cut && quote_run)
    cut = quote_run;
  size_t len = cut ? (size_t)(cut - text) : strlen(text);
  while (len && isspace((unsigned char)text[len - 1]))
    len--;
  if (!len) /* only a quote or a signature: show everything */
    len = strlen(text);
  char *out = malloc(len + 1);
  if (out) {
    memcpy(out, text, len);
    out[len] = '\0';
  }
  return out;
}
