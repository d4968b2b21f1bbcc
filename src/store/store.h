/* The storage interface: every read and write the server makes, as a table of
 * function pointers that each backend fills in (Taler's plugin pattern). No
 * handler or domain code ever sees SQL. Ownership: structs filled by a call
 * own their strings; release them with the matching vt_*_release(). */
#ifndef VT_STORE_H
#define VT_STORE_H

#include "domain/report.h"
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/model.h"

/* Query status (Taler's): what happened, not just "it failed". */
enum vt_qs {
  VT_QS_HARD = -2, /* a bug or a broken database: log and answer 500 */
  VT_QS_SOFT = -1, /* busy or serialization failure: worth retrying */
  VT_QS_NONE = 0,  /* no row / nothing changed / constraint said no */
  VT_QS_ONE = 1    /* done: one row, or a list filled in */
};

/* The administrations a caller may see. all=true is for the operator's own
 * commands, never for an HTTP caller. */
struct vt_scope {
  bool all;
  size_t n;
  vt_id *tenant_ids; /* owned */
  /* Confidential tickets (crime victims, gender violence) in those
   * administrations are seen only by supervisors and admins (conf_all), the
   * agent a ticket is assigned to (user_id), and the agents whose profile
   * names its department (conf_dept_ids); `all` sees everything. A ticket
   * the caller may not see does not exist for them: 404, not in lists,
   * searches, counts, timelines nor the live stream. */
  bool conf_all;
  vt_id user_id;
  size_t n_conf_depts;
  vt_id *conf_dept_ids; /* owned */
};
void vt_scope_release(struct vt_scope *s);
/* A copy that owns its arrays (release it with vt_scope_release). */
void vt_scope_copy(struct vt_scope *dst, const struct vt_scope *src);
bool vt_scope_has(const struct vt_scope *s, vt_id tenant_id);
/* Whether the scope sees a ticket of tenant_id with these fields. */
bool vt_scope_sees(const struct vt_scope *s, vt_id tenant_id, bool confidential,
                   vt_id department_id, vt_id assignee_id);

struct vt_tenant {
  vt_id id, parent_id;
  char code[16], parent_code[16];
  char *name, *timezone, *email, *phone;
};
struct vt_department {
  vt_id id, tenant_id;
  char tenant_code[16], code[48];
  char *name;
};
struct vt_service {
  vt_id id, tenant_id, department_id;
  char tenant_code[16], code[64], department_code[48];
  char *name, *description, *department_name;
  char *requirements_json; /* JSON array of strings */
  char *documents_json;    /* JSON array of {title,url,format} */
  char *channels;          /* comma-separated channel names */
  int processing_days, legal_deadline_days;
  bool active;
};
struct vt_user {
  vt_id id;
  char email[256];
  char *name;
  char *password_hash; /* filled only by user_by_email */
  enum vt_role role;
  bool active;
  char lang[4]; /* "es" or "en": what the server writes to them is in it */
};
struct vt_identity {
  enum vt_identity_kind kind;
  char value[256]; /* normalised */
  bool verified;
};
struct vt_citizen {
  vt_id id, merged_into;
  char *name;
  char lang[8];
  int64_t created_at;
  size_t n_identities;
  struct vt_identity *identities;
  long ticket_count; /* tickets in the caller's scope */
};
struct vt_ticket {
  vt_id id, tenant_id, service_id, department_id, citizen_id, assignee_id;
  int64_t version;
  char tenant_code[16], reference[40], service_code[64], department_code[48];
  char *subject, *citizen_name, *assignee_name, *service_name, *department_name;
  enum vt_channel channel;
  enum vt_status status;
  enum vt_priority priority;
  int64_t created_at, updated_at, first_response_at, resolved_at, closed_at;
  /* Due times (src/sla/deadlines.c; 0: none): first response and
   * resolution by the SLA policy, the legal deadline in business days, and
   * due_at, the earlier of resolution and legal, the one it is judged by. */
  int64_t first_response_due_at, resolution_due_at, legal_due_at, due_at;
  bool sla_paused;    /* waiting on the citizen: the clock is stopped */
  bool sla_escalated; /* a warning or breach has fired for it */
  char *tags_json;    /* routing's tags, a JSON array */
  bool confidential;  /* routing marked it confidential */
};
struct vt_message {
  vt_id id, ticket_id, author_user_id, author_citizen_id;
  enum vt_direction direction;
  enum vt_channel channel;
  bool internal;
  char *body, *author_name, *channel_message_id;
  char *attachments_json; /* JSON array of {id,filename,content_type,size} */
  int64_t created_at;
};
/* A row of the event log as the live stream sends it. */
struct vt_event {
  vt_id id, tenant_id, ticket_id, citizen_id, message_id, object_id;
  int64_t at;
  char action[32], object_kind[16], actor_kind[16];
  vt_id actor_id;
  char *data_json;
  /* Its ticket's, for the live stream to skip confidential tickets the
   * subscriber may not see (filled by events_after). */
  bool ticket_confidential;
  vt_id ticket_department_id, ticket_assignee_id;
};
void vt_event_release(struct vt_event *e);

/* Uploads to attach to a new message, in the message's own transaction:
 * the hashes of their tokens and who uploaded them. Uploads already
 * attached (a race with another message) are skipped. */
struct vt_attach {
  const char *owner; /* "public" or "user:<id>" */
  const char (*hashes)[65];
  size_t n;
};

/* An email to send, queued in the transaction that causes it (see outbox). */
struct vt_outbox_new {
  const char *kind; /* "reply", "ack" or "notification" */
  const char *to_addr;
  const char *rfc_message_id; /* the Message-ID it will carry, without <> */
};

/* A mailbox an administration receives email in. */
struct vt_mailbox {
  vt_id id, tenant_id, department_id;
  char tenant_code[16], name[64], address[256];
  char *imap_url, *imap_user;
  char *imap_password; /* filled only by mailbox_get_secret; NULL on save: keep */
  bool has_password;
  bool active;
  int64_t uidvalidity, last_uid, last_poll_at;
  char *last_error;
};
void vt_mailbox_release(struct vt_mailbox *m);

/* An administration's account on a messaging network. */
struct vt_channel_account {
  vt_id id, tenant_id;
  char tenant_code[16], network[16], account_id[64];
  char *secret, *access_token, *verify_token; /* filled only with_secret; NULL on save: keep */
  bool has_secret, has_access_token, has_verify_token;
  char *api_base_url;
  bool active;
};
void vt_channel_account_release(struct vt_channel_account *a);

/* An announcement: portal news, social posts, automatic answers, for a period. */
struct vt_announcement {
  vt_id id, tenant_id, created_by;
  char tenant_code[16];
  char *title, *body, *keywords; /* keywords: folded, one entry a line */
  int64_t starts_at, ends_at, created_at;
  bool on_portal, on_networks, auto_answer;
};
void vt_announcement_release(struct vt_announcement *a);

