/* ventanilla demo: the demo data set loaded through the store interface, the
 * same path real requests take. Idempotent: administrations, departments,
 * services and users are upserted by code, and every demo ticket carries a
 * channel message id, so a second run finds them and adds nothing. */
#include <jansson.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/demo_data.h"
#include "domain/ticket_rules.h"
#include "util/buf.h"
#include "util/crypto.h"
#include "util/timeutil.h"
#include "util/validate.h"

#define DEMO_PASSWORD "ventanilla-demo"
#define N_CITIZENS    600
#define N_WORKERS     16

struct demo_citizen {
  char name[128], email[200], phone[24], dni[12], handle[160];
};

struct demo_tenant {
  vt_id id;
  const struct vt_demo_tenant *def;
  vt_id agents[8];
  size_t n_agents;
};

struct demo {
  struct vt_store *st;
  struct demo_tenant tenants[32];
  size_t n_tenants;
  struct demo_citizen citizens[N_CITIZENS];
  long n_tickets;
  int64_t now;
  pthread_mutex_t lock;
  long created, replayed, failed;
};

/* A small deterministic generator, so two runs make the same data. */
static uint64_t mix(uint64_t x) {
  x += 0x9e3779b97f4a7c15ull;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}

static void ascii_fold(const char *in, char *out, size_t outsz) {
  /* For email local parts: "María José" -> "mariajose". */
  static const struct {
    const char *from;
    char to;
  } map[] = {{"á", 'a'}, {"é", 'e'}, {"í", 'i'}, {"ó", 'o'}, {"ú", 'u'}, {"ü", 'u'}, {"ñ", 'n'},
             {"Á", 'a'}, {"É", 'e'}, {"Í", 'i'}, {"Ó", 'o'}, {"Ú", 'u'}, {"Ñ", 'n'}};
  size_t o = 0;
  for (const char *p = in; *p && o + 1 < outsz;) {
    bool done = false;
    for (size_t i = 0; i < sizeof map / sizeof *map && !done; i++) {
      size_t n = strlen(map[i].from);
      if (!strncmp(p, map[i].from, n)) {
        out[o++] = map[i].to;
        p += n;
        done = true;
      }
    }
    if (done)
      continue;
    char c = *p++;
    if (c >= 'A' && c <= 'Z')
      out[o++] = (char)(c + 32);
    else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
      out[o++] = c;
  }
  out[o] = '\0';
}

static void make_citizens(struct demo *d) {
  static const char *const domains[] = {"correo.example", "mail.example", "buzon.example"};
  for (int i = 0; i < N_CITIZENS; i++) {
    struct demo_citizen *c = &d->citizens[i];
    uint64_t r = mix((uint64_t)i * 7919u + 17);
    const char *g = vt_demo_given_names[r % vt_demo_given_names_count];
    const char *s1 = vt_demo_surnames[(r >> 16) % vt_demo_surnames_count];
    const char *s2 = vt_demo_surnames[(r >> 32) % vt_demo_surnames_count];
    snprintf(c->name, sizeof c->name, "%s %s %s", g, s1, s2);
    char fg[64], fs[64];
    ascii_fold(g, fg, sizeof fg);
    ascii_fold(s1, fs, sizeof fs);
    snprintf(c->email, sizeof c->email, "%s.%s%d@%s", fg, fs, i, domains[r % 3]);
    unsigned long num = 10000000ul + (unsigned long)(mix((uint64_t)i) % 89999999ul);
    snprintf(c->dni, sizeof c->dni, "%08lu%c", num, vt_dni_letter(num));
    snprintf(c->phone, sizeof c->phone, "+346%08lu",
             (unsigned long)(mix((uint64_t)i + 5) % 100000000ul));
    snprintf(c->handle, sizeof c->handle, "%s%s%d", fg, fs, i % 97);
  }
}

#define DEMO_WIDGET_NAME "Sede electrónica (demo)"

/* A chat widget for Móstoles that the sample page (and the server's own
 * address) may embed, so the demo shows the chat as a citizen meets it.
 * Loaded once: a second run finds it. Prints the sample page's address. */
