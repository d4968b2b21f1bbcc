/* The deadline escalation's rules, shared by both store backends (which
 * fire an escalation in the same transaction as its actions): which
 * actions a stage takes, the ticket's breached-target bit, the event's
 * data and the supervisors' alert Message-ID. No I/O. */
#ifndef VT_DOMAIN_ESCALATION_H
#define VT_DOMAIN_ESCALATION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The actions a stage takes: a breach, its policy's on_breach (a JSON
 * array; the default when the ticket has no policy); a warning only tells. */
const char *vt_escalation_actions(bool breach, const char *on_breach_json);
/* Whether the actions (a JSON array of names) include name. */
bool vt_escalation_has(const char *actions_json, const char *name);
/* tickets.sla_breached's bit for a target: first_response 1, resolution 2,
 * legal 4. */
int vt_escalation_target_bit(const char *target);
/* The sla_warning / sla_breach event's data: {"target","due_at","actions"}. */
void vt_escalation_event_data(const char *target, int64_t due_at, const char *actions_json,
                              char *out, size_t outsz);
/* A fresh Message-ID (without <>) for a breach's email to a supervisor. */
void vt_escalation_alert_id(int64_t ticket_id, const char *target, const char *mail_domain,
                            char *out, size_t outsz);

#endif
