/* Unit tests for routing/classifier: a model trained on a small set of
 * realistic requests to four departments routes new ones, doubts on
 * off-topic ones, survives JSON, and its evaluation adds up. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

/* cmocka needs the headers above first: keep it in a block of its own. */
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "routing/classifier.h"
#include "routing/text.h"

#define PADRON    "padron"
#define TRIBUTOS  "tributos"
#define URBANISMO "urbanismo"
#define SOCIALES  "servicios_sociales"

/* Requests as citizens write them: greetings, typos of accent, questions. */
static const struct vt_classifier_example fixture[] = {
    {"Quiero empadronarme en el municipio, ¿qué documentos necesito?", PADRON, "es"},
    {"Necesito un certificado de empadronamiento para la matrícula del colegio de mi hija.", PADRON,
     "es"},
    {"Solicito volante de empadronamiento histórico para presentar en extranjería.", PADRON, "es"},
    {"Me he mudado de piso dentro del mismo pueblo y quiero cambiar el domicilio en el padrón.",
     PADRON, "es"},
    {"¿Cómo doy de alta en el padron a mi bebé recién nacido?", PADRON, "es"},
    {"Buenas, pedí cita para el padrón pero no me ha llegado la confirmación.", PADRON, "es"},
    {"Necesito el certificado de convivencia y de empadronamiento para la solicitud del paro.",
     PADRON, "es"},
    {"Quiero dar de baja del padrón municipal a mi padre que ha fallecido.", PADRON, "es"},
    {"Nos hemos mudado al pueblo desde otra provincia y queremos inscribirnos en el padrón.",
     PADRON, "es"},
    {"¿Se puede pedir el volante de empadronamiento por internet con certificado digital?", PADRON,
     "es"},
    {"Renovación de la inscripción padronal de extranjeros, me ha llegado una carta del padrón.",
     PADRON, "es"},

    {"He recibido el recibo del IBI y creo que el valor catastral está mal.", TRIBUTOS, "es"},
    {"Quiero domiciliar el pago del impuesto de bienes inmuebles en mi cuenta bancaria.", TRIBUTOS,
     "es"},
    {"Vendí un piso heredado y me piden pagar la plusvalía municipal, ¿cómo se calcula?", TRIBUTOS,
     "es"},
    {"Solicito el fraccionamiento de la deuda del IBI porque no puedo pagarlo de una vez.",
     TRIBUTOS, "es"},
    {"Me ha llegado una providencia de apremio por el impuesto de vehículos que ya pagué.",
     TRIBUTOS, "es"},
    {"¿Cuándo se cobra el recibo de la tasa de basuras este año?", TRIBUTOS, "es"},
    {"Quiero pedir la bonificación del IBI por familia numerosa.", TRIBUTOS, "es"},
    {"Reclamación del impuesto de circulación: el coche se dio de baja en Tráfico el año pasado.",
     TRIBUTOS, "es"},
    {"Necesito un certificado de estar al corriente de pago de impuestos municipales.", TRIBUTOS,
     "es"},
    {"Me han embargado la cuenta por un recibo de IBI sin pagar, quiero recurrir el embargo.",
     TRIBUTOS, "es"},
    {"Plusvalia por la herencia de mi madre: ¿hay exención o bonificación del impuesto?", TRIBUTOS,
     "es"},

    {"Quiero reformar el baño y la cocina, ¿necesito licencia de obra menor?", URBANISMO, "es"},
    {"Solicito información sobre la licencia de obra mayor para construir una vivienda.", URBANISMO,
     "es"},
    {"El vecino está haciendo obras sin licencia en el patio y no para de hacer ruido.", URBANISMO,
     "es"},
    {"¿Qué documentación hay que presentar para la declaración responsable de obras?", URBANISMO,
     "es"},
    {"Necesito la licencia de primera ocupación de la vivienda que acabamos de construir.",
     URBANISMO, "es"},
    {"Queremos instalar placas solares en el tejado, ¿hace falta licencia urbanística?", URBANISMO,
     "es"},
    {"Consulta sobre el plan general: ¿en mi parcela se puede edificar una casa?", URBANISMO, "es"},
    {"Quiero poner un andamio en la fachada para pintar, ¿hay que pedir permiso de obras?",
     URBANISMO, "es"},
    {"Solicito cédula urbanística de la parcela para venderla.", URBANISMO, "es"},
    {"Me han denegado la licencia de obras del garaje y quiero presentar un recurso.", URBANISMO,
     "es"},
    {"Hay un edificio en ruinas en mi calle, que revise la fachada el arquitecto municipal.",
     URBANISMO, "es"},

    {"Mi madre es mayor y vive sola, queremos solicitar el servicio de ayuda a domicilio.",
     SOCIALES, "es"},
    {"Quiero pedir la valoración de la dependencia para mi padre que tiene alzhéimer.", SOCIALES,
     "es"},
    {"Necesito cita con la trabajadora social porque no puedo pagar el alquiler.", SOCIALES, "es"},
    {"¿Cómo se solicita la teleasistencia para una persona mayor que vive sola?", SOCIALES, "es"},
    {"Estamos en paro y con dos hijos, ¿hay alguna ayuda de emergencia social?", SOCIALES, "es"},
    {"Solicito información sobre la renta mínima de inserción social y los requisitos.", SOCIALES,
     "es"},
    {"Mi vecino es mayor, vive solo y creo que necesita ayuda de la trabajadora social.", SOCIALES,
     "es"},
    {"Llevo meses esperando la resolución del grado de dependencia de mi madre.", SOCIALES, "es"},
    {"Quiero pedir plaza en el centro de día para personas mayores con dependencia.", SOCIALES,
     "es"},
    {"Necesito una ayuda para pagar la luz y la comida, me han cortado el suministro.", SOCIALES,
     "es"},
    {"¿La ayuda a domicilio tiene copago? Mi padre tiene una pensión muy baja.", SOCIALES, "es"},
};
#define NFIX (sizeof fixture / sizeof fixture[0])

