/* Operator commands: migrate, user add, token create. Passwords come from
 * standard input so they never appear in a process list or shell history. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "util/crypto.h"
#include "util/timeutil.h"
#include "util/validate.h"

int vt_cmd_migrate(int argc, char **argv) {
  struct vt_config cfg;
  if (vt_cli_config(argc, argv, &cfg) != 0)
    return 2;
  int applied = 0, version = 0;
  struct vt_store *st = vt_cli_open_store(&cfg, &applied);
  if (!st)
    return 1;
  st->schema_version(st, &version);
  st->close(st);
  printf("schema version %d (%d migration%s applied)\n", version, applied, applied == 1 ? "" : "s");
  return 0;
}

static int read_password(char *out, size_t outsz) {
  if (!fgets(out, (int)outsz, stdin))
    return -1;
  out[strcspn(out, "\r\n")] = '\0';
  return 0;
}

int vt_cmd_user(int argc, char **argv) {
  if (argc < 1 || strcmp(argv[0], "add")) {
    fprintf(stderr, "usage: ventanilla user add --db PATH --email E --name N"
                    " --role admin|supervisor|agent [--tenant CODE]... < password\n");
    return 2;
  }
  struct vt_config cfg;
  if (vt_cli_config(argc, argv, &cfg) != 0)
    return 2;
  const char *email = vt_cli_flag(argc, argv, "--email");
  const char *name = vt_cli_flag(argc, argv, "--name");
  const char *role = vt_cli_flag(argc, argv, "--role");
  struct vt_user u = {0};
  if (!email || vt_email_normalize(email, u.email, sizeof u.email) != VT_VALID_OK) {
    fprintf(stderr, "ventanilla: --email: a valid email address is required\n");
    return 2;
  }
  for (char *p = u.email; *p; p++) /* logins are case-insensitive */
    if (*p >= 'A' && *p <= 'Z')
      *p = (char)(*p + 32);
  if (!name || !*name) {
    fprintf(stderr, "ventanilla: --name is required\n");
    return 2;
  }
  int r = vt_role_parse(role);
  if (r < 0) {
    fprintf(stderr, "ventanilla: --role must be admin, supervisor or agent\n");
    return 2;
  }
  char password[1024];
  if (read_password(password, sizeof password) != 0 || strlen(password) < 10) {
    fprintf(stderr, "ventanilla: give a password of at least 10 characters on standard input\n");
    return 2;
  }
  char hash[VT_PASSWORD_HASH_MAX];
  if (vt_password_hash(password, hash) != 0) {
    fprintf(stderr, "ventanilla: hashing the password failed (out of memory?)\n");
    return 1;
  }
  memset(password, 0, sizeof password);
  struct vt_store *st = vt_cli_open_store(&cfg, NULL);
  if (!st)
    return 1;
  vt_id tenants[64];
  size_t nt = 0;
  int rc = 0;
  for (int i = 0; i < argc && rc == 0; i++) {
    if (strcmp(argv[i], "--tenant") || i + 1 >= argc)
      continue;
    struct vt_tenant t;
    if (st->tenant_by_code(st, argv[i + 1], &t) != VT_QS_ONE) {
      fprintf(stderr, "ventanilla: --tenant %s: no such administration\n", argv[i + 1]);
      rc = 2;
    } else if (nt < 64) {
      tenants[nt++] = t.id;
      vt_tenant_release(&t);
    }
  }
  if (rc == 0) {
    u.name = (char *)name;
    u.role = (enum vt_role)r;
    u.active = true;
    vt_id id;
    if (st->user_upsert(st, &u, hash, nt ? tenants : NULL, nt, &id) != VT_QS_ONE) {
      fprintf(stderr, "ventanilla: saving the user failed\n");
      rc = 1;
    } else {
      printf("user %lld %s (%s)\n", (long long)id, u.email, vt_role_name(u.role));
    }
  }
  st->close(st);
  return rc;
}

int vt_cmd_token(int argc, char **argv) {
  if (argc < 1 || strcmp(argv[0], "create")) {
    fprintf(stderr, "usage: ventanilla token create --db PATH --email E [--label TEXT]\n");
    return 2;
  }
  struct vt_config cfg;
  if (vt_cli_config(argc, argv, &cfg) != 0)
    return 2;
  const char *email = vt_cli_flag(argc, argv, "--email");
  if (!email) {
    fprintf(stderr, "ventanilla: --email is required\n");
    return 2;
  }
  char norm[256];
  if (vt_email_normalize(email, norm, sizeof norm) != VT_VALID_OK) {
    fprintf(stderr, "ventanilla: --email: not a valid address\n");
    return 2;
  }
  for (char *p = norm; *p; p++)
    if (*p >= 'A' && *p <= 'Z')
      *p = (char)(*p + 32);
  struct vt_store *st = vt_cli_open_store(&cfg, NULL);
  if (!st)
    return 1;
  struct vt_user u;
  int rc = 0;
  if (st->user_by_email(st, norm, &u) != VT_QS_ONE) {
    fprintf(stderr, "ventanilla: no user %s\n", norm);
    rc = 1;
  } else {
    char token[VT_TOKEN_CHARS + 8], hash[VT_TOKEN_HASH_HEX + 1];
    vt_token_new("vta_", token, sizeof token);
    vt_token_hash(token, hash);
    const char *label = vt_cli_flag(argc, argv, "--label");
    if (st->token_create(st, u.id, hash, label ? label : "cli", vt_now_ms()) != VT_QS_ONE) {
      fprintf(stderr, "ventanilla: saving the token failed\n");
      rc = 1;
    } else {
      printf("%s\n", token);
    }
    vt_user_release(&u);
  }
  st->close(st);
  return rc;
}
