import type { PinbotConfig } from '../config/schema.js';
import { planUpdates, type UpdatePlan } from '../plan/plan.js';
import { createResolver } from '../registry/resolver.js';
import type { RegistryClient } from '../registry/types.js';
import type { SourcesScan } from '../scan/scan-sources.js';
import { resolveReferences } from './resolve-references.js';

export interface CheckDeps {
  /** A registry client for a configuration (its mirrors); the CLI builds one from the environment. */
  readonly clientFor: (config: PinbotConfig) => RegistryClient;
  /** Shared across runs by long-lived processes: index comparisons are paid once per digest pair. */
  readonly verdictCache?: Map<string, boolean>;
  readonly onProgress?: (done: number, total: number) => void;
}

/** Resolves the pins of one scanned tree under its configuration and plans the updates. */
export async function checkScan(scan: SourcesScan, config: PinbotConfig, deps: CheckDeps): Promise<UpdatePlan> {
  const resolver = createResolver(deps.clientFor(config), {
    updateOnIndexOnlyChange: config.updateOnIndexOnlyChange,
    ...(deps.verdictCache ? { verdictCache: deps.verdictCache } : {}),
  });
  const resolutionOf = await resolveReferences(scan.references, resolver, {
    ...(deps.onProgress ? { onProgress: deps.onProgress } : {}),
  });
  return planUpdates(scan.references, resolutionOf);
}
