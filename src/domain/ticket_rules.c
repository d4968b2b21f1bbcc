/* The ticket lifecycle rules. Kept apart from storage so they are tested
 * without a database and read the same on both backends. */
#include "domain/ticket_rules.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool vt_status_transition_allowed(enum vt_status from, enum vt_status to) {
  if (from == to)
    return true;
  switch (from) {
  case VT_ST_NEW:
  case VT_ST_OPEN:
  case VT_ST_PENDING:
  case VT_ST_ON_HOLD:
    return to != VT_ST_NEW;
  case VT_ST_RESOLVED:
    /* Reopen, or close for good; never back to "new". */
    return to == VT_ST_OPEN || to == VT_ST_CLOSED;
  case VT_ST_CLOSED:
    /* Closed is final: a citizen writing again gets a new request. */
    return false;
  default:
    return false;
  }
}

enum vt_status vt_status_after_message(enum vt_status current, enum vt_direction dir,
                                       bool internal) {
  if (internal)
    return current;
  if (dir == VT_DIR_IN)
    return (current == VT_ST_PENDING || current == VT_ST_RESOLVED || current == VT_ST_ON_HOLD)
               ? VT_ST_OPEN
               : current;
  return current == VT_ST_NEW ? VT_ST_OPEN : current;
}

bool vt_message_is_first_response(enum vt_direction dir, bool internal, int64_t first_response_at) {
  return dir == VT_DIR_OUT && !internal && first_response_at == 0;
}

int vt_reference_format(char *out, size_t outsz, const char *tenant_code, int year, long seq) {
  int n = snprintf(out, outsz, "%s-%04d-%06ld", tenant_code, year, seq);
  return (n < 0 || (size_t)n >= outsz) ? -1 : 0;
}

bool vt_reference_parse(const char *ref, char *tenant_code, size_t codesz, int *year, long *seq) {
  const char *d1 = strchr(ref, '-');
  if (!d1 || d1 == ref || (size_t)(d1 - ref) > 12)
    return false;
  for (const char *p = ref; p < d1; p++)
    if (!((*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9')))
      return false;
  const char *y = d1 + 1;
  for (int i = 0; i < 4; i++)
    if (y[i] < '0' || y[i] > '9')
      return false;
  if (y[4] != '-')
    return false;
  const char *s = y + 5;
  size_t sl = strlen(s);
  if (sl < 6 || sl > 10)
    return false;
  for (size_t i = 0; i < sl; i++)
    if (s[i] < '0' || s[i] > '9')
      return false;
  if (tenant_code) {
    size_t cl = (size_t)(d1 - ref);
    if (cl + 1 > codesz)
      return false;
    memcpy(tenant_code, ref, cl);
    tenant_code[cl] = '\0';
  }
  if (year)
    *year = atoi(y);
  if (seq)
    *seq = strtol(s, NULL, 10);
  return true;
}

/* The first non-blank line of the text, at most 80 characters, cut at a
 * space when one is near the end. */
void vt_subject_of(const char *text, char *out, size_t outsz) {
  while (*text == ' ' || *text == '\t' || *text == '\r' || *text == '\n')
    text++;
  size_t n = strcspn(text, "\r\n"), end = 0, chars = 0, space = 0;
  while (end < n && chars < 80) {
    if (text[end] == ' ')
      space = end;
    end++;
    while (end < n && ((unsigned char)text[end] & 0xC0) == 0x80)
      end++;
    chars++;
  }
  if (end < n && space > end * 3 / 4)
    end = space;
  while (end && text[end - 1] == ' ')
    end--;
  snprintf(out, outsz, "%.*s", (int)end, text);
}
