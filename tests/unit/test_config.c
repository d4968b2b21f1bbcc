/* Unit tests for util/config: defaults, the file format, environment
 * overrides, flags, listen-address parsing and the cookie rule. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

/* cmocka needs the headers above first: keep it in a block of its own. */
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/config.h"

static const char *const env_names[] = {
    "VENTANILLA_LISTEN",
    "VENTANILLA_THREADS",
    "VENTANILLA_MAX_BODY",
    "VENTANILLA_PUBLIC_URL",
    "VENTANILLA_COOKIE_SECURE",
    "VENTANILLA_SESSION_TTL",
    "VENTANILLA_TRUST_PROXY",
    "VENTANILLA_DB",
    "VENTANILLA_BUSY_TIMEOUT_MS",
    "VENTANILLA_LOG_LEVEL",
    "VENTANILLA_LOGIN_MAX_FAILURES",
    "VENTANILLA_LOGIN_WINDOW",
    "VENTANILLA_WORKERS",
};

static void clear_env(void) {
  for (size_t i = 0; i < sizeof env_names / sizeof *env_names; i++)
    unsetenv(env_names[i]);
}

/* Each test gets a scratch folder holding its config file. */
struct fx {
  char dir[64];
  char path[96];
};

static int setup(void **state) {
  clear_env();
  struct fx *f = calloc(1, sizeof *f);
  assert_non_null(f);
  snprintf(f->dir, sizeof f->dir, "/tmp/vt-config-XXXXXX");
  assert_non_null(mkdtemp(f->dir));
  snprintf(f->path, sizeof f->path, "%s/ventanilla.conf", f->dir);
  *state = f;
  return 0;
}

static int teardown(void **state) {
  struct fx *f = *state;
  clear_env();
  unlink(f->path);
  rmdir(f->dir);
  free(f);
  return 0;
}

static const char *write_conf(void **state, const char *text) {
  struct fx *f = *state;
  FILE *fp = fopen(f->path, "w");
  assert_non_null(fp);
  assert_int_equal(fputs(text, fp) >= 0, 1);
  assert_int_equal(fclose(fp), 0);
  return f->path;
}

/* Loads text over the defaults; returns the loader's result. */
static int load_text(void **state, struct vt_config *c, const char *text) {
  vt_config_defaults(c);
  return vt_config_load_file(c, write_conf(state, text));
}

/* ---- defaults ----------------------------------------------------------- */

static void test_defaults_validate(void **state) {
  (void)state;
  struct vt_config c;
  vt_config_defaults(&c);
  assert_int_equal(vt_config_validate(&c), 0);
}

static void test_defaults_values(void **state) {
  (void)state;
  struct vt_config c;
  vt_config_defaults(&c);
  assert_string_equal(c.listen, "127.0.0.1:8080");
  /* threads/workers defaults are tuning, not contract: just sane. */
  assert_true(c.threads >= 1);
  assert_true(c.workers >= 1);
  assert_int_equal(c.max_body, 1048576);
  assert_string_equal(c.public_url, "http://localhost:8080");
  assert_string_equal(c.cookie_secure, "auto");
  assert_int_equal(c.session_ttl, 28800);
  assert_false(c.trust_proxy);
  assert_string_equal(c.db, "var/ventanilla.db");
  assert_int_equal(c.busy_timeout_ms, 5000);
  assert_string_equal(c.log_level, "info");
  assert_int_equal(c.login_max_failures, 5);
  assert_int_equal(c.login_window, 900);
}

/* ---- the file ----------------------------------------------------------- */

static void test_file_sections_set_options(void **state) {
  struct vt_config c;
  assert_int_equal(load_text(state, &c,
                             "# a comment\n"
                             "; another comment\n"
                             "\n"
                             "[server]\n"
                             "listen = 0.0.0.0:9090\n"
                             "  threads=8  \n"
                             "max_body = 2097152\n"
                             "public_url = https://sede.example.es\n"
                             "trust_proxy = yes\n"
                             "[ database ]\n"
                             "path = /srv/ventanilla/db.sqlite\n"
                             "busy_timeout_ms = 0\n"
                             "[log]\n"
                             "level = warn\n"
                             "[security]\n"
                             "login_max_failures = 10\n"
                             "login_window = 600\n"),
                   0);
  assert_string_equal(c.listen, "0.0.0.0:9090");
  assert_int_equal(c.threads, 8);
  assert_int_equal(c.max_body, 2097152);
  assert_string_equal(c.public_url, "https://sede.example.es");
  assert_true(c.trust_proxy);
  assert_string_equal(c.db, "/srv/ventanilla/db.sqlite");
  assert_int_equal(c.busy_timeout_ms, 0);
  assert_string_equal(c.log_level, "warn");
  assert_int_equal(c.login_max_failures, 10);
  assert_int_equal(c.login_window, 600);
  /* Untouched options keep their defaults. */
  assert_int_equal(c.session_ttl, 28800);
  assert_int_equal(vt_config_validate(&c), 0);
}

