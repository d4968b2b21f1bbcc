/* The two web front ends, served from the files compiled into the binary:
 * the citizen portal at / and the agents' console at /agent/. Every file has
 * a strong ETag (a hash of its bytes, computed once) so browsers revalidate
 * with a cheap 304 instead of keeping stale code after an upgrade. */
#include "http/static.h"

#include <ctype.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/reply.h"
#include "util/buf.h"
#include "util/config.h"
#include "util/embedded.h"

#define WEB_PREFIX    "web/"
#define MAX_WEB_FILES 256

struct web_file {
  const struct vt_embedded *e;
  const char *path; /* name without "web/" */
  const char *content_type;
  char etag[36]; /* "\"" + 32 hex + "\"" */
};

static struct web_file files[MAX_WEB_FILES];
static size_t nfiles;
static pthread_once_t index_once = PTHREAD_ONCE_INIT;

/* No inline script or style anywhere: the pages load their code and styles
 * from files, so an injected <script> has nowhere to run. */
#define CSP_BASE                                                                                   \
  "default-src 'self'; script-src 'self'; style-src 'self'; "                                      \
  "img-src 'self' data: blob:; connect-src 'self'; font-src 'self'; "                              \
  "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors "
static const char CSP[] = CSP_BASE "'none'";

static const struct {
  const char *ext, *type;
} TYPES[] = {
    {".html", "text/html; charset=utf-8"},
    {".js", "text/javascript; charset=utf-8"},
    {".mjs", "text/javascript; charset=utf-8"},
    {".css", "text/css; charset=utf-8"},
    {".json", "application/json; charset=utf-8"},
    {".svg", "image/svg+xml"},
    {".png", "image/png"},
    {".ico", "image/x-icon"},
    {".woff2", "font/woff2"},
    {".txt", "text/plain; charset=utf-8"},
    {".webmanifest", "application/manifest+json"},
};

static const char *type_for(const char *path) {
  const char *dot = strrchr(path, '.');
  if (dot)
    for (size_t i = 0; i < sizeof TYPES / sizeof *TYPES; i++)
      if (!strcmp(dot, TYPES[i].ext))
        return TYPES[i].type;
  return "application/octet-stream";
}

static void build_index(void) {
  for (const struct vt_embedded *e = vt_embedded_files; e->name && nfiles < MAX_WEB_FILES; e++) {
    if (strncmp(e->name, WEB_PREFIX, sizeof WEB_PREFIX - 1))
      continue;
    struct web_file *f = &files[nfiles++];
    f->e = e;
    f->path = e->name + sizeof WEB_PREFIX - 1;
    f->content_type = type_for(f->path);
    unsigned char h[16];
    crypto_generichash(h, sizeof h, e->data, e->size, NULL, 0);
    char hex[33];
    sodium_bin2hex(hex, sizeof hex, h, sizeof h);
    snprintf(f->etag, sizeof f->etag, "\"%s\"", hex);
  }
}

static const struct web_file *find(const char *path) {
  for (size_t i = 0; i < nfiles; i++)
    if (!strcmp(files[i].path, path))
      return &files[i];
  return NULL;
}

/* Maps a URL path to the name of a file under web/. Pages have clean URLs:
 * "/" is the portal's home, "/seguimiento" is web/portal/seguimiento.html,
 * and every path under /agent/ is the console's single page. */
static bool resolve(const char *url, char *name, size_t namesz) {
  const char *seg = url + 1;
  if (!strncmp(url, "/static/", 8))
    snprintf(name, namesz, "%s", url + 8);
  else if (!strncmp(url, "/agent/", 7))
    snprintf(name, namesz, "agent/index.html");
  else if (!strcmp(url, "/"))
    snprintf(name, namesz, "portal/index.html");
  else if (strchr(seg, '/') || strchr(seg, '.') || strlen(seg) > 64)
    return false;
  else
    snprintf(name, namesz, "portal/%s.html", seg);
  return true;
}

/* Names the developer's mode may read from disk: plain relative paths. */
static bool safe_name(const char *name) {
  if (!name[0] || name[0] == '/' || strstr(name, ".."))
    return false;
  for (const char *p = name; *p; p++)
    if (!(isalnum((unsigned char)*p) || strchr("._/-", *p)))
      return false;
  return true;
}

/* The chat widget's loader is the one file other sites' pages load. */
static bool cross_origin(const char *name) { return !strcmp(name, "chat/widget.js"); }

