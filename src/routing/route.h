/* Routing a new request: the administration's rules first (src/routing/
 * rules.c), then, if no rule chose a department, its learned classifier
 * (src/routing/classifier.c) above a confidence threshold. The decision is
 * applied to the ticket being created and explained on it (a
 * "ticket_routed" event written in the creating transaction). */
#ifndef VT_ROUTE_H
#define VT_ROUTE_H

#include <stdbool.h>

#include "store/store.h"
#include "util/config.h"

/* What routing decided for one new ticket; strings owned. */
struct vt_route_result {
  bool routed;          /* a rule matched or the classifier was confident */
  char *tags_json;      /* NULL: none */
  char *explain_json;   /* the ticket_routed event's data; NULL when not routed */
  char *auto_reply;     /* a rule's automatic reply text; NULL: none */
  char department[48];  /* the department chosen, "" if none */
  char assign[16];      /* a rule's assignment policy, "" for none */
};
void vt_route_result_release(struct vt_route_result *r);

/* Decides for tn (its tenant, channel, subject, body, identities; service_code
 * the service the citizen chose, may be NULL) and applies the decision to it:
 * department, service, priority, tags, confidential, routing_json (pointing
 * into *res, which must outlive the ticket_create call). Never fails: a
 * store error means no routing (logged). */
void vt_route_new_ticket(struct vt_store *st, const struct vt_config *cfg,
                         struct vt_ticket_new *tn, const char *service_code,
                         struct vt_route_result *res);

/* A tenant's active rules, compiled (NULL with the reason in err, or with
 * err empty when there is nothing to load). */
struct vt_rules;
struct vt_rules *vt_route_load_rules(struct vt_store *st, vt_id tenant_id, char *err,
                                     size_t errsz);

/* What follows a new ticket's creation (call it once, not for a replayed
 * creation): the assignment a rule asked for, then the automatic answer
 * (routing/answer.h). rr may be NULL. */
void vt_route_created(struct vt_store *st, const struct vt_config *cfg, vt_id tenant_id,
                      vt_id ticket_id, const struct vt_route_result *rr);

/* Forgets this node's cached rules and classifier of a tenant (after a
 * change); other nodes reload theirs within a few seconds. */
void vt_route_invalidate(vt_id tenant_id);

/* Trains a tenant's classifier on its resolved tickets and stores it.
 * Returns the number of examples used, 0 when there were too few (nothing
 * stored), -1 on a store error. */
long vt_route_train(struct vt_store *st, vt_id tenant_id);

#endif