static void test_file_missing_fails(void **state) {
  struct fx *f = *state;
  struct vt_config c;
  vt_config_defaults(&c);
  assert_int_equal(vt_config_load_file(&c, f->path), -1); /* never written */
}

static void test_file_unknown_option_fails(void **state) {
  struct vt_config c;
  assert_int_equal(load_text(state, &c, "[server]\nlisten = 127.0.0.1:1\nfrobnicate = 1\n"), -1);
}

static void test_file_option_in_wrong_section_fails(void **state) {
  struct vt_config c;
  assert_int_equal(load_text(state, &c, "[database]\nthreads = 4\n"), -1);
}

static void test_file_option_before_any_section_fails(void **state) {
  struct vt_config c;
  assert_int_equal(load_text(state, &c, "threads = 4\n"), -1);
}

static void test_file_line_without_equals_fails(void **state) {
  struct vt_config c;
  assert_int_equal(load_text(state, &c, "[server]\nthreads 4\n"), -1);
}

static void test_file_bad_integer_fails(void **state) {
  struct vt_config c;
  assert_int_equal(load_text(state, &c, "[server]\nthreads = abc\n"), -1);
  assert_int_equal(load_text(state, &c, "[server]\nthreads = 12x\n"), -1);
  assert_int_equal(load_text(state, &c, "[server]\nthreads = \n"), -1);
  assert_int_equal(load_text(state, &c, "[server]\nthreads = 1.5\n"), -1);
  assert_int_equal(load_text(state, &c, "[server]\nmax_body = 99999999999999999999999\n"), -1);
}

static void test_file_out_of_range_fails(void **state) {
  struct vt_config c;
  assert_int_equal(load_text(state, &c, "[server]\nthreads = 0\n"), -1);
  assert_int_equal(load_text(state, &c, "[server]\nthreads = 100000\n"), -1);
  assert_int_equal(load_text(state, &c, "[security]\nlogin_max_failures = 1001\n"), -1);
  assert_int_equal(load_text(state, &c, "[security]\nlogin_window = 9\n"), -1);
  assert_int_equal(load_text(state, &c, "[server]\nthreads = -1\n"), -1);
  assert_int_equal(load_text(state, &c, "[server]\nmax_body = 1023\n"), -1);
  assert_int_equal(load_text(state, &c, "[security]\nlogin_window = 86401\n"), -1);
}

static void test_file_range_bounds_accepted(void **state) {
  struct vt_config c;
  assert_int_equal(load_text(state, &c, "[server]\nthreads = 1\nmax_body = 104857600\n"), 0);
  assert_int_equal(c.threads, 1);
  assert_int_equal(c.max_body, 104857600L);
  assert_int_equal(
      load_text(state, &c, "[security]\nlogin_max_failures = 1\nlogin_window = 86400\n"), 0);
  assert_int_equal(c.login_max_failures, 1);
  assert_int_equal(c.login_window, 86400);
  assert_int_equal(
      load_text(state, &c, "[security]\nlogin_max_failures = 1000\nlogin_window = 10\n"), 0);
  assert_int_equal(c.login_max_failures, 1000);
  assert_int_equal(c.login_window, 10);
}

static void test_file_bad_bool_fails(void **state) {
  struct vt_config c;
  assert_int_equal(load_text(state, &c, "[server]\ntrust_proxy = maybe\n"), -1);
}

static void test_file_malformed_section_header_fails(void **state) {
  struct vt_config c;
  assert_int_equal(load_text(state, &c, "[server\nthreads = 4\n"), -1);
  assert_int_equal(load_text(state, &c, "[server] extra\nthreads = 4\n"), -1);
}

static void test_file_string_too_long_fails(void **state) {
  struct vt_config c;
  char text[512];
  char host[200];
  memset(host, 'a', sizeof host - 1);
  host[sizeof host - 1] = '\0';
  snprintf(text, sizeof text, "[server]\nlisten = %s:80\n", host);
  assert_int_equal(load_text(state, &c, text), -1);
}

static void test_file_long_comment_line_ignored(void **state) {
  /* A comment is ignored whatever its length: the end of a very long comment
   * line (here past byte 2047) must not be read as an option. */
  struct vt_config c;
  char text[4096];
  size_t n = (size_t)snprintf(text, sizeof text, "[security]\n# ");
  size_t comment_start = n - 2;
  memset(text + n, 'x', comment_start + 2047 - n);
  n = comment_start + 2047;
  n += (size_t)snprintf(text + n, sizeof text - n, "login_window = 10\n");
  assert_true(n < sizeof text);
  int rc = load_text(state, &c, text);
  assert_int_equal(c.login_window, 900);
  assert_int_equal(rc, 0);
}

