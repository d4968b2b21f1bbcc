/* Routing of new tickets, with a per-node cache of each administration's
 * compiled rules and classifier: loading and compiling them for every
 * request would cost more than deciding. A cache entry is shared by
 * reference count, so a reload never frees what a request is using, and it
 * is refreshed after CACHE_MS (another node may have changed the rules) or
 * at once after a change on this node. */
#include "routing/route.h"

#include <jansson.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "routing/answer.h"
#include "routing/classifier.h"
#include "routing/rules.h"
#include "sla/deadlines.h"
#include "util/buf.h"
#include "util/log.h"
#include "util/timeutil.h"

#define CACHE_MS    5000
#define CACHE_SLOTS 64
#define TRAIN_LIMIT 20000 /* the newest resolved tickets a classifier learns from */
#define TRAIN_MIN   20    /* fewer examples than this teach nothing worth trusting */

struct entry {
  vt_id tenant_id;
  int64_t loaded_at;
  int refs;
  struct vt_rules *rules;
  struct vt_classifier *model;
  char timezone[64];
};

static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;
static struct entry *cache[CACHE_SLOTS];

static void entry_unref(struct entry *e) {
  if (!e)
    return;
  pthread_mutex_lock(&cache_lock);
  bool last = --e->refs == 0;
  pthread_mutex_unlock(&cache_lock);
  if (last) {
    vt_rules_free(e->rules);
    vt_classifier_free(e->model);
    free(e);
  }
}

struct vt_rules *vt_route_load_rules(struct vt_store *st, vt_id tenant_id, char *err,
                                     size_t errsz) {
  err[0] = '\0';
  vt_id ids[1] = {tenant_id};
  struct vt_scope one = {.n = 1, .tenant_ids = ids};
  struct vt_routing_rule *items;
  size_t n;
  if (st->routing_rules_list(st, &one, tenant_id, false, &items, &n) != VT_QS_ONE) {
    snprintf(err, errsz, "the store failed");
    return NULL;
  }
  /* The engine's input: each stored {when, then} with its columns. */
  json_t *arr = json_array();
  for (size_t i = 0; i < n; i++) {
    json_t *r = json_loads(items[i].rule_json ? items[i].rule_json : "{}", 0, NULL);
    if (!json_is_object(r)) {
      json_decref(r);
      continue;
    }
    json_object_set_new(r, "id", json_integer(items[i].id));
    json_object_set_new(r, "name", json_string(items[i].name ? items[i].name : ""));
    json_object_set_new(r, "position", json_integer(items[i].position));
    json_object_set_new(r, "active", json_true());
    json_array_append_new(arr, r);
  }
  VT_RELEASE_ARRAY(items, n, vt_routing_rule_release);
  struct vt_rules *rules = vt_rules_load_json(arr, err, errsz);
  json_decref(arr);
  return rules;
}

/* Reads a tenant's active rules and classifier from the store. */
static struct entry *entry_load(struct vt_store *st, vt_id tenant_id) {
  struct entry *e = calloc(1, sizeof *e);
  if (!e)
    return NULL;
  e->tenant_id = tenant_id;
  e->loaded_at = vt_now_ms();
  e->refs = 1;
  char err[300] = "";
  e->rules = vt_route_load_rules(st, tenant_id, err, sizeof err);
  if (!e->rules && err[0])
    VT_WARN("routing rules of tenant %lld not loaded: %s", (long long)tenant_id, err);
  char *model = NULL;
  int64_t trained_at = 0;
  long examples = 0;
  if (st->routing_model_get(st, tenant_id, &model, &trained_at, &examples) == VT_QS_ONE && model) {
    const char *why = NULL;
    e->model = vt_classifier_from_json(model, &why);
    if (!e->model)
      VT_WARN("classifier of tenant %lld not loaded: %s", (long long)tenant_id, why ? why : "?");
  }
  free(model);
  struct vt_tenant t;
  if (st->tenant_get(st, tenant_id, &t) == VT_QS_ONE) {
    snprintf(e->timezone, sizeof e->timezone, "%s", t.timezone ? t.timezone : "");
    vt_tenant_release(&t);
  }
  return e;
}

/* The tenant's entry, loaded or refreshed as needed; the caller unrefs it. */
static struct entry *entry_get(struct vt_store *st, vt_id tenant_id) {
  size_t slot = (size_t)((uint64_t)tenant_id % CACHE_SLOTS);
  int64_t now = vt_now_ms();
  pthread_mutex_lock(&cache_lock);
  struct entry *e = cache[slot];
  if (e && e->tenant_id == tenant_id && now - e->loaded_at < CACHE_MS) {
    e->refs++;
    pthread_mutex_unlock(&cache_lock);
    return e;
  }
  pthread_mutex_unlock(&cache_lock);
  /* Loaded outside the lock: two requests may load it at once, and the
   * last one stored wins; both are correct. */
  struct entry *fresh = entry_load(st, tenant_id);
  if (!fresh)
    return NULL;
  pthread_mutex_lock(&cache_lock);
  struct entry *old = cache[slot];
  cache[slot] = fresh;
  fresh->refs++; /* the cache's reference and the caller's */
  pthread_mutex_unlock(&cache_lock);
  entry_unref(old);
  return fresh;
}

