/*
 * The event streams' reader for bench/events, in C: one thread, epoll, no allocation per event.
 * The streams are read on the same two cores as the server; the Node reader spends a third of the
 * machine parsing a million deliveries, which a reader on another host would not. This one keeps the
 * client's share small, so what is measured is the server's delivery.
 *
 *   reader <port> < tokens          one bearer token per line, one stream each
 *
 * Prints "OPEN" once every stream has answered 200 with its headers. When stdin then ends (or gets a
 * line), closes the streams and prints, per stream, "S <ready id> <reads> <events>" followed by one
 * "<id> <latency ms>" line per event, then "END". Latency: the moment the bytes completing an event
 * were read, minus the event's `at` (CLOCK_REALTIME, the clock Postgres stamps `at` with).
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

typedef struct {
  int fd;
  int headers_done;
  long long ready;
  long long reads;
  /* chunked transfer: bytes left in the current chunk, or -1 while reading a size line */
  long chunk_left;
  int skip_crlf;
  char size_line[32];
  int size_len;
  /* the body's unfinished event */
  char *pending;
  size_t pending_len, pending_cap;
  /* the header bytes until the blank line */
  char head[4096];
  size_t head_len;
  long long *ids;
  double *latencies;
  size_t count, cap;
} Stream;

static double now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static int two(const char *p) { return (p[0] - '0') * 10 + (p[1] - '0'); }

static long day_key = -1;
static double day_ms = 0;

/* `2026-12-03T04:10:00.123Z` in epoch milliseconds. */
static double time_at(const char *p) {
  long key = (long)((p[0] - '0') * 1000 + (p[1] - '0') * 100 + two(p + 2)) * 10000 + two(p + 5) * 100 + two(p + 8);
  if (key != day_key) {
    struct tm tm = {0};
    tm.tm_year = (p[0] - '0') * 1000 + (p[1] - '0') * 100 + two(p + 2) - 1900;
    tm.tm_mon = two(p + 5) - 1;
    tm.tm_mday = two(p + 8);
    day_ms = (double)timegm(&tm) * 1000.0;
    day_key = key;
  }
  return day_ms + two(p + 11) * 3600000.0 + two(p + 14) * 60000.0 + two(p + 17) * 1000.0 + (p[20] - '0') * 100 + two(p + 21);
}

static void push(Stream *s, long long id, double latency) {
  if (s->count == s->cap) {
    s->cap = s->cap ? s->cap * 2 : 1024;
    s->ids = realloc(s->ids, s->cap * sizeof *s->ids);
    s->latencies = realloc(s->latencies, s->cap * sizeof *s->latencies);
    if (!s->ids || !s->latencies) { perror("realloc"); exit(1); }
  }
  s->ids[s->count] = id;
  s->latencies[s->count] = latency;
  s->count++;
}

/* One whole event (the bytes before its blank line). */
static void on_event(Stream *s, const char *e, size_t n, double received) {
  const char *id = memmem(e, n, "id: ", 4);
  if (!id) return;
  long long value = 0;
  const char *p = id + 4;
  while (p < e + n && *p >= '0' && *p <= '9') value = value * 10 + (*p++ - '0');
  if (memmem(e, n, "event: ready\n", 13)) {
    s->ready = value;
    return;
  }
  const char *at = memmem(e, n, "\"at\":\"", 6);
  if (at && at + 6 + 24 <= e + n) push(s, value, received - time_at(at + 6));
}

/* Body bytes (already de-chunked): split into events at blank lines. */
static void on_body(Stream *s, const char *data, size_t n, double received) {
  if (s->pending_len + n > s->pending_cap) {
    s->pending_cap = (s->pending_len + n) * 2;
    s->pending = realloc(s->pending, s->pending_cap);
    if (!s->pending) { perror("realloc"); exit(1); }
  }
  memcpy(s->pending + s->pending_len, data, n);
  s->pending_len += n;
  size_t start = 0;
  for (;;) {
    char *end = memmem(s->pending + start, s->pending_len - start, "\n\n", 2);
    if (!end) break;
    on_event(s, s->pending + start, (size_t)(end - (s->pending + start)), received);
    start = (size_t)(end - s->pending) + 2;
  }
  if (start) {
    memmove(s->pending, s->pending + start, s->pending_len - start);
    s->pending_len -= start;
  }
}

