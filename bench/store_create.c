/* Store-only benchmark: N threads creating web-form tickets straight through
 * the storage interface, no HTTP. Shows the writer's own capacity (group
 * commit + fsync), the ceiling for the web-form figure of bench/run.sh.
 * Usage: store_create DB THREADS PER_THREAD (the DB must hold the demo data). */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store.h"
#include "util/crypto.h"
#include "util/log.h"
#include "util/timeutil.h"

static struct vt_store *st;
static int per_thread;

/* Each thread files in one municipality, as the web-form benchmark spreads
 * its load: reference counters are per administration and year, so on
 * PostgreSQL creations in one administration take turns on its counter. */
static const char *const codes[] = {"MAD", "MOS", "ALC", "FUE", "LEG", "GET", "ALR",
                                    "TOR", "PAR", "ALB", "ROZ", "SSR", "POZ"};
#define N_CODES (sizeof codes / sizeof *codes)
static vt_id tenant[N_CODES], service[N_CODES], department[N_CODES];

static void *creator(void *arg) {
  long id = (long)arg;
  size_t k = (size_t)id % N_CODES;
  for (int i = 0; i < per_thread; i++) {
    struct vt_ticket_new tn = {0};
    char subject[64], body[200], hash[VT_TOKEN_HASH_HEX + 1];
    snprintf(subject, sizeof subject, "Consulta %d", i);
    snprintf(body, sizeof body, "Buenos días, quería saber cómo empadronarme. Ref %ld-%d", id, i);
    vt_token_hash(subject, hash);
    tn.tenant_id = tenant[k];
    tn.service_id = service[k];
    tn.department_id = department[k];
    tn.channel = VT_CH_WEB;
    tn.priority = VT_PR_NORMAL;
    tn.subject = subject;
    tn.body = body;
    tn.citizen_name = "Vecina";
    tn.direction = VT_DIR_IN;
    tn.access_token_hash = hash;
    tn.n_identities = 2;
    tn.identities[0].kind = VT_ID_EMAIL;
    snprintf(tn.identities[0].value, 256, "b%ld.%d@correo.example", id, i);
    tn.identities[1].kind = VT_ID_PHONE;
    snprintf(tn.identities[1].value, 256, "+3466%03ld%04d", id % 1000, i % 10000);
    tn.now = vt_now_ms();
    struct vt_ticket_created out;
    if (st->ticket_create(st, &tn, &out) != VT_QS_ONE) {
      fprintf(stderr, "create failed\n");
      exit(1);
    }
  }
  return NULL;
}

int main(int argc, char **argv) {
  if (argc != 4) {
    fprintf(stderr, "usage: %s DB THREADS PER_THREAD\n", argv[0]);
    return 2;
  }
  vt_log_threshold = VT_LOG_WARN;
  vt_crypto_init();
  int threads = atoi(argv[2]);
  per_thread = atoi(argv[3]);
  if (threads < 1 || threads > 256 || per_thread < 1)
    return 2;
  st = vt_store_open(argv[1], 5000, 16);
  if (!st)
    return 1;
  for (size_t k = 0; k < N_CODES; k++) {
    struct vt_tenant t;
    struct vt_service s;
    if (st->tenant_by_code(st, codes[k], &t) != VT_QS_ONE ||
        st->service_by_code(st, t.id, "empadronamiento", &s) != VT_QS_ONE) {
      fprintf(stderr, "%s: load the demo data first\n", argv[0]);
      return 1;
    }
    tenant[k] = t.id;
    service[k] = s.id;
    department[k] = s.department_id;
    vt_tenant_release(&t);
    vt_service_release(&s);
  }
  pthread_t th[256];
  int64_t t0 = vt_mono_us();
  for (long i = 0; i < threads; i++)
    pthread_create(&th[i], NULL, creator, (void *)i);
  for (int i = 0; i < threads; i++)
    pthread_join(th[i], NULL);
  double secs = (double)(vt_mono_us() - t0) / 1e6;
  printf("%-44s %10.0f creates/s\n", "store only (no HTTP), ticket_create", threads * per_thread / secs);
  st->close(st);
  return 0;
}
