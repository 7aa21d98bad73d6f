import { describe, expect, it } from '@jest/globals';
import { createProgress } from '../../src/cli/progress.js';

function stream(isTTY: boolean): { text: () => string; write: (chunk: string) => boolean; isTTY: boolean } {
  let written = '';
  return { isTTY, write: (chunk) => ((written += chunk), true), text: () => written };
}

describe('createProgress', () => {
  it('counts on a terminal and clears its line when done', () => {
    const tty = stream(true);
    const progress = createProgress(tty, true);
    progress.update(1, 3);
    progress.update(3, 3);
    progress.done();
    expect(tty.text()).toBe('\rresolving 1/3\rresolving 3/3\r\x1b[K');
  });

  it('prints nothing when piped, or when the output is JSON', () => {
    const piped = stream(false);
    const pipedProgress = createProgress(piped, true);
    pipedProgress.update(1, 2);
    pipedProgress.done();
    const json = stream(true);
    const jsonProgress = createProgress(json, false);
    jsonProgress.update(1, 2);
    jsonProgress.done();
    expect(piped.text()).toBe('');
    expect(json.text()).toBe('');
  });
});
