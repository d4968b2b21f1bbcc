/* PostgreSQL: uploaded files and attachments (the port of sqlite/files.c).
 * Contents travel as hex text both ways: the parameters of this backend are
 * text, and a file is at most a few MiB. */
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "store/postgres/pg.h"

struct upload_arg {
  const struct vt_upload *u;
  const void *data;
  char *hex; /* "\\x" + 2 hex digits per byte */
};

static enum vt_qs upload_create_tx(struct vt_pg_conn *c, void *arg) {
  struct upload_arg *a = arg;
  struct vt_pg_params b = {0};
  vt_pg_text(&b, a->u->sha256);
  vt_pg_int(&b, a->u->size);
  vt_pg_text(&b, a->hex);
  enum vt_qs qs = vt_pg_run(c,
                            "INSERT INTO blobs(sha256, size, data) VALUES ($1::text, $2::bigint,"
                            " $3::bytea) ON CONFLICT (sha256) DO NOTHING",
                            &b);
  if (qs != VT_QS_ONE)
    return qs < 0 ? qs : VT_QS_HARD;
  struct vt_pg_params p = {0};
  vt_pg_text(&p, a->u->token_hash);
  vt_pg_text(&p, a->u->owner);
  vt_pg_text(&p, a->u->filename);
  vt_pg_text(&p, a->u->content_type);
  vt_pg_int(&p, a->u->size);
  vt_pg_text(&p, a->u->sha256);
  vt_pg_int(&p, a->u->created_at);
  qs = vt_pg_run(c,
                 "INSERT INTO uploads(token_hash, owner, filename, content_type, size, sha256,"
                 " created_at) VALUES ($1::text, $2::text, $3::text, $4::text, $5::bigint,"
                 " $6::text, $7::bigint) ON CONFLICT (token_hash) DO NOTHING",
                 &p);
  return qs == VT_QS_ONE ? VT_QS_ONE : (qs < 0 ? qs : VT_QS_HARD);
}

static enum vt_qs upload_create(struct vt_store *s, const struct vt_upload *u, const void *data) {
  size_t n = (size_t)u->size;
  char *hex = malloc(2 * n + 3);
  if (!hex)
    return VT_QS_HARD;
  hex[0] = '\\';
  hex[1] = 'x';
  sodium_bin2hex(hex + 2, 2 * n + 1, data ? data : (const void *)"", n);
  struct upload_arg a = {u, data, hex};
  enum vt_qs qs = vt_pg_tx(vt_pg(s), upload_create_tx, &a);
  free(hex);
  return qs;
}

static void count_fn(const PGresult *r, int row, void *out) {
  *(size_t *)out = (size_t)vt_pg_int64(r, row, 0);
}

static enum vt_qs uploads_usable(struct vt_store *s, const char *owner, const char (*hashes)[65],
                                 size_t n, int64_t since, bool include_attached, size_t *usable) {
  *usable = 0;
  for (size_t i = 0; i < n; i++) {
    struct vt_pg_params p = {0};
    vt_pg_text(&p, hashes[i]);
    vt_pg_text(&p, owner);
    vt_pg_int(&p, since);
    vt_pg_bool(&p, include_attached);
    size_t one = 0;
    enum vt_qs qs = vt_pg_read_one(s,
                                   "SELECT count(*) FROM uploads WHERE token_hash = $1::text"
                                   " AND owner = $2::text AND (attached_to IS NULL OR $4::boolean)"
                                   " AND created_at >= $3::bigint",
                                   &p, count_fn, &one);
    if (qs < 0)
      return qs;
    *usable += one;
  }
  return VT_QS_ONE;
}

