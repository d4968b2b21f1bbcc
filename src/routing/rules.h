/* Routing rules: an administration's ordered list of "when these conditions
 * hold, do these actions", validated from JSON, and the decision for one
 * request with an explanation of why. Pure: no database, no HTTP, no log.
 *
 * A rule (what the admin API stores):
 *   {"id": 7, "name": "Becas a Educación", "position": 4, "active": true,
 *    "when": {"channels": ["web","email","chat"], "services": ["beca-comedor"],
 *             "words_any": ["beca", "comedor escolar"], "words_all": ["plazo"],
 *             "words_none": ["queja"], "regex": "\\b(AMPA|comedor)\\b",
 *             "citizen_lang": ["es"], "citizen_has": ["national_id"],
 *             "hours": {"mon": "09:00-14:00"}, "outside_hours": false},
 *    "then": {"department": "educacion", "service": "beca-comedor", "priority": "high",
 *             "tags": ["becas"], "assign": "round_robin", "auto_reply": "Texto…",
 *             "confidential": false, "stop": true}}
 * "name" and "position" are required; everything else is optional, and an
 * absent, null or empty ("", [], {}) value means "no constraint" / "no
 * action". Every condition present must hold. Lengths are in bytes. Limits:
 * name 200, position 0..1000000, services and each words_* list 50 entries,
 * a term 100 bytes and 8 words, citizen_lang 10 tags, department/service
 * codes [A-Za-z0-9._-] up to 47/63, tags 10 of 40, auto_reply 5000.
 *
 * Words (words_any / words_all / words_none): the subject and body and each
 * term are case- and accent-folded ("Padrón" = "padron"; as in search, "ñ"
 * folds to "n") and split into words as util/words.h does. A term matches
 * whole words, consecutive for a phrase ("comedor escolar"). Each word also
 * matches its Spanish/English plural or singular when the singular has at
 * least 3 letters: +s, +es, z -> ces ("beca" ~ "becas", "padrón" ~
 * "padrones", "luz" ~ "luces"), but never a mere prefix ("mar" does not find
 * "marzo"). A word written with a trailing "*" matches by prefix (at least 3
 * letters: "tribut*" finds "tributos", "tributario").
 *
 * regex: PCRE2, caseless, UTF and Unicode classes, at most 500 bytes,
 * compiled (and JIT-compiled when available) once at load. It runs on the
 * first 20,000 bytes of subject + "\n" + body (the words see the same text),
 * with a match limit and a depth/heap limit. PCRE2 applies its match limit
 * per start position, which alone still lets a pattern cost seconds on a long
 * text, so the search is also cut into windows of start positions and all
 * regexes of one decision share a time budget (VT_RULES_REGEX_BUDGET_MS): a
 * regex that hits a limit or the budget counts as not matching and the
 * decision says so (regex_aborted). Only \G and the verbs that stop the
 * advance of the start ((*COMMIT), (*SKIP)) can tell the windows apart: \G
 * also matches at each window's start, and a failed (*COMMIT) ends only its
 * window.
 *
 * hours: as chat widgets' hours (channels/chat_hours.h), evaluated at the
 * request's time in the administration's time zone: the rule applies inside
 * them, or outside them with "outside_hours": true (which needs hours).
 *
 * Merging: rules are tried by position (ties: by id, then by order in the
 * array). A matching rule with "stop": true (the default) ends the search.
 * With "stop": false the search goes on, and a later matching rule fills in
 * only the actions still unset: for each action the earliest rule wins.
 * Two exceptions: tags are the union in rule order (at most 10, duplicates
 * dropped), and only "confidential": true counts as setting that action (so
 * confidentiality, once asked for by any matching rule, sticks). At most
 * VT_RULES_MAX_MATCHES rules contribute to a decision. */
#ifndef VT_RULES_H
#define VT_RULES_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/model.h"

#define VT_RULES_MAX_TAGS        10
#define VT_RULES_MAX_MATCHES     16
#define VT_RULES_REGEX_MAX       500   /* bytes of pattern */
#define VT_RULES_SCAN_MAX        20000 /* bytes of subject + body examined */
#define VT_RULES_REGEX_BUDGET_MS 20    /* regex time per decision, all rules */

enum vt_assign {
  VT_ASSIGN_NONE,
  VT_ASSIGN_ROUND_ROBIN,
  VT_ASSIGN_LEAST_LOADED,
  VT_ASSIGN_SKILLS,
  VT_ASSIGN__COUNT
};
/* "none", "round_robin", "least_loaded", "skills"; _parse returns -1 for an unknown name. */
const char *vt_assign_name(enum vt_assign a);
int vt_assign_parse(const char *s);

