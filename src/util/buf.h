/* Growable byte buffers for building strings, SQL fragments and replies. */
#ifndef VT_BUF_H
#define VT_BUF_H

#include <stddef.h>

struct vt_buf {
  char *data; /* NUL-terminated when non-NULL; owned by the buffer */
  size_t len;
  size_t cap;
};

#define VT_BUF_INIT {NULL, 0, 0}

void vt_buf_append_mem(struct vt_buf *b, const void *p, size_t n);
void vt_buf_append(struct vt_buf *b, const char *s);
void vt_buf_appendf(struct vt_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Appends s as a JSON string literal, quotes included. */
void vt_buf_append_json_string(struct vt_buf *b, const char *s);
/* Hands the string to the caller (free()), leaving the buffer empty. */
char *vt_buf_steal(struct vt_buf *b);
void vt_buf_release(struct vt_buf *b);

#endif
