/**
 * The registry client's metrics seam: a `fetch` that reports how each HTTP exchange ended, by
 * host. Every attempt and redirect hop counts (a 429 that a retry cured still shows as a 429),
 * token-realm requests included. Only `host[:port]` is reported: never a path, query or header,
 * so nothing secret or unbounded reaches a metric label.
 */

/** How one exchange ended: a status class (with the statuses operators act on kept apart), or why there was no answer. */
export type RegistryRequestOutcome = '2xx' | '3xx' | '401' | '403' | '404' | '429' | '4xx' | '5xx' | 'network' | 'timeout';

export type RegistryResponseHook = (host: string, outcome: RegistryRequestOutcome) => void;

export function statusOutcome(status: number): RegistryRequestOutcome {
  if (status === 401 || status === 403 || status === 404 || status === 429) return String(status) as RegistryRequestOutcome;
  if (status >= 500) return '5xx';
  if (status >= 400) return '4xx';
  if (status >= 300) return '3xx';
  return '2xx';
}

export function observedFetch(inner: typeof fetch, hook: RegistryResponseHook): typeof fetch {
  const report = (host: string, outcome: RegistryRequestOutcome): void => {
    try {
      hook(host, outcome);
    } catch {
      // Observing must never change an answer: a failing hook is ignored.
    }
  };
  return async (input, init) => {
    const host = new URL(input instanceof Request ? input.url : String(input)).host;
    try {
      const response = await inner(input, init);
      report(host, statusOutcome(response.status));
      return response;
    } catch (error) {
      // The transport aborts its own signal when an attempt runs out of time.
      report(host, init?.signal?.aborted === true ? 'timeout' : 'network');
      throw error;
    }
  };
}
