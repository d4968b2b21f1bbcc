/* Unit tests for routing/rules: which rule wins and how stop=false rules
 * merge, each kind of condition alone, validation of rules, the limits that
 * keep a hostile regex from hanging a decision, and the explanations. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

/* cmocka needs the headers above first: keep it in a block of its own. */
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "routing/rules.h"

/* 2026-11-23 was a Monday. Madrid is UTC+1 in winter. */
#define MON_2026_11_23_UTC 1795392000000LL /* 00:00 UTC */
#define HOUR               3600000LL
#define MINUTE             60000LL

static struct vt_rules *load(const char *json) {
  char err[256] = "";
  struct vt_rules *rs = vt_rules_load(json, err, sizeof err);
  if (!rs)
    print_error("vt_rules_load: %s\n", err);
  assert_non_null(rs);
  return rs;
}

/* A web request in Spanish on Monday 2026-11-23 at 10:00 in Madrid. */
static struct vt_route_ctx ctx_of(const char *subject, const char *body) {
  return (struct vt_route_ctx){.subject = subject,
                               .body = body,
                               .channel = VT_CH_WEB,
                               .citizen_lang = "es",
                               .at_ms = MON_2026_11_23_UTC + 9 * HOUR,
                               .timezone = "Europe/Madrid"};
}

/* Whether a one-rule set with these conditions matches ctx. */
static bool when_matches(const char *when, const struct vt_route_ctx *c) {
  char json[2048];
  snprintf(json, sizeof json,
           "[{\"name\":\"r\",\"position\":1,\"when\":%s,\"then\":{\"department\":\"d\"}}]", when);
  struct vt_rules *rs = load(json);
  struct vt_route_decision d;
  bool m = vt_rules_decide(rs, c, &d);
  vt_route_decision_release(&d);
  vt_rules_free(rs);
  return m;
}

static bool words_match(const char *when, const char *subject, const char *body) {
  struct vt_route_ctx c = ctx_of(subject, body);
  return when_matches(when, &c);
}

/* The i18n key recorded for field when validating rule (NULL: none). */
static const char *error_key(const char *rule, const char *field, struct vt_rule_errors *out) {
  json_error_t je;
  json_t *j = json_loads(rule, 0, &je);
  if (!j)
    print_error("bad test JSON: %s: %s\n", rule, je.text);
  assert_non_null(j);
  struct vt_rule_errors errs = {0};
  bool ok = vt_rules_validate(j, &errs);
  json_decref(j);
  assert_int_equal(ok, errs.n == 0);
  if (out)
    *out = errs;
  for (size_t i = 0; i < errs.n; i++)
    if (!strcmp(errs.e[i].field, field))
      return errs.e[i].key;
  return NULL;
}

/* ---- precedence and merging --------------------------------------------- */

static void test_position_decides_not_array_order(void **state) {
  (void)state;
  struct vt_rules *rs =
      load("[{\"id\":1,\"name\":\"cinco\",\"position\":5,\"then\":{\"department\":\"a\"}},"
           " {\"id\":2,\"name\":\"uno\",\"position\":1,\"then\":{\"department\":\"b\"}},"
           " {\"id\":3,\"name\":\"tres\",\"position\":3,\"then\":{\"department\":\"c\"}}]");
  assert_int_equal(vt_rules_count(rs), 3);
  struct vt_route_ctx c = ctx_of("hola", "");
  struct vt_route_decision d;
  assert_true(vt_rules_decide(rs, &c, &d));
  assert_int_equal(d.nmatches, 1);
  assert_int_equal(d.matches[0].id, 2);
  assert_int_equal(d.matches[0].position, 1);
  assert_string_equal(d.matches[0].name, "uno");
  assert_string_equal(d.department, "b");
  assert_int_equal(d.set, VT_RA_DEPARTMENT);
  vt_route_decision_release(&d);
  vt_rules_free(rs);
}

