import { classifyCandidate, collect, type Collected } from '../candidate.js';
import { TextPositions } from '../text-position.js';
import type { Scanner } from '../types.js';
import { parseJsonc, property } from './jsonc.js';

const BOM = '\uFEFF';

/**
 * Finds the `image` of a dev container configuration (`.devcontainer/devcontainer.json`,
 * `.devcontainer.json`, `.devcontainer/<name>/devcontainer.json`). Configurations that build a
 * Dockerfile or use compose name their images in those files, which are scanned on their own.
 * A string written with escape sequences has no exact span to rewrite, so it is skipped.
 */
export const scanDevcontainer: Scanner = (path, text) => {
  const positions = new TextPositions(text);
  const shift = text.startsWith(BOM) ? BOM.length : 0;
  const parsed = parseJsonc(shift === 0 ? text : text.slice(shift));
  if (!parsed.ok) {
    const { line, column } = positions.position(parsed.offset + shift);
    return {
      references: [],
      unpinned: [],
      skipped: [],
      problems: [{ file: path, line, message: `malformed JSON (column ${column}): ${parsed.message}` }],
    };
  }
  const into: Collected = { references: [], unpinned: [], skipped: [] };
  const image = property(parsed.root, 'image');
  if (image === undefined || image.value === '' || image.value === null) return { ...into, problems: [] };
  const start = image.offset + shift;
  const written = text.slice(start, start + image.length);
  const skip = (shown: string, detail: string): void => {
    into.skipped.push({ file: path, line: positions.line(start), reason: 'invalid-reference', text: shown, detail });
  };
  if (image.type !== 'string' || typeof image.value !== 'string') skip(written, `expected an image string, found ${image.type}`);
  else if (written.slice(1, -1) !== image.value) skip(image.value, 'the image string is written with escape sequences');
  else
    collect(classifyCandidate({ file: path, kind: 'devcontainer', value: image.value, start: start + 1, platform: null }, positions), into);
  return { ...into, problems: [] };
};