/* A claimed social post of an announcement. */
struct vt_announcement_post {
  vt_id id, announcement_id;
  char network[16], account_id[64];
  int attempts;
};

/* A live-chat widget an administration embeds in its pages. */
struct vt_chat_widget {
  vt_id id, tenant_id, department_id;
  char tenant_code[16], department_code[48], key[64];
  char *name, *tenant_name, *department_name, *timezone;
  char *allowed_origins; /* one origin a line */
  char *hours_json;      /* NULL: always open */
  bool active;
  int64_t created_at;
};
void vt_chat_widget_release(struct vt_chat_widget *w);

/* A chat's live state (the conversation itself is its ticket's messages). */
struct vt_chat {
  vt_id ticket_id, widget_id, tenant_id, department_id, agent_id, citizen_id;
  char tenant_code[16], tenant_name[128], reference[40], department_code[48];
  char status[8], end_reason[16]; /* end_reason "" while not ended */
  char *department_name, *agent_name, *citizen_name;
  int64_t queued_at, accepted_at, ended_at;
  long position; /* queued: 1 + those queued before it in its queue; else 0 */
};
void vt_chat_release(struct vt_chat *c);

/* The chat a new ticket opens (ticket_create), queued or already ended
 * (end_reason "closed" or "no_agents": filed as a request). */
struct vt_chat_new {
  vt_id widget_id;
  const char *status;     /* "queued" or "ended" */
  const char *end_reason; /* NULL when queued */
};

/* Why a chat operation did not happen. */
enum vt_chat_refusal {
  VT_CHAT_OK,
  VT_CHAT_GONE,      /* no such chat (or not in the caller's scope) */
  VT_CHAT_TAKEN,     /* not queued any more: someone else took it */
  VT_CHAT_LIMIT,     /* the agent already has the most chats allowed */
  VT_CHAT_ENDED,     /* already ended */
  VT_CHAT_NOT_YOURS, /* an active chat of another agent */
};

/* A routing rule of an administration (the engine is src/routing/rules.c). */
struct vt_routing_rule {
  vt_id id, tenant_id;
  char tenant_code[16];
  long position;
  char *name;
  char *rule_json; /* {"when": {...}, "then": {...}} */
  bool active;
  int64_t created_at, updated_at;
};
void vt_routing_rule_release(struct vt_routing_rule *r);

/* A resolved ticket as a classifier's training example. */
struct vt_routing_example {
  char *text;      /* subject and first message */
  char label[120]; /* the department's code */
};
void vt_routing_example_release(struct vt_routing_example *e);

/* A knowledge-base article. */
struct vt_kb_article {
  vt_id id, tenant_id, service_id, department_id, updated_by;
  char tenant_code[16], lang[8], visibility[12], service_code[64], department_code[48];
  char *title, *summary, *body; /* body: Markdown */
  char *documents_json;         /* [{title,url,format}] */
  long version;
  bool active;
  int64_t created_at, updated_at;
  double rank; /* a search's relevance (higher is better); 0 otherwise */
  char *terms; /* a search's: the stored search terms (stems), space-separated */
};
void vt_kb_article_release(struct vt_kb_article *a);

/* An agent's profile for assignment, and their availability. */
struct vt_agent_profile {
  vt_id user_id;
  char *departments_json, *languages_json, *skills_json; /* JSON arrays of strings */
  long max_open;
  char status[8]; /* online, away, offline (online lapses at status_until) */
  int64_t status_until, last_assigned_at;
  long open_tickets; /* assigned and not resolved nor closed */
};
void vt_agent_profile_release(struct vt_agent_profile *p);

/* A canned answer. */
struct vt_macro {
  vt_id id, tenant_id, department_id;
  char tenant_code[16], department_code[48];
  char *name, *body; /* body: text with {placeholders} */
  int64_t updated_at;
};
void vt_macro_release(struct vt_macro *m);

/* One line of the backlog: the open tickets of a department or a service
 * (group_id 0: none set) by age band, and how many are overdue. */
struct vt_backlog_row {
  vt_id tenant_id, group_id;
  char tenant_code[16], group_code[64];
  char *group_name;
  long band[4]; /* 0-7, 8-30, 31-60, over 60 days old */
  long overdue, total;
};
void vt_backlog_row_release(struct vt_backlog_row *r);

/* What a volume, time or agent report covers. Days are yyyymmdd, each
 * administration's own local calendar days, both included. */
struct vt_report_filter {
  vt_id tenant_id; /* 0: every administration of the scope */
  int from_day, to_day;
  char channel[16];    /* "": any */
  vt_id department_id; /* 0: any */
  vt_id service_id;    /* 0: any */
};

/* One group of a volume/time report: tickets created in the period (and
 * the filters), grouped by "none", "channel", "day", "tenant",
 * "department" or "service". hist: created by local hour, first-response
 * and resolution time buckets (src/domain/report.h). SLA compliance and
 * satisfaction (CSAT, NPS, CES) will be more counters here. */
enum { VT_SLA_FR, VT_SLA_RES, VT_SLA_LEGAL };
/* Satisfaction sums: answers (= csat answers, required), the sum of csat
 * and its 4-5 count; nps answers, 9-10 and 0-6; ces answers and sum; fcr
 * answers and yes (surveys answered in the period, by answered_at). Then
 * the response rate's: surveys offered in the period (by sent_at) and how
 * many of those are answered (docs/metrics.md). */
enum {
  VT_SAT_ANSWERS,
  VT_SAT_CSAT_SUM,
  VT_SAT_CSAT_SAT,
  VT_SAT_NPS_N,
  VT_SAT_NPS_PRO,
  VT_SAT_NPS_DET,
  VT_SAT_CES_N,
  VT_SAT_CES_SUM,
  VT_SAT_FCR_N,
  VT_SAT_FCR_YES,
  VT_SAT_OFFERED,
  VT_SAT_OFFER_ANSWERED,
  VT_RPT_SAT_N
};
struct vt_report_row {
  char key[16]; /* channel, or day as yyyymmdd; "" otherwise */
  vt_id id;     /* the tenant, department or service; 0: none */
  char tenant_code[16], code[64];
  char *name; /* the group's name; NULL for none */
  long created, responded, resolved, fcr, handled;
  int64_t handle_ms; /* sum over the `handled` tickets */
  int64_t hist[VT_RPT_SLOTS];
  /* SLA compliance of the cohort (docs/metrics.md): sla[target][what],
   * target VT_SLA_FR / VT_SLA_RES / VT_SLA_LEGAL, what 0 due, 1 met, 2 missed. */
  long sla[3][3];
  /* Surveys answered in the period (by answered_at) and offered in it (by
   * sent_at): sat[VT_SAT_*]. */
  long sat[VT_RPT_SAT_N];
};
void vt_report_row_release(struct vt_report_row *r);

