/* The reports benchmark (no HTTP): fills a store that holds the demo's
 * administrations, services and agents with TICKETS realistic tickets over
 * two years (through tickets_import, so the rollup triggers do their real
 * work) and a survey for 40 % of the resolved ones (35 % of them answered),
 * then times each report query the console and the portal make and
 * prints p50/p90/p99. Usage: reports_bench DB (see bench/reports.sh). */
#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "domain/report.h"
#include "store/store.h"

static int64_t now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static uint64_t rng = 88172645463325252ull;
static uint64_t next(void) {
  rng ^= rng << 13;
  rng ^= rng >> 7;
  rng ^= rng << 17;
  return rng;
}
static double unif(void) { return (double)(next() >> 11) / 9007199254740992.0; }
static double lognormal(double median, double sigma) {
  double u1 = unif() + 1e-12, u2 = unif();
  return median * exp(sigma * sqrt(-2 * log(u1)) * cos(2 * M_PI * u2));
}

struct tenant {
  char code[16];
  vt_id id;
  char services[64][48], depts[64][48];
  int nserv;
  char agents[16][128];
  int nagents;
  double weight;
};
static struct tenant tenants[32];
static int ntenants;

/* The demo's catalogue, read straight from the SQLite file. */
static int load_catalogue(const char *path) {
  sqlite3 *db;
  if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
    return -1;
  sqlite3_stmt *st;
  sqlite3_prepare_v2(db, "SELECT id, code FROM tenants ORDER BY id", -1, &st, NULL);
  while (sqlite3_step(st) == SQLITE_ROW && ntenants < 32) {
    struct tenant *t = &tenants[ntenants++];
    t->id = sqlite3_column_int64(st, 0);
    snprintf(t->code, sizeof t->code, "%s", sqlite3_column_text(st, 1));
    t->weight = ntenants == 1 ? 4 : 1 + (double)(ntenants % 3);
  }
  sqlite3_finalize(st);
  for (int i = 0; i < ntenants; i++) {
    struct tenant *t = &tenants[i];
    sqlite3_prepare_v2(db,
                       "SELECT s.code, coalesce(d.code, '') FROM services s LEFT JOIN departments d"
                       " ON d.id = s.department_id WHERE s.tenant_id = ? ORDER BY s.id LIMIT 64",
                       -1, &st, NULL);
    sqlite3_bind_int64(st, 1, t->id);
    while (sqlite3_step(st) == SQLITE_ROW) {
      snprintf(t->services[t->nserv], 48, "%s", sqlite3_column_text(st, 0));
      snprintf(t->depts[t->nserv++], 48, "%s", sqlite3_column_text(st, 1));
    }
    sqlite3_finalize(st);
    sqlite3_prepare_v2(db,
                       "SELECT u.email FROM users u JOIN user_tenants ut ON ut.user_id = u.id"
                       " WHERE ut.tenant_id = ? AND u.role = 'agent' LIMIT 16",
                       -1, &st, NULL);
    sqlite3_bind_int64(st, 1, t->id);
    while (sqlite3_step(st) == SQLITE_ROW)
      snprintf(t->agents[t->nagents++], 128, "%s", sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
  }
  sqlite3_close(db);
  return ntenants ? 0 : -1;
}

static const struct {
  const char *name;
  double share;
} CHANNELS[] = {{"web", .30},  {"email", .25},    {"phone", .22},   {"in_person", .08},
                {"chat", .08}, {"whatsapp", .04}, {"telegram", .03}};

/* One ticket: created in office hours mostly, on a weekday mostly, in the
 * last two years; 92% answered (median 3 h), 85% resolved (median 2 days). */
static void ticket(struct vt_ticket_import *x, size_t n, int64_t now) {
  memset(x, 0, sizeof *x);
  double w = 0, r;
  for (int i = 0; i < ntenants; i++)
    w += tenants[i].weight;
  r = unif() * w;
  struct tenant *t = &tenants[0];
  for (int i = 0; i < ntenants; i++)
    if ((r -= tenants[i].weight) <= 0) {
      t = &tenants[i];
      break;
    }
  snprintf(x->reference, sizeof x->reference, "BEN-%zu", n);
  snprintf(x->tenant, sizeof x->tenant, "%s", t->code);
  r = unif();
  const char *ch = "web";
  for (size_t i = 0; i < sizeof CHANNELS / sizeof *CHANNELS; i++)
    if ((r -= CHANNELS[i].share) <= 0) {
      ch = CHANNELS[i].name;
      break;
    }
  snprintf(x->channel, sizeof x->channel, "%s", ch);
  if (t->nserv && unif() < .9) {
    int k = (int)(pow(unif(), 2.0) * t->nserv); /* a few services get most requests */
    snprintf(x->service, sizeof x->service, "%s", t->services[k]);
  }
  int64_t day = (int64_t)(unif() * 730);
  int hour = unif() < .85 ? 8 + (int)(unif() * 7) : (int)(unif() * 24);
  x->created_at =
      now - day * 86400000 - (now % 86400000) + hour * 3600000 + (int64_t)(unif() * 3600000);
  if (x->created_at > now)
    x->created_at -= 86400000;
  snprintf(x->subject, sizeof x->subject, "Solicitud %zu", n);
  x->handle_ms = -1;
  if (!strcmp(ch, "phone") || !strcmp(ch, "chat"))
    x->handle_ms = (int64_t)lognormal(240000, .6);
  if (unif() < .92) {
    x->first_response_at = x->created_at + 1000 + (int64_t)lognormal(3 * 3600000.0, 1.5);
    x->agent_replies = 1 + (unif() < .4) + (unif() < .2);
  }
  if (x->first_response_at && unif() < .9) {
    x->resolved_at = x->first_response_at + (int64_t)lognormal(2 * 86400000.0, 1.2);
    x->reopens = unif() < .05;
    if (t->nagents)
      snprintf(x->assignee, sizeof x->assignee, "%s", t->agents[next() % (unsigned)t->nagents]);
  }
  if (x->first_response_at > now || x->resolved_at > now)
    x->first_response_at = x->resolved_at = 0, x->agent_replies = 0;
}

/* Surveys for 40 % of the resolved tickets, offered when resolved, 35 %
 * answered within three days (CSAT, and the optional questions now and
 * then), written straight into the file so the survey triggers queue them
 * as any write would; then the store's catch-up takes them in. Returns the
 * number offered, -1 on error. */
static long fill_surveys(const char *path, long *answered) {
  sqlite3 *db;
  if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
    return -1;
  sqlite3_busy_timeout(db, 60000);
  char *err = NULL;
#define ANSWERED "(t.id * 7919) % 100 < 35"
  int rc = sqlite3_exec(
      db,
      "INSERT INTO surveys (tenant_id, ticket_id, citizen_id, agent_id, department_id, service_id,"
      " channel, sent_at, delivered_via, answered_at, csat, fcr, ces, nps)"
      " SELECT t.tenant_id, t.id, t.citizen_id, t.assignee_id, t.department_id, t.service_id,"
      " t.channel, t.resolved_at, 'email',"
      " CASE WHEN " ANSWERED " THEN t.resolved_at + (t.id * 104729) % 259200000 END,"
      " CASE WHEN " ANSWERED " THEN 1 + (t.id * 31) % 5 END,"
      " CASE WHEN " ANSWERED " AND t.id % 3 <> 0 THEN t.id / 7 % 2 END,"
      " CASE WHEN " ANSWERED " AND t.id % 4 <> 0 THEN 1 + (t.id * 13) % 7 END,"
      " CASE WHEN " ANSWERED " AND t.id % 5 <> 0 THEN (t.id * 17) % 11 END"
      " FROM tickets t WHERE t.resolved_at IS NOT NULL AND (t.id * 2654435761) % 100 < 40"
      " AND NOT EXISTS (SELECT 1 FROM surveys v WHERE v.ticket_id = t.id)",
      NULL, NULL, &err);
#undef ANSWERED
  long offered = -1;
  sqlite3_stmt *st = NULL;
  if (rc == SQLITE_OK &&
      sqlite3_prepare_v2(db, "SELECT count(*), count(answered_at) FROM surveys", -1, &st, NULL) ==
          SQLITE_OK &&
      sqlite3_step(st) == SQLITE_ROW) {
    offered = (long)sqlite3_column_int64(st, 0);
    *answered = (long)sqlite3_column_int64(st, 1);
  } else
    fprintf(stderr, "surveys: %s\n", err ? err : sqlite3_errmsg(db));
  sqlite3_finalize(st);
  sqlite3_free(err);
  sqlite3_close(db);
  return offered;
}

/* The survey rollups against direct counts over the surveys (after the
 * catch-up): offered and answered per administration and per agent. */
static bool surveys_agree(const char *path) {
  sqlite3 *db;
  if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
    return false;
  sqlite3_stmt *st = NULL;
  bool ok =
      sqlite3_prepare_v2(db,
                         "SELECT (SELECT sum(offered) FROM report_roll WHERE grain = 2)"
                         "  = (SELECT count(*) FROM surveys)"
                         " AND (SELECT sum(answers) FROM report_roll WHERE grain = 0)"
                         "  = (SELECT count(answered_at) FROM surveys)"
                         " AND (SELECT sum(offer_answered) FROM report_roll WHERE grain = 1)"
                         "  = (SELECT count(answered_at) FROM surveys)"
                         " AND (SELECT sum(answers) FROM report_agent)"
                         "  = (SELECT count(answered_at) FROM surveys WHERE agent_id IS NOT NULL)"
                         " AND (SELECT sum(offered) FROM report_agent)"
                         "  = (SELECT count(*) FROM surveys WHERE agent_id IS NOT NULL)"
                         " AND (SELECT sum(csat_sum) FROM report_agent)"
                         "  = (SELECT sum(csat) FROM surveys WHERE agent_id IS NOT NULL)",
                         -1, &st, NULL) == SQLITE_OK &&
      sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0) == 1;
  sqlite3_finalize(st);
  sqlite3_close(db);
  return ok;
}