static void test_first_match_wins_and_stops(void **state) {
  (void)state;
  struct vt_rules *rs = load(
      "[{\"name\":\"Padrón\",\"position\":1,\"when\":{\"words_any\":[\"padrón\"]},"
      "   \"then\":{\"department\":\"padron\",\"priority\":\"low\"}},"
      " {\"name\":\"Web\",\"position\":2,\"when\":{\"channels\":[\"web\"]},"
      "   \"then\":{\"department\":\"atencion\",\"priority\":\"high\",\"assign\":\"skills\"}}]");
  struct vt_route_ctx c = ctx_of("Alta en el padrón", NULL);
  struct vt_route_decision d;
  assert_true(vt_rules_decide(rs, &c, &d));
  assert_int_equal(d.nmatches, 1);
  assert_string_equal(d.department, "padron");
  assert_int_equal(d.priority, VT_PR_LOW);
  assert_int_equal(d.assign, VT_ASSIGN_NONE); /* the second rule never ran */
  assert_false(d.set & VT_RA_ASSIGN);
  vt_route_decision_release(&d);

  /* Without the word, the first rule fails and the second wins. */
  c = ctx_of("Una consulta", "sobre otra cosa");
  assert_true(vt_rules_decide(rs, &c, &d));
  assert_int_equal(d.nmatches, 1);
  assert_int_equal(d.matches[0].position, 2);
  assert_string_equal(d.department, "atencion");
  assert_int_equal(d.assign, VT_ASSIGN_SKILLS);
  vt_route_decision_release(&d);
  vt_rules_free(rs);
}

static void test_stop_false_merges_earlier_wins(void **state) {
  (void)state;
  struct vt_rules *rs =
      load("[{\"id\":10,\"name\":\"Urgente\",\"position\":1,\"when\":{\"words_any\":[\"urgente\"]},"
           "   \"then\":{\"priority\":\"urgent\",\"tags\":[\"urgente\"],\"confidential\":false,"
           "             \"stop\":false}},"
           " {\"id\":11,\"name\":\"Sin coincidencia\",\"position\":2,"
           "   \"when\":{\"channels\":[\"phone\"]},"
           "   \"then\":{\"department\":\"telefono\",\"stop\":false}},"
           " {\"id\":12,\"name\":\"Becas\",\"position\":3,\"when\":{\"words_any\":[\"beca\"]},"
           "   \"then\":{\"department\":\"educacion\",\"priority\":\"low\",\"confidential\":true,"
           "             \"tags\":[\"urgente\",\"becas\"],\"stop\":false}},"
           " {\"id\":13,\"name\":\"Todo\",\"position\":4,"
           "   \"then\":{\"department\":\"otro\",\"service\":\"beca-comedor\","
           "             \"assign\":\"round_robin\"}},"
           " {\"id\":14,\"name\":\"Nunca\",\"position\":5,\"then\":{\"auto_reply\":\"Gracias\"}}]");
  struct vt_route_ctx c = ctx_of("URGENTE: becas", "");
  struct vt_route_decision d;
  assert_true(vt_rules_decide(rs, &c, &d));
  assert_int_equal(d.nmatches, 3);
  assert_int_equal(d.matches[0].id, 10);
  assert_int_equal(d.matches[1].id, 12);
  assert_int_equal(d.matches[2].id, 13);
  assert_int_equal(d.priority, VT_PR_URGENT);     /* rule 1 wins over rule 3 */
  assert_string_equal(d.department, "educacion"); /* rule 3 wins over rule 4 */
  assert_string_equal(d.service, "beca-comedor"); /* only rule 4 had it */
  assert_int_equal(d.assign, VT_ASSIGN_ROUND_ROBIN);
  assert_true(d.confidential); /* false is no opinion; true sticks */
  assert_null(d.auto_reply);   /* rule 4 stopped the search */
  assert_int_equal(d.ntags, 2);
  assert_string_equal(d.tags[0], "urgente");
  assert_string_equal(d.tags[1], "becas");
  assert_int_equal(d.matches[0].actions, VT_RA_PRIORITY | VT_RA_TAGS);
  assert_int_equal(d.matches[1].actions, VT_RA_DEPARTMENT | VT_RA_CONFIDENTIAL | VT_RA_TAGS);
  assert_int_equal(d.matches[2].actions, VT_RA_SERVICE | VT_RA_ASSIGN);
  assert_int_equal(d.set, VT_RA_PRIORITY | VT_RA_TAGS | VT_RA_DEPARTMENT | VT_RA_CONFIDENTIAL |
                              VT_RA_SERVICE | VT_RA_ASSIGN);
  assert_non_null(strstr(d.explain_es, "regla 1 «Urgente»"));
  assert_non_null(strstr(d.explain_es, "; regla 3 «Becas»"));
  assert_non_null(strstr(d.explain_es, "; regla 4 «Todo»: sin condiciones"));
  assert_null(strstr(d.explain_es, "Sin coincidencia"));
  vt_route_decision_release(&d);
  vt_rules_free(rs);
}

