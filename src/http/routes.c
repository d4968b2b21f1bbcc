/* THE route table: every endpoint, its method, handler and who may call it.
 * Reading this file tells a newcomer the whole API; docs/api.md follows it. */
#include "http/routes.h"

#include <stdio.h>
#include <string.h>

static const struct vt_route routes[] = {
    /* Operations */
    {"GET", "/healthz", vt_api_healthz, VT_AUTH_NONE, true},
    {"GET", "/metrics", vt_api_metrics, VT_AUTH_ADMIN, false},

    /* Public: the catalogue and the citizen's web form (no login) */
    {"GET", "/api/v1/public/tenants", vt_api_public_tenants_list, VT_AUTH_NONE, false},
    {"GET", "/api/v1/services", vt_api_services_list, VT_AUTH_NONE, false},
    {"GET", "/api/v1/public/announcements", vt_api_public_announcements, VT_AUTH_NONE, false},
    {"POST", "/api/v1/public/requests", vt_api_public_request_create, VT_AUTH_NONE, false},
    {"GET", "/api/v1/public/requests/{reference}", vt_api_public_request_get, VT_AUTH_NONE, false},
    {"POST", "/api/v1/public/requests/{reference}/messages", vt_api_public_message_create,
     VT_AUTH_NONE, false},
    {"GET", "/api/v1/public/requests/{reference}/attachments/{id}", vt_api_public_attachment_get,
     VT_AUTH_NONE, false},
    {"POST", "/api/v1/public/uploads", vt_api_upload_public, VT_AUTH_NONE, false},

    /* Satisfaction surveys, the citizen's side: by the link's secret token
     * (never logged: see server.c), or by the request's reference + Bearer
     * access token (the follow-up page and the chat widget) */
    {"GET", "/api/v1/public/surveys/{token}", vt_api_public_survey_get, VT_AUTH_NONE, false},
    {"POST", "/api/v1/public/surveys/{token}", vt_api_public_survey_answer, VT_AUTH_NONE, false},
    {"GET", "/api/v1/public/requests/{reference}/survey", vt_api_public_request_survey_get,
     VT_AUTH_NONE, false},
    {"POST", "/api/v1/public/requests/{reference}/survey", vt_api_public_request_survey_answer,
     VT_AUTH_NONE, false},

    /* Live chat, the citizen's side: the widget's frame and facts, then the
     * chat itself (reference + Bearer access token, as a web request) */
    {"GET", "/chat/frame", vt_api_chat_frame, VT_AUTH_NONE, false},
    {"GET", "/api/v1/public/chat-widgets/{key}", vt_api_chat_widget_public, VT_AUTH_NONE, false},
    {"POST", "/api/v1/public/chats", vt_api_public_chat_create, VT_AUTH_NONE, false},
    {"GET", "/api/v1/public/chats/{reference}", vt_api_public_chat_get, VT_AUTH_NONE, false},
    {"GET", "/api/v1/public/chats/{reference}/events", vt_api_public_chat_events, VT_AUTH_NONE,
     false},
    {"POST", "/api/v1/public/chats/{reference}/messages", vt_api_public_chat_message, VT_AUTH_NONE,
     false},
    {"POST", "/api/v1/public/chats/{reference}/typing", vt_api_public_chat_typing, VT_AUTH_NONE,
     false},
    {"POST", "/api/v1/public/chats/{reference}/end", vt_api_public_chat_end, VT_AUTH_NONE, false},
    {"POST", "/api/v1/public/chats/{reference}/transcript", vt_api_public_chat_transcript,
     VT_AUTH_NONE, false},

    /* The public side of the knowledge base: answers before asking */
    {"GET", "/api/v1/public/kb/search", vt_api_public_kb_search, VT_AUTH_NONE, false},
    {"GET", "/api/v1/public/kb/articles/{id}", vt_api_public_kb_article, VT_AUTH_NONE, false},
    {"POST", "/api/v1/public/kb/articles/{id}/helped", vt_api_public_kb_helped, VT_AUTH_NONE,
     false},

    /* Messaging networks' webhooks (authenticated by each network's signature) */
    {"GET", "/webhooks/{network}/{account}", vt_api_webhook_verify, VT_AUTH_NONE, false},
    {"POST", "/webhooks/{network}/{account}", vt_api_webhook_receive, VT_AUTH_NONE, false},

    /* Agents' login session */
    {"POST", "/api/v1/session", vt_api_session_create, VT_AUTH_NONE, false},
    {"GET", "/api/v1/session", vt_api_session_get, VT_AUTH_AGENT, false},
    {"DELETE", "/api/v1/session", vt_api_session_delete, VT_AUTH_AGENT, false},

    /* Administrations the caller serves */
    {"GET", "/api/v1/tenants", vt_api_tenants_list, VT_AUTH_AGENT, false},
    {"GET", "/api/v1/departments", vt_api_departments_list, VT_AUTH_AGENT, false},
    {"GET", "/api/v1/users", vt_api_users_list, VT_AUTH_AGENT, false},

    /* Tickets */
    {"GET", "/api/v1/tickets", vt_api_tickets_list, VT_AUTH_AGENT, false},
    {"POST", "/api/v1/tickets", vt_api_ticket_create, VT_AUTH_AGENT, false},
    {"GET", "/api/v1/tickets/{id}", vt_api_ticket_get, VT_AUTH_AGENT, false},
    {"PATCH", "/api/v1/tickets/{id}", vt_api_ticket_patch, VT_AUTH_AGENT, false},
    {"GET", "/api/v1/tickets/{id}/messages", vt_api_ticket_messages_list, VT_AUTH_AGENT, false},
    {"POST", "/api/v1/tickets/{id}/messages", vt_api_ticket_message_create, VT_AUTH_AGENT, false},
    {"POST", "/api/v1/uploads", vt_api_upload_agent, VT_AUTH_AGENT, false},
    {"GET", "/api/v1/attachments/{id}", vt_api_attachment_get, VT_AUTH_AGENT, false},
    {"POST", "/api/v1/tickets/{id}/presence", vt_api_presence_touch, VT_AUTH_AGENT, false},
    {"DELETE", "/api/v1/tickets/{id}/presence", vt_api_presence_leave, VT_AUTH_AGENT, false},
    {"GET", "/api/v1/tickets/{id}/survey", vt_api_ticket_survey, VT_AUTH_AGENT, false},

    /* Citizens: one person, one history */
    {"GET", "/api/v1/citizens", vt_api_citizens_search, VT_AUTH_AGENT, false},
    {"GET", "/api/v1/citizens/{id}", vt_api_citizen_get, VT_AUTH_AGENT, false},
    {"GET", "/api/v1/citizens/{id}/timeline", vt_api_citizen_timeline, VT_AUTH_AGENT, false},
    {"POST", "/api/v1/citizens/{id}/merge", vt_api_citizen_merge, VT_AUTH_SUPERVISOR, false},

    /* The email channel's settings, per administration */
    {"GET", "/api/v1/admin/mailboxes", vt_api_mailboxes_list, VT_AUTH_ADMIN, false},
    {"POST", "/api/v1/admin/mailboxes", vt_api_mailbox_create, VT_AUTH_ADMIN, false},
    {"PATCH", "/api/v1/admin/mailboxes/{id}", vt_api_mailbox_patch, VT_AUTH_ADMIN, false},
    {"GET", "/api/v1/admin/tenants/{code}/smtp", vt_api_smtp_get, VT_AUTH_ADMIN, false},
    {"PUT", "/api/v1/admin/tenants/{code}/smtp", vt_api_smtp_put, VT_AUTH_ADMIN, false},
    {"GET", "/api/v1/admin/channels", vt_api_channels_list, VT_AUTH_ADMIN, false},
    {"POST", "/api/v1/admin/channels", vt_api_channel_create, VT_AUTH_ADMIN, false},
    {"PATCH", "/api/v1/admin/channels/{id}", vt_api_channel_patch, VT_AUTH_ADMIN, false},

    /* Announcements: portal news, social posts, automatic answers */
    {"GET", "/api/v1/announcements", vt_api_announcements_list, VT_AUTH_AGENT, false},
    {"POST", "/api/v1/announcements", vt_api_announcement_create, VT_AUTH_SUPERVISOR, false},
    {"POST", "/api/v1/announcements/{id}/end", vt_api_announcement_end, VT_AUTH_SUPERVISOR, false},

    /* Live chat, the agents' side (replies are ticket messages) */
    {"GET", "/api/v1/chat/availability", vt_api_chat_duty_get, VT_AUTH_AGENT, false},
    {"PUT", "/api/v1/chat/availability", vt_api_chat_duty_put, VT_AUTH_AGENT, false},
    {"GET", "/api/v1/chats", vt_api_chats_list, VT_AUTH_AGENT, false},
    {"GET", "/api/v1/chats/{id}", vt_api_chat_get, VT_AUTH_AGENT, false},
    {"POST", "/api/v1/chats/{id}/accept", vt_api_chat_accept, VT_AUTH_AGENT, false},
    {"POST", "/api/v1/chats/{id}/transfer", vt_api_chat_transfer, VT_AUTH_AGENT, false},
    {"POST", "/api/v1/chats/{id}/typing", vt_api_chat_typing, VT_AUTH_AGENT, false},
    {"POST", "/api/v1/chats/{id}/end", vt_api_chat_end, VT_AUTH_AGENT, false},
    {"GET", "/api/v1/admin/chat-widgets", vt_api_chat_widgets_list, VT_AUTH_ADMIN, false},
    {"POST", "/api/v1/admin/chat-widgets", vt_api_chat_widget_create, VT_AUTH_ADMIN, false},
    {"PATCH", "/api/v1/admin/chat-widgets/{id}", vt_api_chat_widget_patch, VT_AUTH_ADMIN, false},

    /* Routing: rules, a preview on a sample message, training the classifier */
    {"GET", "/api/v1/admin/routing/rules", vt_api_routing_rules_list, VT_AUTH_SUPERVISOR, false},
    {"POST", "/api/v1/admin/routing/rules", vt_api_routing_rule_create, VT_AUTH_SUPERVISOR, false},
    {"PATCH", "/api/v1/admin/routing/rules/{id}", vt_api_routing_rule_patch, VT_AUTH_SUPERVISOR,
     false},
    {"DELETE", "/api/v1/admin/routing/rules/{id}", vt_api_routing_rule_delete, VT_AUTH_SUPERVISOR,
     false},
    {"POST", "/api/v1/admin/routing/preview", vt_api_routing_preview, VT_AUTH_SUPERVISOR, false},
    {"POST", "/api/v1/admin/routing/train", vt_api_routing_train, VT_AUTH_SUPERVISOR, false},

    /* Deadlines: calendars, SLA policies, the deadline calculator */
    {"GET", "/api/v1/admin/calendars/{level}", vt_api_calendar_get, VT_AUTH_AGENT, false},
    {"PUT", "/api/v1/admin/calendars/{level}", vt_api_calendar_put, VT_AUTH_ADMIN, false},
    {"GET", "/api/v1/admin/sla-policies/{tenant}", vt_api_sla_policies_get, VT_AUTH_SUPERVISOR,
     false},
    {"PUT", "/api/v1/admin/sla-policies/{tenant}", vt_api_sla_policies_put, VT_AUTH_ADMIN, false},
    {"GET", "/api/v1/sla/deadline", vt_api_sla_deadline, VT_AUTH_AGENT, false},

    /* Agents: their availability, and their profiles for assignment */
    {"GET", "/api/v1/me/status", vt_api_me_status_get, VT_AUTH_AGENT, false},
    {"PUT", "/api/v1/me/status", vt_api_me_status_put, VT_AUTH_AGENT, false},
    {"PUT", "/api/v1/me/language", vt_api_me_language_put, VT_AUTH_AGENT, false},
    {"GET", "/api/v1/admin/agents/{id}/profile", vt_api_agent_profile_get, VT_AUTH_SUPERVISOR,
     false},
    {"PUT", "/api/v1/admin/agents/{id}/profile", vt_api_agent_profile_put, VT_AUTH_SUPERVISOR,
     false},

    /* Canned answers, and those for a ticket filled in for it */
    {"GET", "/api/v1/macros", vt_api_macros_list, VT_AUTH_AGENT, false},
    {"POST", "/api/v1/macros", vt_api_macro_create, VT_AUTH_SUPERVISOR, false},
    {"PATCH", "/api/v1/macros/{id}", vt_api_macro_patch, VT_AUTH_SUPERVISOR, false},
    {"DELETE", "/api/v1/macros/{id}", vt_api_macro_delete, VT_AUTH_SUPERVISOR, false},
    {"GET", "/api/v1/tickets/{id}/macros", vt_api_ticket_macros, VT_AUTH_AGENT, false},

    /* Reports */
    {"GET", "/api/v1/reports/backlog", vt_api_report_backlog, VT_AUTH_SUPERVISOR, false},
    {"GET", "/api/v1/surveys", vt_api_surveys_list, VT_AUTH_AGENT, false},
    {"GET", "/api/v1/reports/volumes", vt_api_report_volumes, VT_AUTH_SUPERVISOR, false},
    {"GET", "/api/v1/reports/times", vt_api_report_times, VT_AUTH_SUPERVISOR, false},
    {"GET", "/api/v1/reports/agents", vt_api_report_agents, VT_AUTH_SUPERVISOR, false},
    {"GET", "/api/v1/public/transparency", vt_api_public_transparency, VT_AUTH_NONE, false},

    /* The knowledge base */
    {"GET", "/api/v1/kb/articles", vt_api_kb_articles_list, VT_AUTH_AGENT, false},
    {"POST", "/api/v1/kb/articles", vt_api_kb_article_create, VT_AUTH_SUPERVISOR, false},
    {"GET", "/api/v1/kb/articles/{id}", vt_api_kb_article_get, VT_AUTH_AGENT, false},
    {"PATCH", "/api/v1/kb/articles/{id}", vt_api_kb_article_patch, VT_AUTH_SUPERVISOR, false},
    {"GET", "/api/v1/kb/search", vt_api_kb_search, VT_AUTH_AGENT, false},

    /* The live stream of what happens in the caller's administrations */
    {"GET", "/api/v1/events", vt_api_events, VT_AUTH_AGENT, false},
};