/* ---- environment and flags ---------------------------------------------- */

static void test_env_overrides_file(void **state) {
  struct vt_config c;
  assert_int_equal(load_text(state, &c,
                             "[server]\nthreads = 4\nlisten = 127.0.0.1:7000\n"
                             "[database]\npath = /from/file.db\n"),
                   0);
  setenv("VENTANILLA_THREADS", "7", 1);
  setenv("VENTANILLA_DB", "/from/env.db", 1);
  assert_int_equal(vt_config_load_env(&c), 0);
  assert_int_equal(c.threads, 7);
  assert_string_equal(c.db, "/from/env.db");
  /* Not in the environment: the file's value stays. */
  assert_string_equal(c.listen, "127.0.0.1:7000");
}

static void test_env_unset_keeps_file(void **state) {
  struct vt_config c;
  assert_int_equal(load_text(state, &c, "[server]\nthreads = 4\n"), 0);
  setenv("VENTANILLA_THREADS", "7", 1);
  unsetenv("VENTANILLA_THREADS");
  assert_int_equal(vt_config_load_env(&c), 0);
  assert_int_equal(c.threads, 4);
}

static void test_env_bad_value_fails(void **state) {
  (void)state;
  struct vt_config c;
  vt_config_defaults(&c);
  setenv("VENTANILLA_LOGIN_WINDOW", "5", 1); /* below 10 */
  assert_int_equal(vt_config_load_env(&c), -1);
  unsetenv("VENTANILLA_LOGIN_WINDOW");
  setenv("VENTANILLA_TRUST_PROXY", "sometimes", 1);
  assert_int_equal(vt_config_load_env(&c), -1);
}

static void test_env_bool_and_string(void **state) {
  (void)state;
  struct vt_config c;
  vt_config_defaults(&c);
  setenv("VENTANILLA_TRUST_PROXY", "1", 1);
  setenv("VENTANILLA_PUBLIC_URL", "https://ventanilla.example.es", 1);
  assert_int_equal(vt_config_load_env(&c), 0);
  assert_true(c.trust_proxy);
  assert_string_equal(c.public_url, "https://ventanilla.example.es");
}

static void test_set_db(void **state) {
  (void)state;
  struct vt_config c;
  vt_config_defaults(&c);
  assert_int_equal(vt_config_set(&c, "db", "/tmp/elsewhere.db"), 0);
  assert_string_equal(c.db, "/tmp/elsewhere.db");
}

static void test_set_listen_and_threads(void **state) {
  (void)state;
  struct vt_config c;
  vt_config_defaults(&c);
  assert_int_equal(vt_config_set(&c, "listen", "[::1]:9000"), 0);
  assert_string_equal(c.listen, "[::1]:9000");
  assert_int_equal(vt_config_set(&c, "threads", "3"), 0);
  assert_int_equal(c.threads, 3);
}

static void test_set_rejects_unknown_and_bad(void **state) {
  (void)state;
  struct vt_config c;
  vt_config_defaults(&c);
  int threads = c.threads;
  assert_int_equal(vt_config_set(&c, "nonsense", "1"), -1);
  assert_int_equal(vt_config_set(&c, "threads", "many"), -1);
  assert_int_equal(c.threads, threads);
}

/* ---- validation --------------------------------------------------------- */

static void test_validate_rejects_bad_values(void **state) {
  (void)state;
  struct vt_config c;
  vt_config_defaults(&c);
  assert_int_equal(vt_config_set(&c, "cookie_secure", "maybe"), 0);
  assert_int_equal(vt_config_validate(&c), -1);

  vt_config_defaults(&c);
  assert_int_equal(vt_config_set(&c, "public_url", "ftp://example.es"), 0);
  assert_int_equal(vt_config_validate(&c), -1);

  vt_config_defaults(&c);
  assert_int_equal(vt_config_set(&c, "level", "loud"), 0);
  assert_int_equal(vt_config_validate(&c), -1);

  vt_config_defaults(&c);
  assert_int_equal(vt_config_set(&c, "db", ""), 0);
  assert_int_equal(vt_config_validate(&c), -1);

  vt_config_defaults(&c);
  assert_int_equal(vt_config_set(&c, "listen", "nocolon"), 0);
  assert_int_equal(vt_config_validate(&c), -1);
}

/* ---- listen ------------------------------------------------------------- */

static int listen_parts(const char *listen, char *host, size_t hostsz, int *port) {
  struct vt_config c;
  vt_config_defaults(&c);
  assert_int_equal(vt_config_set(&c, "listen", listen), 0);
  return vt_config_listen_parts(&c, host, hostsz, port);
}