/* New requests, none in the fixture. */
static const struct {
  const char *text, *label;
} held_out[] = {
    {"Buenos días, me acabo de mudar al pueblo y necesito empadronarme. ¿Qué tengo que llevar?",
     PADRON},
    {"Necesito un volante de empadronamiento para el colegio de mis hijos.", PADRON},
    {"No estoy de acuerdo con el importe del recibo del IBI de este año.", TRIBUTOS},
    {"¿Cómo pago la plusvalía? Me han dado el plazo del impuesto.", TRIBUTOS},
    {"Quiero hacer obras en la cocina, ¿tengo que pedir licencia?", URBANISMO},
    {"¿Necesito licencia para cambiar la fachada de mi vivienda?", URBANISMO},
    {"Solicito ayuda a domicilio para mi abuela, que tiene dependencia.", SOCIALES},
    {"Quiero hablar con la trabajadora social, mi madre mayor vive sola.", SOCIALES},
};
#define NHELD (sizeof held_out / sizeof held_out[0])

static struct vt_classifier *train_fixture(void) {
  const char *err = NULL;
  struct vt_classifier *m = vt_classifier_train(fixture, NFIX, NULL, &err);
  if (!m)
    print_error("train: %s\n", err);
  assert_non_null(m);
  return m;
}

/* ---- training and prediction ---------------------------------------------- */

static void test_train_labels_sorted(void **state) {
  (void)state;
  struct vt_classifier *m = train_fixture();
  assert_int_equal(vt_classifier_label_count(m), 4);
  assert_string_equal(vt_classifier_label(m, 0), PADRON);
  assert_string_equal(vt_classifier_label(m, 1), SOCIALES);
  assert_string_equal(vt_classifier_label(m, 2), TRIBUTOS);
  assert_string_equal(vt_classifier_label(m, 3), URBANISMO);
  assert_null(vt_classifier_label(m, 4));
  /* Only terms of at least two texts: a few dozen, not every word. */
  size_t v = vt_classifier_term_count(m);
  assert_true(v > 20 && v < 100);
  vt_classifier_free(m);
  vt_classifier_free(NULL);
}