const struct vt_route *vt_routes(size_t *n) {
  *n = sizeof routes / sizeof *routes;
  return routes;
}

/* Matches path against pattern segment by segment, capturing {x} segments. */
static bool match(const char *pattern, const char *path, char params[][128]) {
  int np = 0;
  const char *p = pattern, *s = path;
  while (*p && *s) {
    if (*p == '{') {
      const char *pend = strchr(p, '}');
      size_t n = strcspn(s, "/");
      if (!pend || n == 0 || n >= 128 || np >= VT_MAX_PATH_PARAMS)
        return false;
      memcpy(params[np], s, n);
      params[np][n] = '\0';
      np++;
      p = pend + 1;
      s += n;
    } else if (*p == *s) {
      p++;
      s++;
    } else {
      return false;
    }
  }
  return !*p && !*s;
}

enum vt_route_match vt_route_find(struct vt_request *r, const struct vt_route **out, char *allow,
                                  size_t allowsz) {
  char params[VT_MAX_PATH_PARAMS][128];
  bool path_found = false;
  size_t used = 0;
  allow[0] = '\0';
  for (size_t i = 0; i < sizeof routes / sizeof *routes; i++) {
    if (!match(routes[i].pattern, r->path, params))
      continue;
    const char *m = r->method;
    /* HEAD is served by the GET handler; MHD drops the body. */
    if (!strcmp(routes[i].method, m) || (!strcmp(m, "HEAD") && !strcmp(routes[i].method, "GET"))) {
      memcpy(r->params, params, sizeof params);
      *out = &routes[i];
      return VT_ROUTE_FOUND;
    }
    path_found = true;
    int n = snprintf(allow + used, allowsz - used, "%s%s", used ? ", " : "", routes[i].method);
    if (n > 0 && (size_t)n < allowsz - used)
      used += (size_t)n;
  }
  return path_found ? VT_ROUTE_NO_METHOD : VT_ROUTE_NO_PATH;
}