static void test_tags_union_is_capped(void **state) {
  (void)state;
  struct vt_rules *rs =
      load("[{\"name\":\"a\",\"position\":1,"
           "   \"then\":{\"tags\":[\"t1\",\"t2\",\"t3\",\"t4\",\"t5\",\"t6\",\"t7\",\"t8\"],"
           "             \"stop\":false}},"
           " {\"name\":\"b\",\"position\":2,\"then\":{\"tags\":[\"t8\",\"t9\",\"t10\",\"t11\"]}}]");
  struct vt_route_ctx c = ctx_of("x", "y");
  struct vt_route_decision d;
  assert_true(vt_rules_decide(rs, &c, &d));
  assert_int_equal(d.ntags, VT_RULES_MAX_TAGS);
  assert_string_equal(d.tags[8], "t9");
  assert_string_equal(d.tags[9], "t10");
  vt_route_decision_release(&d);
  vt_rules_free(rs);
}

static void test_inactive_rules_skipped(void **state) {
  (void)state;
  /* The inactive rule would win and is not even valid: it is not looked at. */
  struct vt_rules *rs = load(
      "[{\"name\":\"apagada\",\"position\":1,\"active\":false,"
      "   \"when\":{\"regex\":\"(\"},\"then\":{\"department\":\"x\"}},"
      " {\"name\":\"encendida\",\"position\":2,\"active\":true,\"then\":{\"department\":\"y\"}}]");
  assert_int_equal(vt_rules_count(rs), 1);
  struct vt_route_ctx c = ctx_of("x", "y");
  struct vt_route_decision d;
  assert_true(vt_rules_decide(rs, &c, &d));
  assert_string_equal(d.department, "y");
  assert_string_equal(d.matches[0].name, "encendida");
  vt_route_decision_release(&d);
  vt_rules_free(rs);
}

static void test_no_rules_no_match(void **state) {
  (void)state;
  struct vt_rules *rs = load("[]");
  struct vt_route_ctx c = ctx_of("x", "y");
  struct vt_route_decision d;
  assert_false(vt_rules_decide(rs, &c, &d));
  assert_false(d.matched);
  assert_int_equal(d.set, 0);
  assert_int_equal(d.priority, VT_PR_NORMAL);
  assert_null(d.department);
  assert_string_equal(d.explain_es, "ninguna regla coincide");
  assert_string_equal(d.explain_en, "no rule matched");
  vt_route_decision_release(&d);
  vt_rules_free(rs);
  assert_false(vt_rules_decide(NULL, &c, &d));
  vt_route_decision_release(&d);
}

/* ---- each condition alone ------------------------------------------------ */

static void test_channel(void **state) {
  (void)state;
  struct vt_route_ctx c = ctx_of("x", "y");
  assert_false(when_matches("{\"channels\":[\"email\",\"chat\"]}", &c));
  c.channel = VT_CH_CHAT;
  assert_true(when_matches("{\"channels\":[\"email\",\"chat\"]}", &c));
  c.channel = VT_CH_IN_PERSON;
  assert_true(when_matches("{\"channels\":[\"in_person\"]}", &c));
  /* An empty list is no constraint. */
  assert_true(when_matches("{\"channels\":[]}", &c));
}

static void test_service(void **state) {
  (void)state;
  struct vt_route_ctx c = ctx_of("x", "y");
  assert_false(when_matches("{\"services\":[\"beca-comedor\"]}", &c)); /* no service */
  c.service_code = "padron-alta";
  assert_false(when_matches("{\"services\":[\"beca-comedor\"]}", &c));
  c.service_code = "beca-comedor";
  assert_true(when_matches("{\"services\":[\"padron-alta\",\"beca-comedor\"]}", &c));
}

static void test_words_any_folds_case_accents_plurals(void **state) {
  (void)state;
  const char *w = "{\"words_any\":[\"beca\",\"padrón\",\"luz\"]}";
  assert_true(words_match(w, "BECAS de comedor", ""));
  assert_true(words_match(w, "", "Necesito un certificado de PADRON."));
  assert_true(words_match(w, "", "los padrones municipales"));
  assert_true(words_match(w, "Cortes de luces", ""));
  assert_true(words_match(w, "Beca", NULL));
  /* Whole words only: no prefixes, no infixes. */
  assert_false(words_match(w, "Soy becario", "y llevo una rebeca"));
  assert_false(words_match(w, "luzco", "padronazgo"));
  /* The plural of the singular works the other way round too. */
  assert_true(words_match("{\"words_any\":[\"becas\"]}", "una beca", ""));
  assert_true(words_match("{\"words_any\":[\"luces\"]}", "la luz", ""));
  /* Short words take no plural ("mes" is not the plural of "me"). */
  assert_false(words_match("{\"words_any\":[\"me\"]}", "este mes", ""));
  assert_true(words_match("{\"words_any\":[\"mes\"]}", "dos meses", ""));
  /* Accents and case in the term itself. */
  assert_true(words_match("{\"words_any\":[\"INFORMACIÓN\"]}", "pido informacion", ""));
  /* A trailing "*" asks for a prefix. */
  assert_true(words_match("{\"words_any\":[\"tribut*\"]}", "", "Asuntos Tributarios"));
  assert_false(words_match("{\"words_any\":[\"tribut*\"]}", "", "atributo"));
}

