import { getTransformStream } from '@probot/pino';
import pino, { type Logger } from 'pino';
import type { ProbotSettings } from './probot-settings.js';

/**
 * The logger Probot would build (its formatting, `LOG_LEVEL_IN_STRING`, Sentry for errors),
 * with one difference: the root has no `name`. Probot names its own child logger "probot", and
 * pino writes a child's binding as a second key, so a named root printed
 * `"name":"probot","name":"probot"` on every line (issue 9).
 */
export async function createAppLogger(settings: ProbotSettings['log']): Promise<Logger> {
  const transform = await getTransformStream({
    logFormat: settings.format,
    logLevelInString: settings.levelInString,
    sentryDsn: settings.sentryDsn,
  });
  transform.pipe(process.stdout);
  return pino({ level: settings.level, messageKey: settings.messageKey }, transform);
}