static void test_listen_ipv4(void **state) {
  (void)state;
  char host[64];
  int port = -1;
  assert_int_equal(listen_parts("127.0.0.1:8080", host, sizeof host, &port), 0);
  assert_string_equal(host, "127.0.0.1");
  assert_int_equal(port, 8080);
}

static void test_listen_ipv6_brackets(void **state) {
  (void)state;
  char host[64];
  int port = -1;
  assert_int_equal(listen_parts("[::1]:9000", host, sizeof host, &port), 0);
  assert_string_equal(host, "::1");
  assert_int_equal(port, 9000);
}

static void test_listen_name_port_zero(void **state) {
  (void)state;
  char host[64];
  int port = -1;
  assert_int_equal(listen_parts("localhost:0", host, sizeof host, &port), 0);
  assert_string_equal(host, "localhost");
  assert_int_equal(port, 0);
}

static void test_listen_max_port(void **state) {
  (void)state;
  char host[64];
  int port = -1;
  assert_int_equal(listen_parts("localhost:65535", host, sizeof host, &port), 0);
  assert_int_equal(port, 65535);
  assert_int_equal(listen_parts("localhost:65536", host, sizeof host, &port), -1);
}

static void test_listen_rejects_no_colon(void **state) {
  (void)state;
  char host[64];
  int port;
  assert_int_equal(listen_parts("nocolon", host, sizeof host, &port), -1);
}

static void test_listen_rejects_empty_host(void **state) {
  (void)state;
  char host[64];
  int port;
  assert_int_equal(listen_parts(":80", host, sizeof host, &port), -1);
}

static void test_listen_rejects_big_port(void **state) {
  (void)state;
  char host[64];
  int port;
  assert_int_equal(listen_parts("host:99999", host, sizeof host, &port), -1);
}

static void test_listen_rejects_bad_port_text(void **state) {
  (void)state;
  char host[64];
  int port;
  assert_int_equal(listen_parts("host:", host, sizeof host, &port), -1);
  assert_int_equal(listen_parts("host:80x", host, sizeof host, &port), -1);
  assert_int_equal(listen_parts("host:-1", host, sizeof host, &port), -1);
}

static void test_listen_host_buffer_too_small(void **state) {
  (void)state;
  char host[4];
  int port;
  assert_int_equal(listen_parts("localhost:80", host, sizeof host, &port), -1);
}

/* ---- cookie_secure ------------------------------------------------------ */

static void test_cookie_secure_auto_follows_public_url(void **state) {
  (void)state;
  struct vt_config c;
  vt_config_defaults(&c);
  assert_string_equal(c.cookie_secure, "auto");
  assert_false(vt_config_cookie_secure(&c)); /* http://localhost:8080 */
  assert_int_equal(vt_config_set(&c, "public_url", "https://sede.example.es"), 0);
  assert_true(vt_config_cookie_secure(&c));
}

static void test_cookie_secure_explicit(void **state) {
  (void)state;
  struct vt_config c;
  vt_config_defaults(&c);
  assert_int_equal(vt_config_set(&c, "cookie_secure", "true"), 0);
  assert_true(vt_config_cookie_secure(&c)); /* even over http */
  assert_int_equal(vt_config_set(&c, "cookie_secure", "false"), 0);
  assert_int_equal(vt_config_set(&c, "public_url", "https://sede.example.es"), 0);
  assert_false(vt_config_cookie_secure(&c));
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void) {
  const struct CMUnitTest tests[] = {
      T(test_defaults_validate),
      T(test_defaults_values),
      T(test_file_sections_set_options),
      T(test_file_missing_fails),
      T(test_file_unknown_option_fails),
      T(test_file_option_in_wrong_section_fails),
      T(test_file_option_before_any_section_fails),
      T(test_file_line_without_equals_fails),
      T(test_file_bad_integer_fails),
      T(test_file_out_of_range_fails),
      T(test_file_range_bounds_accepted),
      T(test_file_bad_bool_fails),
      T(test_file_malformed_section_header_fails),
      T(test_file_string_too_long_fails),
      T(test_file_long_comment_line_ignored),
      T(test_env_overrides_file),
      T(test_env_unset_keeps_file),
      T(test_env_bad_value_fails),
      T(test_env_bool_and_string),
      T(test_set_db),
      T(test_set_listen_and_threads),
      T(test_set_rejects_unknown_and_bad),
      T(test_validate_rejects_bad_values),
      T(test_listen_ipv4),
      T(test_listen_ipv6_brackets),
      T(test_listen_name_port_zero),
      T(test_listen_max_port),
      T(test_listen_rejects_no_colon),
      T(test_listen_rejects_empty_host),
      T(test_listen_rejects_big_port),
      T(test_listen_rejects_bad_port_text),
      T(test_listen_host_buffer_too_small),
      T(test_cookie_secure_auto_follows_public_url),
      T(test_cookie_secure_explicit),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
