/* Retraining: checked every ten minutes (the first time ten minutes after
 * the node starts), so a model is never much older than asked. Training runs on
 * this thread, never on a request's. Several nodes may retrain the same
 * administration at about the same time: the model is the same and the
 * last write wins. */
#include "routing/retrain.h"

#include <stdlib.h>

#include "routing/route.h"
#include "util/log.h"
#include "util/periodic.h"
#include "util/timeutil.h"

#define CHECK_EVERY_S 600

struct vt_retrain {
  struct vt_store *st;
  const struct vt_config *cfg;
  struct vt_periodic *p;
};

static void retrain(void *arg) {
  struct vt_retrain *r = arg;
  struct vt_store *st = r->st;
  struct vt_scope all = {.all = true};
  struct vt_tenant *t;
  size_t n;
  if (st->tenants_list(st, &all, &t, &n) != VT_QS_ONE)
    return;
  int64_t due = vt_now_ms() - r->cfg->routing_retrain_hours * 3600000LL;
  for (size_t i = 0; i < n; i++) {
    char *model = NULL;
    int64_t trained_at = 0;
    long examples = 0;
    enum vt_qs qs = st->routing_model_get(st, t[i].id, &model, &trained_at, &examples);
    free(model);
    if (qs < 0 || (qs == VT_QS_ONE && trained_at > due))
      continue;
    long used = vt_route_train(st, t[i].id);
    if (used > 0)
      VT_INFO("classifier of %s retrained on %ld resolved tickets", t[i].code, used);
  }
  VT_RELEASE_ARRAY(t, n, vt_tenant_release);
}

struct vt_retrain *vt_retrain_start(struct vt_store *st, const struct vt_config *cfg) {
  if (!cfg->routing_retrain_hours)
    return NULL;
  struct vt_retrain *r = calloc(1, sizeof *r);
  if (!r)
    abort();
  r->st = st;
  r->cfg = cfg;
  r->p = vt_periodic_start("classifier retraining", CHECK_EVERY_S, retrain, r);
  if (!r->p) {
    free(r);
    return NULL;
  }
  return r;
}

void vt_retrain_stop(struct vt_retrain *r) {
  if (!r)
    return;
  vt_periodic_stop(r->p);
  free(r);
}
