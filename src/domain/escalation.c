/* The deadline escalation's rules (see escalation.h). */
#include "domain/escalation.h"

#include <stdio.h>
#include <string.h>

#include "util/crypto.h"

#define NOTIFY_ONLY "[\"notify_supervisor\"]"

const char *vt_escalation_actions(bool breach, const char *on_breach_json) {
  return breach && on_breach_json ? on_breach_json : NOTIFY_ONLY;
}

bool vt_escalation_has(const char *actions_json, const char *name) {
  char quoted[40];
  snprintf(quoted, sizeof quoted, "\"%s\"", name);
  return actions_json && strstr(actions_json, quoted);
}

int vt_escalation_target_bit(const char *target) {
  return !strcmp(target, "first_response") ? 1 : !strcmp(target, "resolution") ? 2 : 4;
}

void vt_escalation_event_data(const char *target, int64_t due_at, const char *actions_json,
                              char *out, size_t outsz) {
  snprintf(out, outsz, "{\"target\":\"%s\",\"due_at\":%lld,\"actions\":%s}", target,
           (long long)due_at, actions_json);
}

void vt_escalation_alert_id(int64_t ticket_id, const char *target, const char *mail_domain,
                            char *out, size_t outsz) {
  char rnd[17];
  vt_random_hex(rnd, 8);
  snprintf(out, outsz, "vt.sla.%lld.%s.%s@%s", (long long)ticket_id, target, rnd,
           mail_domain && *mail_domain ? mail_domain : "ventanilla.localhost");
}
