import { describe, expect, it } from '@jest/globals';
import { registryEnvironment } from '../../src/app/environment.js';

describe('registryEnvironment', () => {
  it('keeps what the registry client and credential helpers need, and drops the App’s own secrets', () => {
    const env = {
      PATH: '/usr/bin',
      HOME: '/home/pinbot',
      DOCKER_CONFIG: '/etc/pinbot/docker',
      PINBOT_INSECURE_REGISTRIES: 'registry.internal:5000',
      AWS_REGION: 'eu-west-1',
      APP_ID: '123',
      PRIVATE_KEY: '-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----',
      PRIVATE_KEY_PATH: '/run/secrets/pinbot.pem',
      WEBHOOK_SECRET: 'hook',
      GITHUB_CLIENT_SECRET: 'oauth',
      GITHUB_TOKEN: 'ghp_x',
      REDIS_URL: 'redis://:password@redis:6379',
      SENTRY_DSN: 'https://key@sentry.example/1',
      WEBHOOK_PROXY_URL: 'https://smee.io/abc',
    };
    expect(registryEnvironment(env)).toEqual({
      PATH: '/usr/bin',
      HOME: '/home/pinbot',
      DOCKER_CONFIG: '/etc/pinbot/docker',
      PINBOT_INSECURE_REGISTRIES: 'registry.internal:5000',
      AWS_REGION: 'eu-west-1',
      APP_ID: '123',
    });
    // The caller's environment is left as it was.
    expect(env.PRIVATE_KEY).toContain('PRIVATE KEY');
  });
});
