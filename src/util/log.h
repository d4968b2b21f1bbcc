/* Structured logging: one JSON object per line on stderr, level checked
 * before anything is formatted. Never pass personal data or secrets here. */
#ifndef VT_LOG_H
#define VT_LOG_H

enum vt_log_level { VT_LOG_DEBUG, VT_LOG_INFO, VT_LOG_WARN, VT_LOG_ERROR, VT_LOG_OFF };

extern enum vt_log_level vt_log_threshold;

/* The request id of the request this thread is serving ("" outside one);
 * every line logged while it is set carries it. */
void vt_log_set_request_id(const char *id);
const char *vt_log_request_id(void);

int vt_log_level_parse(const char *name, enum vt_log_level *out);

void vt_log_emit(enum vt_log_level level, const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* An access-log line: method, path without query string, status, bytes, time. */
void vt_log_access(const char *method, const char *path, unsigned status, long long micros);

#define VT_LOG(level, ...)                                                                         \
  do {                                                                                             \
    if ((level) >= vt_log_threshold)                                                               \
      vt_log_emit((level), __FILE__, __LINE__, __VA_ARGS__);                                       \
  } while (0)
#define VT_DEBUG(...) VT_LOG(VT_LOG_DEBUG, __VA_ARGS__)
#define VT_INFO(...) VT_LOG(VT_LOG_INFO, __VA_ARGS__)
#define VT_WARN(...) VT_LOG(VT_LOG_WARN, __VA_ARGS__)
#define VT_ERROR(...) VT_LOG(VT_LOG_ERROR, __VA_ARGS__)

#endif
