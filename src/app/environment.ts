import { accessSync, constants } from 'node:fs';
import { scheduleProblem } from './scheduler.js';

const LOG_LEVELS = new Set(['trace', 'debug', 'info', 'warn', 'error', 'fatal']);

/**
 * Checks the environment the app needs before anything starts, one clear line per problem
 * (never a stack trace). Values are never echoed: some of them are secrets.
 */
export function environmentProblems(env: Readonly<Record<string, string | undefined>>): string[] {
  const problems: string[] = [];
  const appId = env.APP_ID?.trim();
  if (!appId) problems.push('APP_ID is not set: the GitHub App\'s numeric id (App settings → About)');
  else if (!/^\d+$/.test(appId)) problems.push('APP_ID must be the App\'s numeric id');

  const keyPath = env.PRIVATE_KEY_PATH?.trim();
  if (!env.PRIVATE_KEY?.trim() && !keyPath) {
    problems.push('PRIVATE_KEY or PRIVATE_KEY_PATH is not set: the App\'s private key (PEM), or a path to the .pem file');
  } else if (!env.PRIVATE_KEY?.trim() && keyPath) {
    try {
      accessSync(keyPath, constants.R_OK);
    } catch {
      problems.push(`PRIVATE_KEY_PATH points to a file that cannot be read: ${keyPath}`);
    }
  } else if (env.PRIVATE_KEY && !env.PRIVATE_KEY.includes('PRIVATE KEY')) {
    problems.push('PRIVATE_KEY does not look like a PEM private key (-----BEGIN ... PRIVATE KEY-----)');
  }

  if (!env.WEBHOOK_SECRET?.trim()) problems.push('WEBHOOK_SECRET is not set: the webhook secret configured in the App settings');

  const schedule = env.PINBOT_SCHEDULE?.trim();
  if (schedule) {
    const problem = scheduleProblem(schedule);
    if (problem !== undefined) problems.push(`PINBOT_SCHEDULE is not a valid cron expression: ${problem}`);
  }
  const level = env.LOG_LEVEL?.trim();
  if (level && !LOG_LEVELS.has(level)) problems.push(`LOG_LEVEL must be one of ${[...LOG_LEVELS].join(', ')}`);
  const port = env.PORT?.trim();
  if (port && !(/^\d+$/.test(port) && Number(port) > 0 && Number(port) < 65536)) problems.push('PORT must be a port number');
  return problems;
}

/**
 * Settings that are the App's own secrets (or may embed one: a Redis URL's password, a Sentry
 * DSN's key). The registry client runs Docker credential helpers, other people's programs,
 * with the environment it is given; they need PATH, HOME and their own cloud settings, never
 * the App's private key or webhook secret.
 */
const APP_SECRETS = ['PRIVATE_KEY', 'PRIVATE_KEY_PATH', 'WEBHOOK_SECRET', 'GITHUB_CLIENT_SECRET', 'GITHUB_TOKEN', 'REDIS_URL', 'SENTRY_DSN', 'WEBHOOK_PROXY_URL'];

/** The environment for the registry client: everything but the App's own secrets. */
export function registryEnvironment(env: Readonly<Record<string, string | undefined>>): Record<string, string | undefined> {
  const kept: Record<string, string | undefined> = { ...env };
  for (const name of APP_SECRETS) delete kept[name];
  return kept;
}
