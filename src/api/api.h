/* Every HTTP handler, one file per resource under src/api/. Handlers parse,
 * call the domain and the store, and queue exactly one response. The route
 * table in src/http/routes.c says which URL and auth level each serves. */
#ifndef VT_API_H
#define VT_API_H

#include "http/request.h"

typedef enum MHD_Result (*vt_handler)(struct vt_request *r);

enum MHD_Result vt_api_healthz(struct vt_request *r);

enum MHD_Result vt_api_services_list(struct vt_request *r);
enum MHD_Result vt_api_tenants_list(struct vt_request *r);
enum MHD_Result vt_api_departments_list(struct vt_request *r);

enum MHD_Result vt_api_public_request_create(struct vt_request *r);
enum MHD_Result vt_api_public_request_get(struct vt_request *r);
enum MHD_Result vt_api_public_message_create(struct vt_request *r);

/* Satisfaction surveys (surveys.c). */
enum MHD_Result vt_api_public_survey_get(struct vt_request *r);
enum MHD_Result vt_api_public_survey_answer(struct vt_request *r);
enum MHD_Result vt_api_public_request_survey_get(struct vt_request *r);
enum MHD_Result vt_api_public_request_survey_answer(struct vt_request *r);
enum MHD_Result vt_api_ticket_survey(struct vt_request *r);
enum MHD_Result vt_api_surveys_list(struct vt_request *r);

enum MHD_Result vt_api_session_create(struct vt_request *r);
enum MHD_Result vt_api_session_get(struct vt_request *r);
enum MHD_Result vt_api_session_delete(struct vt_request *r);

enum MHD_Result vt_api_tickets_list(struct vt_request *r);
enum MHD_Result vt_api_ticket_create(struct vt_request *r);
enum MHD_Result vt_api_ticket_get(struct vt_request *r);
enum MHD_Result vt_api_ticket_patch(struct vt_request *r);
enum MHD_Result vt_api_ticket_messages_list(struct vt_request *r);
enum MHD_Result vt_api_ticket_message_create(struct vt_request *r);

enum MHD_Result vt_api_citizens_search(struct vt_request *r);
enum MHD_Result vt_api_citizen_get(struct vt_request *r);
enum MHD_Result vt_api_citizen_timeline(struct vt_request *r);
enum MHD_Result vt_api_citizen_merge(struct vt_request *r);

