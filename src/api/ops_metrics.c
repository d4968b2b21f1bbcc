/* GET /metrics: what the people who run the service watch, in Prometheus'
 * text format: requests and their latency on this node, open streams, and
 * the database's open and overdue tickets, outbox backlog and chat queue. */
#include "api/api.h"
#include "http/hub.h"
#include "http/metrics.h"
#include "http/reply.h"
#include "util/buf.h"
#include "util/timeutil.h"

/* The figures are the whole installation's (every administration's tickets,
 * outbox and chats): only an administrator of every administration, who runs
 * the service, reads them; one town's administrator must not learn the
 * others' volumes. */
static bool runs_everything(struct vt_store *st, const struct vt_scope *scope) {
  if (scope->all)
    return true;
  struct vt_scope all = {.all = true};
  struct vt_tenant *items;
  size_t n;
  if (st->tenants_list(st, &all, &items, &n) != VT_QS_ONE)
    return false;
  bool every = true;
  for (size_t i = 0; i < n && every; i++)
    every = vt_scope_has(scope, items[i].id);
  VT_RELEASE_ARRAY(items, n, vt_tenant_release);
  return every;
}

enum MHD_Result vt_api_metrics(struct vt_request *r) {
  struct vt_store *st = r->app->store;
  if (!runs_everything(st, &r->principal->scope))
    return vt_reply_error(r, VT_ERR_FORBIDDEN, NULL);
  struct vt_ops_gauges g;
  enum vt_qs qs = st->ops_gauges(st, vt_now_ms(), &g);
  if (qs != VT_QS_ONE)
    return vt_reply_store_error(r, qs == VT_QS_NONE ? VT_QS_HARD : qs);
  struct vt_buf b = VT_BUF_INIT;
  vt_metrics_render(&b);
  vt_buf_appendf(&b,
                 "# HELP ventanilla_streams_open Live streams open on this node.\n"
                 "# TYPE ventanilla_streams_open gauge\n"
                 "ventanilla_streams_open %ld\n"
                 "# HELP ventanilla_tickets_open Tickets not resolved nor closed.\n"
                 "# TYPE ventanilla_tickets_open gauge\n"
                 "ventanilla_tickets_open %ld\n"
                 "# HELP ventanilla_tickets_overdue Open tickets past their due date.\n"
                 "# TYPE ventanilla_tickets_overdue gauge\n"
                 "ventanilla_tickets_overdue %ld\n"
                 "# HELP ventanilla_outbox_pending Messages waiting to be sent.\n"
                 "# TYPE ventanilla_outbox_pending gauge\n"
                 "ventanilla_outbox_pending %ld\n"
                 "# HELP ventanilla_outbox_failed Messages that could not be sent, for good.\n"
                 "# TYPE ventanilla_outbox_failed gauge\n"
                 "ventanilla_outbox_failed %ld\n"
                 "# HELP ventanilla_chats Chats by state.\n"
                 "# TYPE ventanilla_chats gauge\n"
                 "ventanilla_chats{state=\"queued\"} %ld\n"
                 "ventanilla_chats{state=\"active\"} %ld\n"
                 "# HELP ventanilla_sla_escalations_total Deadline warnings and breaches fired.\n"
                 "# TYPE ventanilla_sla_escalations_total counter\n"
                 "ventanilla_sla_escalations_total{stage=\"warning\"} %ld\n"
                 "ventanilla_sla_escalations_total{stage=\"breach\"} %ld\n",
                 vt_hub_count(r->app->hub), g.tickets_open, g.tickets_overdue, g.outbox_pending,
                 g.outbox_failed, g.chats_queued, g.chats_active, g.sla_warnings, g.sla_breaches);
  struct MHD_Response *resp = MHD_create_response_from_buffer(b.len, b.data, MHD_RESPMEM_MUST_FREE);
  if (!resp) {
    vt_buf_release(&b);
    return vt_reply_error(r, VT_ERR_INTERNAL, NULL);
  }
  MHD_add_response_header(resp, "Content-Type", "text/plain; version=0.0.4; charset=utf-8");
  MHD_add_response_header(resp, "Cache-Control", "no-store");
  return vt_reply_response(r, 200, resp);
}
