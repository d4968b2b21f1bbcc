/* Live chat, shared by its handlers (chat_widgets.c, chat_public.c,
 * chat_agent.c). */
#ifndef VT_API_CHAT_H
#define VT_API_CHAT_H

#include "http/request.h"
#include "store/store.h"
#include "util/buf.h"

/* Loads an active widget by its key: 0 loaded; 1 no such (active) widget,
 * nothing replied; -1 a store error, replied. */
int vt_chat_load_widget(struct vt_request *r, const char *key, struct vt_chat_widget *w);
/* Replies to a chat change the store refused (409 chat_taken, …). */
enum MHD_Result vt_chat_reply_refused(struct vt_request *r, enum vt_chat_refusal why);
/* A citizen's message on the path's ticket (Bearer token), on a channel:
 * the web form's follow-up page and the chat share it. */
enum MHD_Result vt_public_message_on(struct vt_request *r, enum vt_channel channel);
/* The citizen's view of a ticket's event (the chat stream's framer). */
bool vt_chat_public_frame(struct vt_store *st, const struct vt_event *e, struct vt_buf *out);

#endif
