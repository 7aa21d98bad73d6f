import { getPrivateKey } from '@probot/get-private-key';

export type LogFormat = 'json' | 'pretty';

/** What Probot's server, its Octokit and the logger are built from: read once, from one environment. */
export interface ProbotSettings {
  readonly appId: number;
  readonly privateKey: string;
  /** WEBHOOK_SECRET; undefined only on a worker replica, which takes no webhooks. */
  readonly secret: string | undefined;
  /** `https://api.github.com`, or `<GHE_PROTOCOL>://<GHE_HOST>/api/v3` for GitHub Enterprise Server. */
  readonly baseUrl: string;
  readonly host: string;
  readonly port: number;
  readonly webhookPath: string | undefined;
  readonly webhookProxy: string | undefined;
  readonly log: {
    readonly level: string;
    readonly format: LogFormat;
    readonly levelInString: boolean;
    readonly messageKey: string;
    readonly sentryDsn: string | undefined;
  };
}

/**
 * Reads the settings with Probot's own names and defaults (its `run()` reads the same
 * variables), from an environment `environmentProblems` accepted. pinbot builds Probot's server
 * itself instead of calling `run()`, because `run()` loads `.env` again, over the environment.
 * `REDIS_URL` is not read here: `serve` passes it to Probot (its request throttle, shared by
 * the replicas) and uses it for the scaled deployment's queue and state (app/scale).
 */
export function probotSettings(env: Readonly<Record<string, string | undefined>>): ProbotSettings {
  const gheHost = set(env.GHE_HOST);
  return {
    appId: Number(set(env.APP_ID)),
    privateKey: getPrivateKey({ env: { ...env } }) ?? '',
    secret: set(env.WEBHOOK_SECRET),
    baseUrl: gheHost ? `${set(env.GHE_PROTOCOL) ?? 'https'}://${gheHost}/api/v3` : 'https://api.github.com',
    host: set(env.HOST) ?? 'localhost',
    port: Number(set(env.PORT) ?? 3000),
    webhookPath: set(env.WEBHOOK_PATH),
    webhookProxy: set(env.WEBHOOK_PROXY_URL),
    log: {
      level: set(env.LOG_LEVEL) ?? 'info',
      // Probot's rule: JSON in production, readable lines elsewhere, unless LOG_FORMAT says.
      format: (set(env.LOG_FORMAT) as LogFormat | undefined) ?? (env.NODE_ENV === 'production' ? 'json' : 'pretty'),
      levelInString: set(env.LOG_LEVEL_IN_STRING) === 'true',
      messageKey: set(env.LOG_MESSAGE_KEY) ?? 'msg',
      sentryDsn: set(env.SENTRY_DSN),
    },
  };
}

/** A blank variable counts as unset, as it does in `.env`. */
function set(value: string | undefined): string | undefined {
  const text = value?.trim();
  return text ? text : undefined;
}