static void test_words_phrases(void **state) {
  (void)state;
  const char *w = "{\"words_any\":[\"comedor escolar\"]}";
  assert_true(words_match(w, "", "la beca de comedor escolar"));
  assert_true(words_match(w, "", "Comedores, escolares"));
  assert_false(words_match(w, "", "comedor del colegio escolar"));
  assert_false(words_match(w, "", "escolar comedor"));
  /* The text is subject, new line, body, and words ignore line breaks, so
   * a phrase may run from the subject into the body. */
  assert_true(words_match(w, "comedor", "escolar"));
}

static void test_words_all(void **state) {
  (void)state;
  const char *w = "{\"words_all\":[\"plazo\",\"solicitud\"]}";
  assert_true(words_match(w, "Plazos", "de la SOLICITUD"));
  assert_false(words_match(w, "Plazo", "de la beca"));
  assert_false(words_match(w, "", ""));
}

static void test_words_none(void **state) {
  (void)state;
  const char *w = "{\"words_none\":[\"queja\",\"reclamación\"]}";
  assert_true(words_match(w, "Beca", "de comedor"));
  assert_false(words_match(w, "Quejas", "sobre el comedor"));
  assert_false(words_match(w, "", "pongo una RECLAMACION"));
}

static void test_regex_unicode_and_case(void **state) {
  (void)state;
  assert_true(words_match("{\"regex\":\"\\\\b(AMPA|comedor)\\\\b\"}", "", "el COMEDOR del cole"));
  assert_true(words_match("{\"regex\":\"\\\\b(AMPA|comedor)\\\\b\"}", "", "la ampa"));
  assert_false(words_match("{\"regex\":\"\\\\b(AMPA|comedor)\\\\b\"}", "", "comedores"));
  /* Caseless beyond ASCII, and \w knows Unicode letters. */
  assert_true(words_match("{\"regex\":\"ñandú\"}", "", "UN ÑANDÚ"));
  assert_true(words_match("{\"regex\":\"^\\\\w+ción$\"}", "Información", ""));
  /* Accents are not folded for a regex. */
  assert_false(words_match("{\"regex\":\"informacion\"}", "Información", ""));
  /* Invalid UTF-8 in the message does not stop the regex. */
  assert_true(words_match("{\"regex\":\"comedor\"}", "\xff\xfe", "comedor \xc3"));
}

static void test_regex_only_first_20000_bytes(void **state) {
  (void)state;
  char *body = malloc(VT_RULES_SCAN_MAX + 100);
  memset(body, 'x', VT_RULES_SCAN_MAX + 99);
  memcpy(body + VT_RULES_SCAN_MAX + 10, "beca", 4);
  body[VT_RULES_SCAN_MAX + 99] = '\0';
  assert_false(words_match("{\"regex\":\"beca\"}", "", body));
  assert_false(words_match("{\"words_any\":[\"beca\"]}", "", body));
  memcpy(body + 5000, " beca ", 6);
  assert_true(words_match("{\"regex\":\"beca\"}", "", body));
  assert_true(words_match("{\"words_any\":[\"beca\"]}", "", body));
  free(body);
}

static void test_citizen_attributes(void **state) {
  (void)state;
  struct vt_route_ctx c = ctx_of("x", "y");
  assert_false(when_matches("{\"citizen_lang\":[\"ca\",\"eu\"]}", &c));
  c.citizen_lang = "ca-ES";
  assert_true(when_matches("{\"citizen_lang\":[\"ca\",\"eu\"]}", &c));
  c.citizen_lang = "cat";
  assert_false(when_matches("{\"citizen_lang\":[\"ca\"]}", &c));
  c.citizen_lang = NULL;
  assert_false(when_matches("{\"citizen_lang\":[\"ca\"]}", &c));

  const char *has = "{\"citizen_has\":[\"national_id\",\"email\"]}";
  assert_false(when_matches(has, &c));
  c.has_national_id = true;
  assert_false(when_matches(has, &c));
  c.has_email = true;
  assert_true(when_matches(has, &c));
  assert_false(when_matches("{\"citizen_has\":[\"phone\"]}", &c));
  c.has_phone = true;
  assert_true(when_matches("{\"citizen_has\":[\"phone\"]}", &c));
}

