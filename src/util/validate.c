/* Checks and canonicalises DNI/NIE, email and phone input from citizens, so
 * that the same person typed two ways is stored and matched one way. */
#include "util/validate.h"

#include <string.h>

/* Locale-independent on purpose: <ctype.h> changes meaning with setlocale()
 * and is undefined for negative chars, and UTF-8 bytes must never be taken
 * for letters or white space. */
static int is_space(unsigned char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

static int is_digit(unsigned char c) { return c >= '0' && c <= '9'; }

static int is_upper(unsigned char c) { return c >= 'A' && c <= 'Z'; }

static int is_lower(unsigned char c) { return c >= 'a' && c <= 'z'; }

static unsigned char to_upper(unsigned char c) {
  return is_lower(c) ? (unsigned char)(c - 'a' + 'A') : c;
}

static unsigned char to_lower(unsigned char c) {
  return is_upper(c) ? (unsigned char)(c - 'A' + 'a') : c;
}

static int only_space(const char *s) {
  for (; *s; s++)
    if (!is_space((unsigned char)*s))
      return 0;
  return 1;
}

/* Failure must never leave a half-written or stale value that a careless
 * caller could store. */
static enum vt_valid fail(enum vt_valid r, char *out, size_t outsz) {
  if (out && outsz > 0)
    out[0] = '\0';
  return r;
}

/* ---- DNI / NIE ---------------------------------------------------------- */

static const char dni_letters[] = "TRWAGMYFPDXBNJZSQVHLCKE";

char vt_dni_letter(unsigned long number) {
  /* Outside the DNI range there is no right answer; '\0' makes misuse show
   * up instead of producing a plausible-looking letter. */
  if (number > 99999999UL)
    return '\0';
  return dni_letters[number % 23];
}

/* Significant characters of a DNI/NIE are at most 9; anything that makes us
 * collect a tenth is already malformed. */
#define ID_LEN 9

enum vt_valid vt_national_id_normalize(const char *in, char *out, size_t outsz) {
  char id[ID_LEN + 1];
  size_t n = 0;
  unsigned long number = 0;
  size_t first_digit, i;

  /* The canonical form is always 9 characters, so a short buffer is a caller
   * bug that should be reported whatever was typed. */
  if (!out || outsz < ID_LEN + 1)
    return fail(VT_VALID_TOO_LONG, out, outsz);
  if (!in || only_space(in))
    return fail(VT_VALID_EMPTY, out, outsz);

  /* Any white space (not just ' ') is a separator: pasted values often carry
   * tabs or line breaks from spreadsheets and forms. */
  for (const char *p = in; *p; p++) {
    unsigned char c = (unsigned char)*p;
    if (is_space(c) || c == '.' || c == '-')
      continue;
    if (n == ID_LEN)
      return fail(VT_VALID_FORMAT, out, outsz);
    id[n++] = (char)to_upper(c);
  }
  if (n != ID_LEN)
    return fail(VT_VALID_FORMAT, out, outsz);
  id[ID_LEN] = '\0';

  if (id[0] == 'X' || id[0] == 'Y' || id[0] == 'Z') {
    number = (unsigned long)(id[0] - 'X');
    first_digit = 1;
  } else {
    first_digit = 0;
  }
  for (i = first_digit; i < ID_LEN - 1; i++) {
    if (!is_digit((unsigned char)id[i]))
      return fail(VT_VALID_FORMAT, out, outsz);
    number = number * 10 + (unsigned long)(id[i] - '0');
  }
  if (!is_upper((unsigned char)id[ID_LEN - 1]))
    return fail(VT_VALID_FORMAT, out, outsz);
  /* A letter never used as a check letter (I, O, U, Ñ...) is still "shaped
   * right": most likely a typo in the letter, which is what CHECKSUM says. */
  if (id[ID_LEN - 1] != vt_dni_letter(number))
    return fail(VT_VALID_CHECKSUM, out, outsz);

  memcpy(out, id, ID_LEN + 1);
  return VT_VALID_OK;
}

/* ---- Email -------------------------------------------------------------- */

#define EMAIL_MAX 254 /* RFC 5321 path limit minus the angle brackets */
#define LOCAL_MAX 64
#define LABEL_MAX 63

/* Dot-atom without the RFC 5322 "specials" restriction: we only refuse what
 * would break storage or display (controls, spaces, non-ASCII). Quoted local
 * parts are not supported; nobody at a counter types them. */
static enum vt_valid check_local(const char *s, size_t len) {
  if (len == 0)
    return VT_VALID_FORMAT;
  if (s[0] == '.' || s[len - 1] == '.')
    return VT_VALID_FORMAT;
  for (size_t i = 0; i < len; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c < 0x21 || c > 0x7E || c == '@')
      return VT_VALID_FORMAT;
    if (c == '.' && s[i + 1] == '.')
      return VT_VALID_FORMAT;
  }
  /* Length last so that garbage is reported as garbage, not as "too long". */
  if (len > LOCAL_MAX)
    return VT_VALID_TOO_LONG;
  return VT_VALID_OK;
}