enum vt_qs vt_pg_attach_uploads(struct vt_pg_conn *c, vt_id message_id, const struct vt_attach *a,
                                int64_t now) {
  for (size_t i = 0; i < a->n; i++) {
    /* Claim the upload and attach it in one statement; one claimed
     * meanwhile by another message is skipped. */
    struct vt_pg_params p = {0};
    vt_pg_int(&p, message_id);
    vt_pg_text(&p, a->hashes[i]);
    vt_pg_text(&p, a->owner);
    vt_pg_int(&p, now);
    enum vt_qs qs = vt_pg_run(
        c,
        "WITH claimed AS (UPDATE uploads SET attached_to = $1::bigint WHERE token_hash = $2::text"
        " AND owner = $3::text AND attached_to IS NULL"
        " RETURNING filename, content_type, size, sha256)"
        " INSERT INTO attachments(message_id, filename, content_type, size, sha256, created_at)"
        " SELECT $1::bigint, filename, content_type, size, sha256, $4::bigint FROM claimed",
        &p);
    if (qs != VT_QS_ONE)
      return qs < 0 ? qs : VT_QS_HARD;
  }
  return VT_QS_ONE;
}

static void attachment_fn(const PGresult *r, int row, void *out) {
  struct vt_attachment_file *a = out;
  memset(a, 0, sizeof *a);
  a->id = vt_pg_int64(r, row, 0);
  a->message_id = vt_pg_int64(r, row, 1);
  a->ticket_id = vt_pg_int64(r, row, 2);
  a->internal = vt_pg_bool_at(r, row, 3);
  a->filename = vt_pg_dup(r, row, 4);
  vt_pg_copy(r, row, 5, a->content_type, sizeof a->content_type);
  /* bytea arrives in hex output format: "\x" then two digits a byte. */
  const char *hex = PQgetvalue(r, row, 6);
  size_t hlen = strlen(hex);
  if (hlen < 2 || hex[0] != '\\' || hex[1] != 'x')
    return;
  size_t cap = (hlen - 2) / 2 + 1, len = 0;
  a->data = malloc(cap);
  if (a->data && sodium_hex2bin(a->data, cap, hex + 2, hlen - 2, NULL, &len, NULL) != 0) {
    free(a->data);
    a->data = NULL;
  }
  a->size = (int64_t)len;
}

static enum vt_qs attachment_read(struct vt_store *s, vt_id id, struct vt_attachment_file *out) {
  struct vt_pg_params p = {0};
  vt_pg_int(&p, id);
  enum vt_qs qs = vt_pg_read_one(
      s,
      "SELECT a.id, a.message_id, m.ticket_id, m.internal, a.filename, a.content_type, b.data"
      " FROM attachments a JOIN messages m ON m.id = a.message_id"
      " JOIN blobs b ON b.sha256 = a.sha256 WHERE a.id = $1::bigint",
      &p, attachment_fn, out);
  if (qs == VT_QS_ONE && !out->data) {
    vt_attachment_file_release(out);
    return VT_QS_HARD;
  }
  return qs;
}

static enum vt_qs uploads_sweep_tx(struct vt_pg_conn *c, void *arg) {
  struct vt_pg_params p = {0};
  vt_pg_int(&p, *(int64_t *)arg);
  return vt_pg_run(c,
                   "WITH gone AS (DELETE FROM uploads WHERE attached_to IS NULL"
                   " AND created_at < $1::bigint RETURNING sha256)"
                   " DELETE FROM blobs b WHERE b.sha256 IN (SELECT sha256 FROM gone)"
                   " AND NOT EXISTS (SELECT 1 FROM uploads u WHERE u.sha256 = b.sha256"
                   " AND u.created_at >= $1::bigint)"
                   " AND NOT EXISTS (SELECT 1 FROM uploads u WHERE u.sha256 = b.sha256"
                   " AND u.attached_to IS NOT NULL)"
                   " AND NOT EXISTS (SELECT 1 FROM attachments a WHERE a.sha256 = b.sha256)",
                   &p);
}

static enum vt_qs uploads_sweep(struct vt_store *s, int64_t before) {
  int64_t b = before;
  return vt_pg_tx(vt_pg(s), uploads_sweep_tx, &b);
}

void vt_pg_init_files(struct vt_store *s) {
  s->upload_create = upload_create;
  s->uploads_usable = uploads_usable;
  s->attachment_read = attachment_read;
  s->uploads_sweep = uploads_sweep;
}