enum MHD_Result vt_api_events(struct vt_request *r);
enum MHD_Result vt_api_public_tenants_list(struct vt_request *r);
enum MHD_Result vt_api_users_list(struct vt_request *r);
enum MHD_Result vt_api_presence_touch(struct vt_request *r);
enum MHD_Result vt_api_presence_leave(struct vt_request *r);
enum MHD_Result vt_api_upload_public(struct vt_request *r);
enum MHD_Result vt_api_mailboxes_list(struct vt_request *r);
enum MHD_Result vt_api_announcement_create(struct vt_request *r);
/* Live chat: widgets (admin, public, the frame), the citizen's side, the agents'. */
enum MHD_Result vt_api_chat_widgets_list(struct vt_request *r);
enum MHD_Result vt_api_chat_widget_create(struct vt_request *r);
enum MHD_Result vt_api_chat_widget_patch(struct vt_request *r);
enum MHD_Result vt_api_chat_widget_public(struct vt_request *r);
enum MHD_Result vt_api_chat_frame(struct vt_request *r);
enum MHD_Result vt_api_public_chat_create(struct vt_request *r);
enum MHD_Result vt_api_public_chat_get(struct vt_request *r);
enum MHD_Result vt_api_public_chat_events(struct vt_request *r);
enum MHD_Result vt_api_public_chat_message(struct vt_request *r);
enum MHD_Result vt_api_public_chat_typing(struct vt_request *r);
enum MHD_Result vt_api_public_chat_end(struct vt_request *r);
enum MHD_Result vt_api_public_chat_transcript(struct vt_request *r);
enum MHD_Result vt_api_chats_list(struct vt_request *r);
enum MHD_Result vt_api_chat_get(struct vt_request *r);
enum MHD_Result vt_api_chat_accept(struct vt_request *r);
enum MHD_Result vt_api_chat_transfer(struct vt_request *r);
enum MHD_Result vt_api_chat_typing(struct vt_request *r);
enum MHD_Result vt_api_chat_end(struct vt_request *r);
enum MHD_Result vt_api_chat_duty_get(struct vt_request *r);
enum MHD_Result vt_api_chat_duty_put(struct vt_request *r);
/* Routing rules, their preview, the classifier's training. */
enum MHD_Result vt_api_routing_rules_list(struct vt_request *r);
enum MHD_Result vt_api_routing_rule_create(struct vt_request *r);
enum MHD_Result vt_api_routing_rule_patch(struct vt_request *r);
enum MHD_Result vt_api_routing_rule_delete(struct vt_request *r);
enum MHD_Result vt_api_routing_preview(struct vt_request *r);
/* sla_admin.c */
enum MHD_Result vt_api_calendar_get(struct vt_request *r);
enum MHD_Result vt_api_calendar_put(struct vt_request *r);
enum MHD_Result vt_api_sla_policies_get(struct vt_request *r);
enum MHD_Result vt_api_sla_policies_put(struct vt_request *r);
enum MHD_Result vt_api_sla_deadline(struct vt_request *r);
enum MHD_Result vt_api_routing_train(struct vt_request *r);
/* Agents: availability and assignment profiles. */
enum MHD_Result vt_api_me_status_get(struct vt_request *r);
enum MHD_Result vt_api_me_status_put(struct vt_request *r);
enum MHD_Result vt_api_me_language_put(struct vt_request *r);
enum MHD_Result vt_api_agent_profile_get(struct vt_request *r);
enum MHD_Result vt_api_agent_profile_put(struct vt_request *r);
/* Reports. */
enum MHD_Result vt_api_report_backlog(struct vt_request *r);
enum MHD_Result vt_api_report_volumes(struct vt_request *r);
enum MHD_Result vt_api_report_times(struct vt_request *r);
enum MHD_Result vt_api_report_agents(struct vt_request *r);
enum MHD_Result vt_api_public_transparency(struct vt_request *r);
/* Operations: Prometheus metrics. */
enum MHD_Result vt_api_metrics(struct vt_request *r);
/* Canned answers. */
enum MHD_Result vt_api_macros_list(struct vt_request *r);
enum MHD_Result vt_api_macro_create(struct vt_request *r);
enum MHD_Result vt_api_macro_patch(struct vt_request *r);
enum MHD_Result vt_api_macro_delete(struct vt_request *r);
enum MHD_Result vt_api_ticket_macros(struct vt_request *r);
/* The knowledge base. */
enum MHD_Result vt_api_kb_articles_list(struct vt_request *r);
enum MHD_Result vt_api_kb_article_create(struct vt_request *r);
enum MHD_Result vt_api_kb_article_get(struct vt_request *r);
enum MHD_Result vt_api_kb_article_patch(struct vt_request *r);
enum MHD_Result vt_api_kb_search(struct vt_request *r);
enum MHD_Result vt_api_public_kb_search(struct vt_request *r);
enum MHD_Result vt_api_public_kb_article(struct vt_request *r);
enum MHD_Result vt_api_public_kb_helped(struct vt_request *r);
enum MHD_Result vt_api_announcements_list(struct vt_request *r);
enum MHD_Result vt_api_announcement_end(struct vt_request *r);
enum MHD_Result vt_api_public_announcements(struct vt_request *r);
enum MHD_Result vt_api_webhook_verify(struct vt_request *r);
enum MHD_Result vt_api_webhook_receive(struct vt_request *r);
enum MHD_Result vt_api_channels_list(struct vt_request *r);
enum MHD_Result vt_api_channel_create(struct vt_request *r);
enum MHD_Result vt_api_channel_patch(struct vt_request *r);
enum MHD_Result vt_api_mailbox_create(struct vt_request *r);
enum MHD_Result vt_api_mailbox_patch(struct vt_request *r);
enum MHD_Result vt_api_smtp_get(struct vt_request *r);
enum MHD_Result vt_api_smtp_put(struct vt_request *r);
enum MHD_Result vt_api_upload_agent(struct vt_request *r);
enum MHD_Result vt_api_attachment_get(struct vt_request *r);
enum MHD_Result vt_api_public_attachment_get(struct vt_request *r);

#endif