/* A ticket of another system brought in with its own history (import
 * subcommand, benchmarks): codes are looked up in its administration;
 * times in ms since the epoch (0: not yet). Nobody's personal data comes
 * with it: each import attaches its tickets to one anonymous person per
 * administration. */
struct vt_ticket_import {
  char reference[40], tenant[16], channel[16], department[48], service[48], assignee[128];
  char subject[200];
  int64_t created_at, first_response_at, resolved_at, closed_at, handle_ms; /* handle_ms -1: none */
  long agent_replies, reopens;
  /* Its due times as the other system had them (0: none) and which were
   * breached (tickets.sla_breached bits); with any due time the ticket
   * counts as stamped: the sweep leaves its due times alone. */
  int64_t first_response_due_at, resolution_due_at, legal_due_at;
  long sla_breached;
};

/* An agent's workload: open tickets assigned now; resolved while assigned
 * and public replies written, in the period; the surveys of their tickets
 * (surveys.agent_id) answered and offered in the period, as in
 * vt_report_row. */
struct vt_agent_load {
  vt_id user_id;
  char *name;
  long open, resolved, replies;
  long sat[VT_RPT_SAT_N];
};
void vt_agent_load_release(struct vt_agent_load *a);

/* What the people who run the service watch (GET /metrics). */
struct vt_ops_gauges {
  long tickets_open, tickets_overdue, outbox_pending, outbox_failed, chats_queued, chats_active;
  long sla_warnings, sla_breaches; /* escalations ever fired, by stage */
};

/* An administration's outgoing mail server. */
struct vt_smtp {
  vt_id tenant_id;
  char *url, *username, *password, *from_address, *from_name;
  bool has_password;
};
void vt_smtp_release(struct vt_smtp *s);

/* A claimed outbox row. */
struct vt_outbox_item {
  vt_id id, tenant_id, ticket_id, message_id;
  char kind[16];
  char *to_addr;
  char rfc_message_id[256];
  int attempts;
  int parts_sent; /* of a message sent in several parts */
};
void vt_outbox_item_release(struct vt_outbox_item *o);

/* A file uploaded by a citizen or an agent, before it is attached to a
 * message (the upload's token, of which only the hash is kept, attaches it). */
struct vt_upload {
  char owner[32]; /* "public" or "user:<id>" */
  char token_hash[65];
  const char *filename;
  const char *content_type;
  int64_t size;
  char sha256[65];
  int64_t created_at;
};
/* An attached file with its contents, for a download. */
struct vt_attachment_file {
  vt_id id, message_id, ticket_id;
  bool internal; /* the message is an internal note */
  char *filename;
  char content_type[128];
  int64_t size;
  unsigned char *data; /* size bytes */
};
void vt_attachment_file_release(struct vt_attachment_file *a);

/* Another agent on a ticket right now (the console's concurrent-viewer warning). */
struct vt_presence {
  vt_id user_id;
  char *user_name;
  char activity[16]; /* "viewing" or "replying" */
  int64_t at;        /* last heartbeat */
};
void vt_presence_release(struct vt_presence *p);

/* One entry of a citizen's timeline: an event on one of their tickets. */
struct vt_timeline_item {
  vt_id event_id, ticket_id, message_id;
  int64_t at;
  char action[32], reference[40], tenant_code[16];
  char *data_json;     /* the event's details */
  struct vt_message m; /* filled when message_id != 0 */
};

void vt_tenant_release(struct vt_tenant *t);
void vt_department_release(struct vt_department *d);
void vt_service_release(struct vt_service *s);
void vt_user_release(struct vt_user *u);
void vt_citizen_release(struct vt_citizen *c);
void vt_ticket_release(struct vt_ticket *t);
void vt_message_release(struct vt_message *m);
void vt_timeline_item_release(struct vt_timeline_item *i);
/* Frees an array of n items with the given release function. */
#define VT_RELEASE_ARRAY(arr, n, fn)                                                               \
  do {                                                                                             \
    for (size_t vt_i_ = 0; vt_i_ < (n); vt_i_++)                                                   \
      fn(&(arr)[vt_i_]);                                                                           \
    free(arr);                                                                                     \
  } while (0)

/* Satisfaction surveys (docs/surveys.md). What decides whether resolving a
 * ticket offers one; the store applies it in the resolving transaction. */
struct vt_survey_policy {
  bool enabled;          /* surveys.enabled */
  int min_interval_days; /* surveys.min_interval_days: at most one per citizen in it (0: no limit)
                          */
  bool default_smtp;     /* mail.smtp_url and mail.smtp_from are set (email can go out) */
  char mail_domain[128]; /* right-hand side of the invitation's Message-ID */
  bool record_only;      /* keep the survey, send no invitation (the demo's past tickets) */
};

/* A survey as stored. answered_at 0: not answered (csat 0, the others -1). */
struct vt_survey {
  vt_id id, tenant_id, ticket_id, citizen_id, agent_id, department_id, service_id;
  char tenant_code[16], reference[40], channel[16], delivered_via[8], lang[8];
  char *tenant_name, *agent_name; /* agent_name NULL without an agent */
  int64_t sent_at, answered_at;
  int csat;      /* 1..5; 0: unanswered */
  int fcr;       /* 1 yes, 0 no, -1 not given */
  int ces, nps;  /* 1..7 and 0..10; -1: not given */
  char *comment; /* NULL: none */
};
void vt_survey_release(struct vt_survey *v);

/* A citizen's answers (validated by the caller). */
struct vt_survey_answer {
  int csat;            /* 1..5 */
  int fcr, ces, nps;   /* -1: not given */
  const char *comment; /* NULL: none */
};

/* Which surveys a supervisor lists: 0 / NULL means any. */
struct vt_survey_filter {
  vt_id tenant_id, agent_id, department_id;
  int64_t from, to; /* sent_at in [from, to) */
  bool answered_only;
  vt_id before_id; /* cursor: ids below this; 0: from the newest */
  int limit;
};

/* Optional idempotency of a creation: a retried request with the same key in
 * the same scope returns what the first one created. */
struct vt_idempotency {
  const char *scope;        /* e.g. "public_request" or "user:12" */
  const char *key;          /* the client's Idempotency-Key */
  const char *request_hash; /* hash of the request body: same key, other body = conflict */
};

