/* SQLite: uploaded files and attachments. Contents live in `blobs`, keyed by
 * their SHA-256, so the same file sent twice is stored once. */
#include <stdlib.h>
#include <string.h>

#include "store/sqlite/sq.h"

struct upload_job {
  const struct vt_upload *u;
  const void *data;
};

static enum vt_qs upload_create_job(struct vt_sq_conn *c, void *arg) {
  struct upload_job *j = arg;
  sqlite3_stmt *st = vt_sq_prepare(c, "INSERT INTO blobs(sha256, size, data) VALUES (?1, ?2, ?3)"
                                      " ON CONFLICT(sha256) DO NOTHING");
  if (!st)
    return VT_QS_HARD;
  vt_sq_text(st, 1, j->u->sha256);
  vt_sq_int(st, 2, j->u->size);
  sqlite3_bind_blob64(st, 3, j->data ? j->data : "", (sqlite3_uint64)j->u->size, SQLITE_STATIC);
  enum vt_qs qs = vt_sq_exec(c, st);
  if (qs < 0)
    return qs;
  st = vt_sq_prepare(c, "INSERT INTO uploads(token_hash, owner, filename, content_type, size,"
                        " sha256, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"
                        " ON CONFLICT(token_hash) DO NOTHING"); /* a retried mail delivery */
  if (!st)
    return VT_QS_HARD;
  vt_sq_text(st, 1, j->u->token_hash);
  vt_sq_text(st, 2, j->u->owner);
  vt_sq_text(st, 3, j->u->filename);
  vt_sq_text(st, 4, j->u->content_type);
  vt_sq_int(st, 5, j->u->size);
  vt_sq_text(st, 6, j->u->sha256);
  vt_sq_int(st, 7, j->u->created_at);
  qs = vt_sq_exec(c, st);
  return qs == VT_QS_ONE ? VT_QS_ONE : (qs < 0 ? qs : VT_QS_HARD);
}

static enum vt_qs upload_create(struct vt_store *s, const struct vt_upload *u, const void *data) {
  struct upload_job j = {u, data};
  return vt_sq_write(vt_sq(s), upload_create_job, &j);
}

static void count_fn(sqlite3_stmt *st, void *out) {
  *(size_t *)out = (size_t)sqlite3_column_int64(st, 0);
}

static enum vt_qs uploads_usable(struct vt_store *s, const char *owner, const char (*hashes)[65],
                                 size_t n, int64_t since, bool include_attached, size_t *usable) {
  *usable = 0;
  struct vt_sq_conn *c = vt_sq_reader(vt_sq(s));
  if (!c)
    return VT_QS_HARD;
  for (size_t i = 0; i < n; i++) {
    sqlite3_stmt *st =
        vt_sq_prepare(c, "SELECT count(*) FROM uploads WHERE token_hash = ?1 AND owner = ?2"
                         " AND (attached_to IS NULL OR ?4) AND created_at >= ?3");
    if (!st)
      return VT_QS_HARD;
    vt_sq_text(st, 1, hashes[i]);
    vt_sq_text(st, 2, owner);
    vt_sq_int(st, 3, since);
    vt_sq_int(st, 4, include_attached);
    size_t one = 0;
    enum vt_qs qs = vt_sq_one_row(c, st, count_fn, &one);
    if (qs < 0)
      return qs;
    *usable += one;
  }
  return VT_QS_ONE;
}

enum vt_qs vt_sq_attach_uploads(struct vt_sq_conn *c, vt_id message_id, const struct vt_attach *a,
                                int64_t now) {
  for (size_t i = 0; i < a->n; i++) {
    /* Claim the upload; one claimed meanwhile by another message is skipped. */
    sqlite3_stmt *st =
        vt_sq_prepare(c, "UPDATE uploads SET attached_to = ?1 WHERE token_hash = ?2 AND owner = ?3"
                         " AND attached_to IS NULL RETURNING filename, content_type, size, sha256");
    if (!st)
      return VT_QS_HARD;
    vt_sq_int(st, 1, message_id);
    vt_sq_text(st, 2, a->hashes[i]);
    vt_sq_text(st, 3, a->owner);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_DONE) {
      sqlite3_reset(st);
      continue;
    }
    if (rc != SQLITE_ROW) {
      sqlite3_reset(st);
      return vt_sq_rc(c, rc);
    }
    char *filename = vt_sq_col_dup(st, 0), *type = vt_sq_col_dup(st, 1),
         *sha = vt_sq_col_dup(st, 3);
    int64_t size = sqlite3_column_int64(st, 2);
    sqlite3_reset(st);
    sqlite3_stmt *ins = vt_sq_prepare(
        c, "INSERT INTO attachments(message_id, filename, content_type, size, sha256, created_at)"
           " VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    enum vt_qs qs = VT_QS_HARD;
    if (ins) {
      vt_sq_int(ins, 1, message_id);
      vt_sq_text(ins, 2, filename);
      vt_sq_text(ins, 3, type);
      vt_sq_int(ins, 4, size);
      vt_sq_text(ins, 5, sha);
      vt_sq_int(ins, 6, now);
      qs = vt_sq_exec(c, ins);
    }
    free(filename);
    free(type);
    free(sha);
    if (qs != VT_QS_ONE)
      return qs < 0 ? qs : VT_QS_HARD;
  }
  return VT_QS_ONE;
}

