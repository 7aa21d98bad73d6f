import { describe, expect, it } from '@jest/globals';
import { register } from 'prom-client';
import { createMetrics } from '../../src/app/metrics.js';
import { noTelemetry, observedVerdictCache } from '../../src/telemetry/telemetry.js';
import { recordingTelemetry } from './support/recording-telemetry.js';

/** The value of one series in Prometheus text, e.g. `pinbot_scans_total{outcome="scanned"}`. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('createMetrics', () => {
  it('speaks Prometheus text format and shows every known series at zero before anything happens', async () => {
    const metrics = createMetrics({ processMetrics: false });
    expect(metrics.contentType).toBe('text/plain; version=0.0.4; charset=utf-8');
    const text = await metrics.render();
    for (const outcome of ['skipped', 'invalid-config', 'empty-repository', 'no-writes', 'scanned', 'failed']) {
      expect(sample(text, `pinbot_scans_total{outcome="${outcome}"}`)).toBe(0);
    }
    for (const action of ['opened', 'updated', 'closed']) expect(sample(text, `pinbot_pull_requests_total{action="${action}"}`)).toBe(0);
    for (const cache of ['commit', 'tree', 'blob', 'verdict', 'platform']) {
      expect(sample(text, `pinbot_cache_hits_total{cache="${cache}"}`)).toBe(0);
      expect(sample(text, `pinbot_cache_misses_total{cache="${cache}"}`)).toBe(0);
    }
    expect(sample(text, 'pinbot_references_found_total')).toBe(0);
    expect(text).not.toContain('process_cpu_user_seconds_total');
  });

  it('counts scans by outcome, their references, and their durations in a histogram', async () => {
    const metrics = createMetrics({ processMetrics: false });
    metrics.scanFinished('scanned', 1.5, 4);
    metrics.scanFinished('scanned', 0.2, 3);
    metrics.scanFinished('failed', 40, 0);
    const text = await metrics.render();
    expect(sample(text, 'pinbot_scans_total{outcome="scanned"}')).toBe(2);
    expect(sample(text, 'pinbot_scans_total{outcome="failed"}')).toBe(1);
    expect(sample(text, 'pinbot_references_found_total')).toBe(7);
    expect(sample(text, 'pinbot_scan_duration_seconds_count')).toBe(3);
    expect(sample(text, 'pinbot_scan_duration_seconds_sum')).toBeCloseTo(41.7);
    expect(sample(text, 'pinbot_scan_duration_seconds_bucket{le="0.25"}')).toBe(1);
    expect(sample(text, 'pinbot_scan_duration_seconds_bucket{le="2.5"}')).toBe(2);
    expect(sample(text, 'pinbot_scan_duration_seconds_bucket{le="60"}')).toBe(3);
  });

  it('counts registry requests by host and outcome, folding hosts beyond the cap into `other`', async () => {
    const metrics = createMetrics({ processMetrics: false, maxRegistryHosts: 2 });
    metrics.registryRequest('ghcr.io', '2xx');
    metrics.registryRequest('Registry.Example.com:5000', '401');
    metrics.registryRequest('quay.io', '5xx');
    metrics.registryRequest('ghcr.io', '2xx');
    metrics.registryRequest('evil-1.example', 'network');
    const text = await metrics.render();
    expect(sample(text, 'pinbot_registry_requests_total{host="ghcr.io",outcome="2xx"}')).toBe(2);
    expect(sample(text, 'pinbot_registry_requests_total{host="registry.example.com:5000",outcome="401"}')).toBe(1);
    expect(sample(text, 'pinbot_registry_requests_total{host="other",outcome="5xx"}')).toBe(1);
    expect(sample(text, 'pinbot_registry_requests_total{host="other",outcome="network"}')).toBe(1);
    expect(text).not.toContain('quay.io');
  });

  it('counts cache hits and misses, pull request writes, and keeps the last rate limit per installation', async () => {
    const metrics = createMetrics({ processMetrics: false });
    metrics.cache('blob', true);
    metrics.cache('blob', true);
    metrics.cache('blob', false);
    metrics.cache('verdict', false);
    metrics.pullRequest('opened');
    metrics.pullRequest('closed');
    metrics.rateLimit(42, 4999);
    metrics.rateLimit(42, 4870);
    metrics.rateLimit(7, 12);
    const text = await metrics.render();
    expect(sample(text, 'pinbot_cache_hits_total{cache="blob"}')).toBe(2);
    expect(sample(text, 'pinbot_cache_misses_total{cache="blob"}')).toBe(1);
    expect(sample(text, 'pinbot_cache_misses_total{cache="verdict"}')).toBe(1);
    expect(sample(text, 'pinbot_pull_requests_total{action="opened"}')).toBe(1);
    expect(sample(text, 'pinbot_pull_requests_total{action="updated"}')).toBe(0);
    expect(sample(text, 'pinbot_pull_requests_total{action="closed"}')).toBe(1);
    expect(sample(text, 'pinbot_github_rate_limit_remaining{installation="42"}')).toBe(4870);
    expect(sample(text, 'pinbot_github_rate_limit_remaining{installation="7"}')).toBe(12);
  });

  it('keeps each instance’s counters to itself and never touches prom-client’s global registry', async () => {
    const first = createMetrics({ processMetrics: false });
    const second = createMetrics();
    first.pullRequest('opened');
    expect(sample(await second.render(), 'pinbot_pull_requests_total{action="opened"}')).toBe(0);
    expect(await second.render()).toContain('process_cpu_user_seconds_total');
    expect(register.getSingleMetric('pinbot_pull_requests_total')).toBeUndefined();
  });
});

describe('observedVerdictCache', () => {
  it('reports each lookup as a hit or a miss and otherwise passes through to the cache it observes', async () => {
    const telemetry = recordingTelemetry();
    const inner = new Map<string, boolean>();
    const cache = observedVerdictCache(telemetry, inner);
    expect(await cache.get('a..b')).toBeUndefined();
    cache.set('a..b', false);
    expect(await cache.get('a..b')).toBe(false);
    expect(inner.get('a..b')).toBe(false);
    expect(telemetry.calls).toEqual(['cache(verdict, false)', 'cache(verdict, true)']);
  });

  it('works with the no-op telemetry', async () => {
    const cache = observedVerdictCache(noTelemetry);
    cache.set('k', true);
    expect(await cache.get('k')).toBe(true);
  });
});