static int demo_chat_widget(struct vt_store *st, const struct vt_config *cfg) {
  struct vt_scope all = {.all = true};
  struct vt_chat_widget *items;
  size_t n;
  char key[64] = "";
  if (st->chat_widgets_list(st, &all, &items, &n) != VT_QS_ONE)
    return -1;
  for (size_t i = 0; i < n && !key[0]; i++)
    if (!strcmp(items[i].tenant_code, "MOS") && items[i].name &&
        !strcmp(items[i].name, DEMO_WIDGET_NAME))
      snprintf(key, sizeof key, "%s", items[i].key);
  VT_RELEASE_ARRAY(items, n, vt_chat_widget_release);
  if (!key[0]) {
    struct vt_tenant t;
    if (st->tenant_by_code(st, "MOS", &t) != VT_QS_ONE)
      return -1;
    /* The page's origin: the public address, and the loopback forms of it. */
    char origins[600], origin[280];
    const char *u = cfg->public_url, *host = strstr(u, "://");
    size_t len = host ? strcspn(host + 3, "/") + (size_t)(host + 3 - u) : strlen(u);
    snprintf(origin, sizeof origin, "%.*s", (int)len, u);
    snprintf(origins, sizeof origins, "%s%s%s", origin,
             strcmp(origin, "http://localhost:8080") ? "\nhttp://localhost:8080" : "",
             "\nhttp://127.0.0.1:8080");
    struct vt_chat_widget w = {
        .tenant_id = t.id, .name = DEMO_WIDGET_NAME, .allowed_origins = origins, .active = true};
    vt_token_new("vtw_", w.key, sizeof w.key);
    snprintf(key, sizeof key, "%s", w.key);
    enum vt_qs qs = st->chat_widget_save(st, &w, vt_now_ms(), NULL);
    vt_tenant_release(&t);
    if (qs != VT_QS_ONE)
      return -1;
  }
  printf("demo: live chat on a sample municipal page: %s/static/chat/demo.html?key=%s\n",
         cfg->public_url, key);
  return 0;
}

