/* The ticket lifecycle: which status changes are allowed and what a message
 * does to a ticket's status and first-response time. Pure functions. */
#ifndef VT_TICKET_RULES_H
#define VT_TICKET_RULES_H

#include <stdbool.h>
#include <stddef.h>

#include "domain/model.h"

bool vt_status_transition_allowed(enum vt_status from, enum vt_status to);

/* The status a ticket should take when a message arrives: a citizen writing
 * on a pending, on-hold or resolved ticket reopens it; an agent's public reply moves a
 * new ticket to open. Internal notes change nothing. Closed tickets take no
 * messages (checked by the caller). */
enum vt_status vt_status_after_message(enum vt_status current, enum vt_direction dir,
                                       bool internal);

/* Whether a message counts as the first response to the citizen. */
bool vt_message_is_first_response(enum vt_direction dir, bool internal, int64_t first_response_at);

/* "CM-2026-000123": tenant code, year, sequence. Returns 0, or -1 if out is short. */
int vt_reference_format(char *out, size_t outsz, const char *tenant_code, int year, long seq);
/* Checks the shape of a reference number; splits it when the out-params are given. */
bool vt_reference_parse(const char *ref, char *tenant_code, size_t codesz, int *year, long *seq);

/* A subject from a message's text (channels without one: chat, networks):
 * its first non-blank line, at most 80 characters (so up to 321 bytes). */
void vt_subject_of(const char *text, char *out, size_t outsz);

#endif
