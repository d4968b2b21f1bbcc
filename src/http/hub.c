/* The live event stream: one hub thread per node, subscribers as suspended
 * libmicrohttpd connections with an output buffer each. Locking: hub->lock
 * guards the subscriber list and hub state; each sub->lock guards its buffer
 * and suspended flag. Order: hub->lock, then sub->lock. */
#include "http/hub.h"

#include <jansson.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/buf.h"
#include "util/log.h"
#include "util/timeutil.h"

#define BACKLOG_LIMIT  1000      /* events replayed to a reconnecting client */
#define MAX_BUFFERED   (1 << 20) /* a client this far behind is cut off; it resumes */
#define HEARTBEAT_MS   15000     /* keeps proxies and idle clients honest */
#define RECENT         512       /* ids remembered when commits may come out of order */
#define TICKET_BUCKETS 16384     /* citizens' chat streams, hashed by ticket */
#define TICKET_STREAMS 5         /* a citizen's streams of one chat at once (tabs, devices) */
#define TICKET_REPLAY  200       /* events replayed to a reconnecting citizen */

struct vt_sub {
  struct vt_hub *hub;
  struct MHD_Connection *conn;
  struct vt_scope scope; /* owned copy */
  vt_id ticket_id;       /* a citizen's stream of one ticket; 0: an agent's */
  vt_hub_framer framer;  /* with ticket_id: what the citizen may see */
  vt_id cursor;          /* the last event id queued to this client */
  pthread_mutex_t lock;
  struct vt_buf buf;
  size_t sent;
  bool suspended, closed, listed;
  struct vt_sub *prev, *next;
};

struct vt_hub {
  struct vt_store *store;
  pthread_t thread;
  pthread_mutex_t lock;
  struct vt_sub *subs; /* agents' streams: each event is matched against every one */
  /* Citizens' streams by ticket: an event only looks at its ticket's bucket,
   * so ten thousand open chats cost an event nothing more than one does. */
  struct vt_sub *by_ticket[TICKET_BUCKETS];
  long streams; /* subscribers listed */
  bool stopping;
  bool closing;  /* streams are being ended: new ones end at once */
  vt_id last_id; /* the newest event seen */
  /* For PostgreSQL: recently seen ids, so a rescan of the last RECENT ids
   * (to catch transactions that committed after a later id) sends each once. */
  vt_id recent[RECENT];
  size_t recent_pos;
};

static bool seen(struct vt_hub *h, vt_id id) {
  for (size_t i = 0; i < RECENT; i++)
    if (h->recent[i] == id)
      return true;
  return false;
}

static void remember(struct vt_hub *h, vt_id id) {
  h->recent[h->recent_pos] = id;
  h->recent_pos = (h->recent_pos + 1) % RECENT;
}

static vt_id oldest_recent(const struct vt_hub *h) {
  vt_id lo = 0;
  for (size_t i = 0; i < RECENT; i++)
    if (h->recent[i] && (!lo || h->recent[i] < lo))
      lo = h->recent[i];
  return lo;
}

static void frame(struct vt_buf *b, const struct vt_event *e) {
  char at[40];
  vt_time_iso8601(e->at, at, sizeof at);
  json_t *data = e->data_json ? json_loads(e->data_json, 0, NULL) : NULL;
  json_t *j = json_pack("{s:I, s:s, s:s, s:I, s:o, s:o, s:o, s:o, s:s, s:o}", "id",
                        (json_int_t)e->id, "action", e->action, "object_kind", e->object_kind,
                        "object_id", (json_int_t)e->object_id, "tenant_id",
                        e->tenant_id ? json_integer(e->tenant_id) : json_null(), "ticket_id",
                        e->ticket_id ? json_integer(e->ticket_id) : json_null(), "message_id",
                        e->message_id ? json_integer(e->message_id) : json_null(), "citizen_id",
                        e->citizen_id ? json_integer(e->citizen_id) : json_null(), "at", at, "data",
                        data ? data : json_object());
  char *text = json_dumps(j, JSON_COMPACT);
  json_decref(j);
  vt_buf_appendf(b, "id: %lld\nevent: %s\ndata: %s\n\n", (long long)e->id, e->action, text);
  free(text);
}

