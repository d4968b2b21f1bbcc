/* Email ingestion benchmark, in process: N distinct messages (plain UTF-8,
 * quoted-printable Latin-1, multipart with an HTML part and a small PDF)
 * parsed and stored as tickets by T threads sharing one store, the way the
 * IMAP poller and concurrent mail-deliver processes share the writer.
 * Usage: mail_ingest DB N THREADS   Prints messages per second. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "mail/ingest.h"
#include "store/store.h"
#include "util/config.h"
#include "util/crypto.h"

static struct vt_store *st;
static struct vt_config cfg;
static struct vt_mailbox mb;
static int total, threads;

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int make_message(int i, char *out, size_t outsz) {
  switch (i % 3) {
  case 0:
    return snprintf(out, outsz,
                    "From: Ciudadana %d <c%d@correo.test>\r\nTo: atencion@ayto.test\r\n"
                    "Subject: Consulta %d sobre el padrón\r\nMessage-ID: <b%d@correo.test>\r\n"
                    "Content-Type: text/plain; charset=utf-8\r\n\r\n"
                    "Buenos días, quería saber qué documentos necesito para empadronar a mi "
                    "familia en Móstoles. Muchas gracias. (%d)\r\n",
                    i, i, i, i, i);
  case 1:
    return snprintf(out, outsz,
                    "From: =?ISO-8859-1?Q?Jos=E9_P=E9rez?= <p%d@correo.test>\r\n"
                    "To: atencion@ayto.test\r\nSubject: =?ISO-8859-1?Q?Recibo_del_IBI_n=BA_%d?=\r\n"
                    "Message-ID: <b%d@correo.test>\r\nMIME-Version: 1.0\r\n"
                    "Content-Type: text/plain; charset=iso-8859-1\r\n"
                    "Content-Transfer-Encoding: quoted-printable\r\n\r\n"
                    "Hola, no he recibido el recibo del IBI de este a=F1o. =BFPueden envi=E1rmelo?\r\n"
                    "Gracias.\r\n",
                    i, i, i);
  default:
    return snprintf(out, outsz,
                    "From: Empresa %d <e%d@empresa.test>\r\nTo: atencion@ayto.test\r\n"
                    "Subject: Licencia de obra %d\r\nMessage-ID: <b%d@empresa.test>\r\n"
                    "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"m\"\r\n\r\n"
                    "--m\r\nContent-Type: multipart/alternative; boundary=\"a\"\r\n\r\n"
                    "--a\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nAdjunto el proyecto.\r\n"
                    "--a\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>Adjunto el "
                    "<b>proyecto</b>.</p>\r\n--a--\r\n"
                    "--m\r\nContent-Type: application/pdf; name=\"proyecto-%d.pdf\"\r\n"
                    "Content-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQKJSBwcm95ZWN0bwoxIDAgb2JqIDw8ID4+IGVuZG9iagp0cmFpbGVyIDw8ID4+CiUlRU9G\r\n"
                    "--m--\r\n",
                    i, i, i, i, i);
  }
}

static void *worker(void *arg) {
  long w = (long)arg;
  char msg[4096];
  for (int i = (int)w; i < total; i += threads) {
    int n = make_message(i, msg, sizeof msg);
    struct vt_ingest_out out;
    if (vt_mail_ingest(st, &cfg, &mb, msg, (size_t)n, &out) != VT_INGEST_STORED) {
      fprintf(stderr, "message %d not stored\n", i);
      exit(1);
    }
  }
  return NULL;
}

int main(int argc, char **argv) {
  if (argc != 4) {
    fprintf(stderr, "usage: %s DB N THREADS\n", argv[0]);
    return 2;
  }
  total = atoi(argv[2]);
  threads = atoi(argv[3]);
  vt_crypto_init();
  vt_config_defaults(&cfg);
  cfg.mail_acks_per_day = 5;
  st = vt_store_open(argv[1], 5000, 16);
  int applied;
  if (!st || st->migrate(st, &applied) < 0)
    return 1;
  if (st->mailbox_by_name(st, "bench", &mb) != VT_QS_ONE) {
    fprintf(stderr, "create the mailbox 'bench' first\n");
    return 1;
  }
  pthread_t th[64];
  double t0 = now_s();
  for (long w = 0; w < threads && w < 64; w++)
    pthread_create(&th[w], NULL, worker, (void *)w);
  for (long w = 0; w < threads && w < 64; w++)
    pthread_join(th[w], NULL);
  double dt = now_s() - t0;
  printf("  in process, %d threads: %d messages parsed and stored as tickets in %.2f s = %.0f messages/s\n",
         threads, total, dt, total / dt);
  vt_mailbox_release(&mb);
  st->close(st);
  return 0;
}