static void test_hours_inside_and_outside(void **state) {
  (void)state;
  const char *in = "{\"hours\":{\"mon\":\"09:00-14:00,16:00-19:00\"}}";
  const char *out = "{\"hours\":{\"mon\":\"09:00-14:00,16:00-19:00\"},\"outside_hours\":true}";
  struct vt_route_ctx c = ctx_of("x", "y");
  /* 08:00 UTC is 09:00 in Madrid in November. */
  c.at_ms = MON_2026_11_23_UTC + 8 * HOUR;
  assert_true(when_matches(in, &c));
  assert_false(when_matches(out, &c));
  c.at_ms = MON_2026_11_23_UTC + 8 * HOUR - MINUTE;
  assert_false(when_matches(in, &c));
  assert_true(when_matches(out, &c));
  /* 13:00 UTC is 14:00: the end is exclusive. */
  c.at_ms = MON_2026_11_23_UTC + 13 * HOUR;
  assert_false(when_matches(in, &c));
  /* Tuesday has no hours. */
  c.at_ms = MON_2026_11_23_UTC + 24 * HOUR + 9 * HOUR;
  assert_false(when_matches(in, &c));
  assert_true(when_matches(out, &c));
  /* The same instant in the Canary Islands is an hour earlier. */
  c.at_ms = MON_2026_11_23_UTC + 8 * HOUR;
  c.timezone = "Atlantic/Canary";
  assert_false(when_matches(in, &c));
  /* Summer: Monday 2026-06-01 09:00 in Madrid is 07:00 UTC. */
  c.timezone = "Europe/Madrid";
  c.at_ms = 1780272000000LL + 7 * HOUR;
  assert_true(when_matches(in, &c));
}

/* ---- validation ---------------------------------------------------------- */

#define RULE(when, then) "{\"name\":\"r\",\"position\":1,\"when\":" when ",\"then\":" then "}"

static void test_validation_accepts_the_full_example(void **state) {
  (void)state;
  struct vt_rule_errors errs;
  error_key("{\"id\":7,\"name\":\"Becas a Educación\",\"position\":4,\"active\":true,"
            "\"when\":{\"channels\":[\"web\",\"email\",\"chat\"],\"services\":[\"beca-comedor\"],"
            " \"words_any\":[\"beca\",\"comedor escolar\"],\"words_all\":[\"plazo\"],"
            " \"words_none\":[\"queja\"],\"regex\":\"\\\\b(AMPA|comedor)\\\\b\","
            " \"citizen_lang\":[\"es\"],\"citizen_has\":[\"national_id\"],"
            " \"hours\":{\"mon\":\"09:00-14:00\"},\"outside_hours\":false},"
            "\"then\":{\"department\":\"educacion\",\"service\":\"beca-comedor\","
            " \"priority\":\"high\",\"tags\":[\"becas\"],\"assign\":\"round_robin\","
            " \"auto_reply\":\"Texto…\",\"confidential\":false,\"stop\":true}}",
            "", &errs);
  for (size_t i = 0; i < errs.n; i++)
    print_error("%s: %s %s\n", errs.e[i].field, errs.e[i].key, errs.e[i].detail);
  assert_int_equal(errs.n, 0);
  /* Only name and position are required. */
  assert_null(error_key("{\"name\":\"r\",\"position\":0}", "name", &errs));
  assert_int_equal(errs.n, 0);
}