static void test_predict_held_out(void **state) {
  (void)state;
  struct vt_classifier *m = train_fixture();
  int failures = 0;
  for (size_t i = 0; i < NHELD; i++) {
    struct vt_classifier_prediction p;
    vt_classifier_predict(m, held_out[i].text, "es", &p);
    if (strcmp(p.label, held_out[i].label) || p.confidence < 0.8 || p.known == 0) {
      print_error("\"%s\": %s %.3f (%zu of %zu terms known), want %s\n", held_out[i].text, p.label,
                  p.confidence, p.known, p.terms, held_out[i].label);
      failures++;
    }
  }
  assert_int_equal(failures, 0);
  vt_classifier_free(m);
}

static void test_predict_off_topic_low(void **state) {
  (void)state;
  struct vt_classifier *m = train_fixture();
  struct vt_classifier_prediction p;
  /* Nothing the vocabulary knows: the answer is the prior, the largest
   * department's share (11 of 44). */
  vt_classifier_predict(m, "Me encanta la tortilla de patatas con cebolla y el gazpacho.", "es",
                        &p);
  assert_int_equal(p.known, 0);
  assert_true(p.terms > 0);
  assert_true(fabs(p.confidence - 11.0 / 44.0) < 1e-12);
  /* A word every department uses does not make anyone sure. */
  vt_classifier_predict(m, "¿A qué hora abre la piscina municipal en verano?", "es", &p);
  assert_true(p.confidence < 0.5);
  /* Empty and stop-word-only texts behave the same. */
  vt_classifier_predict(m, "", "es", &p);
  assert_int_equal(p.terms, 0);
  assert_true(p.confidence < 0.3);
  vt_classifier_predict(m, "Hola, buenas tardes, muchas gracias", "es", &p);
  assert_int_equal(p.terms, 0);
  assert_true(p.confidence < 0.3);
  vt_classifier_free(m);
}

static void test_predict_top(void **state) {
  (void)state;
  struct vt_classifier *m = train_fixture();
  const char *text = "Quiero pedir licencia de obras para la fachada";
  struct vt_classifier_score top[8];
  assert_int_equal(vt_classifier_predict_top(m, text, "es", top, 8), 4);
  double sum = 0;
  for (size_t i = 0; i < 4; i++) {
    sum += top[i].p;
    if (i)
      assert_true(top[i - 1].p >= top[i].p);
  }
  assert_true(fabs(sum - 1.0) < 1e-9);
  struct vt_classifier_prediction p;
  vt_classifier_predict(m, text, "es", &p);
  assert_string_equal(top[0].label, p.label);
  assert_true(top[0].p == p.confidence);

  struct vt_classifier_score two[2];
  assert_int_equal(vt_classifier_predict_top(m, text, "es", two, 2), 2);
  assert_string_equal(two[0].label, top[0].label);
  assert_string_equal(two[1].label, top[1].label);
  assert_int_equal(vt_classifier_predict_top(m, text, "es", two, 0), 0);
  vt_classifier_free(m);
}

static void test_predict_long_text_stable(void **state) {
  (void)state;
  /* Thousands of terms push log scores far below what exp() can represent
   * directly: log-sum-exp must still give a probability. */
  struct vt_classifier *m = train_fixture();
  size_t n = 60000;
  char *big = malloc(n + 1);
  for (size_t i = 0; i < n; i += 5)
    memcpy(big + i, "obra ", 5);
  big[n] = '\0';
  struct vt_classifier_prediction p;
  vt_classifier_predict(m, big, "es", &p);
  assert_string_equal(p.label, URBANISMO);
  assert_int_equal(p.terms, VT_TEXT_MAX_INPUT / 5);
  assert_true(p.confidence > 0.999 && p.confidence <= 1.0);
  free(big);
  vt_classifier_free(m);
}

static void test_train_caps_vocabulary(void **state) {
  (void)state;
  struct vt_classifier_params p = {1.0, 1, 5};
  struct vt_classifier *m = vt_classifier_train(fixture, NFIX, &p, NULL);
  assert_int_equal(vt_classifier_term_count(m), 5);
  vt_classifier_free(m);
  /* min_docs 1 keeps words of one text, so more than the default. */
  p.max_terms = VT_CLASSIFIER_MAX_TERMS;
  m = vt_classifier_train(fixture, NFIX, &p, NULL);
  struct vt_classifier *d = train_fixture();
  assert_true(vt_classifier_term_count(m) > 2 * vt_classifier_term_count(d));
  vt_classifier_free(m);
  vt_classifier_free(d);
}