struct vt_ticket_new {
  vt_id tenant_id, service_id, department_id; /* service/department 0: none */
  enum vt_channel channel;
  enum vt_priority priority;
  const char *subject, *body;
  /* The citizen: an existing one, or found/created by these identities. */
  vt_id citizen_id;
  const char *citizen_name;
  size_t n_identities;
  struct vt_identity identities[4];
  vt_id actor_user_id;                /* the agent logging a call or visit; 0 for citizens */
  vt_id assignee_id;                  /* 0: unassigned */
  enum vt_direction direction;        /* of the first message */
  const char *access_token_hash;      /* citizen's status link, may be NULL */
  const char *access_token;           /* kept 24 h with an idempotency key, for the replay */
  const char *channel_message_id;     /* the channel's id of the first message, may be NULL */
  const struct vt_idempotency *idem;  /* may be NULL */
  struct vt_attach attach;            /* files of the first message; n = 0: none */
  const struct vt_outbox_new *outbox; /* an email to queue with it (the acknowledgement), or NULL */
  const struct vt_chat_new *chat;     /* the live chat it opens, or NULL */
  /* What routing decided (see src/routing/route.c): tags (a JSON array,
   * NULL: none), confidential, and the explanation, written as the
   * ticket's "ticket_routed" event in its creating transaction (NULL: no
   * routing happened). */
  const char *tags_json;
  bool confidential;
  const char *routing_json;
  int64_t now;
};
struct vt_ticket_created {
  vt_id ticket_id, message_id, citizen_id;
  char reference[40];
  bool replayed;          /* an earlier identical request created it */
  bool idem_conflict;     /* the idempotency key came with another request */
  char access_token[128]; /* on replay, the token the first answer carried */
};

struct vt_ticket_filter {
  int status, channel, priority;              /* -1: any */
  vt_id tenant_id, department_id, citizen_id; /* 0: any */
  vt_id assignee_id;                          /* 0: any; -1: unassigned */
  const char *q;                              /* text search, may be NULL */
  vt_id before_id;                            /* cursor: ids below this; 0: from the newest */
  int limit;
  bool overdue;     /* only open tickets whose due date is before now */
  bool at_risk;     /* only open tickets with a deadline warning or breach fired */
  bool open_only;   /* only tickets not resolved nor closed */
  vt_id service_id; /* 0: any */
  int64_t created_after, created_before; /* 0: no bound (created_at > after, <= before) */
  int64_t now;
};

/* A change to a ticket: fields with has_x set are changed. */
struct vt_ticket_patch {
  bool has_status, has_priority, has_department, has_assignee, has_service, has_confidential;
  enum vt_status status;
  enum vt_priority priority;
  vt_id department_id, assignee_id, service_id; /* 0 clears */
  bool confidential;
};

struct vt_message_new {
  vt_id ticket_id;
  enum vt_direction direction;
  enum vt_channel channel;
  vt_id author_user_id, author_citizen_id;
  const char *body;
  bool internal;
  const char *channel_message_id; /* may be NULL */
  const struct vt_idempotency *idem;
  int new_status;                     /* -1: unchanged */
  bool set_first_response;            /* this message is the first response */
  struct vt_attach attach;            /* its files; n = 0: none */
  const struct vt_outbox_new *outbox; /* the email that carries it, or NULL */
  int64_t now;
};
struct vt_message_added {
  vt_id message_id;
  bool replayed;      /* seen before (channel id or idempotency key): nothing new */
  bool idem_conflict; /* the idempotency key came with another request */
};

/* What a ticket's due times are computed from (src/sla/deadlines.c). */
struct vt_sla_facts {
  vt_id ticket_id, tenant_id, policy_id;
  int64_t created_at, updated_at, first_response_at;
  enum vt_status status;
  char timezone[64];
  char *hours_json;    /* the department's, else the administration's; NULL: default */
  char *holidays_json; /* ["YYYY-MM-DD", ...]: national, the ancestors', its own */
  int legal_days;      /* the service's legal deadline in business days; 0: none */
  int processing_days; /* the service's usual time in business days; 0: none */
  int64_t first_response_minutes, resolution_minutes; /* the policy's; -1: none */
  char *pauses_json; /* [[started, ended or 0 while it lasts], ...] */
};
void vt_sla_facts_release(struct vt_sla_facts *f);
struct vt_sla_due {
  vt_id policy_id;
  int64_t first_response, resolution, legal, due; /* 0: none */
};
/* Due times computed for a ticket as it was at seen_updated_at. */
struct vt_sla_stamp {
  vt_id ticket_id;
  int64_t seen_updated_at;
  struct vt_sla_due due;
};
/* Breach emails one supervisor gets in an hour, at most (the console's
 * at-risk queue has the rest). */
#define VT_SLA_ALERTS_PER_HOUR 20
/* The longest warning a policy may ask for (legal deadlines in days). */
#define VT_SLA_MAX_WARN_MS (31LL * 86400000)
/* A ticket whose warning or breach is due now. */
struct vt_sla_candidate {
  vt_id ticket_id, tenant_id, citizen_id;
  char target[16]; /* first_response, resolution, legal */
  char stage[8];   /* warning, breach */
  int64_t due_at;
  char *actions_json; /* the policy's on_breach */
};
void vt_sla_candidate_release(struct vt_sla_candidate *c);
/* One level of holidays and hours: national (level 0) or an administration. */
struct vt_calendar {
  char *hours_json;       /* the administration's hours (NULL: default; national: none) */
  char *departments_json; /* {"code": hours or null, ...} */
  char *holidays_json;    /* [{"date","name"}, ...] of this level */
  char *inherited_json;   /* [{"date","name","level"}, ...] from the levels above */
};
void vt_calendar_release(struct vt_calendar *c);

struct vt_store {
  const char *backend; /* "sqlite", "postgres" */
  /* Whether event ids become visible in id order (SQLite's single writer)
   * or may commit out of order (PostgreSQL sequences, several nodes). */
  bool events_in_id_order;
  /* Whether resolving a ticket offers a survey (set by the caller after
   * opening; all zero: never). Read by writing transactions only. */
  struct vt_survey_policy survey_policy;
  void (*close)(struct vt_store *s);
  /* Applies missing migrations; *applied gets how many. */
  enum vt_qs (*migrate)(struct vt_store *s, int *applied);
  enum vt_qs (*schema_version)(struct vt_store *s, int *version);

  /* Administrations and their structure. */
  enum vt_qs (*tenant_upsert)(struct vt_store *s, const struct vt_tenant *in, vt_id *id);
  enum vt_qs (*tenant_by_code)(struct vt_store *s, const char *code, struct vt_tenant *out);
  enum vt_qs (*tenant_get)(struct vt_store *s, vt_id id, struct vt_tenant *out);
  enum vt_qs (*tenants_list)(struct vt_store *s, const struct vt_scope *scope,
                             struct vt_tenant **items, size_t *n);
  /* The ids of the given tenants and all their descendants. */
  enum vt_qs (*tenants_expand)(struct vt_store *s, const vt_id *roots, size_t n_roots,
                               struct vt_scope *out);
  enum vt_qs (*department_upsert)(struct vt_store *s, const struct vt_department *in, vt_id *id);
  enum vt_qs (*department_get)(struct vt_store *s, vt_id id, struct vt_department *out);
  enum vt_qs (*department_by_code)(struct vt_store *s, vt_id tenant_id, const char *code,
                                   struct vt_department *out);
  enum vt_qs (*departments_list)(struct vt_store *s, const struct vt_scope *scope, vt_id tenant_id,
                                 struct vt_department **items, size_t *n);
  enum vt_qs (*service_upsert)(struct vt_store *s, const struct vt_service *in, vt_id *id);
  enum vt_qs (*service_get)(struct vt_store *s, vt_id id, struct vt_service *out);
  enum vt_qs (*service_by_code)(struct vt_store *s, vt_id tenant_id, const char *code,
                                struct vt_service *out);
  /* Active services of a tenant; q (may be NULL) searches names and descriptions. */
  enum vt_qs (*services_list)(struct vt_store *s, vt_id tenant_id, const char *q,
                              struct vt_service **items, size_t *n);

