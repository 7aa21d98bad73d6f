import type { Scanner } from '../types.js';
import type { Selection } from './scan-file.js';
import { scanYamlFile } from './scan-file.js';

/**
 * `${NAME:-default}` / `${NAME-default}` as the whole value: Compose uses the default when the
 * variable is unset, so the default is the pin a repository actually commits to.
 */
const VARIABLE_WITH_DEFAULT = /^\$\{[A-Za-z_][A-Za-z0-9_]*:?-(.+)\}$/s;

/**
 * The image inside a variable default, or the whole value. Any other variable use (including an
 * empty default) stays in the value, where candidate classification reports it as `variable`.
 */
function composeImageSelection(value: string): Selection {
  const fallback = VARIABLE_WITH_DEFAULT.exec(value)?.[1];
  if (fallback === undefined) return { kind: 'image', offset: 0, length: value.length };
  // The default runs up to the closing brace, which is the value's last character.
  return { kind: 'image', offset: value.length - 1 - fallback.length, length: fallback.length };
}

/** A service's `platform:` counts only as a literal; an interpolated one is unknown until run time. */
function literalPlatform(platform: string | undefined): string | null {
  return platform !== undefined && platform.trim() !== '' && !platform.includes('$') ? platform.trim() : null;
}

/** Finds `services.*.image` in Compose files. */
export const scanCompose: Scanner = (path, text) =>
  scanYamlFile(path, text, 'compose', ({ walk, image }) => {
    for (const service of walk.values(walk.get(walk.root, 'services'))) {
      image(walk.get(service, 'image'), {
        platform: literalPlatform(walk.string(walk.get(service, 'platform'))),
        select: composeImageSelection,
      });
    }
  });