static int load_structure(struct demo *d, const char *pwhash) {
  struct vt_store *st = d->st;
  vt_id region = 0;
  for (size_t i = 0; i < vt_demo_tenants_count; i++) {
    const struct vt_demo_tenant *t = &vt_demo_tenants[i];
    struct vt_tenant in = {0};
    snprintf(in.code, sizeof in.code, "%s", t->code);
    in.name = (char *)t->name;
    in.timezone = (char *)t->timezone;
    in.email = (char *)t->email;
    in.phone = (char *)t->phone;
    in.parent_id = t->parent_code ? region : 0;
    struct demo_tenant *dt = &d->tenants[d->n_tenants++];
    dt->def = t;
    if (st->tenant_upsert(st, &in, &dt->id) != VT_QS_ONE)
      return -1;
    if (!t->parent_code)
      region = dt->id;
  }
  for (size_t k = 0; k < d->n_tenants; k++) {
    struct demo_tenant *dt = &d->tenants[k];
    bool is_region = dt->def->parent_code == NULL;
    for (size_t i = 0; i < vt_demo_departments_count; i++) {
      const struct vt_demo_department *dep = &vt_demo_departments[i];
      if (strcmp(dep->tenant_code, is_region ? dt->def->code : "*"))
        continue;
      struct vt_department in = {0};
      in.tenant_id = dt->id;
      snprintf(in.code, sizeof in.code, "%s", dep->code);
      in.name = (char *)dep->name;
      if (st->department_upsert(st, &in, NULL) != VT_QS_ONE)
        return -1;
    }
    for (size_t i = 0; i < vt_demo_services_count; i++) {
      const struct vt_demo_service *sv = &vt_demo_services[i];
      if (strcmp(sv->tenant_code, is_region ? dt->def->code : "*"))
        continue;
      struct vt_department dep;
      if (st->department_by_code(st, dt->id, sv->department_code, &dep) != VT_QS_ONE) {
        fprintf(stderr, "demo: service %s names unknown department %s\n", sv->code,
                sv->department_code);
        return -1;
      }
      json_t *req = json_array(), *docs = json_array();
      for (int r = 0; r < 6 && sv->requirements[r]; r++)
        json_array_append_new(req, json_string(sv->requirements[r]));
      for (int r = 0; r < 4 && sv->documents[r].title; r++)
        json_array_append_new(docs,
                              json_pack("{s:s, s:s, s:s}", "title", sv->documents[r].title, "url",
                                        sv->documents[r].url, "format", sv->documents[r].format));
      struct vt_service in = {0};
      in.tenant_id = dt->id;
      snprintf(in.code, sizeof in.code, "%s", sv->code);
      in.name = (char *)sv->name;
      in.description = (char *)sv->description;
      in.requirements_json = json_dumps(req, JSON_COMPACT);
      in.documents_json = json_dumps(docs, JSON_COMPACT);
      in.channels = (char *)sv->channels;
      in.department_id = dep.id;
      in.processing_days = sv->processing_days;
      in.legal_deadline_days = sv->legal_deadline_days;
      in.active = true;
      enum vt_qs qs = st->service_upsert(st, &in, NULL);
      free(in.requirements_json);
      free(in.documents_json);
      json_decref(req);
      json_decref(docs);
      vt_department_release(&dep);
      if (qs != VT_QS_ONE)
        return -1;
    }
    /* Staff: the region's 012 centre serves every municipality (its scope
     * covers them as descendants); each municipality has its own 010 team. */
    char email[128], name[128], lc[16];
    ascii_fold(dt->def->code, lc, sizeof lc);
    int n_agents = is_region ? 4 : 2;
    for (int a = 0; a < n_agents + 1; a++) {
      struct vt_user u = {0};
      bool sup = a == n_agents;
      if (sup)
        snprintf(email, sizeof email, "supervisor.%s@ventanilla.example", lc);
      else
        snprintf(email, sizeof email, "agente%d.%s@ventanilla.example", a + 1, lc);
      const char *given =
          vt_demo_given_names[mix((uint64_t)(k * 31 + (size_t)a)) % vt_demo_given_names_count];
      const char *sur =
          vt_demo_surnames[mix((uint64_t)(k * 17 + (size_t)a + 3)) % vt_demo_surnames_count];
      snprintf(name, sizeof name, "%s %s", given, sur);
      snprintf(u.email, sizeof u.email, "%s", email);
      u.name = name;
      u.role = sup ? VT_ROLE_SUPERVISOR : VT_ROLE_AGENT;
      u.active = true;
      vt_id uid;
      if (st->user_upsert(st, &u, pwhash, &dt->id, 1, &uid) != VT_QS_ONE)
        return -1;
      if (!sup && dt->n_agents < 8)
        dt->agents[dt->n_agents++] = uid;
    }
  }
  struct vt_user admin = {0};
  snprintf(admin.email, sizeof admin.email, "admin@ventanilla.example");
  admin.name = "Administración ventanilla";
  admin.role = VT_ROLE_ADMIN;
  admin.active = true;
  return st->user_upsert(st, &admin, pwhash, &d->tenants[0].id, 1, NULL) == VT_QS_ONE ? 0 : -1;
}

static struct demo_tenant *tenant_for(struct demo *d, const struct vt_demo_service *sv,
                                      uint64_t r) {
  if (strcmp(sv->tenant_code, "*")) {
    for (size_t i = 0; i < d->n_tenants; i++)
      if (!strcmp(d->tenants[i].def->code, sv->tenant_code))
        return &d->tenants[i];
    return &d->tenants[0];
  }
  return &d->tenants[1 + r % (d->n_tenants - 1)];
}

static const struct vt_demo_service *service_def(const char *code) {
  for (size_t i = 0; i < vt_demo_services_count; i++)
    if (!strcmp(vt_demo_services[i].code, code))
      return &vt_demo_services[i];
  return NULL;
}

/* The channel a request arrived on: one the service accepts. */
static enum vt_channel pick_channel(const struct vt_demo_service *sv, uint64_t r) {
  enum vt_channel opts[VT_CH__COUNT];
  int n = 0;
  const char *p = sv->channels;
  while (p && *p) {
    size_t len = strcspn(p, ",");
    char name[16];
    if (len < sizeof name) {
      memcpy(name, p, len);
      name[len] = '\0';
      int c = vt_channel_parse(name);
      if (c >= 0)
        opts[n++] = (enum vt_channel)c;
    }
    p += len;
    if (*p == ',')
      p++;
  }
  return n ? opts[r % (uint64_t)n] : VT_CH_WEB;
}