static void test_validation_errors(void **state) {
  (void)state;
  assert_string_equal(error_key("{\"position\":1}", "name", NULL), "field.required");
  assert_string_equal(error_key("{\"name\":\"  \",\"position\":1}", "name", NULL),
                      "field.required");
  assert_string_equal(error_key("{\"name\":\"r\"}", "position", NULL), "field.required");
  assert_string_equal(error_key("{\"name\":\"r\",\"position\":-1}", "position", NULL),
                      "field.rule.position");
  assert_string_equal(error_key("{\"name\":\"r\",\"position\":\"1\"}", "position", NULL),
                      "field.rule.position");
  assert_string_equal(error_key("{\"name\":\"r\",\"position\":1,\"colour\":1}", "colour", NULL),
                      "field.unknown_field");
  assert_string_equal(error_key(RULE("{\"colour\":1}", "{}"), "when.colour", NULL),
                      "field.unknown_field");
  assert_string_equal(error_key(RULE("{}", "{\"colour\":1}"), "then.colour", NULL),
                      "field.unknown_field");
  assert_string_equal(error_key(RULE("[]", "{}"), "when", NULL), "field.type_object");
  assert_string_equal(error_key(RULE("{\"channels\":[\"fax\"]}", "{}"), "when.channels", NULL),
                      "field.rule.channels");
  assert_string_equal(error_key(RULE("{\"channels\":\"web\"}", "{}"), "when.channels", NULL),
                      "field.rule.channels");
  assert_string_equal(error_key(RULE("{\"services\":[\"a b\"]}", "{}"), "when.services", NULL),
                      "field.rule.services");
  assert_string_equal(error_key(RULE("{\"words_any\":[\"¿?\"]}", "{}"), "when.words_any", NULL),
                      "field.rule.words");
  assert_string_equal(error_key(RULE("{\"words_all\":[\"ab*\"]}", "{}"), "when.words_all", NULL),
                      "field.rule.words");
  assert_string_equal(error_key(RULE("{\"words_none\":[1]}", "{}"), "when.words_none", NULL),
                      "field.rule.words");
  assert_string_equal(
      error_key(RULE("{\"citizen_lang\":[\"español\"]}", "{}"), "when.citizen_lang", NULL),
      "field.rule.citizen_lang");
  assert_string_equal(
      error_key(RULE("{\"citizen_has\":[\"telegram\"]}", "{}"), "when.citizen_has", NULL),
      "field.rule.citizen_has");
  assert_string_equal(
      error_key(RULE("{\"hours\":{\"lunes\":\"09:00-14:00\"}}", "{}"), "when.hours", NULL),
      "field.hours");
  assert_string_equal(
      error_key(RULE("{\"hours\":{\"mon\":\"14:00-09:00\"}}", "{}"), "when.hours", NULL),
      "field.hours");
  assert_string_equal(error_key(RULE("{\"hours\":\"9-14\"}", "{}"), "when.hours", NULL),
                      "field.hours");
  assert_string_equal(error_key(RULE("{\"outside_hours\":true}", "{}"), "when.outside_hours", NULL),
                      "field.rule.outside_hours");
  assert_string_equal(error_key(RULE("{}", "{\"priority\":\"critical\"}"), "then.priority", NULL),
                      "field.rule.priority");
  assert_string_equal(error_key(RULE("{}", "{\"assign\":\"random\"}"), "then.assign", NULL),
                      "field.rule.assign");
  assert_string_equal(
      error_key(RULE("{}", "{\"department\":\"Educación\"}"), "then.department", NULL),
      "field.rule.code");
  assert_string_equal(
      error_key(RULE("{}", "{\"tags\":[\"1\",\"2\",\"3\",\"4\",\"5\",\"6\",\"7\",\"8\",\"9\","
                           "\"10\",\"11\"]}"),
                "then.tags", NULL),
      "field.rule.tags");
  assert_string_equal(
      error_key(RULE("{}", "{\"tags\":[\"una etiqueta mucho más larga que cuarenta bytes\"]}"),
                "then.tags", NULL),
      "field.rule.tags");
  assert_string_equal(error_key(RULE("{}", "{\"stop\":\"no\"}"), "then.stop", NULL),
                      "field.type_bool");
  assert_string_equal(error_key(RULE("{}", "{\"confidential\":1}"), "then.confidential", NULL),
                      "field.type_bool");

  char big[6100] = "{\"name\":\"r\",\"position\":1,\"then\":{\"auto_reply\":\"";
  size_t n = strlen(big);
  memset(big + n, 'a', 5001);
  strcpy(big + n + 5001, "\"}}");
  assert_string_equal(error_key(big, "then.auto_reply", NULL), "field.too_long");
}