/* Bytes >= 0x80 are let through unchecked so that IDNs typed in UTF-8 work
 * without a punycode library; the mail system converts them when sending. */
static int is_label_byte(unsigned char c) {
  return is_digit(c) || is_upper(c) || is_lower(c) || c == '-' || c >= 0x80;
}

static enum vt_valid check_domain(const char *s, size_t len) {
  size_t labels = 0, start = 0;
  int long_label = 0;

  for (size_t i = 0; i <= len; i++) {
    if (i < len && s[i] != '.') {
      if (!is_label_byte((unsigned char)s[i]))
        return VT_VALID_FORMAT;
      continue;
    }
    /* End of a label; an empty one covers leading, doubled and trailing
     * dots alike. */
    size_t llen = i - start;
    if (llen == 0)
      return VT_VALID_FORMAT;
    if (s[start] == '-' || s[i - 1] == '-')
      return VT_VALID_FORMAT;
    if (llen > LABEL_MAX)
      long_label = 1;
    labels++;
    start = i + 1;
  }
  /* A bare host name is never a deliverable address for a citizen. */
  if (labels < 2)
    return VT_VALID_FORMAT;
  if (long_label)
    return VT_VALID_TOO_LONG;
  return VT_VALID_OK;
}

enum vt_valid vt_email_normalize(const char *in, char *out, size_t outsz) {
  const char *start, *end, *at = NULL;
  size_t len, local_len;
  enum vt_valid r;

  if (!in || only_space(in))
    return fail(VT_VALID_EMPTY, out, outsz);

  start = in;
  while (is_space((unsigned char)*start))
    start++;
  end = start + strlen(start);
  while (end > start && is_space((unsigned char)end[-1]))
    end--;
  len = (size_t)(end - start);

  /* Checked first so that the scans below never walk an absurd input. */
  if (len > EMAIL_MAX)
    return fail(VT_VALID_TOO_LONG, out, outsz);

  for (const char *p = start; p < end; p++) {
    if (*p != '@')
      continue;
    if (at)
      return fail(VT_VALID_FORMAT, out, outsz);
    at = p;
  }
  if (!at)
    return fail(VT_VALID_FORMAT, out, outsz);

  local_len = (size_t)(at - start);
  r = check_local(start, local_len);
  if (r == VT_VALID_OK)
    r = check_domain(at + 1, len - local_len - 1);
  if (r != VT_VALID_OK)
    return fail(r, out, outsz);

  if (!out || outsz < len + 1)
    return fail(VT_VALID_TOO_LONG, out, outsz);
  /* memmove: callers may normalise in place (out == in). */
  memmove(out, start, len);
  out[len] = '\0';
  for (size_t i = local_len + 1; i < len; i++)
    out[i] = (char)to_lower((unsigned char)out[i]);
  return VT_VALID_OK;
}

/* ---- Phone -------------------------------------------------------------- */

#define E164_MAX 15
#define E164_MIN 8 /* shorter than any real subscriber number with its cc */
/* Room to keep counting past the E.164 limit so "too long" can be told
 * apart from garbage, without trusting the input length. */
#define PHONE_BUF 32