/* Wakes a suspended subscriber. Called with sub->lock held. */
static void wake(struct vt_sub *s) {
  if (s->suspended) {
    s->suspended = false;
    MHD_resume_connection(s->conn);
  }
}

static struct vt_sub **list_of(struct vt_hub *h, vt_id ticket_id) {
  return ticket_id ? &h->by_ticket[(uint64_t)ticket_id % TICKET_BUCKETS] : &h->subs;
}

/* Calls fn on every subscriber; with hub->lock held. */
static void each_sub(struct vt_hub *h, void (*fn)(struct vt_sub *)) {
  for (struct vt_sub *s = h->subs; s; s = s->next)
    fn(s);
  for (size_t b = 0; b < TICKET_BUCKETS; b++)
    for (struct vt_sub *s = h->by_ticket[b]; s; s = s->next)
      fn(s);
}

/* Queues a frame to a subscriber and wakes it. */
static void push(struct vt_sub *s, const struct vt_event *e, const struct vt_buf *out) {
  pthread_mutex_lock(&s->lock);
  if (!s->closed) {
    if (s->buf.len - s->sent + out->len > MAX_BUFFERED) {
      s->closed = true; /* too slow: it reconnects with Last-Event-ID */
    } else {
      vt_buf_append_mem(&s->buf, out->data, out->len);
      if (e->id > s->cursor)
        s->cursor = e->id;
    }
    wake(s);
  }
  pthread_mutex_unlock(&s->lock);
}

static void deliver(struct vt_hub *h, const struct vt_event *e) {
  if (!e->tenant_id)
    return; /* not about an administration's tickets: nobody's stream */
  bool in_order = h->store->events_in_id_order;
  struct vt_buf f = VT_BUF_INIT;
  for (struct vt_sub *s = h->subs; s; s = s->next) {
    if ((e->id <= s->cursor && in_order) ||
        !vt_scope_sees(&s->scope, e->tenant_id, e->ticket_confidential, e->ticket_department_id,
                       e->ticket_assignee_id))
      continue;
    if (!f.data)
      frame(&f, e);
    push(s, e, &f);
  }
  vt_buf_release(&f);
  if (!e->ticket_id)
    return;
  /* Citizens' streams of this ticket: its public side only, framed once
   * for all of them. */
  struct vt_buf pub = VT_BUF_INIT;
  bool framed = false, visible = false;
  for (struct vt_sub *s = *list_of(h, e->ticket_id); s; s = s->next) {
    if (s->ticket_id != e->ticket_id || (e->id <= s->cursor && in_order))
      continue;
    if (!framed) {
      visible = s->framer(h->store, e, &pub);
      framed = true;
    }
    if (visible)
      push(s, e, &pub);
  }
  vt_buf_release(&pub);
}

static void poll_events(struct vt_hub *h) {
  struct vt_store *st = h->store;
  vt_id from = h->last_id;
  if (!st->events_in_id_order) {
    vt_id lo = oldest_recent(h);
    if (lo && lo - 1 < from)
      from = lo - 1;
  }
  for (int rounds = 0; rounds < 20; rounds++) {
    struct vt_event *items;
    size_t n;
    if (st->events_after(st, NULL, from, 500, &items, &n) != VT_QS_ONE)
      return;
    pthread_mutex_lock(&h->lock);
    for (size_t i = 0; i < n; i++) {
      if (!st->events_in_id_order) {
        if (seen(h, items[i].id))
          continue;
        remember(h, items[i].id);
      }
      deliver(h, &items[i]);
      if (items[i].id > h->last_id)
        h->last_id = items[i].id;
    }
    pthread_mutex_unlock(&h->lock);
    if (n)
      from = items[n - 1].id;
    VT_RELEASE_ARRAY(items, n, vt_event_release);
    if (n < 500)
      return;
  }
}

