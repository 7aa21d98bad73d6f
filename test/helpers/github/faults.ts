/** Injected failures: the next N requests matching a method and path answer with a chosen status instead. */
import { errorReply, type Reply } from './http.js';

export interface FaultRule {
  readonly method: string;
  /** A RegExp tested on the decoded path, or a string equal to the decoded path or to the route template. */
  readonly path: string | RegExp;
  readonly status: number;
  remaining: number;
  readonly message: string | undefined;
}

const DEFAULT_MESSAGES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Bad credentials',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  422: 'Validation Failed',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};

export class FaultPlan {
  private readonly rules: FaultRule[] = [];

  add(method: string, path: string | RegExp, status: number, times: number, message?: string): void {
    if (!Number.isInteger(times) || times < 1) throw new Error(`fake GitHub: failNext needs times >= 1, got ${times}`);
    this.rules.push({ method: method.toUpperCase(), path, status, remaining: times, message });
  }

  /** Consumes one use of the first matching rule and returns its reply. */
  take(method: string, path: string, routeTemplate: string | undefined): Reply | undefined {
    const rule = this.rules.find(
      (candidate) =>
        candidate.remaining > 0 &&
        (candidate.method === '*' || candidate.method === method) &&
        matches(candidate.path, path, routeTemplate),
    );
    if (!rule) return undefined;
    rule.remaining -= 1;
    if (rule.remaining === 0) this.rules.splice(this.rules.indexOf(rule), 1);
    return errorReply(rule.status, rule.message ?? DEFAULT_MESSAGES[rule.status] ?? `HTTP ${rule.status}`);
  }

  pending(): number {
    return this.rules.reduce((sum, rule) => sum + rule.remaining, 0);
  }

  clear(): void {
    this.rules.length = 0;
  }
}

function matches(pattern: string | RegExp, path: string, routeTemplate: string | undefined): boolean {
  if (pattern instanceof RegExp) return pattern.test(path);
  return pattern === path || pattern === routeTemplate;
}
