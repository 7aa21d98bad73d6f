import { clip, visible } from './safe-text.js';

/**
 * Config errors quote what the user wrote, and a config file can be anything: a symlink to a
 * token file once printed the token in a validation error (issue 8, finding 7). Values are
 * shown as short excerpts, and anything that looks like a secret as `…redacted…`.
 *
 * "Looks like a secret" errs on the side of redacting: a false alarm hides a value from an
 * error message, a miss publishes a credential (in the App, in a check run anyone can read).
 */

export const REDACTED = '…redacted…';

/** How much of a value a config error quotes. */
export const MAX_VALUE_EXCERPT = 40;

/** Only this much of any text is examined: enough to see a whole token that starts in an excerpt. */
const EXAMINED = 512;

/**
 * Token formats with a fixed prefix: GitHub (classic and fine-grained), GitLab, Slack, AWS access
 * key ids, npm, Stripe, Docker Hub, and JWTs (OAuth access tokens, registry bearer tokens).
 */
const KNOWN_TOKEN =
  /(?:gh[pousr]_[A-Za-z0-9]{16,}|github_pat_\w{16,}|glpat-[\w-]{16,}|xox[abposr]-[\w-]{8,}|(?:AKIA|ASIA)[A-Z0-9]{16}|npm_[A-Za-z0-9]{16,}|[rs]k_(?:live|test)_[A-Za-z0-9]{8,}|dckr_pat_[\w-]{8,}|eyJ[\w-]{8,}\.[\w-]{8,})/;

/** PEM armour (`-----BEGIN OPENSSH PRIVATE KEY-----`): everything after it is key material. */
const PEM_BEGIN = /-----\s*BEGIN/;

/** Runs of letters and digits, and runs of the base64 / base64url alphabet. */
const ALPHANUMERIC_RUN = /[A-Za-z0-9]{16,}/g;
const BASE64_RUN = /[A-Za-z0-9+/=_-]{24,}/g;
const HEX_RUN = /^[0-9a-fA-F]+$/;

/** Whether `text` holds something shaped like a credential. Linear in the (bounded) text. */
export function looksSecret(text: string): boolean {
  const examined = text.slice(0, EXAMINED);
  if (KNOWN_TOKEN.test(examined) || PEM_BEGIN.test(examined)) return true;
  for (const run of examined.match(ALPHANUMERIC_RUN) ?? []) if (randomLooking(run, 3)) return true;
  for (const run of examined.match(BASE64_RUN) ?? []) if (randomLooking(run, 0.15 * run.length)) return true;
  return false;
}

/**
 * Random strings switch between upper case, lower case and digits all the time; words, paths
 * and versions (`registry-mirror-2024`, `deploy/web2/Dockerfile`) hardly ever do. Long hex runs
 * (keys, digests) are never words.
 */
function randomLooking(run: string, minimumSwitches: number): boolean {
  if (!/[0-9]/.test(run) || !/[A-Za-z]/.test(run)) return false;
  if (run.length >= 32 && HEX_RUN.test(run)) return true;
  let switches = 0;
  for (let index = 1; index < run.length; index++) {
    const before = characterClass(run.charCodeAt(index - 1));
    const after = characterClass(run.charCodeAt(index));
    if (before !== 0 && after !== 0 && before !== after) switches++;
  }
  return switches >= minimumSwitches;
}

/** 1 upper case, 2 lower case, 3 digit, 0 anything else. */
function characterClass(code: number): number {
  if (code >= 65 && code <= 90) return 1;
  if (code >= 97 && code <= 122) return 2;
  if (code >= 48 && code <= 57) return 3;
  return 0;
}

/**
 * A value as a config error quotes it: at most 40 characters, control characters escaped, and
 * `…redacted…` instead of anything that looks like a secret.
 */
export function valueExcerpt(value: string, max = MAX_VALUE_EXCERPT): string {
  if (looksSecret(value)) return REDACTED;
  return clip(visible(clip(value, max)), max);
}

/**
 * A message that may quote values (a YAML parser's, a schedule grammar's): each word that looks
 * like a secret becomes `…redacted…`, and from PEM armour on, everything does. Control
 * characters are escaped and the message is capped, so no message can carry a file's content.
 */
export function redactSecrets(message: string, max = 300): string {
  const bounded = clip(message, max);
  const pem = bounded.search(PEM_BEGIN);
  const head = pem === -1 ? bounded : `${bounded.slice(0, pem)}${REDACTED}`;
  const words = head.split(/(\s+)/).map((word) => (word !== REDACTED && looksSecret(word) ? REDACTED : word));
  return visible(words.join(''));
}
