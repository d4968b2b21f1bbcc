/* ventanilla serve: migrate, listen, and on SIGINT/SIGTERM stop accepting,
 * finish what is in flight, flush the writer and close the database. */
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "channels/chat_sweep.h"
#include "cli/cli.h"
#include "http/server.h"
#include "mail/workers.h"
#include "routing/retrain.h"
#include "sla/sweep.h"
#include "util/log.h"

int vt_cmd_serve(int argc, char **argv) {
  struct vt_config cfg;
  if (vt_cli_config(argc, argv, &cfg) != 0)
    return 2;
  /* Block the signals before any thread starts, so every thread inherits
   * the mask and only sigwait below receives them. */
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, NULL);
  signal(SIGPIPE, SIG_IGN);

  struct vt_store *st = vt_cli_open_store(&cfg, NULL);
  if (!st)
    return 1;
  struct vt_app app = {st, &cfg, NULL};
  struct vt_server *srv = vt_server_start(&app);
  if (!srv) {
    st->close(st);
    return 1;
  }
  struct vt_mail_workers *mail = cfg.mail_workers ? vt_mail_workers_start(st, &cfg) : NULL;
  struct vt_chat_sweep *sweep = vt_chat_sweep_start(st, &cfg);
  struct vt_retrain *retrain = vt_retrain_start(st, &cfg);
  struct vt_sla_sweep *sla_sweep = vt_sla_sweep_start(st, &cfg);
  char host[128];
  int port;
  vt_config_listen_parts(&cfg, host, sizeof host, &port);
  port = vt_server_port(srv);
  VT_INFO("listening on %s:%d (%s, %d I/O threads, %d workers)", host, port, st->backend,
          cfg.threads, cfg.workers);
  const char *ready = vt_cli_flag(argc, argv, "--ready-file");
  if (ready) {
    /* Tests start the server on port 0 and read the real port here. */
    FILE *f = fopen(ready, "w");
    if (f) {
      fprintf(f, "%d\n", port);
      fclose(f);
    }
  }
  int sig = 0;
  sigwait(&set, &sig);
  VT_INFO("signal %d: shutting down", sig);
  vt_server_stop(srv, 30000);
  vt_mail_workers_stop(mail);
  vt_chat_sweep_stop(sweep);
  vt_sla_sweep_stop(sla_sweep);
  vt_retrain_stop(retrain);
  st->close(st);
  VT_INFO("stopped cleanly");
  return 0;
}
