/* Routing, managed by supervisors: an administration's ordered rules
 * (validated and compiled before they are stored), a preview that runs the
 * rules (or one unsaved rule) and the classifier on a sample message and
 * says why, and the classifier's training on demand. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "api/input.h"
#include "api/render.h"
#include "http/reply.h"
#include "routing/classifier.h"
#include "routing/route.h"
#include "routing/rules.h"
#include "util/buf.h"
#include "util/timeutil.h"

static json_t *rule_json(const struct vt_routing_rule *r) {
  json_t *rule = vt_json_parse_stored(r->rule_json);
  json_t *when = json_object_get(rule, "when"), *then = json_object_get(rule, "then");
  json_t *j =
      json_pack("{s:I, s:s, s:s, s:I, s:b, s:O, s:O, s:o}", "id", (json_int_t)r->id, "tenant",
                r->tenant_code, "name", r->name ? r->name : "", "position", (json_int_t)r->position,
                "active", r->active, "when", when ? when : json_object(), "then",
                then ? then : json_object(), "updated_at", vt_json_time(r->updated_at));
  json_decref(rule);
  return j;
}

/* The rule's department and service must exist in its administration. */
static enum vt_qs check_codes(struct vt_store *st, vt_id tenant_id, json_t *then,
                              struct vt_fields *f) {
  const char *dep = json_string_value(json_object_get(then, "department"));
  const char *svc = json_string_value(json_object_get(then, "service"));
  enum vt_qs qs = VT_QS_ONE;
  if (dep && *dep) {
    struct vt_department d;
    if ((qs = st->department_by_code(st, tenant_id, dep, &d)) == VT_QS_ONE)
      vt_department_release(&d);
    else if (qs == VT_QS_NONE)
      vt_fields_add(f, "then.department", "field.unknown_department");
  }
  if (qs >= 0 && svc && *svc) {
    struct vt_service s;
    if ((qs = st->service_by_code(st, tenant_id, svc, &s)) == VT_QS_ONE)
      vt_service_release(&s);
    else if (qs == VT_QS_NONE)
      vt_fields_add(f, "then.service", "field.unknown_service");
  }
  return qs < 0 ? qs : VT_QS_ONE;
}

/* Validates a rule object (name, position, active, when, then) with the
 * engine's own checks; field errors into f. */
static void validate(json_t *rule, struct vt_fields *f) {
  struct vt_rule_errors errs = {0};
  if (!vt_rules_validate(rule, &errs))
    for (size_t i = 0; i < errs.n; i++)
      vt_fields_add(f, errs.e[i].field, errs.e[i].key);
}

/* The stored form of a rule: {"when", "then"} (name, position, active
 * have their own columns). */
static char *stored_rule(json_t *rule) {
  json_t *when = json_object_get(rule, "when"), *then = json_object_get(rule, "then");
  json_t *j = json_pack("{s:O, s:O}", "when", when ? when : json_object(), "then",
                        then ? then : json_object());
  char *s = json_dumps(j, JSON_COMPACT);
  json_decref(j);
  return s;
}

enum MHD_Result vt_api_routing_rules_list(struct vt_request *r) {
  struct vt_store *st = r->app->store;
  struct vt_routing_rule *items;
  size_t n;
  enum vt_qs qs = st->routing_rules_list(st, &r->principal->scope, 0, true, &items, &n);
  if (qs < 0)
    return vt_reply_store_error(r, qs);
  json_t *arr = json_array();
  for (size_t i = 0; i < n; i++)
    json_array_append_new(arr, rule_json(&items[i]));
  VT_RELEASE_ARRAY(items, n, vt_routing_rule_release);
  return vt_reply_json(r, 200, json_pack("{s:o}", "items", arr));
}

