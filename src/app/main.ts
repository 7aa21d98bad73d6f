import { run } from 'probot';
import { createRegistryClient } from '../registry/client.js';
import { sharedGitObjectCache } from '../github/cache.js';
import { environmentProblems } from './environment.js';
import { createPinbotApp } from './probot-app.js';
import { DEFAULT_SCHEDULE, startScheduler } from './scheduler.js';

/**
 * `npm start`: checks the environment, then runs the Probot server (PORT, HOST and the webhook
 * path `/api/github/webhooks` keep Probot's defaults; GHE_HOST/GHE_PROTOCOL select GitHub
 * Enterprise Server) and the scheduler.
 */
export async function start(env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const problems = environmentProblems(env);
  if (problems.length > 0) {
    for (const problem of problems) process.stderr.write(`pinbot: ${problem}\n`);
    process.stderr.write('pinbot: see .env.example for every setting\n');
    return 1;
  }
  const verdictCache = new Map<string, boolean>();
  const pinbot = createPinbotApp({
    cache: sharedGitObjectCache,
    check: {
      verdictCache,
      clientFor: (config) => createRegistryClient({ env, mirrors: config.registryMirrors }),
    },
  });
  await run(
    (app, options) => {
      pinbot.appFn(app, options);
      const scheduler = startScheduler(env.PINBOT_SCHEDULE?.trim() || DEFAULT_SCHEDULE, {
        auth: app.auth.bind(app),
        app: pinbot,
        log: app.log,
        sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
        now: Date.now,
      });
      app.log.info({ nextRun: scheduler.nextRun()?.toISOString() }, 'scheduler started');
    },
    { env },
  );
  return 0;
}