static void test_train_refuses_bad_input(void **state) {
  (void)state;
  const char *err = NULL;
  assert_null(vt_classifier_train(fixture, 0, NULL, &err));
  assert_non_null(err);
  char long_label[VT_CLASSIFIER_MAX_LABEL + 2];
  memset(long_label, 'x', sizeof long_label - 1);
  long_label[sizeof long_label - 1] = '\0';
  const char *labels[] = {NULL, "", long_label, "dept\xff"};
  for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++) {
    struct vt_classifier_example ex[2] = {{"licencia de obras", "urbanismo", "es"},
                                          {"recibo del IBI", labels[i], "es"}};
    err = NULL;
    assert_null(vt_classifier_train(ex, 2, NULL, &err));
    assert_non_null(err);
  }
  struct vt_classifier_params bad[] = {
      {0, 2, 100}, {-1, 2, 100}, {NAN, 2, 100}, {1, 2, 0}, {1, 2, VT_CLASSIFIER_MAX_TERMS + 1}};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
    assert_null(vt_classifier_train(fixture, NFIX, &bad[i], NULL));
  /* NULL texts and a vocabulary left empty are not errors. */
  struct vt_classifier_example odd[2] = {{NULL, "a", NULL}, {"hola", "b", "en"}};
  struct vt_classifier *m = vt_classifier_train(odd, 2, NULL, &err);
  assert_non_null(m);
  assert_int_equal(vt_classifier_term_count(m), 0);
  struct vt_classifier_prediction p;
  vt_classifier_predict(m, "licencia", "es", &p);
  assert_string_equal(p.label, "a");
  assert_true(p.confidence == 0.5);
  vt_classifier_free(m);
}

/* ---- JSON ---------------------------------------------------------------- */

static void test_json_round_trip(void **state) {
  (void)state;
  struct vt_classifier *m = train_fixture();
  char *json = vt_classifier_to_json(m);
  assert_non_null(json);
  const char *err = NULL;
  struct vt_classifier *l = vt_classifier_from_json(json, &err);
  if (!l)
    print_error("load: %s\n", err);
  assert_non_null(l);
  char *again = vt_classifier_to_json(l);
  assert_string_equal(json, again);
  /* The same numbers, not just the same answers. */
  for (size_t i = 0; i < NHELD; i++) {
    struct vt_classifier_score a[4], b[4];
    assert_int_equal(vt_classifier_predict_top(m, held_out[i].text, "es", a, 4), 4);
    assert_int_equal(vt_classifier_predict_top(l, held_out[i].text, "es", b, 4), 4);
    for (size_t k = 0; k < 4; k++) {
      assert_string_equal(a[k].label, b[k].label);
      assert_memory_equal(&a[k].p, &b[k].p, sizeof a[k].p);
    }
  }
  free(json);
  free(again);
  vt_classifier_free(m);
  vt_classifier_free(l);
}

static void test_json_shape(void **state) {
  (void)state;
  struct vt_classifier_example ex[] = {
      {"recibo del IBI", "tributos", "es"},
      {"el IBI y el recibo", "tributos", "es"},
      {"licencia de obras", "urbanismo", "es"},
      {"obras en la fachada, IBI", "urbanismo", "es"},
  };
  struct vt_classifier *m = vt_classifier_train(ex, 4, NULL, NULL);
  char *json = vt_classifier_to_json(m);
  assert_string_equal(json, "{\"kind\":\"vt-naive-bayes\",\"version\":1,\"text_version\":1,"
                            "\"alpha\":1.0,\"min_docs\":2,\"max_terms\":50000,"
                            "\"labels\":[\"tributos\",\"urbanismo\"],\"docs\":[2,2],"
                            "\"terms\":{\"ibi\":[0,2,1,1],\"obra\":[1,2],\"recib\":[0,2]}}");
  free(json);
  vt_classifier_free(m);
}