  /* Users and authentication. */
  enum vt_qs (*user_upsert)(struct vt_store *s, const struct vt_user *in, const char *password_hash,
                            const vt_id *tenant_ids, size_t n_tenants, vt_id *id);
  enum vt_qs (*user_by_email)(struct vt_store *s, const char *email, struct vt_user *out);
  enum vt_qs (*user_get)(struct vt_store *s, vt_id id, struct vt_user *out);
  /* The language the user reads ventanilla in ("es" or "en"). */
  enum vt_qs (*user_set_lang)(struct vt_store *s, vt_id id, const char *lang);
  /* The departments an agent's profile names (their ids, in every
   * administration): the confidential tickets they may see. */
  enum vt_qs (*agent_department_ids)(struct vt_store *s, vt_id user_id, vt_id **ids, size_t *n);
  /* The tenants a user is given (not expanded). */
  enum vt_qs (*user_tenants)(struct vt_store *s, vt_id user_id, vt_id **ids, size_t *n);
  enum vt_qs (*token_create)(struct vt_store *s, vt_id user_id, const char *token_hash,
                             const char *label, int64_t now);
  enum vt_qs (*token_user)(struct vt_store *s, const char *token_hash, vt_id *user_id);
  enum vt_qs (*session_create)(struct vt_store *s, const char *session_hash, vt_id user_id,
                               const char *csrf_token, int64_t now, int64_t expires_at);
  /* The CSRF token is kept as is: it is worthless without the session token,
   * of which only a hash is kept, and the console must read it back. */
  enum vt_qs (*session_get)(struct vt_store *s, const char *session_hash, int64_t now,
                            vt_id *user_id, char csrf_token[80]);
  enum vt_qs (*session_delete)(struct vt_store *s, const char *session_hash);
  /* Login throttling, keyed by account and by client address (hashed). */
  enum vt_qs (*login_failures)(struct vt_store *s, const char *key, int64_t since, long *count);
  enum vt_qs (*login_failure_add)(struct vt_store *s, const char *key, int64_t now);
  enum vt_qs (*login_failures_clear)(struct vt_store *s, const char *key);

  /* Tickets and messages. */
  enum vt_qs (*ticket_create)(struct vt_store *s, const struct vt_ticket_new *in,
                              struct vt_ticket_created *out);
  /* NONE when the ticket does not exist or lies outside the scope. */
  enum vt_qs (*ticket_get)(struct vt_store *s, const struct vt_scope *scope, vt_id id,
                           struct vt_ticket *out);
  enum vt_qs (*ticket_by_reference)(struct vt_store *s, const char *reference,
                                    struct vt_ticket *out, char access_hash[65]);
  enum vt_qs (*tickets_list)(struct vt_store *s, const struct vt_scope *scope,
                             const struct vt_ticket_filter *f, struct vt_ticket **items, size_t *n);
  /* Compare-and-set on version: NONE if the ticket changed since it was read. */
  enum vt_qs (*ticket_update)(struct vt_store *s, vt_id id, int64_t version,
                              const struct vt_ticket_patch *p, vt_id actor_user_id,
                              const char *changes_json, int64_t now);
  /* NONE if the ticket is gone; a replay fills out->replayed. */
  enum vt_qs (*message_add)(struct vt_store *s, const struct vt_message_new *in,
                            struct vt_message_added *out);
  enum vt_qs (*message_get)(struct vt_store *s, vt_id id, struct vt_message *out);
  enum vt_qs (*messages_list)(struct vt_store *s, vt_id ticket_id, bool include_internal,
                              struct vt_message **items, size_t *n);
  /* Whether a user may be assigned tickets of a tenant (directly or through a parent). */
  enum vt_qs (*user_serves_tenant)(struct vt_store *s, vt_id user_id, vt_id tenant_id);
  /* The active users who serve a tenant (directly or through a parent), by name. */
  enum vt_qs (*users_for_tenant)(struct vt_store *s, vt_id tenant_id, struct vt_user **items,
                                 size_t *n);

  /* Presence: who has a ticket open. touch records (or refreshes) the user's
   * activity; list returns the others seen since `since`; leave forgets the user. */
  enum vt_qs (*presence_touch)(struct vt_store *s, vt_id ticket_id, vt_id user_id,
                               const char *activity, int64_t now);
  enum vt_qs (*presence_list)(struct vt_store *s, vt_id ticket_id, vt_id except_user, int64_t since,
                              struct vt_presence **items, size_t *n);
  enum vt_qs (*presence_leave)(struct vt_store *s, vt_id ticket_id, vt_id user_id);

  /* Attachments. upload_create stores the bytes (once per distinct content)
   * and the pending upload. uploads_usable counts how many of the token
   * hashes name uploads of this owner, made since `since`, not attached yet
   * (or attached already, with include_attached: a retried request).
   * Uploads are attached by ticket_create and message_add, in the same
   * transaction as the message. attachment_read loads one attached file
   * with its bytes.
   * uploads_sweep forgets unattached uploads made before `before`, and
   * contents nothing refers to any more. */
  enum vt_qs (*upload_create)(struct vt_store *s, const struct vt_upload *u, const void *data);
  enum vt_qs (*uploads_usable)(struct vt_store *s, const char *owner, const char (*hashes)[65],
                               size_t n, int64_t since, bool include_attached, size_t *usable);
  enum vt_qs (*attachment_read)(struct vt_store *s, vt_id id, struct vt_attachment_file *out);
  enum vt_qs (*uploads_sweep)(struct vt_store *s, int64_t before);