long vt_hub_count(struct vt_hub *h) {
  if (!h)
    return 0;
  pthread_mutex_lock(&h->lock);
  long n = h->streams;
  pthread_mutex_unlock(&h->lock);
  return n;
}

static void beat(struct vt_sub *s) {
  pthread_mutex_lock(&s->lock);
  vt_buf_append(&s->buf, ": keep-alive\n\n");
  wake(s);
  pthread_mutex_unlock(&s->lock);
}

static void heartbeat(struct vt_hub *h) {
  pthread_mutex_lock(&h->lock);
  each_sub(h, beat);
  pthread_mutex_unlock(&h->lock);
}

static void *hub_main(void *arg) {
  struct vt_hub *h = arg;
  int64_t last_beat = vt_mono_us();
  for (;;) {
    pthread_mutex_lock(&h->lock);
    bool stop = h->stopping;
    pthread_mutex_unlock(&h->lock);
    if (stop)
      break;
    /* Woken by new events; the timeout also polls, for writes by another
     * process (an operator's command) or a lost notification. */
    h->store->events_wait(h->store, 1000);
    poll_events(h);
    if (vt_mono_us() - last_beat > HEARTBEAT_MS * 1000LL) {
      heartbeat(h);
      last_beat = vt_mono_us();
    }
    if (!h->store->events_in_id_order)
      usleep(20000); /* fold bursts of notifications into one rescan */
  }
  return NULL;
}

struct vt_hub *vt_hub_start(struct vt_store *store) {
  struct vt_hub *h = calloc(1, sizeof *h);
  if (!h)
    abort();
  h->store = store;
  pthread_mutex_init(&h->lock, NULL);
  if (store->events_last_id(store, &h->last_id) < 0 ||
      pthread_create(&h->thread, NULL, hub_main, h) != 0) {
    VT_ERROR("cannot start the event stream");
    pthread_mutex_destroy(&h->lock);
    free(h);
    return NULL;
  }
  return h;
}

static void end_stream(struct vt_sub *s) {
  pthread_mutex_lock(&s->lock);
  s->closed = true;
  wake(s);
  pthread_mutex_unlock(&s->lock);
}

void vt_hub_close_streams(struct vt_hub *h) {
  if (!h)
    return;
  pthread_mutex_lock(&h->lock);
  h->closing = true;
  each_sub(h, end_stream);
  pthread_mutex_unlock(&h->lock);
}

void vt_hub_stop(struct vt_hub *h) {
  if (!h)
    return;
  pthread_mutex_lock(&h->lock);
  h->stopping = true;
  pthread_mutex_unlock(&h->lock);
  pthread_join(h->thread, NULL);
  pthread_mutex_destroy(&h->lock);
  free(h);
}

/* A new subscriber, its first lines queued; the caller fills in its filter. */
static struct vt_sub *sub_new(struct vt_hub *h) {
  struct vt_sub *s = calloc(1, sizeof *s);
  if (!s)
    abort();
  s->hub = h;
  pthread_mutex_init(&s->lock, NULL);
  vt_buf_append(&s->buf, "retry: 2000\n: connected\n\n");
  return s;
}

/* Lists a subscriber; called with hub->lock held, after its replay. A
 * stream opened while the server shuts down ends after its first lines, so
 * that no connection is left suspended when the daemon stops. */
static void sub_list(struct vt_hub *h, struct vt_sub *s) {
  s->closed = h->closing;
  struct vt_sub **head = list_of(h, s->ticket_id);
  s->next = *head;
  if (*head)
    (*head)->prev = s;
  *head = s;
  s->listed = true;
  h->streams++;
}

struct vt_sub *vt_hub_subscribe(struct vt_hub *h, const struct vt_scope *scope,
                                vt_id last_event_id) {
  struct vt_sub *s = sub_new(h);
  vt_scope_copy(&s->scope, scope);
  pthread_mutex_lock(&h->lock);
  s->cursor = h->last_id;
  if (last_event_id && last_event_id < h->last_id) {
    /* Replay what the client missed, in its scope, then go live. */
    struct vt_event *items;
    size_t n;
    if (h->store->events_after(h->store, &s->scope, last_event_id, BACKLOG_LIMIT, &items, &n) ==
        VT_QS_ONE) {
      for (size_t i = 0; i < n; i++)
        if (items[i].tenant_id && items[i].id <= h->last_id)
          frame(&s->buf, &items[i]);
      VT_RELEASE_ARRAY(items, n, vt_event_release);
    }
  }
  sub_list(h, s);
  pthread_mutex_unlock(&h->lock);
  return s;
}

