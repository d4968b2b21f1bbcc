/* Mail commands: `mail parse` shows what ventanilla reads in a message (for
 * people checking a message, and for the corpus tests); `mail-deliver` is
 * the pipe a local mail server hands messages to. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#include "cli/cli.h"
#include "mail/ingest.h"
#include "mail/parse.h"
#include "util/buf.h"

/* The largest message accepted on a pipe or from a file: far above any
 * mailbox's limit, small enough to stop a runaway input. */
#define MAX_MESSAGE (64L * 1024 * 1024)

int vt_cli_read_all(FILE *in, struct vt_buf *b) {
  char chunk[65536];
  size_t n;
  while ((n = fread(chunk, 1, sizeof chunk, in)) > 0) {
    if (b->len + n > (size_t)MAX_MESSAGE)
      return -2;
    vt_buf_append_mem(b, chunk, n);
  }
  return ferror(in) ? -1 : 0;
}

static int mail_parse(const char *path) {
  FILE *in = strcmp(path, "-") ? fopen(path, "rb") : stdin;
  if (!in) {
    fprintf(stderr, "ventanilla: %s: %s\n", path, strerror(errno));
    return EX_NOINPUT;
  }
  struct vt_buf b = VT_BUF_INIT;
  int rc = vt_cli_read_all(in, &b);
  if (in != stdin)
    fclose(in);
  if (rc != 0) {
    fprintf(stderr, "ventanilla: %s: %s\n", path, rc == -2 ? "message too large" : "read error");
    vt_buf_release(&b);
    return EX_DATAERR;
  }
  struct vt_mail m;
  int pr = vt_mail_parse(b.data, b.len, &m);
  vt_buf_release(&b);
  if (pr != 0) {
    vt_mail_free(&m);
    fprintf(stderr, "ventanilla: %s: not an email message\n", path);
    return EX_DATAERR;
  }
  json_t *j = vt_mail_json(&m);
  vt_mail_free(&m);
  json_dumpf(j, stdout, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
  fputc('\n', stdout);
  json_decref(j);
  return 0;
}

/* The pipe from the local mail server (a Postfix pipe(8) transport or any
 * MTA's equivalent): one message on standard input; the exit status is what
 * the mail server understands (sysexits.h): 0 taken (stored, already stored,
 * or deliberately dropped), 75 try again later, 67 no such mailbox, 65 not a
 * message. It answers only once the message is durably stored. */
int vt_cmd_mail_deliver(int argc, char **argv) {
  struct vt_config cfg;
  if (vt_cli_config(argc, argv, &cfg) != 0)
    return EX_USAGE;
  const char *name = vt_cli_flag(argc, argv, "--mailbox");
  if (!name || !*name) {
    fprintf(stderr, "usage: ventanilla mail-deliver --mailbox NAME [--db PATH] < message\n");
    return EX_USAGE;
  }
  struct vt_buf b = VT_BUF_INIT;
  int rc = vt_cli_read_all(stdin, &b);
  if (rc != 0) {
    vt_buf_release(&b);
    fprintf(stderr, "ventanilla: %s\n", rc == -2 ? "message too large" : "cannot read the message");
    return rc == -2 ? EX_DATAERR : EX_TEMPFAIL;
  }
  struct vt_store *st = vt_cli_open_store(&cfg, NULL);
  if (!st) {
    vt_buf_release(&b);
    return EX_TEMPFAIL;
  }
  int exit_code = EX_TEMPFAIL;
  struct vt_mailbox mb;
  enum vt_qs qs = st->mailbox_by_name(st, name, &mb);
  if (qs == VT_QS_NONE) {
    fprintf(stderr, "ventanilla: no mailbox named %s\n", name);
    exit_code = EX_NOUSER;
  } else if (qs == VT_QS_ONE) {
    struct vt_ingest_out out;
    switch (vt_mail_ingest(st, &cfg, &mb, b.data, b.len, &out)) {
    case VT_INGEST_STORED:
    case VT_INGEST_DUPLICATE:
    case VT_INGEST_IGNORED:
      exit_code = EX_OK;
      break;
    case VT_INGEST_NOT_MAIL:
      fprintf(stderr, "ventanilla: not an email message\n");
      exit_code = EX_DATAERR;
      break;
    case VT_INGEST_TEMPFAIL:
      fprintf(stderr, "ventanilla: the database cannot take the message now\n");
      exit_code = EX_TEMPFAIL;
      break;
    }
    vt_mailbox_release(&mb);
  }
  st->close(st);
  vt_buf_release(&b);
  return exit_code;
}

int vt_cmd_mail(int argc, char **argv) {
  if (argc == 2 && !strcmp(argv[0], "parse"))
    return mail_parse(argv[1]);
  fprintf(stderr, "usage: ventanilla mail parse FILE|-\n");
  return 2;
}
