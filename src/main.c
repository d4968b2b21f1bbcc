/* ventanilla: one binary, many subcommands. This file only dispatches. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "http/errors.h"
#include "util/config.h"

#ifndef VT_VERSION
#define VT_VERSION "0.1.0"
#endif

static int usage(FILE *out) {
  fprintf(out,
          "ventanilla %s — omnichannel citizen service\n\n"
          "usage: ventanilla COMMAND [OPTIONS]\n\n"
          "  serve [--listen ADDR:PORT] [--db PATH] [--config FILE] [--threads N]\n"
          "        serve the API and web UI until SIGINT/SIGTERM\n"
          "  migrate --db PATH            apply database migrations\n"
          "  demo --db PATH [--tickets N] load idempotent demo data\n"
          "  user add --db PATH --email E --name N --role admin|supervisor|agent [--tenant CODE]\n"
          "        create or update a user; the password is read from standard input\n"
          "  token create --db PATH --email E   print a new API token for a user\n"
          "  mail parse FILE|-            show what ventanilla reads in an email message\n"
          "  mail-deliver --mailbox NAME  store one email from standard input (for the MTA)\n"
          "  routing train|evaluate --db PATH [--tenant CODE]\n"
          "        train the classifiers / print how well they route held-out requests\n"
          "  import tickets --db PATH [--file FILE]\n"
          "        bring in another system's tickets with their dates (JSON lines)\n"
          "  config example               print a commented configuration file\n"
          "  doc errors                   print the error-code table\n"
          "  version\n\n"
          "Every option can also come from a config file (--config or VENTANILLA_CONFIG)\n"
          "or a VENTANILLA_* environment variable; see `ventanilla config example`.\n",
          VT_VERSION);
  return out == stderr ? 2 : 0;
}

int main(int argc, char **argv) {
  if (argc < 2)
    return usage(stderr);
  const char *cmd = argv[1];
  int sub_argc = argc - 2;
  char **sub_argv = argv + 2;
  if (!strcmp(cmd, "serve"))
    return vt_cmd_serve(sub_argc, sub_argv);
  if (!strcmp(cmd, "migrate"))
    return vt_cmd_migrate(sub_argc, sub_argv);
  if (!strcmp(cmd, "demo"))
    return vt_cmd_demo(sub_argc, sub_argv);
  if (!strcmp(cmd, "user"))
    return vt_cmd_user(sub_argc, sub_argv);
  if (!strcmp(cmd, "token"))
    return vt_cmd_token(sub_argc, sub_argv);
  if (!strcmp(cmd, "mail-deliver"))
    return vt_cmd_mail_deliver(sub_argc, sub_argv);
  if (!strcmp(cmd, "mail"))
    return vt_cmd_mail(sub_argc, sub_argv);
  if (!strcmp(cmd, "routing"))
    return vt_cmd_routing(sub_argc, sub_argv);
  if (!strcmp(cmd, "import"))
    return vt_cmd_import(sub_argc, sub_argv);
  if (!strcmp(cmd, "config") && sub_argc == 1 && !strcmp(sub_argv[0], "example")) {
    vt_config_print_example();
    return 0;
  }
  if (!strcmp(cmd, "doc") && sub_argc == 1 && !strcmp(sub_argv[0], "errors")) {
    vt_err_print_markdown();
    return 0;
  }
  if (!strcmp(cmd, "version") || !strcmp(cmd, "--version")) {
    printf("ventanilla %s\n", VT_VERSION);
    return 0;
  }
  if (!strcmp(cmd, "help") || !strcmp(cmd, "--help") || !strcmp(cmd, "-h"))
    return usage(stdout);
  fprintf(stderr, "ventanilla: unknown command '%s'\n\n", cmd);
  return usage(stderr);
}