struct vt_sub *vt_hub_subscribe_ticket(struct vt_hub *h, vt_id ticket_id, vt_hub_framer framer,
                                       vt_id last_event_id) {
  pthread_mutex_lock(&h->lock);
  int open = 0;
  for (struct vt_sub *o = *list_of(h, ticket_id); o; o = o->next)
    open += o->ticket_id == ticket_id;
  pthread_mutex_unlock(&h->lock);
  /* One free token must not hold a node's connections: a few streams per
   * chat are enough for a citizen's tabs and devices. */
  if (open >= TICKET_STREAMS)
    return NULL;
  struct vt_sub *s = sub_new(h);
  s->ticket_id = ticket_id;
  s->framer = framer;
  pthread_mutex_lock(&h->lock);
  s->cursor = h->last_id;
  if (last_event_id && last_event_id < h->last_id) {
    /* A citizen's replay is bounded in events and in bytes: a chat with
     * thousands of long lines is read again with GET, not from memory. */
    struct vt_event *items;
    size_t n;
    if (h->store->ticket_events_after(h->store, ticket_id, last_event_id, TICKET_REPLAY, &items,
                                      &n) == VT_QS_ONE) {
      for (size_t i = 0; i < n && s->buf.len < MAX_BUFFERED; i++)
        if (items[i].id <= h->last_id)
          framer(h->store, &items[i], &s->buf);
      VT_RELEASE_ARRAY(items, n, vt_event_release);
    }
  }
  sub_list(h, s);
  pthread_mutex_unlock(&h->lock);
  return s;
}

static ssize_t reader(void *cls, uint64_t pos, char *out, size_t max) {
  struct vt_sub *s = cls;
  pthread_mutex_lock(&s->lock);
  ssize_t n;
  if (s->buf.len > s->sent) {
    size_t len = s->buf.len - s->sent;
    if (len > max)
      len = max;
    memcpy(out, s->buf.data + s->sent, len);
    s->sent += len;
    if (s->sent == s->buf.len) {
      s->buf.len = 0;
      s->sent = 0;
    }
    n = (ssize_t)len;
  } else if (s->closed) {
    n = MHD_CONTENT_READER_END_OF_STREAM;
  } else {
    /* Nothing to send: park the connection until the hub wakes it. */
    s->suspended = true;
    MHD_suspend_connection(s->conn);
    n = 0;
  }
  pthread_mutex_unlock(&s->lock);
  return n;
}

static void release_sub(void *cls) {
  struct vt_sub *s = cls;
  struct vt_hub *h = s->hub;
  pthread_mutex_lock(&h->lock);
  if (s->listed) {
    h->streams--;
    if (s->prev)
      s->prev->next = s->next;
    else
      *list_of(h, s->ticket_id) = s->next;
    if (s->next)
      s->next->prev = s->prev;
  }
  pthread_mutex_unlock(&h->lock);
  vt_buf_release(&s->buf);
  vt_scope_release(&s->scope);
  pthread_mutex_destroy(&s->lock);
  free(s);
}

struct MHD_Response *vt_hub_response(struct vt_sub *s, struct MHD_Connection *conn) {
  s->conn = conn;
  struct MHD_Response *r =
      MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 4096, reader, s, release_sub);
  if (!r) {
    release_sub(s);
    return NULL;
  }
  MHD_add_response_header(r, "Content-Type", "text/event-stream; charset=utf-8");
  MHD_add_response_header(r, "Cache-Control", "no-store");
  MHD_add_response_header(r, "X-Accel-Buffering", "no");
  MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
  return r;
}
