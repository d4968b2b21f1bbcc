/* Files compiled into the binary by tools/embed.c: the database migrations
 * and the web front ends. Names are the paths in the source tree. */
#ifndef VT_EMBEDDED_H
#define VT_EMBEDDED_H

#include <stddef.h>

struct vt_embedded {
  const char *name;
  const unsigned char *data;
  size_t size;
};
/* Terminated by an entry whose name is NULL. */
extern const struct vt_embedded vt_embedded_files[];

#endif
