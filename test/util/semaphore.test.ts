import { describe, expect, it } from '@jest/globals';
import { createKeyedSemaphores, createSemaphore } from '../../src/util/semaphore.js';

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}
const tick = () => new Promise((r) => setImmediate(r));

describe('createSemaphore', () => {
  it('runs at most `limit` tasks at once, in arrival order, and survives failures', async () => {
    const semaphore = createSemaphore(2);
    let running = 0;
    let peak = 0;
    const started: number[] = [];
    const gates = Array.from({ length: 5 }, deferred);
    const results = gates.map((gate, i) =>
      semaphore.run(async () => {
        started.push(i);
        running++;
        peak = Math.max(peak, running);
        await gate.promise;
        running--;
        if (i === 0) throw new Error('task 0 failed');
        return i;
      }),
    );
    const settled = Promise.allSettled(results);
    await tick();
    expect(started).toEqual([0, 1]);
    gates[0]?.resolve();
    await tick();
    expect(started).toEqual([0, 1, 2]);
    gates.forEach((gate) => gate.resolve());
    expect((await settled).map((s) => s.status)).toEqual(['rejected', 'fulfilled', 'fulfilled', 'fulfilled', 'fulfilled']);
    expect(peak).toBe(2);
    expect(started).toEqual([0, 1, 2, 3, 4]);
  });

  it('rejects a limit that is not a positive integer', () => {
    expect(() => createSemaphore(0)).toThrow('positive integer');
    expect(() => createKeyedSemaphores(1.5)).toThrow('positive integer');
  });

  it('limits each key separately', async () => {
    const forKey = createKeyedSemaphores(1);
    const gate = deferred();
    const order: string[] = [];
    const a1 = forKey('a').run(async () => {
      order.push('a1');
      await gate.promise;
    });
    const a2 = forKey('a').run(async () => {
      order.push('a2');
    });
    const b1 = forKey('b').run(async () => {
      order.push('b1');
    });
    await b1;
    expect(order).toEqual(['a1', 'b1']);
    gate.resolve();
    await Promise.all([a1, a2]);
    expect(order).toEqual(['a1', 'b1', 'a2']);
  });
});
