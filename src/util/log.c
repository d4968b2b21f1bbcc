/* Structured logging: JSON lines on stderr, one write(2) per line so lines
 * from different threads never interleave. */
#include "util/log.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "util/buf.h"
#include "util/timeutil.h"

enum vt_log_level vt_log_threshold = VT_LOG_INFO;

static _Thread_local char request_id[40];

void vt_log_set_request_id(const char *id) {
  if (!id)
    id = "";
  snprintf(request_id, sizeof request_id, "%s", id);
}

const char *vt_log_request_id(void) { return request_id; }

static const char *level_names[] = {"debug", "info", "warn", "error", "off"};

int vt_log_level_parse(const char *name, enum vt_log_level *out) {
  for (int i = 0; i <= VT_LOG_OFF; i++)
    if (strcmp(name, level_names[i]) == 0) {
      *out = (enum vt_log_level)i;
      return 0;
    }
  return -1;
}

static void line_start(struct vt_buf *b, const char *level) {
  char ts[40];
  vt_time_iso8601(vt_now_ms(), ts, sizeof ts);
  vt_buf_append(b, "{\"ts\":\"");
  vt_buf_append(b, ts);
  vt_buf_append(b, "\",\"level\":\"");
  vt_buf_append(b, level);
  vt_buf_append(b, "\"");
  if (request_id[0]) {
    vt_buf_append(b, ",\"request_id\":");
    vt_buf_append_json_string(b, request_id);
  }
}

static void line_finish(struct vt_buf *b) {
  vt_buf_append(b, "}\n");
  if (b->data) {
    ssize_t ignored = write(STDERR_FILENO, b->data, b->len);
    (void)ignored;
  }
  vt_buf_release(b);
}

void vt_log_emit(enum vt_log_level level, const char *file, int line, const char *fmt, ...) {
  char msg[1024];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  struct vt_buf b = VT_BUF_INIT;
  line_start(&b, level_names[level]);
  vt_buf_appendf(&b, ",\"src\":\"%s:%d\",\"msg\":", file, line);
  vt_buf_append_json_string(&b, msg);
  line_finish(&b);
}

void vt_log_access(const char *method, const char *path, unsigned status, long long micros) {
  if (VT_LOG_INFO < vt_log_threshold)
    return;
  struct vt_buf b = VT_BUF_INIT;
  line_start(&b, "info");
  vt_buf_append(&b, ",\"event\":\"access\",\"method\":");
  vt_buf_append_json_string(&b, method);
  vt_buf_append(&b, ",\"path\":");
  vt_buf_append_json_string(&b, path);
  vt_buf_appendf(&b, ",\"status\":%u,\"us\":%lld", status, micros);
  line_finish(&b);
}
