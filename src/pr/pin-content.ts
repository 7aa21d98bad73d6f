import { MAX_BODY_LENGTH, MAX_TITLE_LENGTH, type PullRequestContent } from './content.js';
import { preferredSpelling } from './grouping.js';
import { codeCell, codeSpan, count, fitRows, limitRows, shortDigest, table, omittedWorkflowsNote } from './markdown.js';
import { renderMarker } from './marker.js';
import type { PrMarker, ProposedUpdate, UpdateGroup } from './types.js';
import { visible } from '../text/safe-text.js';

/**
 * Title, body and commit message of the pinning PR (issue 10, branch `pinbot/pin`): which
 * tag-only references get which digest, why pinning matters, and that pinbot keeps the pins
 * current afterwards.
 */

export const PIN_FOOTER =
  'This PR is kept up to date by pinbot as images without a digest appear or their tags move; pushing a commit to ' +
  "this branch stops pinbot from updating it; closing it without merging means pinbot won't propose pinning these " +
  'references again (restore the branch and reopen this pull request to have them proposed again).';

export const WHY_PIN =
  '**Why pin?** A tag such as `node:22` can be moved to other content at any time; a digest names exactly one ' +
  'image. With the digest written next to the tag, every build and deployment gets the same bytes, and a re-pointed ' +
  'or compromised tag cannot slip in unnoticed. The tag stays, so the file still says what the image is, and pinbot ' +
  'follows it: when the tag moves on (a security rebuild, a new patch release), pinbot opens a pull request that ' +
  'updates the digest. Multi-platform tags are pinned to their index, so every platform keeps working.';

export interface PinPullRequestOptions {
  readonly prefix: string;
  /** Workflow files left out for lack of the `workflows` permission. */
  readonly omittedWorkflowFiles: readonly string[];
  readonly marker: PrMarker;
  /** Whether the file wrote this reference's tag; false for a bare name pinned as `:latest`. */
  readonly tagWritten: (pin: ProposedUpdate) => boolean;
}

export function renderPinPullRequest(group: UpdateGroup, options: PinPullRequestOptions): PullRequestContent {
  const omitted = [...new Set(options.omittedWorkflowFiles)].sort();
  const pins = group.updates.filter((pin) => !omitted.includes(pin.file));
  const title = renderTitle(pins, options.prefix);
  const marker = renderMarker(options.marker);
  const body = fitRows((rows) => composeBody(pins, omitted, options, marker, rows), Math.max(pins.length, omitted.length), MAX_BODY_LENGTH);
  return { title, body, commitMessage: renderCommitMessage(title, pins, options) };
}

/** `pin node:22 to digest 1a2b3c4`, or `pin 7 images to digests` (distinct image and tag). */
function renderTitle(pins: readonly ProposedUpdate[], prefix: string): string {
  const lead = prefix.trim() === '' ? '' : `${visible(prefix.trim())}: `;
  const images = new Map<string, ProposedUpdate[]>();
  for (const pin of pins) {
    const key = `${pin.image}:${pin.tag}`;
    const members = images.get(key);
    if (members === undefined) images.set(key, [pin]);
    else members.push(pin);
  }
  const [only] = images.values();
  const first = only?.[0];
  const title =
    images.size === 1 && only !== undefined && first !== undefined
      ? `${lead}pin ${visible(preferredSpelling(only))}:${visible(first.tag)} to digest ${shortHex(first.to)}`
      : `${lead}pin ${images.size} images to digests`;
  return title.length <= MAX_TITLE_LENGTH ? title : `${title.slice(0, MAX_TITLE_LENGTH - 1)}…`;
}

/** The first 7 hex digits, as git shows a commit: `sha256:1a2b3c4…` → `1a2b3c4`. */
function shortHex(digest: string): string {
  return digest.slice(digest.indexOf(':') + 1).slice(0, 7);
}

function renderCommitMessage(title: string, pins: readonly ProposedUpdate[], options: PinPullRequestOptions): string {
  const MAX_LINES = 50;
  const lines = pins.map(
    (pin) =>
      `- ${visible(pin.displayName)}:${visible(pin.tag)}${options.tagWritten(pin) ? '' : ' (tag written out)'} in ` +
      `${visible(pin.file)}:${pin.line}: pinned to ${shortDigest(pin.to)}`,
  );
  const shown = lines.length > MAX_LINES ? [...lines.slice(0, MAX_LINES - 1), `- …and ${lines.length - MAX_LINES + 1} more`] : lines;
  return shown.length === 0 ? title : `${title}\n\n${shown.join('\n')}\n`;
}

function composeBody(
  pins: readonly ProposedUpdate[],
  omitted: readonly string[],
  options: PinPullRequestOptions,
  marker: string,
  rows: number,
): string {
  const files = new Set(pins.map((pin) => pin.file)).size;
  const implied = pins.some((pin) => !options.tagWritten(pin));
  const sections = [
    `pinbot pins ${count(pins.length, 'image reference')} in ${count(files, 'file')} to the digests their tags point to now.`,
    pinTable(pins, options, rows),
    fullDigests(pins, rows),
    WHY_PIN,
  ];
  if (implied) {
    sections.push(
      'References written without a tag are pinned as `:latest`, the tag Docker reads them as; the tag is written out so the pin says what it follows.',
    );
  }
  if (omitted.length > 0) sections.push(omittedWorkflowsNote(omitted, rows, 'stay unpinned'));
  sections.push(
    `To leave images or tags unpinned, list them under ${codeSpan('pin.ignore')} or ${codeSpan('pin.ignoreTags')} in ${codeSpan('.github/pinbot.yml')}.`,
    '---',
    PIN_FOOTER,
    marker,
  );
  return `${sections.join('\n\n')}\n`;
}

function pinTable(pins: readonly ProposedUpdate[], options: PinPullRequestOptions, rows: number): string {
  const header = ['File', 'Image', 'Tag', 'Digest'];
  const cells = pins.map((pin) => [
    codeCell(`${pin.file}:${pin.line}`),
    codeCell(pin.displayName),
    `${codeCell(pin.tag)}${options.tagWritten(pin) ? '' : ' (written out)'}`,
    codeCell(shortDigest(pin.to)),
  ]);
  return table(header, limitRows(cells, rows, header.length));
}

/** One row per image and tag with the digest in full, collapsed by default. */
function fullDigests(pins: readonly ProposedUpdate[], rows: number): string {
  const distinct = new Map<string, readonly string[]>();
  for (const pin of pins) {
    const key = JSON.stringify([pin.image, pin.tag, pin.to]);
    if (!distinct.has(key)) distinct.set(key, [codeCell(pin.displayName), codeCell(pin.tag), codeCell(pin.to)]);
  }
  const body = table(['Image', 'Tag', 'Digest'], limitRows([...distinct.values()], rows, 3));
  return `<details>\n<summary>Full digests</summary>\n\n${body}\n\n</details>`;
}
