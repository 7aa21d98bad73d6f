import { describe, expect, it } from '@jest/globals';
import { parseConfig, validateConfig } from '../../src/config/load.js';
import { DEFAULT_CONFIG } from '../../src/config/schema.js';

const SOURCE = '.github/pinbot.yml';

function configOf(yaml: string): typeof DEFAULT_CONFIG {
  const result = parseConfig(yaml, SOURCE);
  if (!result.ok) throw new Error(`unexpected errors:\n${result.errors.join('\n')}`);
  return result.config;
}

function errorsOf(yaml: string): readonly string[] {
  const result = parseConfig(yaml, SOURCE);
  if (result.ok) throw new Error(`expected errors for:\n${yaml}`);
  return result.errors;
}

describe('GitHub App settings in .github/pinbot.yml', () => {
  it('reads every App setting from a realistic file', () => {
    const yaml = [
      '# pinbot: one PR per image, Monday mornings Berlin time',
      'group: image',
      'labels: [dependencies, containers]',
      'reviewers: [octocat, hubot-2]',
      'teamReviewers: [platform-team]',
      'assignees:',
      '  - octocat',
      'openPullRequestsLimit: 3',
      'commitMessagePrefix: "build(docker)"',
      'schedule:',
      '  - before 6am on monday',
      '  - every weekend',
      'timezone: Europe/Berlin',
      'forks: true',
      'rebaseWhen: conflicted',
      '',
    ].join('\n');
    expect(configOf(yaml)).toEqual({
      ...DEFAULT_CONFIG,
      group: 'image',
      labels: ['dependencies', 'containers'],
      reviewers: ['octocat', 'hubot-2'],
      teamReviewers: ['platform-team'],
      assignees: ['octocat'],
      openPullRequestsLimit: 3,
      commitMessagePrefix: 'build(docker)',
      schedule: ['before 6am on monday', 'every weekend'],
      timezone: 'Europe/Berlin',
      forks: true,
      rebaseWhen: 'conflicted',
    });
  });

  it('lets a repository turn labels off, open no PRs and drop the title prefix', () => {
    expect(configOf('labels: []\nopenPullRequestsLimit: 0\ncommitMessagePrefix: ""\n')).toMatchObject({
      labels: [],
      openPullRequestsLimit: 0,
      commitMessagePrefix: '',
    });
  });

  it.each([
    ['group: images\n', `${SOURCE}:1: group: expected "repository" or "image", got string "images"`],
    ['rebaseWhen: always\n', `${SOURCE}:1: rebaseWhen: expected "base-moved" or "conflicted", got string "always"`],
    ['forks: "yes"\n', `${SOURCE}:1: forks: expected true or false, got string "yes"`],
    ['labels: dependencies\n', `${SOURCE}:1: labels: expected a list, got string "dependencies"`],
    ['labels: [deps, ""]\n', `${SOURCE}:1: labels[1]: a label must not be empty`],
    [`labels: [${'x'.repeat(51)}]\n`, `${SOURCE}:1: labels[0]: GitHub label names are at most 50 characters`],
    ['reviewers: ["@octocat"]\n', `${SOURCE}:1: reviewers[0]: write the GitHub login without "@"`],
    ['assignees: [ok, "two words"]\n', `${SOURCE}:1: assignees[1]: expected a GitHub login such as "octocat"`],
    [
      'teamReviewers: [acme/platform]\n',
      `${SOURCE}:1: teamReviewers[0]: write the team's slug alone, without "@" or the organisation, e.g. "platform-team"`,
    ],
    [
      'openPullRequestsLimit: -1\n',
      `${SOURCE}:1: openPullRequestsLimit: must be 0 or more (0 stops the GitHub App from opening pull requests)`,
    ],
    ['openPullRequestsLimit: 2.5\n', `${SOURCE}:1: openPullRequestsLimit: expected a whole number, got number 2.5`],
    ['openPullRequestsLimit: "10"\n', `${SOURCE}:1: openPullRequestsLimit: expected a number, got string "10"`],
    [`commitMessagePrefix: ${'x'.repeat(101)}\n`, `${SOURCE}:1: commitMessagePrefix: the prefix may be at most 100 characters long`],
    ['commitMessagePrefix: "chore\\ndeps"\n', `${SOURCE}:1: commitMessagePrefix: the prefix must be a single line`],
    ['schedule: weekly\n', `${SOURCE}:1: schedule: expected a list, got string "weekly"`],
    ['timezone: 2\n', `${SOURCE}:1: timezone: expected a string, got number 2`],
  ])('explains a bad value: %j', (yaml, error) => {
    expect(errorsOf(yaml)).toEqual([error]);
  });

  it('points at the exact schedule entry that does not parse', () => {
    const yaml = [
      'schedule:',
      '  - every weekday',
      '  - before lunchtime',
      '  - on funday',
      '  - after 9pm and before 9pm',
      '  - ""',
      '',
    ].join('\n');
    expect(errorsOf(yaml)).toEqual([
      `${SOURCE}:3: schedule[1]: expected a time such as 6am, 6:30pm or 18:00 after "before", got "lunchtime"`,
      `${SOURCE}:4: schedule[2]: expected a day such as "monday" after "on", got "funday"`,
      `${SOURCE}:5: schedule[3]: "after" and "before" name the same time, which leaves no window (or all day); drop one`,
      `${SOURCE}:6: schedule[4]: the entry is empty; write e.g. "every weekday", "on monday and friday", "before 6am", "after 10pm and before 5am"`,
    ]);
  });

  it('rejects a time zone that is not an IANA name', () => {
    expect(errorsOf('schedule: [before 6am]\ntimezone: Mars/Olympus_Mons\n')).toEqual([
      `${SOURCE}:2: timezone: "Mars/Olympus_Mons" is not an IANA time zone such as "Europe/Berlin" or "UTC"`,
    ]);
    expect(errorsOf('timezone: "+02:00"\n')).toEqual([
      `${SOURCE}:1: timezone: "+02:00" is not an IANA time zone such as "Europe/Berlin" or "UTC"`,
    ]);
  });

  it.each(['America/New_York', 'Asia/Kolkata', 'UTC', 'Etc/GMT-14'])('accepts the time zone %s', (zone) => {
    expect(configOf(`timezone: ${zone}\n`).timezone).toBe(zone);
  });

  it('gives the same path-qualified errors for a config object the GitHub loader already parsed', () => {
    expect(validateConfig({ schedule: ['every weekday', 'on funday'], timezone: 'Mars/Olympus_Mons', group: 'images' }, SOURCE)).toEqual({
      ok: false,
      errors: [
        `${SOURCE}: group: expected "repository" or "image", got string "images"`,
        `${SOURCE}: schedule[1]: expected a day such as "monday" after "on", got "funday"`,
        `${SOURCE}: timezone: "Mars/Olympus_Mons" is not an IANA time zone such as "Europe/Berlin" or "UTC"`,
      ],
    });
  });
});
