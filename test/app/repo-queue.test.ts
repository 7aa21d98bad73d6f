import { describe, expect, it } from '@jest/globals';
import { createDeliveryLog } from '../../src/app/deliveries.js';
import { createRepoQueue } from '../../src/app/repo-queue.js';

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('createRepoQueue', () => {
  it('never runs two tasks for one repository at once', async () => {
    const queue = createRepoQueue(() => undefined);
    const log: string[] = [];
    const gate = deferred();
    const first = queue.run('acme/api', async () => {
      log.push('first start');
      await gate.promise;
      log.push('first end');
    });
    const second = queue.run('acme/api', async () => {
      log.push('second');
    });
    await Promise.resolve();
    expect(log).toEqual(['first start']);
    gate.resolve();
    await Promise.all([first, second]);
    expect(log).toEqual(['first start', 'first end', 'second']);
  });

  it('folds requests that arrive during a scan into one follow-up scan', async () => {
    const queue = createRepoQueue(() => undefined);
    const gate = deferred();
    let scans = 0;
    const scan = async (): Promise<void> => {
      scans++;
      if (scans === 1) await gate.promise;
    };
    const runs = [queue.run('acme/api', scan), queue.run('acme/api', scan), queue.run('acme/api', scan), queue.run('acme/api', scan)];
    gate.resolve();
    await Promise.all(runs);
    expect(scans).toBe(2);
    expect(queue.busy).toBe(0);
  });

  it('runs different repositories concurrently', async () => {
    const queue = createRepoQueue(() => undefined);
    const gate = deferred();
    const started: string[] = [];
    const a = queue.run('acme/a', async () => {
      started.push('a');
      await gate.promise;
    });
    const b = queue.run('acme/b', async () => {
      started.push('b');
      await gate.promise;
    });
    await Promise.resolve();
    expect(started).toEqual(['a', 'b']);
    gate.resolve();
    await Promise.all([a, b]);
  });

  it('reports a failing task and keeps serving the repository', async () => {
    const errors: Array<[string, unknown]> = [];
    const queue = createRepoQueue((key, error) => errors.push([key, error]));
    await queue.run('acme/api', async () => {
      throw new Error('boom');
    });
    let ran = false;
    await queue.run('acme/api', async () => {
      ran = true;
    });
    expect(errors).toEqual([['acme/api', new Error('boom')]]);
    expect(ran).toBe(true);
  });
});

describe('createDeliveryLog', () => {
  it('sees each delivery id once, forgetting the oldest beyond its capacity', () => {
    const log = createDeliveryLog(2);
    expect(log.firstSeen('a')).toBe(true);
    expect(log.firstSeen('a')).toBe(false);
    expect(log.firstSeen('b')).toBe(true);
    expect(log.firstSeen('c')).toBe(true);
    expect(log.firstSeen('b')).toBe(false);
    expect(log.firstSeen('a')).toBe(true);
  });
});

describe('createRepoQueue with tasks that are not scans', () => {
  it('runs each non-foldable task once, in order, between scans', async () => {
    const queue = createRepoQueue(() => undefined);
    const gate = deferred();
    const log: string[] = [];
    const first = queue.run('acme/api', async () => {
      log.push('scan 1');
      await gate.promise;
    });
    const tidy = queue.run('acme/api', async () => void log.push('tidy'), { foldable: false });
    const check = queue.run('acme/api', async () => void log.push('check'), { foldable: false });
    const second = queue.run('acme/api', async () => void log.push('scan 2'));
    gate.resolve();
    await Promise.all([first, tidy, check, second]);
    expect(log).toEqual(['scan 1', 'tidy', 'check', 'scan 2']);
  });
});
