/* A network's event into a ticket (see net_ingest.c). */
#ifndef VT_NET_INGEST_H
#define VT_NET_INGEST_H

#include "channels/networks.h"
#include "store/store.h"
#include "util/config.h"

/* Stores one event for the account's administration: ONE when stored (or
 * already stored, or deliberately ignored); SOFT/HARD when the database
 * could not take it (the webhook then fails so the network retries). */
enum vt_qs vt_net_ingest(struct vt_store *st, const struct vt_config *cfg,
                         const struct vt_channel_account *acc, const struct vt_net_event *e);

#endif
