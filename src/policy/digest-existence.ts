import type { RegistryClient, RegistryFailure, RepositoryLocator } from '../registry/client/types.js';
import { SHA256_DIGEST } from '../registry/client/types.js';
import { shortDigest } from '../pr/markdown.js';
import pLimit from 'p-limit';
import type { DigestAnswer, DigestAnswerCache } from './digest-cache.js';
import { byPlace, type ImageMention, type Violation } from './types.js';

/** A registry question that went unanswered: the pin could not be checked (exit 2, not a violation). */
export interface VerifyError {
  readonly file: string;
  readonly line: number | null;
  readonly image: string | null;
  readonly tag: string | null;
  readonly digest: string | null;
  readonly error: string;
}

export interface DigestCheck {
  readonly violations: Violation[];
  readonly errors: VerifyError[];
  /** Distinct (repository, digest) pairs asked about. */
  readonly digests: number;
}

export interface DigestCheckOptions {
  /** Distinct digests asked about at once (the client also limits each host to a few). Default 8. */
  readonly concurrency?: number;
  /** Answers kept across runs (the App); a run always shares answers within itself. */
  readonly cache?: DigestAnswerCache;
}

/**
 * Checks that every pinned sha256 digest still exists in its registry (issue 14): registries
 * garbage-collect untagged manifests, and the next pull of a vanished pin fails. One HEAD by
 * digest per distinct repository and digest, however many files pin it. A 404 is a violation
 * naming the registry; any other failure (denied, unreachable, an answer that can't be
 * trusted) is an error, never a guess either way.
 */
export async function checkDigestsExist(
  mentions: readonly ImageMention[],
  client: RegistryClient,
  options: DigestCheckOptions = {},
): Promise<DigestCheck> {
  const pins = mentions.filter((mention) => mention.kind === 'digest' && SHA256_DIGEST.test(mention.image?.digest ?? ''));
  const firstPin = new Map<string, ImageMention>();
  for (const pin of pins) if (!firstPin.has(keyOf(pin))) firstPin.set(keyOf(pin), pin);
  const keys = [...firstPin.keys()];
  const answers = new Map<string, DigestAnswer>();
  await pLimit(options.concurrency ?? 8).map(keys, async (key) => {
    answers.set(key, await cachedAnswer(options.cache, key, () => askRegistry(client, firstPin.get(key)!)));
  });

  const violations: Violation[] = [];
  const errors: VerifyError[] = [];
  for (const pin of [...pins].sort(byPlace)) {
    const image = pin.image!;
    const answer = answers.get(keyOf(pin))!;
    const at = { file: pin.file, line: pin.line, image: image.name, tag: image.tag ?? null, digest: image.digest! };
    if (answer.kind === 'missing') {
      violations.push({
        ...at,
        rule: 'digest-missing',
        message:
          `${shortDigest(image.digest!)} no longer exists in ${image.name} on ${answer.host}: the next pull of this pin ` +
          `fails (registries delete untagged manifests); pin a digest the registry still has. ${answer.message}`,
      });
    } else if (answer.kind === 'unknown') {
      errors.push({ ...at, error: answer.message });
    }
  }
  return { violations, errors, digests: keys.length };
}

function keyOf(mention: ImageMention): string {
  return `${mention.image!.name}@${mention.image!.digest!}`;
}

async function cachedAnswer(cache: DigestAnswerCache | undefined, key: string, ask: () => Promise<DigestAnswer>): Promise<DigestAnswer> {
  const known = cache?.get(key);
  if (known !== undefined) return known;
  const answer = await ask();
  cache?.set(key, answer);
  return answer;
}

async function askRegistry(client: RegistryClient, pin: ImageMention): Promise<DigestAnswer> {
  const image = pin.image!;
  const locator: RepositoryLocator = { registry: image.registry, repository: image.repository };
  const digest = image.digest!;
  try {
    const head = await client.headManifest(locator, digest);
    if (head.kind !== 'found') return fromFailure(head);
    // The client checked a Docker-Content-Digest against the digest asked for; without one (a
    // registry that refuses HEAD, or sends no header) the manifest itself is fetched and hashed.
    if (head.digest !== undefined) return { kind: 'exists' };
    const body = await client.getManifest(locator, digest);
    return body.kind === 'found' ? { kind: 'exists' } : fromFailure(body);
  } catch (error) {
    return {
      kind: 'unknown',
      message: `${image.name}@${digest}: unexpected error: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
}

function fromFailure(failure: RegistryFailure): DigestAnswer {
  if (failure.kind === 'not-found') return { kind: 'missing', host: failure.host, message: failure.message };
  return { kind: 'unknown', message: failure.message };
}
