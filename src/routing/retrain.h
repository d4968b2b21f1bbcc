/* The node's retraining of classifiers: every administration whose model
 * is older than routing.retrain_hours (or missing) is trained again on its
 * resolved tickets, in the background. */
#ifndef VT_RETRAIN_H
#define VT_RETRAIN_H

#include "store/store.h"
#include "util/config.h"

struct vt_retrain;
/* NULL (nothing runs) when routing.retrain_hours is 0. */
struct vt_retrain *vt_retrain_start(struct vt_store *st, const struct vt_config *cfg);
void vt_retrain_stop(struct vt_retrain *r);

#endif
