import { describe, expect, it } from '@jest/globals';
import { reportConfigCheck } from '../../src/github/checks.js';
import { github, REPO, sha, testOctokit, useStrictNock } from './support.js';

useStrictNock();

const HEAD = sha('head');

describe('reportConfigCheck', () => {
  it('fails the pinbot check with every error in the text', async () => {
    let sent: unknown;
    github()
      .post('/repos/acme/api/check-runs', (body) => {
        sent = body;
        return true;
      })
      .reply(201, { id: 4242, name: 'pinbot', head_sha: HEAD, status: 'completed', conclusion: 'failure' });

    const errors = ['.github/pinbot.yml:2: labels: expected a list, got string "docker"', '.github/pinbot.yml:5: unknown key "shedule"'];
    await expect(reportConfigCheck(testOctokit(), REPO, { headSha: HEAD, errors })).resolves.toEqual({ id: 4242 });
    expect(sent).toEqual({
      name: 'pinbot',
      head_sha: HEAD,
      status: 'completed',
      conclusion: 'failure',
      output: {
        title: 'Invalid pinbot configuration (2 problems)',
        summary: 'pinbot will not open or update pull requests in this repository until the configuration is fixed.',
        text: `- ${errors[0]}\n- ${errors[1]}`,
      },
    });
  });

  it('passes with notes in the summary when the config is valid', async () => {
    let sent: { conclusion?: string; output?: unknown } = {};
    github()
      .post('/repos/acme/api/check-runs', (body) => {
        sent = body as typeof sent;
        return true;
      })
      .reply(201, { id: 1 });

    await reportConfigCheck(testOctokit(), REPO, {
      headSha: HEAD,
      errors: null,
      notes: ['.github/workflows/ci.yml was left out: the installation lacks the workflows permission.'],
    });
    expect(sent.conclusion).toBe('success');
    expect(sent.output).toEqual({
      title: 'pinbot configuration is valid',
      summary:
        'pinbot read its configuration without problems.\n\n- .github/workflows/ci.yml was left out: the installation lacks the workflows permission.',
    });
  });

  it('cuts a text over GitHub’s 65,535-character limit', async () => {
    let text = '';
    github()
      .post('/repos/acme/api/check-runs', (body: { output: { text: string } }) => {
        text = body.output.text;
        return true;
      })
      .reply(201, { id: 1 });

    const errors = Array.from(
      { length: 2000 },
      (_, index) => `.github/pinbot.yml:${index + 1}: labels[${index}]: expected a string, got number ${index}`,
    );
    await reportConfigCheck(testOctokit(), REPO, { headSha: HEAD, errors });
    expect(text.length).toBe(65_535);
    expect(text.endsWith('… (cut to fit GitHub’s limit)')).toBe(true);
  });

  it('throws when the check run cannot be created', async () => {
    github().post('/repos/acme/api/check-runs').reply(403, { message: 'Resource not accessible by integration' });
    await expect(reportConfigCheck(testOctokit(), REPO, { headSha: HEAD, errors: null })).rejects.toThrow(
      `POST /repos/acme/api/check-runs (pinbot on ${HEAD}): 403 Resource not accessible by integration`,
    );
  });
});