  /* Email. Mailboxes and SMTP settings; passwords are written, and read
   * back only by the *_secret calls the mail threads use. */
  enum vt_qs (*mailbox_save)(struct vt_store *s, const struct vt_mailbox *in, vt_id *id);
  enum vt_qs (*mailbox_get)(struct vt_store *s, vt_id id, bool with_secret, struct vt_mailbox *out);
  enum vt_qs (*mailbox_by_name)(struct vt_store *s, const char *name, struct vt_mailbox *out);
  /* The mailboxes of the scope's administrations; scope->all for the poller. */
  enum vt_qs (*mailboxes_list)(struct vt_store *s, const struct vt_scope *scope,
                               struct vt_mailbox **items, size_t *n);
  /* Takes the node's lease on polling a mailbox: ONE if taken, NONE if
   * another node holds it. */
  enum vt_qs (*mailbox_claim_poll)(struct vt_store *s, vt_id id, int64_t now, int64_t until);
  enum vt_qs (*mailbox_poll_done)(struct vt_store *s, vt_id id, int64_t uidvalidity,
                                  int64_t last_uid, const char *error, int64_t now);
  enum vt_qs (*smtp_save)(struct vt_store *s, const struct vt_smtp *in, int64_t now);
  enum vt_qs (*smtp_get)(struct vt_store *s, vt_id tenant_id, bool with_secret,
                         struct vt_smtp *out);
  /* The ticket a reply belongs to, in one administration: the first of ids
   * that is the Message-ID of one of its emails (received: stored as
   * "<tenant id>/<Message-ID>", or sent by us). */
  enum vt_qs (*mail_thread_lookup)(struct vt_store *s, vt_id tenant_id, const char *const *ids,
                                   size_t n, vt_id *ticket_id);
  /* How many emails of a kind went to an address since a time (loop guard). */
  enum vt_qs (*outbox_count_to)(struct vt_store *s, const char *to_addr, const char *kind,
                                int64_t since, long *count);
  /* Claims up to limit due rows until `until`; NONE when there is none. */
  enum vt_qs (*outbox_claim)(struct vt_store *s, int64_t now, int64_t until, int limit,
                             struct vt_outbox_item **items, size_t *n);
  /* The outcome of a send: "sent", "retry" (next_at) or "failed" (a
   * delivery-failure event is added to the ticket). */
  enum vt_qs (*outbox_result)(struct vt_store *s, vt_id id, const char *status, const char *error,
                              const char *remote_id, int64_t next_at, int64_t now);
  /* Records that the first `parts` parts of a row went out (the last one
   * with remote_id), so a retry resumes after them. */
  enum vt_qs (*outbox_progress)(struct vt_store *s, vt_id id, int parts, const char *remote_id);
  /* A network's receipt for what we sent (remote_id): adds the event
   * (message_delivered, message_read, delivery_failed) to its ticket, once.
   * NONE when no sent message has that id. */
  enum vt_qs (*outbox_receipt)(struct vt_store *s, vt_id tenant_id, const char *remote_id,
                               const char *action, int64_t now);

  /* Announcements. create also queues a post on each of the tenant's active
   * X and Facebook accounts when on_networks. list: tenant_id 0 = every
   * one in scope; active_at 0 = any time, else those running at that time. */
  enum vt_qs (*announcement_create)(struct vt_store *s, const struct vt_announcement *in,
                                    vt_id *id);
  enum vt_qs (*announcements_list)(struct vt_store *s, const struct vt_scope *scope,
                                   vt_id tenant_id, int64_t active_at,
                                   struct vt_announcement **items, size_t *n);
  enum vt_qs (*announcement_get)(struct vt_store *s, vt_id id, struct vt_announcement *out);
  /* Ends it now (no effect on one that already ended); NONE if unknown. */
  enum vt_qs (*announcement_end)(struct vt_store *s, vt_id id, int64_t now);
  /* Records that a ticket got this automatic answer: ONE the first time,
   * NONE when the ticket already had one. */
  enum vt_qs (*announcement_answer_once)(struct vt_store *s, vt_id ticket_id,
                                         vt_id announcement_id);
  enum vt_qs (*announcement_posts_claim)(struct vt_store *s, int64_t now, int64_t until, int limit,
                                         struct vt_announcement_post **items, size_t *n);
  enum vt_qs (*announcement_post_result)(struct vt_store *s, vt_id id, const char *status,
                                         const char *error, const char *remote_id, int64_t next_at);

  /* Messaging-network accounts. */
  enum vt_qs (*channel_account_save)(struct vt_store *s, const struct vt_channel_account *in,
                                     int64_t now, vt_id *id);
  enum vt_qs (*channel_account_find)(struct vt_store *s, const char *network,
                                     const char *account_id, bool with_secret,
                                     struct vt_channel_account *out);
  /* The active account of a tenant on a network (for sending). */
  enum vt_qs (*channel_account_of)(struct vt_store *s, vt_id tenant_id, const char *network,
                                   struct vt_channel_account *out);
  enum vt_qs (*channel_accounts_list)(struct vt_store *s, const struct vt_scope *scope,
                                      struct vt_channel_account **items, size_t *n);

  /* Live chat. Widgets: save inserts (id 0) or updates. */
  enum vt_qs (*chat_widget_save)(struct vt_store *s, const struct vt_chat_widget *in, int64_t now,
                                 vt_id *id);
  enum vt_qs (*chat_widget_get)(struct vt_store *s, vt_id id, struct vt_chat_widget *out);
  enum vt_qs (*chat_widget_by_key)(struct vt_store *s, const char *key, struct vt_chat_widget *out);
  enum vt_qs (*chat_widgets_list)(struct vt_store *s, const struct vt_scope *scope,
                                  struct vt_chat_widget **items, size_t *n);
  /* A chat by its ticket; scope NULL: any administration (the citizen's
   * token was checked already). */
  enum vt_qs (*chat_get)(struct vt_store *s, const struct vt_scope *scope, vt_id ticket_id,
                         struct vt_chat *out);
  /* Chats in the scope with a status ("queued": oldest first; else newest
   * first, at most 200); agent_id 0: anyone's. */
  enum vt_qs (*chats_list)(struct vt_store *s, const struct vt_scope *scope, const char *status,
                           vt_id agent_id, struct vt_chat **items, size_t *n);
  /* The mean wait (queued to accepted) of the last 20 chats of a tenant
   * accepted since `since`; *count 0 when there are none. */
  enum vt_qs (*chat_mean_wait)(struct vt_store *s, vt_id tenant_id, int64_t since, int64_t *mean_ms,
                               long *count);
  /* A queued chat to an agent (assigning the ticket), if they have fewer
   * than max active chats. */
  enum vt_qs (*chat_accept)(struct vt_store *s, vt_id ticket_id, vt_id user_id, int max,
                            int64_t now, enum vt_chat_refusal *why);
  /* A chat to another agent (to_user: active with them, if under max) or
   * back to a department's queue (to_department, keeping its queue time).
   * holder_only: an active chat must be the actor's (VT_CHAT_NOT_YOURS),
   * checked on the row the change locks; supervisors pass false. */
  enum vt_qs (*chat_transfer)(struct vt_store *s, vt_id ticket_id, vt_id actor_user_id,
                              bool holder_only, vt_id to_user, vt_id to_department, int max,
                              int64_t now, enum vt_chat_refusal *why);
  /* Ends a chat (reason: resolved, ticket, citizen_left, timeout); "resolved"
   * resolves the ticket, the others leave it open. actor_user_id 0: the
   * citizen or the system. holder_only as for chat_transfer. */
  enum vt_qs (*chat_end)(struct vt_store *s, vt_id ticket_id, vt_id actor_user_id, bool holder_only,
                         const char *reason, int64_t now, enum vt_chat_refusal *why);
  /* A typing event ("agent" or "citizen"), at most one every 2 s per side;
   * NONE when throttled or the chat ended. */
  enum vt_qs (*chat_typing)(struct vt_store *s, vt_id ticket_id, const char *who, vt_id actor_id,
                            int64_t now);
  /* Ends with reason timeout every chat queued before `before`; *n how many. */
  enum vt_qs (*chats_expire)(struct vt_store *s, int64_t before, int64_t now, long *n);
  /* An agent's chat duty: on until `until` (0: off). */
  enum vt_qs (*chat_duty_set)(struct vt_store *s, vt_id user_id, int64_t until);
  enum vt_qs (*chat_duty_get)(struct vt_store *s, vt_id user_id, int64_t now, bool *on,
                              long *active_chats);
  /* How many active agents serving a tenant are on duty at `now`. */
  enum vt_qs (*chat_agents_on_duty)(struct vt_store *s, vt_id tenant_id, int64_t now, long *n);
  /* Queues a chat's transcript to an address (outbox kind "transcript"),
   * unless `max` were queued for that chat already (NONE). */
  enum vt_qs (*chat_transcript_queue)(struct vt_store *s, vt_id tenant_id, vt_id ticket_id,
                                      const char *to_addr, const char *rfc_message_id, int max,
                                      int64_t now);
  /* The events of one ticket after an id, oldest first (a chat's stream). */
  enum vt_qs (*ticket_events_after)(struct vt_store *s, vt_id ticket_id, vt_id after_id, int limit,
                                    struct vt_event **items, size_t *n);