/* The actions, as bits (vt_route_decision.set, vt_route_match.actions). */
enum {
  VT_RA_DEPARTMENT = 1u << 0,
  VT_RA_SERVICE = 1u << 1,
  VT_RA_PRIORITY = 1u << 2,
  VT_RA_TAGS = 1u << 3,
  VT_RA_ASSIGN = 1u << 4,
  VT_RA_AUTO_REPLY = 1u << 5,
  VT_RA_CONFIDENTIAL = 1u << 6,
};

/* ---- validation ---------------------------------------------------------- */

/* Per-field errors of one rule: the field's path ("name", "when.regex",
 * "then.tags", "when.colour" for an unknown field), an i18n key of
 * util/i18n_catalog.def and, for a regex that does not compile, PCRE2's
 * message and offset in `detail` (English, from PCRE2; empty otherwise).
 * One error per field, at most VT_RULES_MAX_ERRORS. Maps one to one onto
 * vt_fields_add(f, e->field, e->key). */
#define VT_RULES_MAX_ERRORS 16
struct vt_rule_error {
  char field[32];
  const char *key; /* static */
  char detail[128];
};
struct vt_rule_errors {
  size_t n;
  struct vt_rule_error e[VT_RULES_MAX_ERRORS];
};

/* Whether rule (one rule object as above) is valid; errors are appended to
 * errs (which the caller zero-initialises). Compiles the regex to check it. */
bool vt_rules_validate(const json_t *rule, struct vt_rule_errors *errs);

/* ---- loading -------------------------------------------------------------- */

struct vt_rules; /* immutable once loaded: many threads may decide with one */

/* An administration's rules as one JSON array of rule objects: inactive ones
 * are skipped (without further checks), the others validated, compiled and
 * sorted by position. NULL when the text is not a JSON array or a rule is
 * not valid, with the reason in err ("rule 3 (id 12): when.regex:
 * field.rule.regex: missing closing parenthesis at offset 7"). An empty
 * array gives a rule set that never matches. Caller frees with vt_rules_free. */
struct vt_rules *vt_rules_load(const char *json_array_text, char *err, size_t errsz);
/* The same from parsed JSON (borrowed: nothing of it is kept). */
struct vt_rules *vt_rules_load_json(const json_t *array, char *err, size_t errsz);
void vt_rules_free(struct vt_rules *rules);
/* Active rules loaded. */
size_t vt_rules_count(const struct vt_rules *rules);

/* ---- deciding ------------------------------------------------------------- */

/* One request, as routing sees it. Every pointer is borrowed for the call
 * and may be NULL (then conditions on it do not hold, e.g. "services" with
 * no service_code). citizen_lang "es" or "es-ES". timezone NULL or unknown:
 * UTC. */
struct vt_route_ctx {
  const char *subject, *body;
  enum vt_channel channel;
  const char *service_code;
  const char *citizen_lang;
  bool has_national_id, has_email, has_phone;
  int64_t at_ms;        /* when the request arrived, Unix milliseconds */
  const char *timezone; /* the administration's, e.g. "Europe/Madrid" */
};

/* A rule that matched, in the order they were tried. */
struct vt_route_match {
  int64_t id; /* the rule's "id", 0 when it had none */
  long position;
  const char *name; /* borrowed from the rule set */
  unsigned actions; /* VT_RA_* bits this rule supplied (0: all already set) */
};

/* The merged outcome. Strings are borrowed from the rule set (valid while it
 * lives) except explain_es/explain_en, which the decision owns: release with
 * vt_route_decision_release. Members whose VT_RA_* bit is not in `set` hold
 * defaults (NULL, VT_PR_NORMAL, VT_ASSIGN_NONE, false, 0 tags). */
struct vt_route_decision {
  bool matched;
  unsigned set;
  const char *department, *service;
  enum vt_priority priority;
  const char *tags[VT_RULES_MAX_TAGS];
  size_t ntags;
  enum vt_assign assign;
  const char *auto_reply;
  bool confidential;
  struct vt_route_match matches[VT_RULES_MAX_MATCHES];
  size_t nmatches;
  /* "regla 4 «Becas a Educación»: el asunto o el texto contienen «beca»";
   * rules separated by "; ". "ninguna regla coincide" / "no rule matched"
   * when nothing matched. */
  char *explain_es, *explain_en;
  /* A regex gave up (match/depth/heap limit, JIT stack, or the decision's
   * time budget) and counted as not matching: worth a warning in the log.
   * regex_aborted_position is the first such rule's position. */
  bool regex_aborted;
  long regex_aborted_position;
};

/* Decides for ctx: fills *out (always, even without a match; release it
 * afterwards either way) and returns whether any rule matched. rules NULL:
 * nothing matches. */
bool vt_rules_decide(const struct vt_rules *rules, const struct vt_route_ctx *ctx,
                     struct vt_route_decision *out);
void vt_route_decision_release(struct vt_route_decision *d);

#endif