/* Most citizens offered a survey answer it, mostly content: something for
 * the satisfaction reports to show (docs/metrics.md). */
static const char *const SURVEY_COMMENTS[] = {
    NULL,
    NULL,
    NULL,
    "Muy amables y rápidos.",
    "Me costó encontrar a quién dirigirme.",
    "Todo claro, gracias.",
    "Tuve que llamar dos veces.",
    "La respuesta llegó antes de lo previsto.",
};

static void answer_survey(struct vt_store *st, vt_id ticket_id, uint64_t r, int64_t resolved_at,
                          int64_t now) {
  struct vt_survey v;
  if (st->survey_of_ticket(st, NULL, ticket_id, &v) != VT_QS_ONE)
    return;
  vt_id id = v.id;
  bool answered = v.answered_at != 0;
  vt_survey_release(&v);
  uint64_t q = r * 0x9E3779B97F4A7C15ULL;
  if (answered || (q >> 60) % 10 < 3) /* three in ten never answer */
    return;
  static const int csat_of[10] = {5, 5, 5, 4, 4, 4, 3, 3, 2, 1};
  int csat = csat_of[(q >> 8) % 10];
  struct vt_survey_answer a = {
      .csat = csat,
      .fcr = (q >> 16) % 10 < (uint64_t)(csat >= 4 ? 8 : 3) ? 1 : 0,
      .ces = (q >> 20) % 5 == 0                    ? -1
             : csat + 2 - (int)((q >> 24) % 3) > 7 ? 7
                                                   : csat + 2 - (int)((q >> 24) % 3),
      .nps = (q >> 28) % 4 == 0                     ? -1
             : csat * 2 - (int)((q >> 32) % 2) > 10 ? 10
                                                    : csat * 2 - (int)((q >> 32) % 2),
      .comment = SURVEY_COMMENTS[(q >> 36) % (sizeof SURVEY_COMMENTS / sizeof *SURVEY_COMMENTS)],
  };
  if (a.ces < 1 && a.ces != -1)
    a.ces = 1;
  int64_t at = resolved_at + 3600000LL * (int64_t)(1 + (q >> 40) % 48);
  st->survey_answer(st, id, &a, at < now ? at : now);
}

