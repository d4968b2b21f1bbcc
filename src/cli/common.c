/* What every subcommand does first: read the configuration and open the
 * store with its migrations applied. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "util/crypto.h"
#include "util/log.h"

const char *vt_cli_flag(int argc, char **argv, const char *flag) {
  size_t n = strlen(flag);
  for (int i = 0; i < argc; i++) {
    if (!strcmp(argv[i], flag) && i + 1 < argc)
      return argv[i + 1];
    if (!strncmp(argv[i], flag, n) && argv[i][n] == '=')
      return argv[i] + n + 1;
  }
  return NULL;
}

bool vt_cli_has(int argc, char **argv, const char *flag) {
  for (int i = 0; i < argc; i++)
    if (!strcmp(argv[i], flag))
      return true;
  return false;
}

/* Every flag a subcommand takes a value for. A flag not listed here is a
 * typo, and a typo must not silently start a server with defaults. */
static const char *const known_flags[] = {
    "--db",         "--config",     "--listen",  "--threads", "--workers", "--log-level",
    "--public-url", "--ready-file", "--tickets", "--email",   "--name",    "--role",
    "--tenant",     "--label",      "--mailbox", "--file",    NULL};

static int check_flags(int argc, char **argv) {
  for (int i = 0; i < argc; i++) {
    if (strncmp(argv[i], "--", 2)) {
      if (i == 0)
        continue; /* the action of `user add`, `token create` */
      fprintf(stderr, "ventanilla: unexpected argument '%s'\n", argv[i]);
      return -1;
    }
    size_t n = strcspn(argv[i], "=");
    bool known = false;
    for (const char *const *f = known_flags; *f && !known; f++)
      known = strlen(*f) == n && !strncmp(*f, argv[i], n);
    if (!known) {
      fprintf(stderr, "ventanilla: unknown option '%.*s' (see ventanilla help)\n", (int)n, argv[i]);
      return -1;
    }
    if (!argv[i][n]) {
      if (i + 1 >= argc) {
        fprintf(stderr, "ventanilla: option %s needs a value\n", argv[i]);
        return -1;
      }
      i++;
    }
  }
  return 0;
}

int vt_cli_config(int argc, char **argv, struct vt_config *cfg) {
  vt_config_defaults(cfg);
  if (check_flags(argc, argv) != 0)
    return -1;
  const char *file = vt_cli_flag(argc, argv, "--config");
  if (!file)
    file = getenv("VENTANILLA_CONFIG");
  if (file && vt_config_load_file(cfg, file) != 0)
    return -1;
  if (vt_config_load_env(cfg) != 0)
    return -1;
  static const char *const flags[][2] = {{"--db", "db"},           {"--listen", "listen"},
                                         {"--threads", "threads"}, {"--workers", "workers"},
                                         {"--log-level", "level"}, {"--public-url", "public_url"}};
  for (size_t i = 0; i < sizeof flags / sizeof *flags; i++) {
    const char *v = vt_cli_flag(argc, argv, flags[i][0]);
    if (v && vt_config_set(cfg, flags[i][1], v) != 0)
      return -1;
  }
  if (vt_config_validate(cfg) != 0)
    return -1;
  vt_log_level_parse(cfg->log_level, &vt_log_threshold);
  if (vt_crypto_init() != 0) {
    fprintf(stderr, "ventanilla: cannot initialise libsodium\n");
    return -1;
  }
  return 0;
}

/* Creates the folder of a database file if it is missing (the default
 * var/ventanilla.db on a fresh checkout), one level only. */
static void ensure_parent_dir(const char *path) {
  const char *slash = strrchr(path, '/');
  if (!slash || slash == path || vt_store_is_postgres(path))
    return;
  char dir[1024];
  size_t n = (size_t)(slash - path);
  if (n >= sizeof dir)
    return;
  memcpy(dir, path, n);
  dir[n] = '\0';
  if (mkdir(dir, 0750) == 0)
    VT_INFO("created folder %s for the database", dir);
}

struct vt_store *vt_cli_open_store(const struct vt_config *cfg, int *applied_out) {
  ensure_parent_dir(cfg->db);
  struct vt_store *st = vt_store_open(cfg->db, cfg->busy_timeout_ms, cfg->pool_size);
  if (!st) {
    fprintf(stderr, "ventanilla: cannot open the database %s\n", cfg->db);
    return NULL;
  }
  int applied = 0;
  if (st->migrate(st, &applied) != VT_QS_ONE) {
    fprintf(stderr, "ventanilla: migrating the database failed\n");
    st->close(st);
    return NULL;
  }
  if (applied_out)
    *applied_out = applied;
  st->survey_policy.enabled = cfg->surveys_enabled;
  st->survey_policy.min_interval_days = cfg->surveys_min_interval_days;
  st->survey_policy.default_smtp = cfg->smtp_url[0] && cfg->smtp_from[0];
  snprintf(st->survey_policy.mail_domain, sizeof st->survey_policy.mail_domain, "%s",
           cfg->mail_domain);
  return st;
}
