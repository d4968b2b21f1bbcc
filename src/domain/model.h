/* The domain vocabulary: channels, statuses, priorities, roles and identity
 * kinds, with their stable API names. No I/O here. */
#ifndef VT_MODEL_H
#define VT_MODEL_H

#include <stdbool.h>
#include <stdint.h>

typedef int64_t vt_id;

enum vt_channel {
  VT_CH_WEB, VT_CH_EMAIL, VT_CH_PHONE, VT_CH_IN_PERSON, VT_CH_CHAT, VT_CH_TELEGRAM,
  VT_CH_WHATSAPP, VT_CH_X, VT_CH_FACEBOOK, VT_CH_API, VT_CH__COUNT
};
enum vt_status {
  VT_ST_NEW, VT_ST_OPEN, VT_ST_PENDING, VT_ST_ON_HOLD, VT_ST_RESOLVED, VT_ST_CLOSED, VT_ST__COUNT
};
enum vt_priority { VT_PR_LOW, VT_PR_NORMAL, VT_PR_HIGH, VT_PR_URGENT, VT_PR__COUNT };
enum vt_role { VT_ROLE_AGENT, VT_ROLE_SUPERVISOR, VT_ROLE_ADMIN, VT_ROLE__COUNT };
enum vt_identity_kind {
  VT_ID_EMAIL, VT_ID_PHONE, VT_ID_NATIONAL_ID, VT_ID_TELEGRAM, VT_ID_WHATSAPP, VT_ID_X,
  VT_ID_FACEBOOK, VT_ID__COUNT
};
enum vt_direction { VT_DIR_IN, VT_DIR_OUT };

/* Name <-> value. The _parse functions return -1 for an unknown name. */
const char *vt_channel_name(enum vt_channel c);
int vt_channel_parse(const char *s);
const char *vt_status_name(enum vt_status s);
int vt_status_parse(const char *s);
const char *vt_priority_name(enum vt_priority p);
int vt_priority_parse(const char *s);
const char *vt_role_name(enum vt_role r);
int vt_role_parse(const char *s);
const char *vt_identity_kind_name(enum vt_identity_kind k);
int vt_identity_kind_parse(const char *s);
const char *vt_direction_name(enum vt_direction d);

#endif