static void one_ticket(struct demo *d, long i) {
  struct vt_store *st = d->st;
  uint64_t r = mix((uint64_t)i);
  const struct vt_demo_request *rq = &vt_demo_requests[(size_t)i % vt_demo_requests_count];
  const struct vt_demo_service *sv = service_def(rq->service_code);
  if (!sv)
    return;
  struct demo_tenant *dt = tenant_for(d, sv, r >> 8);
  struct demo_citizen *c = &d->citizens[(r >> 20) % N_CITIZENS];
  struct vt_service svc;
  if (st->service_by_code(st, dt->id, sv->code, &svc) != VT_QS_ONE)
    return;
  struct vt_ticket_new tn = {0};
  tn.tenant_id = dt->id;
  tn.service_id = svc.id;
  tn.department_id = svc.department_id;
  vt_service_release(&svc);
  tn.channel = pick_channel(sv, r >> 4);
  tn.priority = (r >> 40) % 10 == 0   ? VT_PR_HIGH
                : (r >> 40) % 25 == 1 ? VT_PR_URGENT
                                      : VT_PR_NORMAL;
  tn.subject = rq->subject;
  tn.body = rq->body;
  tn.citizen_name = c->name;
  tn.direction = VT_DIR_IN;
  /* Each channel knows the person by what that channel carries. */
  struct vt_identity *ids = tn.identities;
  size_t n = 0;
  switch (tn.channel) {
  case VT_CH_EMAIL:
  case VT_CH_CHAT:
    ids[n].kind = VT_ID_EMAIL, snprintf(ids[n++].value, 256, "%s", c->email);
    break;
  case VT_CH_PHONE:
    ids[n].kind = VT_ID_PHONE, snprintf(ids[n++].value, 256, "%s", c->phone);
    break;
  case VT_CH_WHATSAPP:
    ids[n].kind = VT_ID_WHATSAPP, snprintf(ids[n++].value, 256, "%s", c->phone);
    ids[n].kind = VT_ID_PHONE, snprintf(ids[n++].value, 256, "%s", c->phone);
    break;
  case VT_CH_TELEGRAM:
    ids[n].kind = VT_ID_TELEGRAM, snprintf(ids[n++].value, 256, "@%s", c->handle);
    break;
  case VT_CH_X:
    ids[n].kind = VT_ID_X, snprintf(ids[n++].value, 256, "@%s", c->handle);
    break;
  case VT_CH_FACEBOOK:
    ids[n].kind = VT_ID_FACEBOOK, snprintf(ids[n++].value, 256, "fb-%s", c->handle);
    break;
  case VT_CH_IN_PERSON:
    ids[n].kind = VT_ID_NATIONAL_ID, snprintf(ids[n++].value, 256, "%s", c->dni);
    ids[n].kind = VT_ID_PHONE, snprintf(ids[n++].value, 256, "%s", c->phone);
    break;
  default:
    ids[n].kind = VT_ID_EMAIL, snprintf(ids[n++].value, 256, "%s", c->email);
    ids[n].kind = VT_ID_NATIONAL_ID, snprintf(ids[n++].value, 256, "%s", c->dni);
    break;
  }
  tn.n_identities = n;
  if (tn.channel == VT_CH_PHONE || tn.channel == VT_CH_IN_PERSON)
    tn.actor_user_id = dt->agents[(r >> 12) % dt->n_agents];
  bool assigned = (r >> 44) % 5 != 0;
  tn.assignee_id = assigned ? dt->agents[(r >> 24) % dt->n_agents] : 0;
  char cmid[32], token[VT_TOKEN_CHARS + 8], token_hash[VT_TOKEN_HASH_HEX + 1];
  snprintf(cmid, sizeof cmid, "demo-%ld", i);
  tn.channel_message_id = cmid;
  if (tn.channel == VT_CH_WEB) {
    vt_token_new("vtr_", token, sizeof token);
    vt_token_hash(token, token_hash);
    tn.access_token_hash = token_hash;
  }
  /* Spread over the last 120 days, newest last. */
  int64_t span = 120LL * 86400000;
  tn.now = d->now - span + (span * i) / (d->n_tickets + 1) + (int64_t)(r % 3600000);
  struct vt_ticket_created out;
  enum vt_qs qs = st->ticket_create(st, &tn, &out);
  pthread_mutex_lock(&d->lock);
  if (qs != VT_QS_ONE)
    d->failed++;
  else if (out.replayed)
    d->replayed++;
  else
    d->created++;
  pthread_mutex_unlock(&d->lock);
  if (qs != VT_QS_ONE || out.replayed)
    return;

  /* Most requests got an answer; some were resolved or closed since. */
  int fate = (int)((r >> 48) % 10);
  if (fate < 2)
    return; /* still new */
  size_t reply_i = (size_t)((r >> 28) % vt_demo_replies_count);
  for (size_t k = 0; k < vt_demo_replies_count; k++) {
    const struct vt_demo_reply *rp = &vt_demo_replies[(reply_i + k) % vt_demo_replies_count];
    if (!rp->service_code || !strcmp(rp->service_code, sv->code)) {
      reply_i = (reply_i + k) % vt_demo_replies_count;
      break;
    }
  }
  vt_id agent = tn.assignee_id ? tn.assignee_id : dt->agents[0];
  char rid[40];
  snprintf(rid, sizeof rid, "demo-%ld-r", i);
  int64_t t1 = tn.now + 3600000LL * (int64_t)(1 + (r >> 52) % 40);
  /* The latest requests are still waiting for their answer: nothing happens
   * in the future. */
  if (t1 + 1800000 > d->now)
    return;
  struct vt_message_new mn = {.ticket_id = out.ticket_id,
                              .direction = VT_DIR_OUT,
                              .channel = tn.channel,
                              .author_user_id = agent,
                              .body = vt_demo_replies[reply_i].body,
                              .channel_message_id = rid,
                              .new_status = VT_ST_OPEN,
                              .set_first_response = true,
                              .now = t1};
  struct vt_message_added added;
  if (st->message_add(st, &mn, &added) != VT_QS_ONE)
    return;
  if (fate >= 4) {
    struct vt_ticket_patch p = {.has_status = true,
                                .status = fate >= 8   ? VT_ST_CLOSED
                                          : fate >= 5 ? VT_ST_RESOLVED
                                                      : VT_ST_PENDING};
    char changes[96];
    snprintf(changes, sizeof changes, "{\"status\":[\"open\",\"%s\"]}", vt_status_name(p.status));
    /* Version 2: created (1), then the reply above (2). */
    if (st->ticket_update(st, out.ticket_id, 2, &p, agent, changes, t1 + 1800000) == VT_QS_ONE &&
        p.status == VT_ST_RESOLVED)
      answer_survey(st, out.ticket_id, r, t1 + 1800000, d->now);
  }
}

