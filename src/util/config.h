/* Configuration: defaults, then a config file, then VENTANILLA_* environment
 * variables, then command-line flags; validated completely at start-up. */
#ifndef VT_CONFIG_H
#define VT_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

struct vt_config {
  char listen[128];       /* server.listen: ADDR:PORT */
  int threads;            /* server.threads */
  int workers;            /* server.workers */
  long max_body;          /* server.max_body (bytes) */
  int max_connections;    /* server.max_connections */
  long attachment_max;    /* attachments.max_size (bytes) */
  char public_url[256];   /* server.public_url */
  char web_dir[512];      /* server.web_dir: serve web/ from disk (front-end work) */
  char cookie_secure[8];  /* server.cookie_secure: auto|true|false */
  int session_ttl;        /* server.session_ttl (seconds) */
  bool trust_proxy;       /* server.trust_proxy */
  char db[1024];          /* database.path */
  int busy_timeout_ms;    /* database.busy_timeout_ms */
  int pool_size;          /* database.pool_size */
  char log_level[8];      /* log.level */
  int login_max_failures; /* security.login_max_failures */
  int login_window;       /* security.login_window (seconds) */
  char mail_domain[128];  /* mail.domain: right-hand side of our Message-IDs */
  char smtp_url[256];     /* mail.smtp_url: default outgoing server */
  char smtp_from[256];    /* mail.smtp_from: default From address */
  int mail_poll_interval; /* mail.poll_interval (seconds) */
  int mail_acks_per_day;  /* mail.acks_per_day: per sender address */
  int mail_tickets_per_hour; /* mail.tickets_per_hour: new email tickets per sender */
  int mail_retry_seconds; /* mail.retry_seconds: first back-off of a failed send */
  bool mail_workers;      /* mail.workers: this node polls IMAP and sends the outbox */
  int chat_max_per_agent; /* chat.max_per_agent */
  int chat_queue_timeout; /* chat.queue_timeout (seconds) */
  int routing_threshold;  /* routing.classifier_threshold (percent) */
  int routing_retrain_hours; /* routing.retrain_hours (0: on demand only) */
  bool routing_auto_answer;  /* routing.auto_answer: confident articles answer new requests */
  int sla_sweep_seconds;     /* sla.sweep_seconds (0: no sweep on this node) */
  bool surveys_enabled;      /* surveys.enabled */
  int surveys_min_interval_days; /* surveys.min_interval_days */
};

void vt_config_defaults(struct vt_config *c);
/* Each returns 0, or -1 after printing "config: [section] option: why". */
int vt_config_load_file(struct vt_config *c, const char *path);
int vt_config_load_env(struct vt_config *c);
/* name is "listen", "db", ... (the option name without its section). */
int vt_config_set(struct vt_config *c, const char *name, const char *value);
int vt_config_validate(const struct vt_config *c);
/* Splits listen into host and port; 0 on success. */
int vt_config_listen_parts(const struct vt_config *c, char *host, size_t hostsz, int *port);
bool vt_config_cookie_secure(const struct vt_config *c);
/* Prints a commented example file documenting every option. */
void vt_config_print_example(void);

#endif
