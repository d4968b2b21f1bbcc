/* The subcommands other than serve: each takes its argv (after the
 * subcommand name) and returns the process exit code. */
#ifndef VT_CLI_H
#define VT_CLI_H

#include "store/store.h"
#include "util/config.h"

int vt_cmd_serve(int argc, char **argv);
int vt_cmd_migrate(int argc, char **argv);
int vt_cmd_demo(int argc, char **argv);
int vt_cmd_user(int argc, char **argv);
int vt_cmd_token(int argc, char **argv);
int vt_cmd_mail(int argc, char **argv);
int vt_cmd_mail_deliver(int argc, char **argv);
int vt_cmd_routing(int argc, char **argv);
int vt_cmd_import(int argc, char **argv);
/* The demo's knowledge base (demo_kb.c): 0, or -1 when the store failed. */
struct vt_store;
int vt_demo_kb(struct vt_store *st);
/* The demo's routing rules and trained classifiers (demo_routing.c). */
int vt_demo_routing(struct vt_store *st);
/* demo_sla.c: holidays, office hours, SLA policies; then one deadline sweep. */
int vt_demo_sla(struct vt_store *st);
/* Reads a whole stream (at most 64 MiB: -2 above); -1 on a read error. */
struct vt_buf;
int vt_cli_read_all(FILE *in, struct vt_buf *b);

/* Shared start-up: config from defaults, file, environment and the
 * --db/--config/--log-level flags found in argv (other flags are left for
 * the command). Returns 0, or prints why and returns -1. */
int vt_cli_config(int argc, char **argv, struct vt_config *cfg);
/* Opens the store named by cfg->db (creating a missing folder for a file)
 * and applies pending migrations, counted in *applied (may be NULL). */
struct vt_store *vt_cli_open_store(const struct vt_config *cfg, int *applied);
/* The value following flag in argv, or NULL. */
const char *vt_cli_flag(int argc, char **argv, const char *flag);
bool vt_cli_has(int argc, char **argv, const char *flag);

#endif
