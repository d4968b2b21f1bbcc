/* Secrets: random tokens, their one-way hashes for storage, and argon2id
 * password hashes, all from libsodium. */
#ifndef VT_CRYPTO_H
#define VT_CRYPTO_H

#include <stdbool.h>
#include <stddef.h>

#define VT_TOKEN_CHARS 43 /* 32 random bytes, base64url without padding */
#define VT_TOKEN_HASH_HEX 64
#define VT_PASSWORD_HASH_MAX 128

int vt_crypto_init(void);
/* A fresh random token, prefix + base64url; out holds strlen(prefix)+44. */
void vt_token_new(const char *prefix, char *out, size_t outsz);
/* Hex BLAKE2b-256 of a token: what the database keeps instead of the token. */
void vt_token_hash(const char *token, char out[VT_TOKEN_HASH_HEX + 1]);
/* Random hex identifier (request ids); out holds 2*nbytes+1. */
void vt_random_hex(char *out, size_t nbytes);
/* Constant-time comparison of two NUL-terminated strings of equal length. */
bool vt_secure_streq(const char *a, const char *b);

/* argon2id; 0 on success. */
int vt_password_hash(const char *password, char out[VT_PASSWORD_HASH_MAX]);
bool vt_password_verify(const char *hash, const char *password);

#endif
