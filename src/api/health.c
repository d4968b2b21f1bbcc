/* GET /healthz: the process is up and serving. Touches no database, so it
 * also measures the bare HTTP floor in the benchmark. */
#include "api/api.h"
#include "http/reply.h"

enum MHD_Result vt_api_healthz(struct vt_request *r) {
  return vt_reply_json(r, 200, json_pack("{s:s}", "status", "ok"));
}
