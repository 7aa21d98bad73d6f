/**
 * Shared setup for the `probot.receive` tests: a real Probot (app id, generated RSA key, Octokit
 * without retries or throttling, a recording logger) loading the pinbot app, strict nock for
 * GitHub (network off, every mock consumed, any unmatched request fails the test), and an
 * in-memory registry behind `ResolveDeps.clientFor`, so no registry HTTP is involved.
 */
import { expect } from '@jest/globals';
import { generateKeyPairSync } from 'node:crypto';
import nock from '../../helpers/nock.js';
import { Probot, ProbotOctokit, type Logger } from 'probot';
import { createPinbotApp, type PinbotApp } from '../../../src/app/probot-app.js';
import type { RepositoryTarget, ScanOutcome } from '../../../src/repository/scan-repository.js';
import { createGitObjectCache } from '../../../src/github/cache.js';
import type { FileScanner } from '../../../src/scan/pool/scan-pool.js';
import { API, useStrictNock } from '../../github/support.js';
import { INSTALLATION_ID, type Delivery } from './payloads.js';
import { TestRegistry } from './registry.js';
import { createWritePacer } from '../../../src/github/pacing.js';
import { UNPACED } from '../../helpers/unpaced.js';

export { API, INSTALLATION_ID, useStrictNock };

export const APP_ID = 1;
/** The installation token the mocked token exchange hands out; every repository request must carry it. */
export const INSTALLATION_TOKEN = 'ghs_16C7e42F292c6912E7710c838347Ae178B4a';

// One key for the whole run: generating RSA keys is slow, and Probot only signs JWTs with it.
const { privateKey: PRIVATE_KEY } = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  publicKeyEncoding: { type: 'spki', format: 'pem' },
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
});

/**
 * Retries and throttling off, as Probot's testing docs say. A function rather than an object: Probot
 * passes its own throttle options (without `enabled`) when it builds an Octokit, and those would
 * replace an object default, leaving the throttler on (one second between writes).
 */
const TestOctokit = ProbotOctokit.defaults((options: Record<string, unknown>) => ({
  ...options,
  retry: { enabled: false },
  throttle: { ...(options.throttle as object | undefined), enabled: false },
}));

export interface LogEntry {
  readonly level: string;
  readonly message: string;
  readonly fields: Record<string, unknown>;
}

/** Pino's calling conventions (`log.info(fields, msg)`, `log.info(msg)`), recorded instead of printed. */
function recordingLogger(entries: LogEntry[], bindings: Record<string, unknown> = {}): Logger {
  const at =
    (level: string) =>
    (first?: unknown, second?: unknown): void => {
      const message = typeof first === 'string' ? first : typeof second === 'string' ? second : '';
      const fields = typeof first === 'object' && first !== null ? (first as Record<string, unknown>) : {};
      entries.push({ level, message, fields: { ...bindings, ...fields } });
    };
  const logger = {
    level: 'trace',
    trace: at('trace'),
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    fatal: at('fatal'),
    child: (more: Record<string, unknown>) => recordingLogger(entries, { ...bindings, ...more }),
  };
  return logger as unknown as Logger;
}

export type RecordedOutcome = ScanOutcome | { readonly kind: 'failed'; readonly error: string };

export interface TestApp {
  readonly probot: Probot;
  readonly app: PinbotApp;
  readonly registry: TestRegistry;
  /** `owner/repo` → outcome, for every finished scan, in order. */
  readonly outcomes: Array<{ readonly repository: string; readonly outcome: RecordedOutcome }>;
  readonly logs: LogEntry[];
  /** Delivers a webhook, then waits for the work it queued (scans run after the handler returns). */
  receive(delivery: Delivery): Promise<void>;
  /** Delivers a webhook without waiting for the work it queued: what GitHub sees. */
  deliver(delivery: Delivery): Promise<void>;
}