void vt_route_invalidate(vt_id tenant_id) {
  size_t slot = (size_t)((uint64_t)tenant_id % CACHE_SLOTS);
  pthread_mutex_lock(&cache_lock);
  struct entry *e = cache[slot];
  if (e && e->tenant_id == tenant_id)
    cache[slot] = NULL;
  else
    e = NULL;
  pthread_mutex_unlock(&cache_lock);
  entry_unref(e);
}

void vt_route_result_release(struct vt_route_result *r) {
  free(r->tags_json);
  free(r->explain_json);
  free(r->auto_reply);
  memset(r, 0, sizeof *r);
}

static bool has_identity(const struct vt_ticket_new *tn, enum vt_identity_kind k) {
  for (size_t i = 0; i < tn->n_identities; i++)
    if (tn->identities[i].kind == k)
      return true;
  return false;
}

/* A department code of the ticket's administration into its id. */
static vt_id department_id(struct vt_store *st, vt_id tenant_id, const char *code) {
  struct vt_department d;
  if (!code || st->department_by_code(st, tenant_id, code, &d) != VT_QS_ONE)
    return 0;
  vt_id id = d.id;
  vt_department_release(&d);
  return id;
}

static void apply_rules(struct vt_store *st, struct vt_ticket_new *tn,
                        const struct vt_route_decision *d, json_t *why) {
  if ((d->set & VT_RA_SERVICE) && d->service) {
    struct vt_service s;
    if (st->service_by_code(st, tn->tenant_id, d->service, &s) == VT_QS_ONE) {
      tn->service_id = s.id;
      if (s.department_id)
        tn->department_id = s.department_id;
      vt_service_release(&s);
      json_object_set_new(why, "service", json_string(d->service));
    }
  }
  if ((d->set & VT_RA_DEPARTMENT) && d->department) {
    vt_id id = department_id(st, tn->tenant_id, d->department);
    if (id) {
      tn->department_id = id;
      json_object_set_new(why, "department", json_string(d->department));
    } else {
      json_object_set_new(why, "unknown_department", json_string(d->department));
    }
  }
  if (d->set & VT_RA_PRIORITY) {
    tn->priority = d->priority;
    json_object_set_new(why, "priority", json_string(vt_priority_name(d->priority)));
  }
  if (d->set & VT_RA_CONFIDENTIAL) {
    tn->confidential = d->confidential;
    json_object_set_new(why, "confidential", json_boolean(d->confidential));
  }
  if ((d->set & VT_RA_ASSIGN) && d->assign != VT_ASSIGN_NONE)
    json_object_set_new(why, "assign", json_string(vt_assign_name(d->assign)));
  json_t *rules = json_array();
  for (size_t i = 0; i < d->nmatches; i++)
    json_array_append_new(rules, json_pack("{s:I, s:s, s:I}", "id", (json_int_t)d->matches[i].id,
                                           "name", d->matches[i].name ? d->matches[i].name : "",
                                           "position", (json_int_t)d->matches[i].position));
  json_object_set_new(why, "rules", rules);
}

