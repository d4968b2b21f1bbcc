/* Names of the domain enums: the strings the API, the database and the
 * documentation use. Changing one is an API break. */
#include "domain/model.h"

#include <string.h>

static const char *const channels[] = {"web",      "email",    "phone", "in_person", "chat",
                                       "telegram", "whatsapp", "x",     "facebook",  "api"};
static const char *const statuses[] = {"new", "open", "pending", "on_hold", "resolved", "closed"};
static const char *const priorities[] = {"low", "normal", "high", "urgent"};
static const char *const roles[] = {"agent", "supervisor", "admin"};
static const char *const id_kinds[] = {"email",    "phone", "national_id", "telegram",
                                       "whatsapp", "x",     "facebook"};

_Static_assert(sizeof channels / sizeof *channels == VT_CH__COUNT, "channels");
_Static_assert(sizeof statuses / sizeof *statuses == VT_ST__COUNT, "statuses");
_Static_assert(sizeof priorities / sizeof *priorities == VT_PR__COUNT, "priorities");
_Static_assert(sizeof roles / sizeof *roles == VT_ROLE__COUNT, "roles");
_Static_assert(sizeof id_kinds / sizeof *id_kinds == VT_ID__COUNT, "identity kinds");

static int lookup(const char *const *names, int n, const char *s) {
  if (!s)
    return -1;
  for (int i = 0; i < n; i++)
    if (!strcmp(names[i], s))
      return i;
  return -1;
}

const char *vt_channel_name(enum vt_channel c) { return channels[c]; }
int vt_channel_parse(const char *s) { return lookup(channels, VT_CH__COUNT, s); }
const char *vt_status_name(enum vt_status s) { return statuses[s]; }
int vt_status_parse(const char *s) { return lookup(statuses, VT_ST__COUNT, s); }
const char *vt_priority_name(enum vt_priority p) { return priorities[p]; }
int vt_priority_parse(const char *s) { return lookup(priorities, VT_PR__COUNT, s); }
const char *vt_role_name(enum vt_role r) { return roles[r]; }
int vt_role_parse(const char *s) { return lookup(roles, VT_ROLE__COUNT, s); }
const char *vt_identity_kind_name(enum vt_identity_kind k) { return id_kinds[k]; }
int vt_identity_kind_parse(const char *s) { return lookup(id_kinds, VT_ID__COUNT, s); }
const char *vt_direction_name(enum vt_direction d) { return d == VT_DIR_IN ? "in" : "out"; }