static enum MHD_Result save_rule(struct vt_request *r, json_t *rule, struct vt_routing_rule *row,
                                 unsigned status) {
  struct vt_store *st = r->app->store;
  struct vt_fields f = {NULL, r->lang};
  validate(rule, &f);
  enum vt_qs qs = check_codes(st, row->tenant_id, json_object_get(rule, "then"), &f);
  enum MHD_Result ret;
  if (qs < 0) {
    ret = vt_reply_store_error(r, qs);
  } else if (f.errors) {
    ret = vt_reply_fields(r, &f);
  } else {
    row->name = (char *)json_string_value(json_object_get(rule, "name"));
    row->position = (long)json_integer_value(json_object_get(rule, "position"));
    json_t *active = json_object_get(rule, "active");
    row->active = !active || json_is_true(active);
    row->rule_json = stored_rule(rule);
    vt_id id = row->id;
    qs = st->routing_rule_save(st, row, vt_now_ms(), row->id ? NULL : &id);
    free(row->rule_json);
    row->rule_json = NULL;
    row->name = NULL;
    if (qs != VT_QS_ONE) {
      ret = vt_reply_store_error(r, qs == VT_QS_NONE ? VT_QS_HARD : qs);
    } else {
      vt_route_invalidate(row->tenant_id);
      struct vt_routing_rule saved;
      if ((qs = st->routing_rule_get(st, id, &saved)) != VT_QS_ONE) {
        ret = vt_reply_store_error(r, qs == VT_QS_NONE ? VT_QS_HARD : qs);
      } else {
        ret = vt_reply_json(r, status, rule_json(&saved));
        vt_routing_rule_release(&saved);
      }
    }
  }
  json_decref(f.errors);
  return ret;
}

enum MHD_Result vt_api_routing_rule_create(struct vt_request *r) {
  json_t *in = vt_request_json_object(r);
  if (!in)
    return MHD_YES;
  struct vt_fields f = {NULL, r->lang};
  struct vt_routing_rule row = {0};
  enum vt_qs qs = vt_in_scoped_tenant(r, in, &f, &row.tenant_id);
  enum MHD_Result ret;
  if (qs < 0) {
    ret = vt_reply_store_error(r, qs);
  } else if (f.errors) {
    ret = vt_reply_fields(r, &f);
  } else {
    json_object_del(in, "tenant");
    ret = save_rule(r, in, &row, 201);
  }
  json_decref(f.errors);
  json_decref(in);
  return ret;
}

/* The path's rule in the caller's scope; 404 otherwise (replied). */
static int load_rule(struct vt_request *r, struct vt_routing_rule *row) {
  struct vt_store *st = r->app->store;
  vt_id id;
  enum vt_qs qs =
      vt_in_parse_id(r->params[0], &id) ? st->routing_rule_get(st, id, row) : VT_QS_NONE;
  if (qs == VT_QS_ONE && !vt_scope_has(&r->principal->scope, row->tenant_id)) {
    vt_routing_rule_release(row);
    qs = VT_QS_NONE;
  }
  if (qs == VT_QS_ONE)
    return 0;
  if (qs < 0)
    vt_reply_store_error(r, qs);
  else
    vt_reply_error(r, VT_ERR_NOT_FOUND, NULL);
  return -1;
}

enum MHD_Result vt_api_routing_rule_patch(struct vt_request *r) {
  json_t *in = vt_request_json_object(r);
  if (!in)
    return MHD_YES;
  struct vt_routing_rule row;
  if (load_rule(r, &row) != 0) {
    json_decref(in);
    return MHD_YES;
  }
  /* The rule as stored, with the body's fields over it, checked whole. */
  json_t *rule = vt_json_parse_stored(row.rule_json);
  if (!json_is_object(rule)) {
    json_decref(rule);
    rule = json_object();
  }
  json_object_set_new(rule, "name", json_string(row.name ? row.name : ""));
  json_object_set_new(rule, "position", json_integer(row.position));
  json_object_set_new(rule, "active", json_boolean(row.active));
  json_object_update(rule, in);
  struct vt_routing_rule keep = row;
  row.name = row.rule_json = NULL;
  enum MHD_Result ret = save_rule(r, rule, &row, 200);
  vt_routing_rule_release(&keep);
  json_decref(rule);
  json_decref(in);
  return ret;
}