void vt_route_new_ticket(struct vt_store *st, const struct vt_config *cfg, struct vt_ticket_new *tn,
                         const char *service_code, struct vt_route_result *res) {
  memset(res, 0, sizeof *res);
  struct entry *e = entry_get(st, tn->tenant_id);
  if (!e)
    return;
  json_t *why = json_object();
  struct vt_route_ctx ctx = {
      .subject = tn->subject,
      .body = tn->body,
      .channel = tn->channel,
      .service_code = service_code,
      .citizen_lang = NULL,
      .has_national_id = has_identity(tn, VT_ID_NATIONAL_ID),
      .has_email = has_identity(tn, VT_ID_EMAIL),
      .has_phone = has_identity(tn, VT_ID_PHONE),
      .at_ms = tn->now,
      .timezone = e->timezone,
  };
  struct vt_route_decision d;
  bool matched = vt_rules_decide(e->rules, &ctx, &d);
  if (d.regex_aborted)
    VT_WARN("routing rule at position %ld gave up on a regular expression (limit reached)",
            d.regex_aborted_position);
  if (matched) {
    res->routed = true;
    json_object_set_new(why, "by", json_string("rule"));
    json_object_set_new(why, "explain_es", json_string(d.explain_es ? d.explain_es : ""));
    json_object_set_new(why, "explain_en", json_string(d.explain_en ? d.explain_en : ""));
    apply_rules(st, tn, &d, why);
    if ((d.set & VT_RA_TAGS) && d.ntags) {
      json_t *tags = json_array();
      for (size_t i = 0; i < d.ntags; i++)
        json_array_append_new(tags, json_string(d.tags[i]));
      json_object_set(why, "tags", tags);
      res->tags_json = json_dumps(tags, JSON_COMPACT);
      json_decref(tags);
    }
    if ((d.set & VT_RA_AUTO_REPLY) && d.auto_reply && *d.auto_reply)
      res->auto_reply = strdup(d.auto_reply);
    if ((d.set & VT_RA_ASSIGN) && d.assign != VT_ASSIGN_NONE)
      snprintf(res->assign, sizeof res->assign, "%s", vt_assign_name(d.assign));
  }
  vt_route_decision_release(&d);

  /* No rule chose a department, and the citizen chose no service: what
   * the administration's past tickets say, if it is sure enough. */
  if (!tn->department_id && e->model) {
    struct vt_buf text = VT_BUF_INIT;
    vt_buf_appendf(&text, "%s\n%s", tn->subject ? tn->subject : "", tn->body ? tn->body : "");
    struct vt_classifier_prediction p;
    vt_classifier_predict(e->model, text.data, NULL, &p);
    vt_buf_release(&text);
    double threshold = cfg ? cfg->routing_threshold / 100.0 : 0.7;
    vt_id id = p.label && p.confidence >= threshold && p.known
                   ? department_id(st, tn->tenant_id, p.label)
                   : 0;
    if (id) {
      tn->department_id = id;
      res->routed = true;
      if (!matched)
        json_object_set_new(why, "by", json_string("classifier"));
      char es[200], en[200];
      snprintf(es, sizeof es, "clasificador aprendido: %s (confianza %.0f %%)", p.label,
               p.confidence * 100);
      snprintf(en, sizeof en, "learned classifier: %s (confidence %.0f%%)", p.label,
               p.confidence * 100);
      json_object_set_new(why, "classifier",
                          json_pack("{s:s, s:f, s:s, s:s}", "department", p.label, "confidence",
                                    p.confidence, "explain_es", es, "explain_en", en));
      if (!matched) {
        json_object_set_new(why, "department", json_string(p.label));
        json_object_set_new(why, "explain_es", json_string(es));
        json_object_set_new(why, "explain_en", json_string(en));
      }
    }
  }
  if (res->routed) {
    const char *dep = json_string_value(json_object_get(why, "department"));
    snprintf(res->department, sizeof res->department, "%s", dep ? dep : "");
    res->explain_json = json_dumps(why, JSON_COMPACT);
    tn->routing_json = res->explain_json;
    tn->tags_json = res->tags_json;
  }
  json_decref(why);
  entry_unref(e);
}

void vt_route_created(struct vt_store *st, const struct vt_config *cfg, vt_id tenant_id,
                      vt_id ticket_id, const struct vt_route_result *rr) {
  if (rr && rr->assign[0]) {
    vt_id who = 0;
    enum vt_qs qs = st->ticket_assign_auto(st, ticket_id, rr->assign, vt_now_ms(), &who);
    if (qs < 0)
      VT_WARN("ticket %lld: automatic assignment failed", (long long)ticket_id);
    /* NONE: nobody online fits now; the ticket waits in its queue. */
  }
  vt_answer_new_ticket(st, cfg, tenant_id, ticket_id, rr);
  vt_sla_stamp(st, ticket_id, vt_now_ms()); /* the sweep would, a few seconds later */
}

long vt_route_train(struct vt_store *st, vt_id tenant_id) {
  struct vt_routing_example *items;
  size_t n;
  if (st->routing_examples(st, tenant_id, TRAIN_LIMIT, &items, &n) != VT_QS_ONE)
    return -1;
  long used = 0;
  if (n >= TRAIN_MIN) {
    struct vt_classifier_example *ex = calloc(n, sizeof *ex);
    for (size_t i = 0; ex && i < n; i++)
      ex[i] = (struct vt_classifier_example){items[i].text, items[i].label, NULL};
    const char *err = NULL;
    struct vt_classifier *m = ex ? vt_classifier_train(ex, n, NULL, &err) : NULL;
    char *json = m ? vt_classifier_to_json(m) : NULL;
    if (json &&
        st->routing_model_save(st, tenant_id, json, (long)n, (long)vt_classifier_label_count(m),
                               vt_now_ms()) == VT_QS_ONE) {
      used = (long)n;
      vt_route_invalidate(tenant_id);
    } else if (!m) {
      VT_WARN("classifier of tenant %lld not trained: %s", (long long)tenant_id, err ? err : "?");
    } else {
      used = -1;
    }
    free(json);
    vt_classifier_free(m);
    free(ex);
  }
  VT_RELEASE_ARRAY(items, n, vt_routing_example_release);
  return used;
}
