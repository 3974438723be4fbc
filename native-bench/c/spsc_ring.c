/*
 * The physical floor for ringmaster's JS ring: the same single-producer
 * single-consumer ring of 64-byte records, written in C11 with two pthreads.
 *
 * Layout and protocol mirror the JS ring (DESIGN.md §2):
 *   - head (records published by the producer) and tail (records consumed by
 *     the consumer) are monotonically increasing 64-bit counts, each alone on
 *     its own 64-byte cache line; slot = count & (capacity - 1).
 *   - The producer writes records, then publishes them with one
 *     store-release of head per batch; the consumer's load-acquire of head
 *     therefore sees every record byte written before it.
 *   - The consumer drains everything available, then returns the slots with
 *     one store-release of tail; the producer's load-acquire of tail orders
 *     its next writes after the consumer's reads.
 *   - Each side caches the other's index and re-reads it only when its cached
 *     copy says the ring is full (producer) or empty (consumer).
 *
 * Threads are not pinned to cores: the JS workers cannot be pinned either.
 *
 * Usage (one JSON object on stdout):
 *   spsc_ring throughput ITERATIONS RECORDS BATCH CAPACITY
 *       one-way: ns per record, each iteration timed from its first write
 *       until its last record is consumed; median and mean iteration
 *   spsc_ring roundtrip SAMPLES CAPACITY
 *       ping-pong over two rings, both sides spinning: p50/p99/p99.9 in ns
 * Each mode stops early after kTimeLimitNs (a spinning pair on an
 * oversubscribed machine can be thousands of times slower) and reports the
 * records or samples it actually measured.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { kCacheLine = 64, kRecordSize = 64 };
/* Field offsets inside a record, as in src/market/tick-layout.ts. */
enum { kBidOffset = 0, kSeqOffset = 56 };
/* Wall-clock budget per mode, checked between iterations or round trips. */
static const uint64_t kTimeLimitNs = 2000000000ull;

typedef struct {
  _Alignas(kCacheLine) _Atomic uint64_t head; /* written by the producer only */
  _Alignas(kCacheLine) _Atomic uint64_t tail; /* written by the consumer only */
  _Alignas(kCacheLine) uint64_t capacity;     /* read-only after init */
  uint64_t mask;
  unsigned char *records;
} ring_t;

typedef struct {
  ring_t *ring;
  uint64_t next;       /* next slot to claim */
  uint64_t published;  /* last value stored to head */
  uint64_t tail_cache; /* last tail seen */
  uint64_t batch;
} producer_t;

typedef struct {
  ring_t *ring;
  uint64_t tail;       /* records consumed so far */
  uint64_t head_cache; /* last head seen */
} consumer_t;

static inline void cpu_relax(void) {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#elif defined(__aarch64__)
  __asm__ __volatile__("yield");
#endif
}

static uint64_t now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static void ring_init(ring_t *ring, uint64_t capacity) {
  atomic_init(&ring->head, 0);
  atomic_init(&ring->tail, 0);
  ring->capacity = capacity;
  ring->mask = capacity - 1;
  ring->records = aligned_alloc(kCacheLine, capacity * kRecordSize);
  if (ring->records == NULL) {
    fprintf(stderr, "spsc_ring: out of memory\n");
    exit(2);
  }
  memset(ring->records, 0, capacity * kRecordSize);
}

/* Returns the slot for the next record, or NULL when the ring is full. */
static inline unsigned char *producer_try_claim(producer_t *p) {
  if (p->next - p->tail_cache >= p->ring->capacity) {
    p->tail_cache = atomic_load_explicit(&p->ring->tail, memory_order_acquire);
    if (p->next - p->tail_cache >= p->ring->capacity) return NULL;
  }
  return p->ring->records + (p->next & p->ring->mask) * kRecordSize;
}

static inline void producer_publish(producer_t *p) {
  if (p->published == p->next) return;
  atomic_store_explicit(&p->ring->head, p->next, memory_order_release);
  p->published = p->next;
}

/* Commits the claimed record; publishes once `batch` records are pending. */
static inline void producer_commit(producer_t *p) {
  p->next++;
  if (p->next - p->published >= p->batch) producer_publish(p);
}

/* Claims a slot, publishing pending records and spinning while the ring is full. */
static inline unsigned char *producer_claim_spin(producer_t *p) {
  unsigned char *slot;
  while ((slot = producer_try_claim(p)) == NULL) {
    producer_publish(p); /* the consumer must see pending records to make room */
    cpu_relax();
  }
  return slot;
}

/* Number of records readable now (refreshing the cached head only when empty). */
static inline uint64_t consumer_available(consumer_t *c) {
  if (c->head_cache == c->tail) {
    c->head_cache = atomic_load_explicit(&c->ring->head, memory_order_acquire);
  }
  return c->head_cache - c->tail;
}