enum MHD_Result vt_api_routing_rule_delete(struct vt_request *r) {
  struct vt_store *st = r->app->store;
  struct vt_routing_rule row;
  if (load_rule(r, &row) != 0)
    return MHD_YES;
  enum vt_qs qs = st->routing_rule_delete(st, row.id);
  vt_id tenant = row.tenant_id;
  vt_routing_rule_release(&row);
  if (qs < 0)
    return vt_reply_store_error(r, qs);
  vt_route_invalidate(tenant);
  return vt_reply_empty(r, 204, NULL, NULL);
}

static json_t *decision_json(const struct vt_route_decision *d) {
  json_t *tags = json_array(), *rules = json_array();
  for (size_t i = 0; i < d->ntags; i++)
    json_array_append_new(tags, json_string(d->tags[i]));
  for (size_t i = 0; i < d->nmatches; i++)
    json_array_append_new(rules, json_pack("{s:I, s:s, s:I}", "id", (json_int_t)d->matches[i].id,
                                           "name", d->matches[i].name ? d->matches[i].name : "",
                                           "position", (json_int_t)d->matches[i].position));
  return json_pack(
      "{s:b, s:o, s:o, s:o, s:o, s:o, s:o, s:b, s:o, s:s, s:s}", "matched", d->matched,
      "department",
      (d->set & VT_RA_DEPARTMENT) && d->department ? json_string(d->department) : json_null(),
      "service", (d->set & VT_RA_SERVICE) && d->service ? json_string(d->service) : json_null(),
      "priority",
      (d->set & VT_RA_PRIORITY) ? json_string(vt_priority_name(d->priority)) : json_null(), "tags",
      tags, "assign",
      (d->set & VT_RA_ASSIGN) ? json_string(vt_assign_name(d->assign)) : json_null(), "auto_reply",
      (d->set & VT_RA_AUTO_REPLY) && d->auto_reply ? json_string(d->auto_reply) : json_null(),
      "confidential", d->confidential, "rules", rules, "explain_es",
      d->explain_es ? d->explain_es : "", "explain_en", d->explain_en ? d->explain_en : "");
}

static const char *const preview_fields[] = {"tenant",  "subject", "body", "channel",
                                             "service", "rule",    NULL};

