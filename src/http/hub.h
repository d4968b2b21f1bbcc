/* The live event stream of one node: a thread that waits for new rows in
 * the event log (woken by the store: in-process on SQLite, LISTEN/NOTIFY on
 * PostgreSQL) and fans them out, filtered by each subscriber's scope, to
 * Server-Sent Events connections. A waiting connection holds no thread: it
 * is suspended in libmicrohttpd until the hub has something for it. */
#ifndef VT_HUB_H
#define VT_HUB_H

#include <microhttpd.h>

#include "store/store.h"
#include "util/buf.h"

struct vt_hub;
struct vt_sub;

struct vt_hub *vt_hub_start(struct vt_store *store);
/* Ends every stream (clients reconnect elsewhere with Last-Event-ID). */
void vt_hub_close_streams(struct vt_hub *h);
void vt_hub_stop(struct vt_hub *h);

/* A subscriber for an authenticated caller: takes a copy of the scope and
 * starts after last_event_id (0: from now on, after the newest event; an
 * older id first replays what was missed, up to a limit). NULL on failure. */
struct vt_sub *vt_hub_subscribe(struct vt_hub *h, const struct vt_scope *scope,
                                vt_id last_event_id);
/* Turns an event of a ticket into what a citizen may see of it (SSE
 * frame appended to out), or returns false to skip it. */
typedef bool (*vt_hub_framer)(struct vt_store *store, const struct vt_event *e, struct vt_buf *out);

/* A subscriber to one ticket's events only, each passed through framer
 * (the citizen's side of a live chat), after last_event_id as above (a
 * shorter replay). NULL when the ticket already has its most streams. */
struct vt_sub *vt_hub_subscribe_ticket(struct vt_hub *h, vt_id ticket_id, vt_hub_framer framer,
                                       vt_id last_event_id);
/* How many streams are open on this node (agents' and citizens'). */
long vt_hub_count(struct vt_hub *h);
/* The streaming response for a subscriber; the response owns it (freed,
 * and unsubscribed, when the connection ends). */
struct MHD_Response *vt_hub_response(struct vt_sub *s, struct MHD_Connection *conn);

#endif