static inline const unsigned char *consumer_slot(const consumer_t *c, uint64_t i) {
  return c->ring->records + ((c->tail + i) & c->ring->mask) * kRecordSize;
}

static inline void consumer_release(consumer_t *c, uint64_t n) {
  c->tail += n;
  atomic_store_explicit(&c->ring->tail, c->tail, memory_order_release);
}

static inline void write_record(unsigned char *slot, uint32_t seq) {
  double bid = (double)seq;
  memcpy(slot + kBidOffset, &bid, sizeof bid);
  memcpy(slot + kSeqOffset, &seq, sizeof seq);
}

static inline uint32_t read_seq(const unsigned char *slot) {
  uint32_t seq;
  memcpy(&seq, slot + kSeqOffset, sizeof seq);
  return seq;
}

/* ---- one-way throughput ------------------------------------------------ */

static int cmp_u64(const void *a, const void *b) {
  uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
  return (x > y) - (x < y);
}


typedef struct {
  ring_t *ring;
  _Atomic uint64_t records; /* lowered by the producer when it stops early */
  uint64_t errors;          /* records that arrived out of order */
  uint64_t end_ns;
} sink_args_t;

static void *sink_main(void *arg) {
  sink_args_t *a = arg;
  consumer_t c = {.ring = a->ring};
  uint32_t expected = 0;
  while (c.tail < atomic_load_explicit(&a->records, memory_order_relaxed)) {
    uint64_t n = consumer_available(&c);
    if (n == 0) {
      cpu_relax();
      continue;
    }
    for (uint64_t i = 0; i < n; i++) {
      if (read_seq(consumer_slot(&c, i)) != expected) a->errors++;
      expected++;
    }
    consumer_release(&c, n);
  }
  a->end_ns = now_ns();
  return NULL;
}

/*
 * Iterations of `per_iteration` records, each timed from its first write until
 * the consumer has released its last record (tail reaches head), as the JS
 * bench does. Reports the median iteration (robust to a descheduled thread on
 * a shared machine) and the mean, both per record.
 */
static int run_throughput(uint64_t iterations, uint64_t per_iteration, uint64_t batch, uint64_t capacity) {
  ring_t ring;
  ring_init(&ring, capacity);
  sink_args_t sink = {.ring = &ring};
  atomic_init(&sink.records, iterations * per_iteration);
  pthread_t thread;
  if (pthread_create(&thread, NULL, sink_main, &sink) != 0) return 2;
  uint64_t *times = malloc(iterations * sizeof *times);
  if (times == NULL) return 2;

  producer_t p = {.ring = &ring, .batch = batch};
  const uint64_t start = now_ns();
  uint64_t done = 0, seq = 0, total_ns = 0;
  while (done < iterations) {
    uint64_t t0 = now_ns();
    if (done > 0 && t0 - start > kTimeLimitNs) break;
    for (uint64_t i = 0; i < per_iteration; i++, seq++) {
      write_record(producer_claim_spin(&p), (uint32_t)seq);
      producer_commit(&p);
    }
    producer_publish(&p);
    while (atomic_load_explicit(&ring.tail, memory_order_acquire) != seq) cpu_relax();
    times[done] = now_ns() - t0;
    total_ns += times[done];
    done++;
  }
  atomic_store_explicit(&sink.records, seq, memory_order_relaxed);
  pthread_join(thread, NULL);

  qsort(times, done, sizeof *times, cmp_u64);
  double median_ns = done % 2 == 1 ? (double)times[done / 2] : ((double)times[done / 2 - 1] + (double)times[done / 2]) / 2.0;
  printf("{\"mode\":\"throughput\",\"iterations\":%llu,\"recordsPerIteration\":%llu,\"batch\":%llu,"
         "\"capacity\":%llu,\"nsPerRecordMedian\":%.3f,\"nsPerRecordMean\":%.3f,\"errors\":%llu}\n",
         (unsigned long long)done, (unsigned long long)per_iteration, (unsigned long long)batch,
         (unsigned long long)capacity, median_ns / (double)per_iteration,
         (double)total_ns / (double)(done * per_iteration), (unsigned long long)sink.errors);
  free(times);
  free(ring.records);
  return sink.errors == 0 ? 0 : 1;
}

/* ---- round trip ---------------------------------------------------------- */

typedef struct {
  ring_t *in;
  ring_t *out;
  _Atomic uint64_t count; /* lowered by the main thread when it stops early */
} echo_args_t;