static void test_validation_regex(void **state) {
  (void)state;
  struct vt_rule_errors errs;
  assert_string_equal(error_key(RULE("{\"regex\":\"(beca\"}", "{}"), "when.regex", &errs),
                      "field.rule.regex");
  assert_int_equal(errs.n, 1);
  assert_non_null(strstr(errs.e[0].detail, "missing closing parenthesis"));
  assert_non_null(strstr(errs.e[0].detail, "offset 5"));
  assert_string_equal(error_key(RULE("{\"regex\":\"a{2,1}\"}", "{}"), "when.regex", NULL),
                      "field.rule.regex");
  assert_string_equal(error_key(RULE("{\"regex\":3}", "{}"), "when.regex", NULL),
                      "field.type_string");

  /* 500 bytes are allowed, 501 are not. */
  char rule[700];
  int k = snprintf(rule, sizeof rule, "{\"name\":\"r\",\"position\":1,\"when\":{\"regex\":\"");
  memset(rule + k, 'a', 500);
  strcpy(rule + k + 500, "\"}}");
  assert_null(error_key(rule, "when.regex", NULL));
  memset(rule + k, 'a', 501);
  strcpy(rule + k + 501, "\"}}");
  assert_string_equal(error_key(rule, "when.regex", NULL), "field.rule.regex_too_long");
}

static void test_load_reports_the_first_error(void **state) {
  (void)state;
  char err[256];
  assert_null(vt_rules_load("{\"name\":\"r\"}", err, sizeof err));
  assert_non_null(strstr(err, "array"));
  assert_null(vt_rules_load("[", err, sizeof err));
  assert_null(vt_rules_load(NULL, err, sizeof err));
  assert_null(vt_rules_load("[{\"name\":\"ok\",\"position\":1},"
                            " {\"id\":12,\"name\":\"mala\",\"position\":2,"
                            "  \"when\":{\"regex\":\"(beca\"}}]",
                            err, sizeof err));
  assert_non_null(strstr(err, "rule 1 (id 12): when.regex: field.rule.regex"));
  assert_non_null(strstr(err, "missing closing parenthesis"));
}

/* ---- hostile regexes ------------------------------------------------------- */

static void test_catastrophic_regex_gives_up(void **state) {
  (void)state;
  struct vt_rules *rs =
      load("[{\"name\":\"mala\",\"position\":1,\"when\":{\"regex\":\"(a+)+$\"},"
           "   \"then\":{\"department\":\"x\"}},"
           " {\"name\":\"resto\",\"position\":2,\"then\":{\"department\":\"y\"}}]");
  struct vt_route_ctx c = ctx_of("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!", NULL);
  struct vt_route_decision d;
  assert_true(vt_rules_decide(rs, &c, &d));
  assert_true(d.regex_aborted);
  assert_int_equal(d.regex_aborted_position, 1);
  assert_string_equal(d.department, "y"); /* the hostile rule counted as not matching */
  vt_route_decision_release(&d);
  vt_rules_free(rs);
}

static void test_regex_time_budget_on_long_text(void **state) {
  (void)state;
  /* Each start position stays under PCRE2's match limit, so only the time
   * budget stops this (alone it takes seconds on 20,000 bytes). */
  struct vt_rules *rs =
      load("[{\"name\":\"lenta\",\"position\":1,\"when\":{\"regex\":\"(?:a|a){1,12}[bc]\"},"
           "   \"then\":{\"department\":\"x\",\"stop\":false}},"
           " {\"name\":\"lenta 2\",\"position\":2,\"when\":{\"regex\":\"(?:a|a){1,12}[bc]\"},"
           "   \"then\":{\"department\":\"x\"}},"
           " {\"name\":\"palabras\",\"position\":3,\"when\":{\"words_any\":[\"hola\"]},"
           "   \"then\":{\"department\":\"y\"}}]");
  char *body = malloc(VT_RULES_SCAN_MAX + 1);
  memset(body, 'a', VT_RULES_SCAN_MAX);
  body[VT_RULES_SCAN_MAX] = '\0';
  struct vt_route_ctx c = ctx_of("hola", body);
  struct vt_route_decision d;
  assert_true(vt_rules_decide(rs, &c, &d));
  assert_true(d.regex_aborted);
  assert_int_equal(d.regex_aborted_position, 1);
  assert_string_equal(d.department, "y");
  vt_route_decision_release(&d);
  vt_rules_free(rs);
  free(body);
}

/* ---- explanations ---------------------------------------------------------- */

static void test_explanation_names_rule_and_word(void **state) {
  (void)state;
  struct vt_rules *rs = load("[{\"name\":\"Becas a Educación\",\"position\":4,"
                             "   \"when\":{\"words_any\":[\"beca\",\"comedor escolar\"]},"
                             "   \"then\":{\"department\":\"educacion\"}}]");
  struct vt_route_ctx c = ctx_of("Solicitud de BECAS", "");
  struct vt_route_decision d;
  assert_true(vt_rules_decide(rs, &c, &d));
  assert_string_equal(d.explain_es,
                      "regla 4 «Becas a Educación»: el asunto o el texto contienen «beca»");
  assert_string_equal(d.explain_en,
                      "rule 4 “Becas a Educación”: the subject or text contain “beca”");
  vt_route_decision_release(&d);
  vt_rules_free(rs);
}