/** A fresh app per test: its own delivery log, object cache, token cache and registry. */
export async function startApp(options: { now?: Date; scanFile?: FileScanner } = {}): Promise<TestApp> {
  const registry = new TestRegistry();
  const outcomes: TestApp['outcomes'] = [];
  const logs: LogEntry[] = [];
  const now = options.now ?? new Date('2025-06-02T03:00:00Z');
  const app = createPinbotApp({
    check: { clientFor: () => registry.client },
    now: () => now,
    cache: createGitObjectCache(),
    // Not paced: these tests write far more than 80 times a minute, against fakes (pacing: test/github/pacing.test.ts).
    pacer: createWritePacer({ limits: UNPACED }),
    // These tests mock every request by hand: the owner's inherited config is taken as absent
    // here, so recording a scan's state asks GitHub nothing (test/repository covers the watch).
    ownerConfig: { version: async () => 'absent' },
    onScan: (target: RepositoryTarget, outcome) => outcomes.push({ repository: `${target.owner}/${target.repo}`, outcome }),
    ...(options.scanFile ? { scanFile: options.scanFile } : {}),
  });
  const probot = new Probot({ appId: APP_ID, privateKey: PRIVATE_KEY, Octokit: TestOctokit, log: recordingLogger(logs) });
  await probot.load(app.appFn);
  // The payloads are trimmed to what GitHub always sends, so they are not the full generated types.
  const deliver = (delivery: Delivery): Promise<void> => probot.receive(delivery as unknown as Parameters<Probot['receive']>[0]);
  return {
    probot,
    app,
    registry,
    outcomes,
    logs,
    async receive(delivery) {
      await deliver(delivery);
      await app.queue.idle();
    },
    deliver,
  };
}

/** Nock scope for requests made with the installation token (everything a scan does). */
export function asInstallation(): nock.Scope {
  return nock(API, { reqheaders: { authorization: `token ${INSTALLATION_TOKEN}` } });
}

/** Nock scope for requests made as the app itself (a JWT signed with the app's key). */
export function asApp(): nock.Scope {
  return nock(API, { reqheaders: { authorization: (value: string) => /^bearer [\w-]+\.[\w-]+\.[\w-]+$/i.test(value) } });
}

/** Probot exchanges its JWT for an installation token before the first repository request. */
export function mockInstallationToken(installationId = INSTALLATION_ID): void {
  asApp()
    .post(`/app/installations/${installationId}/access_tokens`)
    .reply(201, {
      token: INSTALLATION_TOKEN,
      expires_at: new Date(Date.now() + 3_600_000).toISOString(),
      permissions: { checks: 'write', contents: 'write', metadata: 'read', pull_requests: 'write' },
      repository_selection: 'selected',
    });
}

/** `GET /app/installations/{id}`, asked once when a workflow file needs changing. */
export function mockInstallationPermissions(permissions: Record<string, string>, installationId = INSTALLATION_ID): void {
  asApp()
    .get(`/app/installations/${installationId}`)
    .reply(200, {
      id: installationId,
      account: { login: 'acme', id: 9919, type: 'Organization' },
      app_id: APP_ID,
      app_slug: 'pinbot',
      target_type: 'Organization',
      repository_selection: 'selected',
      permissions,
      events: ['pull_request', 'push'],
      suspended_at: null,
    });
}

/** The last scan's outcome for a repository; fails the test when it did not scan. */
export function outcomeOf(app: TestApp, repository = 'acme/api'): RecordedOutcome {
  const found = app.outcomes.filter((entry) => entry.repository === repository).at(-1);
  expect(found).toBeDefined();
  return (found as { outcome: RecordedOutcome }).outcome;
}

/** Scans that failed with an exception, or errors logged: a test expecting neither asserts this is empty. */
export function failures(app: TestApp): string[] {
  return [
    ...app.outcomes.filter((entry) => entry.outcome.kind === 'failed').map((entry) => JSON.stringify(entry)),
    ...app.logs.filter((entry) => entry.level === 'error' || entry.level === 'fatal').map((entry) => entry.message),
  ];
}