/* Copies every record from `in` to `out`, publishing each one at once. */
static void *echo_main(void *arg) {
  echo_args_t *a = arg;
  consumer_t c = {.ring = a->in};
  producer_t p = {.ring = a->out, .batch = 1};
  while (c.tail < atomic_load_explicit(&a->count, memory_order_relaxed)) {
    uint64_t n = consumer_available(&c);
    if (n == 0) {
      cpu_relax();
      continue;
    }
    for (uint64_t i = 0; i < n; i++) {
      unsigned char *slot = producer_claim_spin(&p);
      memcpy(slot, consumer_slot(&c, i), kRecordSize);
      producer_commit(&p);
    }
    consumer_release(&c, n);
  }
  return NULL;
}

/* Nearest rank, as native-bench/report/stats.ts. */
static uint64_t percentile_sorted(const uint64_t *sorted, uint64_t n, double p) {
  uint64_t rank = (uint64_t)(p * (double)n + 0.999999999);
  if (rank < 1) rank = 1;
  if (rank > n) rank = n;
  return sorted[rank - 1];
}

static int run_roundtrip(uint64_t samples, uint64_t capacity) {
  const uint64_t warmup = samples / 10 + 1000;
  ring_t ping, pong;
  ring_init(&ping, capacity);
  ring_init(&pong, capacity);
  echo_args_t echo = {.in = &ping, .out = &pong};
  atomic_init(&echo.count, UINT64_MAX); /* set to the number of pings sent when done */
  pthread_t thread;
  if (pthread_create(&thread, NULL, echo_main, &echo) != 0) return 2;

  uint64_t *rtt = malloc(samples * sizeof *rtt);
  if (rtt == NULL) return 2;
  producer_t p = {.ring = &ping, .batch = 1};
  consumer_t c = {.ring = &pong};
  uint64_t errors = 0, sum = 0, measured = 0;
  int warming = 1;
  const uint64_t start = now_ns();
  for (uint64_t i = 0;; i++) {
    uint64_t t0 = now_ns();
    if (measured == samples || t0 - start > kTimeLimitNs) {
      /* Every ping so far was answered, so the echo thread stops at i. */
      atomic_store_explicit(&echo.count, i, memory_order_relaxed);
      break;
    }
    /* Warm-up ends after `warmup` round trips or a quarter of the budget. */
    if (warming && (i >= warmup || t0 - start > kTimeLimitNs / 4)) warming = 0;
    write_record(producer_claim_spin(&p), (uint32_t)i);
    producer_commit(&p);
    while (consumer_available(&c) == 0) cpu_relax();
    if (read_seq(consumer_slot(&c, 0)) != (uint32_t)i) errors++;
    consumer_release(&c, 1);
    uint64_t t1 = now_ns();
    if (!warming) {
      rtt[measured++] = t1 - t0;
      sum += t1 - t0;
    }
  }
  pthread_join(thread, NULL);
  if (measured == 0) {
    fprintf(stderr, "spsc_ring: no round trip measured within the time limit\n");
    return 1;
  }

  qsort(rtt, measured, sizeof *rtt, cmp_u64);
  printf("{\"mode\":\"roundtrip\",\"samples\":%llu,\"p50Ns\":%llu,\"p99Ns\":%llu,\"p999Ns\":%llu,"
         "\"meanNs\":%.1f,\"errors\":%llu}\n",
         (unsigned long long)measured, (unsigned long long)percentile_sorted(rtt, measured, 0.5),
         (unsigned long long)percentile_sorted(rtt, measured, 0.99),
         (unsigned long long)percentile_sorted(rtt, measured, 0.999), (double)sum / (double)measured,
         (unsigned long long)errors);
  free(rtt);
  free(ping.records);
  free(pong.records);
  return errors == 0 ? 0 : 1;
}

static int parse_u64(const char *s, uint64_t *out) {
  char *end;
  unsigned long long v = strtoull(s, &end, 10);
  if (*s == '\0' || *end != '\0' || v == 0) return 0;
  *out = v;
  return 1;
}

static int usage(void) {
  fprintf(stderr,
          "usage: spsc_ring throughput ITERATIONS RECORDS BATCH CAPACITY\n"
          "       spsc_ring roundtrip SAMPLES CAPACITY\n"
          "CAPACITY must be a power of two; BATCH <= CAPACITY\n");
  return 64;
}

int main(int argc, char **argv) {
  uint64_t a, b, batch, capacity;
  if (argc == 6 && strcmp(argv[1], "throughput") == 0 && parse_u64(argv[2], &a) &&
      parse_u64(argv[3], &b) && parse_u64(argv[4], &batch) && parse_u64(argv[5], &capacity) &&
      (capacity & (capacity - 1)) == 0 && batch <= capacity) {
    return run_throughput(a, b, batch, capacity);
  }
  if (argc == 4 && strcmp(argv[1], "roundtrip") == 0 && parse_u64(argv[2], &a) &&
      parse_u64(argv[3], &capacity) && (capacity & (capacity - 1)) == 0) {
    return run_roundtrip(a, capacity);
  }
  return usage();
}