static void attachment_fn(sqlite3_stmt *st, void *out) {
  struct vt_attachment_file *a = out;
  memset(a, 0, sizeof *a);
  a->id = sqlite3_column_int64(st, 0);
  a->message_id = sqlite3_column_int64(st, 1);
  a->ticket_id = sqlite3_column_int64(st, 2);
  a->internal = sqlite3_column_int(st, 3) != 0;
  a->filename = vt_sq_col_dup(st, 4);
  vt_sq_col_copy(st, 5, a->content_type, sizeof a->content_type);
  a->size = sqlite3_column_int64(st, 6);
  int len = sqlite3_column_bytes(st, 7);
  a->data = malloc((size_t)len + 1);
  if (a->data && len)
    memcpy(a->data, sqlite3_column_blob(st, 7), (size_t)len);
  a->size = len;
}

static enum vt_qs attachment_read(struct vt_store *s, vt_id id, struct vt_attachment_file *out) {
  struct vt_sq_conn *c = vt_sq_reader(vt_sq(s));
  if (!c)
    return VT_QS_HARD;
  sqlite3_stmt *st = vt_sq_prepare(
      c, "SELECT a.id, a.message_id, m.ticket_id, m.internal, a.filename, a.content_type, a.size,"
         " b.data FROM attachments a JOIN messages m ON m.id = a.message_id"
         " JOIN blobs b ON b.sha256 = a.sha256 WHERE a.id = ?1");
  if (st)
    vt_sq_int(st, 1, id);
  enum vt_qs qs = vt_sq_one_row(c, st, attachment_fn, out);
  if (qs == VT_QS_ONE && !out->data) {
    vt_attachment_file_release(out);
    return VT_QS_HARD;
  }
  return qs;
}

static enum vt_qs uploads_sweep_job(struct vt_sq_conn *c, void *arg) {
  int64_t before = *(int64_t *)arg;
  static const char *const steps[] = {
      "CREATE TEMP TABLE IF NOT EXISTS swept(sha256 TEXT)",
      "DELETE FROM temp.swept",
      "INSERT INTO temp.swept SELECT sha256 FROM uploads WHERE attached_to IS NULL AND created_at "
      "< ?1",
      "DELETE FROM uploads WHERE attached_to IS NULL AND created_at < ?1",
      "DELETE FROM blobs WHERE sha256 IN (SELECT sha256 FROM temp.swept)"
      " AND NOT EXISTS (SELECT 1 FROM uploads u WHERE u.sha256 = blobs.sha256)"
      " AND NOT EXISTS (SELECT 1 FROM attachments a WHERE a.sha256 = blobs.sha256)",
  };
  for (size_t i = 0; i < sizeof steps / sizeof *steps; i++) {
    sqlite3_stmt *st = vt_sq_prepare(c, steps[i]);
    if (!st)
      return VT_QS_HARD;
    if (sqlite3_bind_parameter_count(st) > 0)
      vt_sq_int(st, 1, before);
    enum vt_qs qs = vt_sq_exec(c, st);
    if (qs < 0)
      return qs;
  }
  return VT_QS_ONE;
}

static enum vt_qs uploads_sweep(struct vt_store *s, int64_t before) {
  return vt_sq_write(vt_sq(s), uploads_sweep_job, &before);
}

void vt_sq_init_files(struct vt_store *s) {
  s->upload_create = upload_create;
  s->uploads_usable = uploads_usable;
  s->attachment_read = attachment_read;
  s->uploads_sweep = uploads_sweep;
}
