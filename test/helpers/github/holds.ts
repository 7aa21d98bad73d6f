/**
 * Held requests: the next request matching a method and path waits, unanswered and not yet run,
 * until the test releases it, so a test can stop a client deterministically in the middle of
 * its work (kill the process that sent it, say). Released, it runs as GitHub would run a request
 * it received whole, even if its sender has gone in the meantime: the answer is then lost, the
 * effect is not.
 */
export interface Hold {
  /** Resolves when a matching request has arrived and is being held. */
  readonly reached: Promise<void>;
  /** Lets the held request (or, if none came yet, the next matching one) run. */
  release(): void;
}

interface HoldRule {
  readonly method: string;
  readonly path: string | RegExp;
  readonly reach: () => void;
  readonly released: Promise<void>;
  taken: boolean;
}

export class HoldPlan {
  private readonly rules: HoldRule[] = [];
  private readonly waiting = new Set<() => void>();

  add(method: string, path: string | RegExp): Hold {
    let reach!: () => void;
    const reached = new Promise<void>((resolve) => (reach = resolve));
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    this.waiting.add(release);
    this.rules.push({ method: method.toUpperCase(), path, reach, released, taken: false });
    return {
      reached,
      release: () => {
        this.waiting.delete(release);
        release();
      },
    };
  }

  /** The wait for a matching request's release (the rule is used up), or undefined when none holds it. */
  take(method: string, path: string, routeTemplate: string | undefined): Promise<void> | undefined {
    const rule = this.rules.find(
      (candidate) =>
        !candidate.taken &&
        (candidate.method === '*' || candidate.method === method) &&
        (candidate.path instanceof RegExp ? candidate.path.test(path) : candidate.path === path || candidate.path === routeTemplate),
    );
    if (!rule) return undefined;
    rule.taken = true;
    this.rules.splice(this.rules.indexOf(rule), 1);
    rule.reach();
    return rule.released;
  }

  /** Releases every hold (the fake is stopping: nothing may wait forever). */
  releaseAll(): void {
    for (const release of this.waiting) release();
    this.waiting.clear();
    this.rules.length = 0;
  }
}