/* Raw bytes after the headers: chunked transfer encoding. */
static void on_chunked(Stream *s, const char *data, size_t n, double received) {
  size_t i = 0;
  while (i < n) {
    if (s->skip_crlf) {
      /* the CRLF after a chunk's data */
      if (data[i] == '\r' || data[i] == '\n') { if (data[i] == '\n') s->skip_crlf = 0; i++; continue; }
      s->skip_crlf = 0;
    }
    if (s->chunk_left < 0) {
      char c = data[i++];
      if (c == '\n') {
        s->size_line[s->size_len] = 0;
        s->chunk_left = strtol(s->size_line, NULL, 16);
        s->size_len = 0;
        if (s->chunk_left == 0) return; /* the body's end */
      } else if (c != '\r' && s->size_len < (int)sizeof s->size_line - 1) {
        s->size_line[s->size_len++] = c;
      }
      continue;
    }
    size_t take = n - i < (size_t)s->chunk_left ? n - i : (size_t)s->chunk_left;
    on_body(s, data + i, take, received);
    i += take;
    s->chunk_left -= (long)take;
    if (s->chunk_left == 0) { s->chunk_left = -1; s->skip_crlf = 1; }
  }
}

int main(int argc, char **argv) {
  if (argc < 2) { fprintf(stderr, "usage: reader <port> < tokens\n"); return 2; }
  int port = atoi(argv[1]);
  size_t cap = 16, n = 0;
  char **tokens = malloc(cap * sizeof *tokens);
  char line[8192];
  while (fgets(line, sizeof line, stdin)) {
    size_t len = strcspn(line, "\r\n");
    if (len == 0) break; /* a blank line ends the tokens */
    line[len] = 0;
    if (n == cap) tokens = realloc(tokens, (cap *= 2) * sizeof *tokens);
    tokens[n++] = strdup(line);
  }
  Stream *streams = calloc(n, sizeof *streams);
  int ep = epoll_create1(0);
  struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
  inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
  for (size_t i = 0; i < n; i++) {
    Stream *s = &streams[i];
    s->ready = -1;
    s->chunk_left = -1;
    s->fd = socket(AF_INET, SOCK_STREAM, 0);
    if (s->fd < 0 || connect(s->fd, (struct sockaddr *)&addr, sizeof addr) < 0) { perror("connect"); return 1; }
    int one = 1;
    setsockopt(s->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    char request[8192];
    int len = snprintf(request, sizeof request,
                       "GET /api/events HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nAuthorization: Bearer %s\r\nAccept: text/event-stream\r\n\r\n",
                       port, tokens[i]);
    if (write(s->fd, request, (size_t)len) != len) { perror("write"); return 1; }
    struct epoll_event ev = {.events = EPOLLIN, .data.u64 = i};
    epoll_ctl(ep, EPOLL_CTL_ADD, s->fd, &ev);
  }
  struct epoll_event in = {.events = EPOLLIN, .data.u64 = UINT64_MAX};
  epoll_ctl(ep, EPOLL_CTL_ADD, STDIN_FILENO, &in);

  size_t open_count = 0;
  int announced = n == 0, stop = 0;
  static char buffer[1 << 16];
  struct epoll_event events[256];
  while (!stop) {
    int ready = epoll_wait(ep, events, 256, 1000);
    if (ready < 0 && errno != EINTR) { perror("epoll_wait"); return 1; }
    for (int k = 0; k < ready; k++) {
      if (events[k].data.u64 == UINT64_MAX) {
        if (announced) stop = 1;
        /* stdin closed before every stream was open: the benchmark is gone */
        else if (read(STDIN_FILENO, buffer, sizeof buffer) <= 0) return 1;
        continue;
      }
      Stream *s = &streams[events[k].data.u64];
      ssize_t got = read(s->fd, buffer, sizeof buffer);
      if (got <= 0) {
        epoll_ctl(ep, EPOLL_CTL_DEL, s->fd, NULL);
        if (!s->headers_done) { fprintf(stderr, "stream %zu closed before its headers\n", (size_t)events[k].data.u64); return 1; }
        continue;
      }
      double received = now_ms();
      s->reads++;
      const char *data = buffer;
      size_t size = (size_t)got;
      if (!s->headers_done) {
        size_t take = size < sizeof s->head - s->head_len ? size : sizeof s->head - s->head_len;
        memcpy(s->head + s->head_len, data, take);
        s->head_len += take;
        char *end = memmem(s->head, s->head_len, "\r\n\r\n", 4);
        if (!end) continue;
        if (strncmp(s->head, "HTTP/1.1 200", 12) != 0) {
          fprintf(stderr, "/api/events answered %.12s\n", s->head);
          return 1;
        }
        s->headers_done = 1;
        size_t body_at = (size_t)(end - s->head) + 4;
        size_t consumed_before = s->head_len - take;
        data += body_at - consumed_before;
        size -= body_at - consumed_before;
        if (++open_count == n) {
          announced = 1;
          printf("OPEN\n");
          fflush(stdout);
        }
      }
      if (size) on_chunked(s, data, size, received);
    }
  }
  for (size_t i = 0; i < n; i++) {
    Stream *s = &streams[i];
    close(s->fd);
    printf("S %lld %lld %zu\n", s->ready, s->reads, s->count);
    for (size_t j = 0; j < s->count; j++) printf("%lld %.3f\n", s->ids[j], s->latencies[j]);
  }
  printf("END\n");
  return 0;
}