  /* Routing. Rules of a tenant in position order (tenant_id 0: every one
   * in the scope), inactive ones too with include_inactive. */
  enum vt_qs (*routing_rules_list)(struct vt_store *s, const struct vt_scope *scope,
                                   vt_id tenant_id, bool include_inactive,
                                   struct vt_routing_rule **items, size_t *n);
  enum vt_qs (*routing_rule_get)(struct vt_store *s, vt_id id, struct vt_routing_rule *out);
  /* Inserts (id 0) or updates. */
  enum vt_qs (*routing_rule_save)(struct vt_store *s, const struct vt_routing_rule *in, int64_t now,
                                  vt_id *id);
  enum vt_qs (*routing_rule_delete)(struct vt_store *s, vt_id id);
  /* The tenant's classifier (NONE when never trained); caller frees *model_json. */
  enum vt_qs (*routing_model_get)(struct vt_store *s, vt_id tenant_id, char **model_json,
                                  int64_t *trained_at, long *examples);
  enum vt_qs (*routing_model_save)(struct vt_store *s, vt_id tenant_id, const char *model_json,
                                   long examples, long labels, int64_t now);
  /* Training examples: the tenant's resolved or closed tickets with a
   * department, newest first, at most limit. */
  enum vt_qs (*routing_examples)(struct vt_store *s, vt_id tenant_id, int limit,
                                 struct vt_routing_example **items, size_t *n);

  /* Assignment. A profile that was never saved reads as the defaults (NONE
   * is not returned for an existing user). save writes departments,
   * languages, skills and max_open. */
  enum vt_qs (*agent_profile_get)(struct vt_store *s, vt_id user_id, int64_t now,
                                  struct vt_agent_profile *out);
  enum vt_qs (*agent_profile_save)(struct vt_store *s, const struct vt_agent_profile *in);
  /* online until `until`, away or offline. Going offline or away puts the
   * agent's active chats back in their queues (keeping their place). */
  enum vt_qs (*agent_status_set)(struct vt_store *s, vt_id user_id, const char *status,
                                 int64_t until, int64_t now);
  /* Assigns an unassigned ticket by policy ("round_robin", "least_loaded",
   * "skills") to an online agent who serves its administration, works for
   * its department (or any, with no departments in the profile), has fewer
   * than max_open open tickets, and for "skills" speaks the citizen's
   * language, preferring the most skills among the ticket's tags. NONE
   * when nobody fits (the ticket stays in the queue). */
  enum vt_qs (*ticket_assign_auto)(struct vt_store *s, vt_id ticket_id, const char *policy,
                                   int64_t now, vt_id *assignee);
  /* Puts back in their queues the active chats of agents no longer on
   * chat duty (it lapsed, or they left); *n how many. */
  enum vt_qs (*chats_requeue_absent)(struct vt_store *s, int64_t now, long *n);

  /* The backlog of the scope's administrations (tenant_id 0: all of them)
   * grouped by "department" or "service", at `now`. */
  enum vt_qs (*backlog)(struct vt_store *s, const struct vt_scope *scope, vt_id tenant_id,
                        const char *group, int64_t now, struct vt_backlog_row **items, size_t *n);
  /* Inserts the tickets whose reference is not there yet (a re-run adds
   * nothing); *created how many. NONE at the first row with a code that
   * is unknown (*bad is its index; the rows before it are in). */
  enum vt_qs (*tickets_import)(struct vt_store *s, const struct vt_ticket_import *rows, size_t n,
                               int64_t now, size_t *created, size_t *bad);
  /* A phone call's or visit's handling time (ms), logged with the ticket. */
  enum vt_qs (*ticket_handle_set)(struct vt_store *s, vt_id ticket_id, int64_t handle_ms);
  /* Volumes and times from the rollups, grouped by `group` (see
   * vt_report_row); rows ordered by group. */
  enum vt_qs (*report_volumes)(struct vt_store *s, const struct vt_scope *scope,
                               const struct vt_report_filter *f, const char *group,
                               struct vt_report_row **items, size_t *n);
  /* Agents' workload in the scope (channel, department, service ignored). */
  enum vt_qs (*report_agents)(struct vt_store *s, const struct vt_scope *scope,
                              const struct vt_report_filter *f, struct vt_agent_load **items,
                              size_t *n);
  /* Operations: counts over every administration, at `now`. */
  enum vt_qs (*ops_gauges)(struct vt_store *s, int64_t now, struct vt_ops_gauges *out);

  /* Canned answers. list: those of the scope's tenants; department_id > 0
   * keeps those of that department and those for every department. */
  enum vt_qs (*macros_list)(struct vt_store *s, const struct vt_scope *scope, vt_id department_id,
                            struct vt_macro **items, size_t *n);
  enum vt_qs (*macro_get)(struct vt_store *s, vt_id id, struct vt_macro *out);
  enum vt_qs (*macro_save)(struct vt_store *s, const struct vt_macro *in, int64_t now, vt_id *id);
  enum vt_qs (*macro_delete)(struct vt_store *s, vt_id id);

