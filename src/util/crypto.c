/* Secrets from libsodium. Tokens are stored only as hashes, so a copy of the
 * database does not let anyone act as a user or read a citizen's request. */
#include "util/crypto.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

int vt_crypto_init(void) { return sodium_init() < 0 ? -1 : 0; }

void vt_token_new(const char *prefix, char *out, size_t outsz) {
  unsigned char raw[32];
  char b64[sodium_base64_ENCODED_LEN(32, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
  randombytes_buf(raw, sizeof raw);
  sodium_bin2base64(b64, sizeof b64, raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  snprintf(out, outsz, "%s%s", prefix, b64);
  sodium_memzero(raw, sizeof raw);
}

void vt_token_hash(const char *token, char out[VT_TOKEN_HASH_HEX + 1]) {
  unsigned char h[32];
  crypto_generichash(h, sizeof h, (const unsigned char *)token, strlen(token), NULL, 0);
  sodium_bin2hex(out, VT_TOKEN_HASH_HEX + 1, h, sizeof h);
}

void vt_random_hex(char *out, size_t nbytes) {
  unsigned char raw[32];
  if (nbytes > sizeof raw)
    nbytes = sizeof raw;
  randombytes_buf(raw, nbytes);
  sodium_bin2hex(out, 2 * nbytes + 1, raw, nbytes);
}

bool vt_secure_streq(const char *a, const char *b) {
  size_t n = strlen(a);
  if (n != strlen(b))
    return false;
  return sodium_memcmp(a, b, n) == 0;
}

int vt_password_hash(const char *password, char out[VT_PASSWORD_HASH_MAX]) {
  _Static_assert(VT_PASSWORD_HASH_MAX >= crypto_pwhash_STRBYTES, "hash buffer");
  return crypto_pwhash_str_alg(out, password, strlen(password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                               crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13);
}

bool vt_password_verify(const char *hash, const char *password) {
  return crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}