/* ancestors: who may frame the page (a CSP source list); NULL: nobody. */
static void page_headers(struct MHD_Response *resp, const char *name, const char *content_type,
                         const char *etag, const char *ancestors) {
  MHD_add_response_header(resp, "Content-Type", content_type);
  if (etag)
    MHD_add_response_header(resp, "ETag", etag);
  MHD_add_response_header(resp, "Cache-Control", etag ? "no-cache" : "no-store");
  if (ancestors) {
    struct vt_buf csp = VT_BUF_INIT;
    vt_buf_appendf(&csp, "%s%s", CSP_BASE, ancestors);
    MHD_add_response_header(resp, "Content-Security-Policy", csp.data);
    vt_buf_release(&csp);
  } else {
    MHD_add_response_header(resp, "Content-Security-Policy", CSP);
    MHD_add_response_header(resp, "X-Frame-Options", "DENY");
  }
  MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
  MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
  MHD_add_response_header(resp, "Cross-Origin-Opener-Policy", "same-origin");
  MHD_add_response_header(resp, "Cross-Origin-Resource-Policy",
                          cross_origin(name) ? "cross-origin" : "same-origin");
  MHD_add_response_header(resp, "Permissions-Policy",
                          "camera=(), microphone=(), geolocation=(), payment=(), usb=()");
}

/* The front-end developer's mode (server.web_dir): the same file read from
 * disk on every request, so an edit shows on reload. Names are checked by
 * safe_name() first: no absolute paths, no "..", plain characters only. */
static struct MHD_Response *from_disk(const char *dir, const char *name) {
  char path[1024];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  FILE *fp = fopen(path, "rb");
  if (!fp)
    return NULL;
  struct vt_buf b = {0};
  char chunk[8192];
  size_t n;
  while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0)
    vt_buf_append_mem(&b, chunk, n);
  fclose(fp);
  struct MHD_Response *resp = MHD_create_response_from_buffer(
      b.len, b.data ? b.data : "", b.data ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
  if (!resp)
    vt_buf_release(&b);
  return resp;
}

static void send_file(struct vt_request *r, unsigned status, const struct web_file *f,
                      const char *ancestors) {
  const char *inm = vt_request_header(r, "If-None-Match");
  bool fresh = status == 200 && inm && strstr(inm, f->etag);
  struct MHD_Response *resp =
      fresh
          ? MHD_create_response_from_buffer(0, "", MHD_RESPMEM_PERSISTENT)
          : MHD_create_response_from_buffer(f->e->size, (void *)f->e->data, MHD_RESPMEM_PERSISTENT);
  if (!resp)
    return;
  page_headers(resp, f->path, f->content_type, f->etag, ancestors);
  vt_reply_response(r, fresh ? 304 : status, resp);
}

/* Sends web/NAME with status; false when there is no such file. */
static bool send_named(struct vt_request *r, unsigned status, const char *name,
                       const char *ancestors) {
  const char *dir = r->app->config->web_dir;
  if (dir[0] && safe_name(name)) {
    struct MHD_Response *resp = from_disk(dir, name);
    if (!resp)
      return false;
    page_headers(resp, name, type_for(name), NULL, ancestors);
    vt_reply_response(r, status, resp);
    return true;
  }
  const struct web_file *f = find(name);
  if (!f)
    return false;
  send_file(r, status, f, ancestors);
  return true;
}

bool vt_static_send_framed(struct vt_request *r, const char *name, const char *ancestors) {
  pthread_once(&index_once, build_index);
  return send_named(r, 200, name, ancestors);
}

void vt_static_not_found(struct vt_request *r) {
  pthread_once(&index_once, build_index);
  if (!send_named(r, 404, "portal/404.html", NULL))
    vt_reply_error(r, VT_ERR_NOT_FOUND, NULL);
}

bool vt_static_wants(const char *path) {
  return strcmp(path, "/healthz") && strncmp(path, "/api/", 5) && strcmp(path, "/api") &&
         strncmp(path, "/webhooks/", 10) && strcmp(path, "/chat/frame") && strcmp(path, "/metrics");
}

void vt_static_serve(struct vt_request *r) {
  pthread_once(&index_once, build_index);
  if (!strcmp(r->path, "/agent")) {
    vt_reply_empty(r, 308, "Location", "/agent/");
    return;
  }
  char name[192];
  bool known = resolve(r->path, name, sizeof name);
  if (known && strcmp(r->method, "GET") && strcmp(r->method, "HEAD")) {
    vt_reply_empty(r, 405, "Allow", "GET, HEAD");
    return;
  }
  if (known && send_named(r, 200, name, NULL))
    return;
  /* A friendly page for people, still a 404 for programs. */
  vt_static_not_found(r);
}

size_t vt_static_count(void) {
  pthread_once(&index_once, build_index);
  return nfiles;
}