static void test_json_refuses_bad_models(void **state) {
  (void)state;
  const char *head = "{\"kind\":\"vt-naive-bayes\",\"version\":1,\"text_version\":1,"
                     "\"alpha\":1.0,\"min_docs\":2,\"max_terms\":50000,";
  const char *tails[] = {
      "\"labels\":[\"a\",\"b\"],\"docs\":[2,2],\"terms\":{\"x\":[0,1,2,1]}}", /* label 2 */
      "\"labels\":[\"b\",\"a\"],\"docs\":[2,2],\"terms\":{}}",                /* unsorted */
      "\"labels\":[\"a\",\"a\"],\"docs\":[2,2],\"terms\":{}}",                /* repeated */
      "\"labels\":[\"a\",\"b\"],\"docs\":[2,0],\"terms\":{}}",                /* no docs */
      "\"labels\":[\"a\",\"b\"],\"docs\":[2],\"terms\":{}}",                  /* lengths */
      "\"labels\":[],\"docs\":[],\"terms\":{}}",                              /* no labels */
      "\"labels\":[\"\"],\"docs\":[1],\"terms\":{}}",                         /* empty */
      "\"labels\":[\"a\",\"b\"],\"docs\":[2,2],\"terms\":{\"x\":[0,-1]}}",    /* count */
      "\"labels\":[\"a\",\"b\"],\"docs\":[2,2],\"terms\":{\"x\":[0,1,0,1]}}", /* label twice */
      "\"labels\":[\"a\",\"b\"],\"docs\":[2,2],\"terms\":{\"x\":[1,1,0,1]}}", /* order */
      "\"labels\":[\"a\",\"b\"],\"docs\":[2,2],\"terms\":{\"x\":[0]}}",       /* odd */
      "\"labels\":[\"a\",\"b\"],\"docs\":[2,2],\"terms\":{\"x\":[]}}",        /* empty */
      "\"labels\":[\"a\",\"b\"],\"docs\":[2,2],\"terms\":{\"x\":[0,1.5]}}",   /* real */
      "\"labels\":[\"a\",\"b\"],\"docs\":[2,2],\"terms\":{\"\":[0,1]}}",      /* empty term */
      "\"labels\":[\"a\",\"b\"],\"docs\":[2,2],\"terms\":{\"x\":[0,1],\"x\":[1,1]}}",
      "\"labels\":[\"a\",\"b\"],\"docs\":[2,2],\"terms\":[]}",
      "\"labels\":[\"a\",\"b\"],\"docs\":[2,2]}",
  };
  char buf[1024];
  for (size_t i = 0; i < sizeof tails / sizeof tails[0]; i++) {
    snprintf(buf, sizeof buf, "%s%s", head, tails[i]);
    const char *err = NULL;
    struct vt_classifier *m = vt_classifier_from_json(buf, &err);
    if (m)
      print_error("accepted: %s\n", buf);
    assert_null(m);
    assert_non_null(err);
  }
  /* The head itself, varied. */
  const char *whole[] = {
      NULL,
      "",
      "[]",
      "{\"kind\":\"other\"}",
      "{\"kind\":\"vt-naive-bayes\",\"version\":2}",
      "{\"kind\":\"vt-naive-bayes\",\"version\":1,\"text_version\":999,\"alpha\":1.0,"
      "\"min_docs\":2,\"max_terms\":50000,\"labels\":[\"a\"],\"docs\":[1],\"terms\":{}}",
      "{\"kind\":\"vt-naive-bayes\",\"version\":1,\"text_version\":1,\"alpha\":0,"
      "\"min_docs\":2,\"max_terms\":50000,\"labels\":[\"a\"],\"docs\":[1],\"terms\":{}}",
      "{\"kind\":\"vt-naive-bayes\",\"version\":1,\"text_version\":1,\"alpha\":1,"
      "\"min_docs\":2,\"max_terms\":50001,\"labels\":[\"a\"],\"docs\":[1],\"terms\":{}}",
  };
  for (size_t i = 0; i < sizeof whole / sizeof whole[0]; i++) {
    const char *err = NULL;
    assert_null(vt_classifier_from_json(whole[i], &err));
    assert_non_null(err);
  }
  /* And a good one for contrast: an integer alpha is a number too. */
  snprintf(buf, sizeof buf, "%s",
           "{\"kind\":\"vt-naive-bayes\",\"version\":1,\"text_version\":1,\"alpha\":1,"
           "\"min_docs\":2,\"max_terms\":50000,\"labels\":[\"a\",\"b\"],\"docs\":[1,3],"
           "\"terms\":{\"obra\":[1,2],\"ibi\":[0,2,1,1]}}");
  struct vt_classifier *m = vt_classifier_from_json(buf, NULL);
  assert_non_null(m);
  struct vt_classifier_prediction p;
  vt_classifier_predict(m, "IBI IBI IBI", "es", &p);
  assert_string_equal(p.label, "a");
  vt_classifier_free(m);
}