static int is_phone_sep(unsigned char c) {
  return is_space(c) || c == '.' || c == '-' || c == '(' || c == ')' || c == '/';
}

/* Spanish numbers: 9 digits, first one 6/7 (mobile), 8/9 (fixed lines). */
static int spanish_national_ok(const char *d, size_t n) {
  return n == 9 && d[0] >= '6' && d[0] <= '9';
}

enum vt_valid vt_phone_normalize(const char *in, const char *default_cc, char *out, size_t outsz) {
  char raw[PHONE_BUF];
  char digits[PHONE_BUF];
  size_t nraw = 0, n = 0;
  int plus = 0, overflow = 0;
  const char *national;
  size_t nnational;

  if (!in || only_space(in))
    return fail(VT_VALID_EMPTY, out, outsz);

  for (const char *p = in; *p; p++) {
    unsigned char c = (unsigned char)*p;
    if (is_phone_sep(c))
      continue;
    /* '+' only before any digit, which still allows "(+34) 600 ...". */
    if (c == '+' && !plus && nraw == 0 && !overflow) {
      plus = 1;
      continue;
    }
    if (!is_digit(c))
      return fail(VT_VALID_FORMAT, out, outsz);
    if (nraw == PHONE_BUF)
      overflow = 1;
    else
      raw[nraw++] = (char)c;
  }
  if (nraw == 0)
    return fail(VT_VALID_FORMAT, out, outsz);
  if (overflow)
    return fail(VT_VALID_TOO_LONG, out, outsz);

  if (plus) {
    memcpy(digits, raw, nraw);
    n = nraw;
  } else if (nraw >= 2 && raw[0] == '0' && raw[1] == '0') {
    memcpy(digits, raw + 2, nraw - 2);
    n = nraw - 2;
  } else {
    size_t cclen = default_cc ? strlen(default_cc) : 0;
    /* Country codes are 1..3 digits and never start with 0; anything else
     * is a caller bug, and guessing a country would misfile the number. */
    if (cclen == 0 || cclen > 3 || default_cc[0] == '0')
      return fail(VT_VALID_FORMAT, out, outsz);
    for (size_t i = 0; i < cclen; i++)
      if (!is_digit((unsigned char)default_cc[i]))
        return fail(VT_VALID_FORMAT, out, outsz);
    /* People often write "34600111222", the Spanish prefix without '+' or
     * "00". A Spanish national number never starts with 3, so when the
     * default is Spain, 11 digits "34" + [6-9] cannot be a national number
     * and are read as already carrying the country code; in every other
     * case the default is prefixed. */
    if (strcmp(default_cc, "34") == 0 && nraw == 11 && raw[0] == '3' && raw[1] == '4' &&
        raw[2] >= '6' && raw[2] <= '9') {
      memcpy(digits, raw, nraw);
      n = nraw;
    } else {
      if (cclen + nraw > PHONE_BUF)
        return fail(VT_VALID_TOO_LONG, out, outsz);
      /* Trunk prefixes are not stripped: the rules differ per country
       * (Italy keeps its leading 0), so the number is kept as typed. */
      memcpy(digits, default_cc, cclen);
      memcpy(digits + cclen, raw, nraw);
      n = cclen + nraw;
    }
  }

  if (n == 0 || digits[0] == '0')
    return fail(VT_VALID_FORMAT, out, outsz);
  if (n > E164_MAX)
    return fail(VT_VALID_TOO_LONG, out, outsz);
  if (n < E164_MIN)
    return fail(VT_VALID_FORMAT, out, outsz);

  /* Country codes are prefix-free, so digits starting "34" are Spanish
   * whether the code was typed or defaulted. */
  if (digits[0] == '3' && digits[1] == '4') {
    national = digits + 2;
    nnational = n - 2;
    if (!spanish_national_ok(national, nnational))
      return fail(VT_VALID_FORMAT, out, outsz);
  }

  if (!out || outsz < n + 2)
    return fail(VT_VALID_TOO_LONG, out, outsz);
  out[0] = '+';
  memcpy(out + 1, digits, n);
  out[n + 1] = '\0';
  return VT_VALID_OK;
}