struct worker {
  struct demo *d;
  int w;
};

static void *worker_main(void *arg) {
  struct worker *wk = arg;
  for (long i = wk->w; i < wk->d->n_tickets; i += N_WORKERS)
    one_ticket(wk->d, i);
  return NULL;
}

int vt_cmd_demo(int argc, char **argv) {
  struct vt_config cfg;
  if (vt_cli_config(argc, argv, &cfg) != 0)
    return 2;
  long n_tickets = 1200;
  const char *nt = vt_cli_flag(argc, argv, "--tickets");
  if (nt) {
    char *end;
    n_tickets = strtol(nt, &end, 10);
    if (*end || n_tickets < 0 || n_tickets > 10000000) {
      fprintf(stderr, "ventanilla: --tickets must be a number from 0 to 10000000\n");
      return 2;
    }
  }
  struct vt_store *st = vt_cli_open_store(&cfg, NULL);
  if (!st)
    return 1;
  /* The demo's tickets were resolved in the past: their surveys are kept
   * (and some answered below) but no invitation goes out now. */
  st->survey_policy.record_only = true;
  struct demo *d = calloc(1, sizeof *d);
  if (!d)
    abort();
  d->st = st;
  d->n_tickets = n_tickets;
  d->now = vt_now_ms();
  pthread_mutex_init(&d->lock, NULL);
  char pwhash[VT_PASSWORD_HASH_MAX];
  int rc = 0;
  /* One hash serves every demo account: they share the demo password, and
   * argon2id per account would make the demo slow to load. */
  if (vt_password_hash(DEMO_PASSWORD, pwhash) != 0 || load_structure(d, pwhash) != 0) {
    fprintf(stderr, "ventanilla: loading the demo administrations failed\n");
    rc = 1;
  } else {
    make_citizens(d);
    pthread_t th[N_WORKERS];
    struct worker wk[N_WORKERS];
    for (int w = 0; w < N_WORKERS; w++) {
      wk[w] = (struct worker){d, w};
      pthread_create(&th[w], NULL, worker_main, &wk[w]);
    }
    for (int w = 0; w < N_WORKERS; w++)
      pthread_join(th[w], NULL);
    printf("demo: %zu administrations, %zu services in the catalogue, %ld tickets created,"
           " %ld already present%s\n",
           d->n_tenants, vt_demo_services_count, d->created, d->replayed,
           d->failed ? " (some failed: see the log)" : "");
    printf("demo: sign in as admin@ventanilla.example, supervisor.cm@ventanilla.example or"
           " agente1.mad@ventanilla.example with password %s\n",
           DEMO_PASSWORD);
    if (vt_demo_kb(st) != 0) {
      fprintf(stderr, "ventanilla: loading the demo knowledge base failed\n");
      rc = 1;
    }
    if (vt_demo_routing(st) != 0) {
      fprintf(stderr, "ventanilla: loading the demo routing failed\n");
      rc = 1;
    }
    if (vt_demo_sla(st) != 0) {
      fprintf(stderr, "ventanilla: loading the demo calendars and SLA policies failed\n");
      rc = 1;
    }
    if (demo_chat_widget(st, &cfg) != 0) {
      fprintf(stderr, "ventanilla: creating the demo chat widget failed\n");
      rc = 1;
    }
    if (d->failed)
      rc = 1;
  }
  pthread_mutex_destroy(&d->lock);
  free(d);
  st->close(st);
  return rc;
}