/* ---- evaluation ---------------------------------------------------------- */

static void test_evaluate_adds_up(void **state) {
  (void)state;
  /* The fixture plus a repeat that differs only in case and punctuation, and
   * a label too rare to be trained on. */
  struct vt_classifier_example ex[NFIX + 2];
  memcpy(ex, fixture, sizeof fixture);
  ex[NFIX] = (struct vt_classifier_example){
      "quiero EMPADRONARME en el municipio: que documentos necesito", PADRON, "es"};
  ex[NFIX + 1] = (struct vt_classifier_example){"¿Dónde se recoge el perro perdido del "
                                                "albergue municipal?",
                                                "proteccion_animal", "es"};
  struct vt_classifier_eval ev;
  const char *err = NULL;
  assert_true(vt_classifier_evaluate(ex, NFIX + 2, NULL, 5, &ev, &err));
  assert_int_equal(ev.duplicates, 1);
  assert_int_equal(ev.train + ev.test + ev.duplicates, NFIX + 2);
  assert_int_equal(ev.test, (NFIX + 1) / 5);
  assert_int_equal(ev.nlabels, 5);
  size_t support = 0, predicted = 0, diagonal = 0, cells = 0;
  for (size_t c = 0; c < ev.nlabels; c++) {
    const struct vt_classifier_label_eval *s = &ev.per_label[c];
    assert_string_equal(s->label, ev.labels[c]);
    support += s->support;
    predicted += s->predicted;
    diagonal += ev.confusion[c * ev.nlabels + c];
    assert_true(s->precision >= 0 && s->precision <= 1);
    assert_true(s->recall >= 0 && s->recall <= 1);
    if (s->support)
      assert_true(fabs(s->recall - (double)s->correct / (double)s->support) < 1e-12);
    for (size_t o = 0; o < ev.nlabels; o++)
      cells += ev.confusion[c * ev.nlabels + o];
  }
  assert_int_equal(support, ev.test);
  assert_int_equal(predicted, ev.test);
  assert_int_equal(cells, ev.test);
  assert_int_equal(diagonal, ev.correct);
  assert_true(fabs(ev.accuracy - (double)ev.correct / (double)ev.test) < 1e-12);
  /* Four departments with ten examples each are told apart. */
  assert_true(ev.accuracy >= 0.75);
  vt_classifier_eval_release(&ev);
  vt_classifier_eval_release(&ev);
}

static void test_evaluate_is_deterministic(void **state) {
  (void)state;
  struct vt_classifier_eval a, b;
  assert_true(vt_classifier_evaluate(fixture, NFIX, NULL, 4, &a, NULL));
  assert_true(vt_classifier_evaluate(fixture, NFIX, NULL, 4, &b, NULL));
  assert_int_equal(a.test, NFIX / 4);
  assert_int_equal(a.correct, b.correct);
  assert_memory_equal(a.confusion, b.confusion, a.nlabels * a.nlabels * sizeof *a.confusion);
  vt_classifier_eval_release(&a);
  vt_classifier_eval_release(&b);
}

static void test_evaluate_refuses(void **state) {
  (void)state;
  struct vt_classifier_eval ev;
  const char *err = NULL;
  assert_false(vt_classifier_evaluate(fixture, NFIX, NULL, 1, &ev, &err));
  assert_non_null(err);
  assert_null(ev.labels);
  err = NULL;
  assert_false(vt_classifier_evaluate(fixture, 4, NULL, 5, &ev, &err)); /* nothing to test */
  assert_non_null(err);
  /* The same text four times is one text. */
  struct vt_classifier_example same[6];
  for (size_t i = 0; i < 6; i++)
    same[i] = (struct vt_classifier_example){"Licencia de obras", "urbanismo", "es"};
  assert_false(vt_classifier_evaluate(same, 6, NULL, 2, &ev, &err));
  vt_classifier_eval_release(&ev);
}