static int cmp(const void *a, const void *b) {
  int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
  return x < y ? -1 : x > y;
}

static int today(void) {
  int day, hour;
  vt_rpt_local((int64_t)time(NULL) * 1000, "Europe/Madrid", &day, &hour);
  return day;
}

enum kind { VOLUMES, AGENTS };
struct shape {
  const char *name;
  enum kind kind;
  const char *group;
  int days; /* the period's length, ending today */
  bool all; /* every administration, else one at random */
  bool channel;
};

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: reports_bench DB\n");
    return 2;
  }
  size_t want = getenv("TICKETS") ? strtoul(getenv("TICKETS"), NULL, 10) : 1000000;
  size_t runs = getenv("RUNS") ? strtoul(getenv("RUNS"), NULL, 10) : 300;
  if (load_catalogue(argv[1]) < 0) {
    fprintf(stderr, "no catalogue in %s (run ventanilla demo --tickets 0 first)\n", argv[1]);
    return 1;
  }
  struct vt_store *st = vt_store_open(argv[1], 5000, 8);
  int applied = 0;
  if (!st || st->migrate(st, &applied) != VT_QS_ONE) {
    fprintf(stderr, "cannot open %s\n", argv[1]);
    return 1;
  }
  int64_t now = (int64_t)time(NULL) * 1000;
  enum { BATCH = 5000 };
  struct vt_ticket_import *rows = calloc(BATCH, sizeof *rows);
  size_t made = 0;
  int64_t t0 = now_ns();
  for (size_t i = 0; i < want; i += BATCH) {
    size_t n = want - i < BATCH ? want - i : BATCH, created = 0, bad = 0;
    for (size_t k = 0; k < n; k++)
      ticket(&rows[k], i + k, now);
    if (st->tickets_import(st, rows, n, now, &created, &bad) != VT_QS_ONE) {
      fprintf(stderr, "import failed at row %zu\n", i + bad);
      return 1;
    }
    made += created;
  }
  long offered = 0, answered = 0;
  if (made && (offered = fill_surveys(argv[1], &answered)) < 0)
    return 1;
  double secs = (double)(now_ns() - t0) / 1e9;
  /* On SQLite the rollups take in their queue between write groups and
   * before a report reads: the first report waits for what is left. */
  int64_t t1 = now_ns();
  {
    struct vt_report_filter f = {0};
    f.from_day = f.to_day = today();
    struct vt_scope all = {.all = true};
    struct vt_report_row *items;
    size_t n = 0;
    if (st->report_volumes(st, &all, &f, "none", &items, &n) < 0) {
      fprintf(stderr, "catching up failed\n");
      return 1;
    }
    VT_RELEASE_ARRAY(items, n, vt_report_row_release);
  }
  double catchup = (double)(now_ns() - t1) / 1e9;
  if (made)
    printf(
        "filled: %zu tickets in %.1f s, rollups caught up %.1f s later (%.0f tickets/s in all)\n",
        made, secs, catchup, (double)made / (secs + catchup));
  else
    printf("filled: the %zu tickets were already there\n", want);
  if (made)
    printf("surveys: %ld offered, %ld answered; rollups %s direct counts\n", offered, answered,
           surveys_agree(argv[1]) ? "agree with" : "DISAGREE with");
  fflush(stdout);

  static const struct shape shapes[] = {
      {"volumes by channel, 30 days, one administration", VOLUMES, "channel", 30, false, false},
      {"volumes by service, 12 months, one administration", VOLUMES, "service", 365, false, false},
      {"volumes by hour (totals), 12 months, all", VOLUMES, "none", 365, true, false},
      {"volumes by day, 12 months, one administration", VOLUMES, "day", 365, false, false},
      {"volumes by day, 90 days, one channel", VOLUMES, "day", 90, false, true},
      {"times by channel, 12 months, all", VOLUMES, "channel", 365, true, false},
      {"times by department, 2 years, all", VOLUMES, "department", 730, true, false},
      {"times by service, 2 years, one channel, all", VOLUMES, "service", 730, true, true},
      {"agents, 30 days, one administration", AGENTS, NULL, 30, false, false},
      {"agents, 12 months, all", AGENTS, NULL, 365, true, false},
  };
  int64_t *lat = calloc(runs, sizeof *lat);
  printf("\n%-50s %9s %9s %9s %7s\n", "query (store call, 1 thread)", "p50 ms", "p90 ms", "p99 ms",
         "rows");
  for (size_t s = 0; s < sizeof shapes / sizeof *shapes; s++) {
    size_t nrows = 0;
    for (size_t i = 0; i < runs; i++) {
      struct vt_report_filter f = {0};
      f.to_day = vt_rpt_day_add(today(), -(int)(next() % 60)); /* periods that end anywhere */
      f.from_day = vt_rpt_day_add(f.to_day, -(shapes[s].days - 1));
      struct tenant *t = &tenants[next() % (unsigned)ntenants];
      struct vt_scope scope = {.all = shapes[s].all, .n = 1, .tenant_ids = &t->id};
      if (shapes[s].channel)
        snprintf(f.channel, sizeof f.channel, "%s", CHANNELS[next() % 3].name);
      int64_t a = now_ns();
      enum vt_qs qs;
      if (shapes[s].kind == VOLUMES) {
        struct vt_report_row *items;
        qs = st->report_volumes(st, &scope, &f, shapes[s].group, &items, &nrows);
        VT_RELEASE_ARRAY(items, nrows, vt_report_row_release);
      } else {
        struct vt_agent_load *items;
        qs = st->report_agents(st, &scope, &f, &items, &nrows);
        VT_RELEASE_ARRAY(items, nrows, vt_agent_load_release);
      }
      lat[i] = now_ns() - a;
      if (qs < 0) {
        fprintf(stderr, "%s failed\n", shapes[s].name);
        return 1;
      }
    }
    qsort(lat, runs, sizeof *lat, cmp);
    printf("%-50s %9.2f %9.2f %9.2f %7zu\n", shapes[s].name, lat[runs / 2] / 1e6,
           lat[runs * 9 / 10] / 1e6, lat[runs * 99 / 100] / 1e6, nrows);
  }
  free(lat);
  free(rows);
  st->close(st);
  return 0;
}