  /* Knowledge base. save inserts (id 0) or updates, keeping the previous
   * text as a version; terms are its analysed search terms, space-separated. */
  enum vt_qs (*kb_article_save)(struct vt_store *s, const struct vt_kb_article *in,
                                const char *terms, vt_id actor_user_id, int64_t now, vt_id *id);
  enum vt_qs (*kb_article_get)(struct vt_store *s, vt_id id, struct vt_kb_article *out);
  /* The articles of the scope (tenant_id 0: all of it), newest first. */
  enum vt_qs (*kb_articles_list)(struct vt_store *s, const struct vt_scope *scope, vt_id tenant_id,
                                 struct vt_kb_article **items, size_t *n);
  /* How many articles (of any administration, in any state) hold each
   * term: docs[i] for terms[i], 0 for none; *total, how many articles there
   * are. A search uses it to choose the terms worth matching. */
  enum vt_qs (*kb_term_docs)(struct vt_store *s, const char *const *terms, size_t n, long *docs,
                             long *total);
  /* Active articles of the tenants in scope matching any of the terms,
   * best first (rank filled); public_only for citizens. */
  enum vt_qs (*kb_search)(struct vt_store *s, const struct vt_scope *scope,
                          const char *const *terms, size_t n_terms, bool public_only, int limit,
                          struct vt_kb_article **items, size_t *n);
  /* A request an article answered before it was sent. */
  enum vt_qs (*kb_deflection_add)(struct vt_store *s, vt_id tenant_id, vt_id article_id,
                                  const char *channel, int64_t now);

  /* Deadlines (src/sla). */
  enum vt_qs (*sla_facts)(struct vt_store *s, vt_id ticket_id, struct vt_sla_facts *out);
  /* Saves due times, in one transaction; a ticket changed since its
   * seen_updated_at is left alone (it will be computed again). */
  enum vt_qs (*sla_stamp)(struct vt_store *s, const struct vt_sla_stamp *items, size_t n);
  /* Tickets changed since their due times were computed, oldest first. */
  enum vt_qs (*sla_stale)(struct vt_store *s, int limit, vt_id **ids, size_t *n);
  /* Open tickets (not waiting on the citizen) whose warning or breach is
   * due at `now` and not yet fired. */
  enum vt_qs (*sla_candidates)(struct vt_store *s, int64_t now, int limit,
                               struct vt_sla_candidate **items, size_t *n);
  /* Fires escalations and their actions, in one transaction; one already
   * fired (by another node, before a restart) does nothing. *fired: how
   * many did fire. Any failure rolls the whole batch back. */
  enum vt_qs (*sla_escalate)(struct vt_store *s, const struct vt_sla_candidate *items, size_t n,
                             int64_t now, long *fired);
  /* Calendars: level 0 national, else an administration's id. Saving
   * replaces the level's hours (and its departments' when departments_json
   * is set) and holidays, and has the open tickets below it computed again. */
  enum vt_qs (*calendar_get)(struct vt_store *s, vt_id level, struct vt_calendar *out);
  enum vt_qs (*calendar_put)(struct vt_store *s, vt_id level, const struct vt_calendar *in,
                             int64_t now);
  /* SLA policies of an administration as a JSON array (service as id);
   * saving replaces them all and has its open tickets computed again. */
  enum vt_qs (*sla_policies_get)(struct vt_store *s, vt_id tenant_id, char **json);
  enum vt_qs (*sla_policies_put)(struct vt_store *s, vt_id tenant_id, const char *json,
                                 int64_t now);

  /* Citizens. */
  enum vt_qs (*citizens_search)(struct vt_store *s, const struct vt_scope *scope, const char *q,
                                const struct vt_identity *exact, int limit,
                                struct vt_citizen **items, size_t *n);
  enum vt_qs (*citizen_get)(struct vt_store *s, const struct vt_scope *scope, vt_id id,
                            struct vt_citizen *out);
  enum vt_qs (*citizen_merge)(struct vt_store *s, vt_id keep_id, vt_id other_id,
                              vt_id actor_user_id, int64_t now);
  enum vt_qs (*citizen_timeline)(struct vt_store *s, const struct vt_scope *scope, vt_id id,
                                 vt_id before_event, int limit, struct vt_timeline_item **items,
                                 size_t *n);

  /* Satisfaction surveys. Surveys are created by the store itself, in the
   * transaction that resolves a ticket (ticket_update, message_add with a
   * new status, chat_end "resolved"), following s->survey_policy.
   * survey_of_ticket: NONE when the ticket has none or lies outside the
   * scope (NULL: any administration, for a citizen whose token was
   * checked). survey_by_token: by the hash of the link's token. */
  enum vt_qs (*survey_of_ticket)(struct vt_store *s, const struct vt_scope *scope, vt_id ticket_id,
                                 struct vt_survey *out);
  enum vt_qs (*survey_by_token)(struct vt_store *s, const char *token_hash, struct vt_survey *out);
  /* The hash of the token a link about to be sent carries (a new link
   * replaces an older one). NONE when the survey is unknown. */
  enum vt_qs (*survey_token_set)(struct vt_store *s, vt_id survey_id, const char *token_hash);
  /* Records the answers, once: NONE when already answered (or unknown).
   * Adds a survey_answered event to the ticket. */
  enum vt_qs (*survey_answer)(struct vt_store *s, vt_id survey_id, const struct vt_survey_answer *a,
                              int64_t now);
  /* Surveys of the scope's administrations, newest first. */
  enum vt_qs (*surveys_list)(struct vt_store *s, const struct vt_scope *scope,
                             const struct vt_survey_filter *f, struct vt_survey **items, size_t *n);

  /* The live event stream. Events with id > after_id, oldest first, at most
   * limit; scope NULL means every administration (the node's own hub). */
  enum vt_qs (*events_after)(struct vt_store *s, const struct vt_scope *scope, vt_id after_id,
                             int limit, struct vt_event **items, size_t *n);
  enum vt_qs (*events_last_id)(struct vt_store *s, vt_id *id);
  /* Blocks until events may have been added (by this process, or on
   * PostgreSQL by any node: LISTEN/NOTIFY) or timeout_ms passes. ONE when
   * woken, NONE on timeout. One caller at a time (the node's hub). */
  enum vt_qs (*events_wait)(struct vt_store *s, int timeout_ms);
};

/* Opens the backend named by the location: a postgres:// or postgresql://
 * URL for PostgreSQL (pool_size connections), a file path for SQLite
 * (busy_timeout_ms for locks held by other processes). The caller closes it
 * with s->close(s). NULL on failure, after logging why. */
struct vt_store *vt_store_open(const char *location, int busy_timeout_ms, int pool_size);
bool vt_store_is_postgres(const char *location);

#endif