/* ---- scale ---------------------------------------------------------------- */

/* 40 labels, each with its own words plus words shared by all, gives a
 * vocabulary well past 10,000 terms, capped. Words are consonant strings so
 * the stemmer leaves them alone. */
static void synthetic_word(unsigned n, char *out) {
  static const char cons[] = "bcdfghjklmnpqrtvwxz";
  out[0] = 'k';
  for (int i = 1; i < 5; i++) {
    out[i] = cons[n % 19];
    n /= 19;
  }
  out[5] = '\0';
}

static void test_scale_many_labels_and_terms(void **state) {
  (void)state;
  enum { LABELS = 40, PER_LABEL = 30, WORDS = 40 };
  static char texts[LABELS * PER_LABEL][WORDS * 6 + 1];
  static char labels[LABELS][16];
  static struct vt_classifier_example ex[LABELS * PER_LABEL];
  unsigned seed = 12345;
  for (unsigned c = 0; c < LABELS; c++) {
    snprintf(labels[c], sizeof labels[c], "dept%02u/svc", c);
    for (unsigned d = 0; d < PER_LABEL; d++) {
      char *t = texts[c * PER_LABEL + d];
      t[0] = '\0';
      for (unsigned w = 0; w < WORDS; w++) {
        seed = seed * 1103515245u + 12345u;
        unsigned r = (seed >> 8) % 400;
        /* Three words in four from the label's 400, the rest shared. */
        unsigned word = (w % 4 == 3) ? 16000 + r % 100 : c * 400 + r;
        char buf[8];
        synthetic_word(word, buf);
        strcat(t, buf);
        strcat(t, " ");
      }
      ex[c * PER_LABEL + d] = (struct vt_classifier_example){t, labels[c], "es"};
    }
  }
  struct vt_classifier_params p = {1.0, 2, 10000};
  struct vt_classifier *m = vt_classifier_train(ex, LABELS * PER_LABEL, &p, NULL);
  assert_non_null(m);
  assert_int_equal(vt_classifier_label_count(m), LABELS);
  assert_int_equal(vt_classifier_term_count(m), 10000);
  /* A 200-word text built from label 17's words. */
  char text[200 * 6 + 1] = "";
  for (unsigned w = 0; w < 200; w++) {
    seed = seed * 1103515245u + 12345u;
    char buf[8];
    synthetic_word(17 * 400 + (seed >> 8) % 400, buf);
    strcat(text, buf);
    strcat(text, " ");
  }
  struct vt_classifier_prediction pr;
  vt_classifier_predict(m, text, "es", &pr);
  assert_string_equal(pr.label, "dept17/svc");
  assert_int_equal(pr.terms, 200);
  char *json = vt_classifier_to_json(m);
  struct vt_classifier *l = vt_classifier_from_json(json, NULL);
  assert_non_null(l);
  struct vt_classifier_prediction pl;
  vt_classifier_predict(l, text, "es", &pl);
  assert_string_equal(pl.label, pr.label);
  assert_true(pl.confidence == pr.confidence);
  free(json);
  vt_classifier_free(l);
  vt_classifier_free(m);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_train_labels_sorted),
      cmocka_unit_test(test_predict_held_out),
      cmocka_unit_test(test_predict_off_topic_low),
      cmocka_unit_test(test_predict_top),
      cmocka_unit_test(test_predict_long_text_stable),
      cmocka_unit_test(test_train_caps_vocabulary),
      cmocka_unit_test(test_train_refuses_bad_input),
      cmocka_unit_test(test_json_round_trip),
      cmocka_unit_test(test_json_shape),
      cmocka_unit_test(test_json_refuses_bad_models),
      cmocka_unit_test(test_evaluate_adds_up),
      cmocka_unit_test(test_evaluate_is_deterministic),
      cmocka_unit_test(test_evaluate_refuses),
      cmocka_unit_test(test_scale_many_labels_and_terms),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
