import type { PinbotConfig } from '../config/schema.js';
import { planUpdates, type UpdatePlan } from '../plan/plan.js';
import type { PlatformCache } from '../registry/resolver/fetch.js';
import { createResolver, type Resolver } from '../registry/resolver/resolver.js';
import type { RegistryClient } from '../registry/client/types.js';
import type { SourcesScan } from '../scan/scan-sources.js';
import { resolveReferences } from './resolve-references.js';

export interface ResolveDeps {
  /** A registry client for a configuration (its mirrors); the CLI builds one from the environment. */
  readonly clientFor: (config: PinbotConfig) => RegistryClient;
  /** Shared across runs by long-lived processes: index comparisons are paid once per digest pair. */
  readonly verdictCache?: Map<string, boolean>;
  /** Shared across runs by long-lived processes: each pinned platform manifest's config is read once. */
  readonly platformCache?: PlatformCache;
  readonly onProgress?: (done: number, total: number) => void;
  /**
   * One run's resolvers by registry configuration: the CLI checks several PATHs in one run, and
   * each tag is looked up (and each client built, with its tokens) once for all of them.
   */
  readonly resolvers?: Map<string, Resolver>;
}

/** Resolves the pins of one scanned tree under its configuration and plans the updates. */
export async function resolveAndPlan(scan: SourcesScan, config: PinbotConfig, deps: ResolveDeps): Promise<UpdatePlan> {
  const resolver = resolverFor(config, deps);
  const resolutionOf = await resolveReferences(scan.references, resolver, {
    ...(deps.onProgress ? { onProgress: deps.onProgress } : {}),
  });
  return planUpdates(scan.references, resolutionOf);
}

/** The run's resolver for a configuration: shared through `deps.resolvers` when given, else a new one. */
export function resolverFor(config: PinbotConfig, deps: ResolveDeps): Resolver {
  const create = (): Resolver =>
    createResolver(deps.clientFor(config), {
      updateOnIndexOnlyChange: config.updateOnIndexOnlyChange,
      ...(deps.verdictCache ? { verdictCache: deps.verdictCache } : {}),
      ...(deps.platformCache ? { platformCache: deps.platformCache } : {}),
    });
  if (deps.resolvers === undefined) return create();
  // Only what the client and resolver are built from decides whether two PATHs can share them.
  const key = JSON.stringify([Object.entries(config.registryMirrors).sort(), config.updateOnIndexOnlyChange]);
  let resolver = deps.resolvers.get(key);
  if (resolver === undefined) {
    resolver = create();
    deps.resolvers.set(key, resolver);
  }
  return resolver;
}
