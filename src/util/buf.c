/* Growable byte buffers. Allocation failure aborts: a server that cannot
 * allocate a few bytes has nothing sensible left to do. */
#include "util/buf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void grow(struct vt_buf *b, size_t need) {
  if (b->len + need + 1 <= b->cap)
    return;
  size_t cap = b->cap ? b->cap : 64;
  while (cap < b->len + need + 1)
    cap *= 2;
  char *p = realloc(b->data, cap);
  if (!p)
    abort();
  b->data = p;
  b->cap = cap;
}

void vt_buf_append_mem(struct vt_buf *b, const void *p, size_t n) {
  grow(b, n);
  memcpy(b->data + b->len, p, n);
  b->len += n;
  b->data[b->len] = '\0';
}

void vt_buf_append(struct vt_buf *b, const char *s) { vt_buf_append_mem(b, s, strlen(s)); }

void vt_buf_appendf(struct vt_buf *b, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  if (n < 0)
    return;
  grow(b, (size_t)n);
  va_start(ap, fmt);
  vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
  va_end(ap);
  b->len += (size_t)n;
}

void vt_buf_append_json_string(struct vt_buf *b, const char *s) {
  vt_buf_append_mem(b, "\"", 1);
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    switch (*p) {
    case '"':
      vt_buf_append_mem(b, "\\\"", 2);
      break;
    case '\\':
      vt_buf_append_mem(b, "\\\\", 2);
      break;
    case '\n':
      vt_buf_append_mem(b, "\\n", 2);
      break;
    case '\r':
      vt_buf_append_mem(b, "\\r", 2);
      break;
    case '\t':
      vt_buf_append_mem(b, "\\t", 2);
      break;
    default:
      if (*p < 0x20)
        vt_buf_appendf(b, "\\u%04x", *p);
      else
        vt_buf_append_mem(b, p, 1);
    }
  }
  vt_buf_append_mem(b, "\"", 1);
}

char *vt_buf_steal(struct vt_buf *b) {
  char *s = b->data ? b->data : strdup("");
  b->data = NULL;
  b->len = b->cap = 0;
  return s;
}

void vt_buf_release(struct vt_buf *b) {
  free(b->data);
  b->data = NULL;
  b->len = b->cap = 0;
}