enum MHD_Result vt_api_routing_preview(struct vt_request *r) {
  struct vt_store *st = r->app->store;
  json_t *in = vt_request_json_object(r);
  if (!in)
    return MHD_YES;
  struct vt_fields f = {NULL, r->lang};
  vt_in_only(in, preview_fields, &f);
  vt_id tenant_id = 0;
  enum vt_qs qs = vt_in_scoped_tenant(r, in, &f, &tenant_id);
  const char *subject = vt_in_string(in, "subject", VT_MAX_SUBJECT, false, &f, NULL, 0);
  const char *body = vt_in_string(in, "body", VT_MAX_BODY, false, &f, NULL, 0);
  char channel[16] = "web", service[64];
  int ch = VT_CH_WEB;
  if (vt_in_string(in, "channel", 15, false, &f, channel, sizeof channel) &&
      (ch = vt_channel_parse(channel)) < 0)
    vt_fields_add(&f, "channel", "field.unknown_value");
  const char *svc = vt_in_string(in, "service", 63, false, &f, service, sizeof service);
  json_t *one = json_object_get(in, "rule");
  if (one) {
    /* "Test this rule on a sample message": the unsaved rule alone. */
    if (!json_is_object(one)) {
      vt_fields_add(&f, "rule", "field.type_object");
    } else {
      struct vt_rule_errors errs = {0};
      if (!vt_rules_validate(one, &errs))
        for (size_t i = 0; i < errs.n; i++) {
          char field[48];
          snprintf(field, sizeof field, "rule.%s", errs.e[i].field);
          vt_fields_add(&f, field, errs.e[i].key);
        }
    }
  }
  enum MHD_Result ret;
  if (qs < 0) {
    ret = vt_reply_store_error(r, qs);
    goto out;
  }
  if (f.errors) {
    ret = vt_reply_fields(r, &f);
    goto out;
  }
  struct vt_tenant t;
  char tz[64] = "";
  if (st->tenant_get(st, tenant_id, &t) == VT_QS_ONE) {
    snprintf(tz, sizeof tz, "%s", t.timezone ? t.timezone : "");
    vt_tenant_release(&t);
  }
  struct vt_rules *rules = NULL;
  char err[300] = "";
  if (one) {
    json_t *arr = json_array();
    json_t *copy = json_deep_copy(one);
    json_object_set_new(copy, "active", json_true());
    json_array_append_new(arr, copy);
    rules = vt_rules_load_json(arr, err, sizeof err);
    json_decref(arr);
  } else {
    rules = vt_route_load_rules(st, tenant_id, err, sizeof err);
  }
  struct vt_route_ctx ctx = {.subject = subject,
                             .body = body,
                             .channel = (enum vt_channel)ch,
                             .service_code = svc,
                             .at_ms = vt_now_ms(),
                             .timezone = tz};
  struct vt_route_decision d;
  int64_t t0 = vt_mono_us();
  vt_rules_decide(rules, &ctx, &d);
  int64_t took = vt_mono_us() - t0;
  json_t *reply =
      json_pack("{s:o, s:I}", "rules", decision_json(&d), "decision_us", (json_int_t)took);
  vt_route_decision_release(&d);
  vt_rules_free(rules);
  /* And what the classifier would say, whether or not it would be used. */
  char *model = NULL;
  int64_t trained_at = 0;
  long examples = 0;
  json_t *cls = json_null();
  if (st->routing_model_get(st, tenant_id, &model, &trained_at, &examples) == VT_QS_ONE && model) {
    struct vt_classifier *m = vt_classifier_from_json(model, NULL);
    if (m) {
      struct vt_buf text = VT_BUF_INIT;
      vt_buf_appendf(&text, "%s\n%s", subject ? subject : "", body ? body : "");
      struct vt_classifier_score top[3];
      size_t k = vt_classifier_predict_top(m, text.data, NULL, top, 3);
      json_t *arr = json_array();
      for (size_t i = 0; i < k; i++)
        json_array_append_new(
            arr, json_pack("{s:s, s:f}", "department", top[i].label, "confidence", top[i].p));
      cls = json_pack("{s:o, s:I, s:o, s:f}", "top", arr, "examples", (json_int_t)examples,
                      "trained_at", vt_json_time(trained_at), "threshold",
                      r->app->config->routing_threshold / 100.0);
      vt_buf_release(&text);
      vt_classifier_free(m);
    }
  }
  free(model);
  json_object_set_new(reply, "classifier", cls);
  ret = vt_reply_json(r, 200, reply);
out:
  json_decref(f.errors);
  json_decref(in);
  return ret;
}

enum MHD_Result vt_api_routing_train(struct vt_request *r) {
  json_t *in = vt_request_json_object(r);
  if (!in)
    return MHD_YES;
  static const char *const allowed[] = {"tenant", NULL};
  struct vt_fields f = {NULL, r->lang};
  vt_in_only(in, allowed, &f);
  vt_id tenant_id = 0;
  enum vt_qs qs = vt_in_scoped_tenant(r, in, &f, &tenant_id);
  json_decref(in);
  enum MHD_Result ret;
  if (qs < 0) {
    ret = vt_reply_store_error(r, qs);
  } else if (f.errors) {
    ret = vt_reply_fields(r, &f);
  } else {
    long used = vt_route_train(r->app->store, tenant_id);
    ret = used < 0 ? vt_reply_store_error(r, VT_QS_HARD)
                   : vt_reply_json(r, 200,
                                   json_pack("{s:b, s:I}", "trained", used > 0, "examples",
                                             (json_int_t)used));
  }
  json_decref(f.errors);
  return ret;
}
