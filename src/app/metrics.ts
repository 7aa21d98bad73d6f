import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { RegistryRequestOutcome } from '../registry/client/client.js';
import {
  CACHE_KINDS,
  PULL_REQUEST_ACTIONS,
  SCAN_OUTCOME_LABELS,
  type CacheKind,
  type PullRequestAction,
  type ScanOutcomeLabel,
  type Telemetry,
} from '../telemetry/telemetry.js';

/** Telemetry that Prometheus can scrape: `render()` is the body of `GET /metrics`. */
export interface Metrics extends Telemetry {
  /** `text/plain; version=0.0.4; charset=utf-8`, Prometheus' text exposition format. */
  readonly contentType: string;
  render(): Promise<string>;
  /**
   * The scaled App's queue (issue 13): `pinbot_queue_jobs{state}` (waiting, delayed, active,
   * failed) read from it at each scrape, and `pinbot_queue_job_failures_total`.
   */
  watchQueue(counts: () => Promise<Readonly<Record<'waiting' | 'active' | 'delayed' | 'failed', number>>>): void;
  jobFailed(): void;
}

export interface MetricsOptions {
  /**
   * Distinct registry hosts given their own label value; any further host counts as `other`.
   * Hosts come from image references in repositories the app reads, so without a cap one
   * repository naming thousands of registries would blow up the series count. Default 50.
   */
  readonly maxRegistryHosts?: number;
  /** Node process metrics (CPU, memory, event loop, GC). Default true. */
  readonly processMetrics?: boolean;
}

/** Scans take from well under a second (nothing changed) to minutes (many files, slow registries). */
const SCAN_DURATION_BUCKETS = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600];
const OTHER_HOST = 'other';

/**
 * Prometheus metrics on a registry of their own (never prom-client's global one, so two apps
 * in one process, or a test, never share counters). Every label value is from a fixed set,
 * a host name, or an installation id: nothing secret, nothing unbounded.
 */
export function createMetrics(options: MetricsOptions = {}): Metrics {
  const registry = new Registry();
  // Unprefixed, as prom-client names them, so stock Node.js dashboards work unchanged.
  if (options.processMetrics ?? true) collectDefaultMetrics({ register: registry });
  const registers = [registry];

  const scans = new Counter({ name: 'pinbot_scans_total', help: 'Repository scans by outcome.', labelNames: ['outcome'], registers });
  const duration = new Histogram({
    name: 'pinbot_scan_duration_seconds',
    help: 'Time one repository scan took.',
    buckets: SCAN_DURATION_BUCKETS,
    registers,
  });
  const references = new Counter({
    name: 'pinbot_references_found_total',
    help: 'Digest-pinned image references found by scans.',
    registers,
  });
  const registryRequests = new Counter({
    name: 'pinbot_registry_requests_total',
    help: 'HTTP exchanges with registries and their token services, by host and outcome.',
    labelNames: ['host', 'outcome'],
    registers,
  });
  const cacheHits = new Counter({
    name: 'pinbot_cache_hits_total',
    help: 'Cache lookups that found their key.',
    labelNames: ['cache'],
    registers,
  });
  const cacheMisses = new Counter({
    name: 'pinbot_cache_misses_total',
    help: 'Cache lookups that did not.',
    labelNames: ['cache'],
    registers,
  });
  const pullRequests = new Counter({
    name: 'pinbot_pull_requests_total',
    help: 'Pull requests opened, updated and closed.',
    labelNames: ['action'],
    registers,
  });
  const rateLimit = new Gauge({
    name: 'pinbot_github_rate_limit_remaining',
    help: 'GitHub API requests left in the current window, as last reported, per installation.',
    labelNames: ['installation'],
    registers,
  });

  let queueCounts: (() => Promise<Readonly<Record<string, number>>>) | undefined;
  new Gauge({
    name: 'pinbot_queue_jobs',
    help: 'Jobs (scans, pull request work) in the shared queue by state (scaled deployment only): depth is waiting + delayed.',
    labelNames: ['state'],
    registers,
    async collect() {
      if (queueCounts === undefined) return;
      // A scrape while Redis is away shows no queue figures rather than failing the whole page.
      const counts = await queueCounts().catch(() => undefined);
      for (const [state, count] of Object.entries(counts ?? {})) this.set({ state }, count);
    },
  });
  const jobFailures = new Counter({
    name: 'pinbot_queue_job_failures_total',
    help: 'Jobs (scans, pull request work) that failed (each attempt; BullMQ retries them), scaled deployment only.',
    registers,
  });

  // Known label values start at zero, so a dashboard sees every series before the first event.
  for (const outcome of SCAN_OUTCOME_LABELS) scans.inc({ outcome }, 0);
  for (const cache of CACHE_KINDS) {
    cacheHits.inc({ cache }, 0);
    cacheMisses.inc({ cache }, 0);
  }
  for (const action of PULL_REQUEST_ACTIONS) pullRequests.inc({ action }, 0);
  references.inc(0);

  const maxHosts = options.maxRegistryHosts ?? 50;
  const hosts = new Set<string>();
  const hostLabel = (host: string): string => {
    const name = host.toLowerCase();
    if (hosts.has(name)) return name;
    if (hosts.size >= maxHosts) return OTHER_HOST;
    hosts.add(name);
    return name;
  };

  return {
    contentType: registry.contentType,
    render: () => registry.metrics(),
    scanFinished(outcome: ScanOutcomeLabel, seconds: number, found: number) {
      scans.inc({ outcome });
      duration.observe(seconds);
      if (found > 0) references.inc(found);
    },
    registryRequest(host: string, outcome: RegistryRequestOutcome) {
      registryRequests.inc({ host: hostLabel(host), outcome });
    },
    cache(kind: CacheKind, hit: boolean) {
      (hit ? cacheHits : cacheMisses).inc({ cache: kind });
    },
    pullRequest(action: PullRequestAction) {
      pullRequests.inc({ action });
    },
    rateLimit(installation: number, remaining: number) {
      rateLimit.set({ installation: String(installation) }, remaining);
    },
    watchQueue(counts) {
      queueCounts = counts;
    },
    jobFailed() {
      jobFailures.inc();
    },
  };
}
