/* Validation and normalisation of the identifiers citizens give us: DNI/NIE,
 * email addresses and phone numbers. Pure functions: no I/O, no allocation. */
#ifndef VT_VALIDATE_H
#define VT_VALIDATE_H

#include <stddef.h>

enum vt_valid {
  VT_VALID_OK = 0,
  VT_VALID_EMPTY,    /* nothing but white space */
  VT_VALID_FORMAT,   /* not shaped like the thing at all */
  VT_VALID_CHECKSUM, /* shaped right, check letter/digit wrong */
  VT_VALID_TOO_LONG  /* longer than the output buffer or the standard allows */
};

/* Spanish DNI (8 digits + letter) or NIE (X/Y/Z + 7 digits + letter).
 * Accepts lower case, spaces, dots and hyphens; writes the canonical form
 * ("12345678Z", "X1234567L") to out, which holds at least 10 bytes. */
enum vt_valid vt_national_id_normalize(const char *in, char *out, size_t outsz);

/* Email address: one '@', a non-empty local part of printable ASCII without
 * spaces, a domain of dot-separated labels (letters, digits, hyphens; UTF-8
 * letters allowed for IDNs) with at least one dot, 254 bytes at most.
 * Writes it trimmed, with the domain lower-cased (the local part is kept
 * as given, since it is case-sensitive in principle) to out. */
enum vt_valid vt_email_normalize(const char *in, char *out, size_t outsz);

/* Phone number to E.164 ("+34600111222"). Accepts spaces, dots, hyphens and
 * parentheses; a leading "00" is read as "+". A number with no country code
 * is taken as belonging to default_cc (digits only, e.g. "34"); Spanish
 * numbers must then have 9 digits starting 6, 7, 8 or 9. E.164 allows 15
 * digits at most. out holds at least 17 bytes. */
enum vt_valid vt_phone_normalize(const char *in, const char *default_cc,
                                 char *out, size_t outsz);

/* The check letter of a DNI number 0..99999999. */
char vt_dni_letter(unsigned long number);

#endif