static void test_explanation_lists_every_condition(void **state) {
  (void)state;
  struct vt_rules *rs = load(
      "[{\"name\":\"Todo\",\"position\":2,"
      "   \"when\":{\"channels\":[\"chat\"],\"services\":[\"beca-comedor\"],"
      "             \"words_any\":[\"beca\"],\"words_all\":[\"plazo\"],\"words_none\":[\"queja\"],"
      "             \"regex\":\"\\\\bAMPA\\\\b\",\"citizen_lang\":[\"es\"],"
      "             \"citizen_has\":[\"national_id\"],\"hours\":{\"mon\":\"09:00-14:00\"}},"
      "   \"then\":{\"department\":\"educacion\"}}]");
  struct vt_route_ctx c = ctx_of("Beca de comedor", "El plazo según el ampa");
  c.channel = VT_CH_CHAT;
  c.service_code = "beca-comedor";
  c.has_national_id = true;
  struct vt_route_decision d;
  assert_true(vt_rules_decide(rs, &c, &d));
  assert_string_equal(d.explain_es,
                      "regla 2 «Todo»: canal chat, servicio beca-comedor, el asunto o el texto "
                      "contienen «beca», «plazo», sin «queja», la expresión regular encuentra "
                      "«ampa», idioma es, con DNI/NIE, dentro del horario (lunes 10:00, "
                      "Europe/Madrid)");
  assert_string_equal(d.explain_en,
                      "rule 2 “Todo”: channel chat, service beca-comedor, the subject or text "
                      "contain “beca”, “plazo”, without “queja”, the regular expression finds "
                      "“ampa”, language es, with a national ID, within service hours (Monday "
                      "10:00, Europe/Madrid)");
  vt_route_decision_release(&d);
  vt_rules_free(rs);
}

static void test_explanation_truncates_regex_match(void **state) {
  (void)state;
  struct vt_rules *rs = load("[{\"name\":\"larga\",\"position\":1,\"when\":{\"regex\":\"ñ.+\"},"
                             "   \"then\":{\"department\":\"x\"}}]");
  char body[400] = "";
  strcat(body, "xxñ");
  for (int i = 0; i < 100; i++)
    strcat(body, i == 50 ? "\t" : "é");
  struct vt_route_ctx c = ctx_of(NULL, body);
  struct vt_route_decision d;
  assert_true(vt_rules_decide(rs, &c, &d));
  /* 60 characters: "ñ" and 59 others (a tab shown as a space), then "…". */
  char want[400] = "regla 1 «larga»: la expresión regular encuentra «ñ";
  for (int i = 0; i < 59; i++)
    strcat(want, i == 50 ? " " : "é");
  strcat(want, "…»");
  assert_string_equal(d.explain_es, want);
  vt_route_decision_release(&d);
  vt_rules_free(rs);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_position_decides_not_array_order),
      cmocka_unit_test(test_first_match_wins_and_stops),
      cmocka_unit_test(test_stop_false_merges_earlier_wins),
      cmocka_unit_test(test_tags_union_is_capped),
      cmocka_unit_test(test_inactive_rules_skipped),
      cmocka_unit_test(test_no_rules_no_match),
      cmocka_unit_test(test_channel),
      cmocka_unit_test(test_service),
      cmocka_unit_test(test_words_any_folds_case_accents_plurals),
      cmocka_unit_test(test_words_phrases),
      cmocka_unit_test(test_words_all),
      cmocka_unit_test(test_words_none),
      cmocka_unit_test(test_regex_unicode_and_case),
      cmocka_unit_test(test_regex_only_first_20000_bytes),
      cmocka_unit_test(test_citizen_attributes),
      cmocka_unit_test(test_hours_inside_and_outside),
      cmocka_unit_test(test_validation_accepts_the_full_example),
      cmocka_unit_test(test_validation_errors),
      cmocka_unit_test(test_validation_regex),
      cmocka_unit_test(test_load_reports_the_first_error),
      cmocka_unit_test(test_catastrophic_regex_gives_up),
      cmocka_unit_test(test_regex_time_budget_on_long_text),
      cmocka_unit_test(test_explanation_names_rule_and_word),
      cmocka_unit_test(test_explanation_lists_every_condition),
      cmocka_unit_test(test_explanation_truncates_regex_match),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
