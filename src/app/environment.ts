import { getPrivateKey } from '@probot/get-private-key';
import { createPrivateKey } from 'node:crypto';
import { parseAllowedRegistries } from '../registry/client/address-policy.js';
import { parseRegistryConcurrency } from '../registry/client/connections.js';
import { scheduleProblem } from './scheduler.js';
import { parseJobLockSeconds } from './scale/settings.js';

/** Registries on private addresses the App may reach (issue 8, finding 10). */
export const ALLOWED_PRIVATE_REGISTRIES = 'PINBOT_ALLOWED_PRIVATE_REGISTRIES';

const LOG_LEVELS = new Set(['trace', 'debug', 'info', 'warn', 'error', 'fatal']);
const LOG_FORMATS = new Set(['json', 'pretty']);

/**
 * Checks the environment the app needs before anything starts, one clear line per problem
 * (never a stack trace). Values are never echoed: some of them are secrets.
 */
export function environmentProblems(env: Readonly<Record<string, string | undefined>>): string[] {
  const problems: string[] = [];
  const appId = env.APP_ID?.trim();
  if (!appId) problems.push("APP_ID is not set: the GitHub App's numeric id (App settings → About)");
  else if (!/^\d+$/.test(appId)) problems.push("APP_ID must be the App's numeric id");

  const keyProblem = privateKeyProblem(env);
  if (keyProblem !== undefined) problems.push(keyProblem);

  // A worker receives no webhooks (it refuses every one): the secret is for replicas that do.
  if (!env.WEBHOOK_SECRET?.trim() && env.PINBOT_ROLE?.trim() !== 'worker')
    problems.push('WEBHOOK_SECRET is not set: the webhook secret configured in the App settings');

  const schedule = env.PINBOT_SCHEDULE?.trim();
  if (schedule) {
    const problem = scheduleProblem(schedule);
    if (problem !== undefined) problems.push(`PINBOT_SCHEDULE is not a valid cron expression: ${problem}`);
  }
  const level = env.LOG_LEVEL?.trim();
  if (level && !LOG_LEVELS.has(level)) problems.push(`LOG_LEVEL must be one of ${[...LOG_LEVELS].join(', ')}`);
  // Probot reads any other value as json without a word; a typo should not pick the format.
  const format = env.LOG_FORMAT?.trim();
  if (format && !LOG_FORMATS.has(format)) problems.push(`LOG_FORMAT must be one of ${[...LOG_FORMATS].join(', ')}`);
  const port = env.PORT?.trim();
  if (port && !(/^\d+$/.test(port) && Number(port) > 0 && Number(port) < 65536)) problems.push('PORT must be a port number');
  const webhookPath = env.WEBHOOK_PATH?.trim();
  // Probot's setting, read by pinbot's own endpoint: a path, as the request line carries it.
  if (webhookPath && !/^\/[A-Za-z0-9._~!$&'()*+,;=:@/-]*$/.test(webhookPath))
    problems.push('WEBHOOK_PATH must be a URL path starting with /');
  const redisUrl = env.REDIS_URL?.trim();
  // Never echoed: the URL may carry Redis' password.
  if (redisUrl && !/^rediss?:\/\/[^\s]+$/.test(redisUrl)) problems.push('REDIS_URL must be a redis:// or rediss:// URL');
  const role = env.PINBOT_ROLE?.trim();
  if (role && role !== 'all' && role !== 'web' && role !== 'worker') problems.push('PINBOT_ROLE must be one of all, web, worker');
  else if (role && role !== 'all' && !redisUrl)
    problems.push(`PINBOT_ROLE=${role} needs REDIS_URL: web and worker replicas share a queue in Redis`);
  const lock = parseJobLockSeconds(env.PINBOT_JOB_LOCK_SECONDS);
  if (typeof lock === 'object') problems.push(lock.problem);
  const concurrency = parseRegistryConcurrency(env.PINBOT_REGISTRY_CONCURRENCY);
  if (typeof concurrency === 'object') problems.push(concurrency.problem);
  const allowed = parseAllowedRegistries(env[ALLOWED_PRIVATE_REGISTRIES]);
  if (allowed.invalid.length > 0) {
    const entries = allowed.invalid.map((entry) => JSON.stringify(entry.length > 60 ? `${entry.slice(0, 59)}…` : entry));
    problems.push(`${ALLOWED_PRIVATE_REGISTRIES} must list host[:port] entries, comma-separated; not ${entries.join(', ')}`);
  }
  return problems;
}

/**
 * Reads the key exactly as Probot will (PEM text, `\\n`-escaped or base64 in PRIVATE_KEY, or a
 * file at PRIVATE_KEY_PATH), then parses it: a key Probot can't sign with is caught here, as a
 * line naming the variable, not as a stack trace at the first GitHub request.
 */
function privateKeyProblem(env: Readonly<Record<string, string | undefined>>): string | undefined {
  const keyPath = env.PRIVATE_KEY_PATH?.trim();
  if (!env.PRIVATE_KEY?.trim() && !keyPath) {
    return "PRIVATE_KEY or PRIVATE_KEY_PATH is not set: the App's private key (PEM), or a path to the .pem file";
  }
  const variable = env.PRIVATE_KEY?.trim() ? 'PRIVATE_KEY' : 'PRIVATE_KEY_PATH';
  let pem: string;
  try {
    pem = getPrivateKey({ env: { ...env } }) ?? '';
  } catch {
    return variable === 'PRIVATE_KEY'
      ? 'PRIVATE_KEY is not a PEM private key (-----BEGIN ... PRIVATE KEY-----), escaped or base64-encoded'
      : `PRIVATE_KEY_PATH points to a file that cannot be read: ${keyPath}`;
  }
  try {
    createPrivateKey(pem);
    return undefined;
  } catch {
    return `${variable} does not hold a usable private key: download a new .pem from the App settings`;
  }
}

/**
 * Settings that are the App's own secrets (or may embed one: a Redis URL's password, a Sentry
 * DSN's key). The registry client runs Docker credential helpers, other people's programs,
 * with the environment it is given; they need PATH, HOME and their own cloud settings, never
 * the App's private key or webhook secret.
 */
const APP_SECRETS = [
  'PRIVATE_KEY',
  'PRIVATE_KEY_PATH',
  'WEBHOOK_SECRET',
  'GITHUB_CLIENT_SECRET',
  'GITHUB_TOKEN',
  'REDIS_URL',
  'SENTRY_DSN',
  'WEBHOOK_PROXY_URL',
];

/** The environment for the registry client: everything but the App's own secrets. */
export function registryEnvironment(env: Readonly<Record<string, string | undefined>>): Record<string, string | undefined> {
  const kept: Record<string, string | undefined> = { ...env };
  for (const name of APP_SECRETS) delete kept[name];
  return kept;
}
