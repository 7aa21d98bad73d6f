import type { PinbotConfig } from '../config/schema.js';
import { explainPlan, minimumAgeMs } from './explain-plan.js';
import { createExplainer, type ExplainCaches, type Explainer } from '../explain/explainer.js';
import { createMemorySightings, type SightingStore } from '../explain/sightings.js';
import { planUpdates, type UpdatePlan } from '../plan/plan.js';
import { createRegistryReader, type PlatformCache } from '../registry/resolver/fetch.js';
import { createResolver, type Resolver } from '../registry/resolver/resolver.js';
import type { RegistryClient } from '../registry/client/types.js';
import type { SourcesScan } from '../scan/scan-sources.js';
import { resolveReferences } from './resolve-references.js';
import type { VerdictCache } from '../registry/resolver/resolver.js';

export interface ResolveDeps {
  /** A registry client for a configuration (its mirrors); the CLI builds one from the environment. */
  readonly clientFor: (config: PinbotConfig) => RegistryClient;
  /** Shared across runs by long-lived processes: index comparisons are paid once per digest pair. */
  readonly verdictCache?: VerdictCache;
  /** Shared across runs by long-lived processes: each pinned platform manifest's config is read once. */
  readonly platformCache?: PlatformCache;
  readonly onProgress?: (done: number, total: number) => void;
  /**
   * One run's engines by registry configuration: the CLI checks several PATHs in one run, and
   * each tag is looked up (and each client built, with its tokens) once for all of them.
   */
  readonly resolvers?: Map<string, Engine>;
  /** Explain every update (issue 12): PR bodies, `check --explain` and `--json`. */
  readonly explain?: boolean;
  /** Shared across runs by long-lived processes: explanations and SBOM packages by digest. */
  readonly explainCaches?: ExplainCaches;
  /** When digests were first seen (`minimumReleaseAge`); the App keeps one for its lifetime. */
  readonly sightings?: SightingStore;
  /** The clock `minimumReleaseAge` is judged by. Default: the system clock. */
  readonly now?: () => Date;
}

/** A resolver and an explainer sharing one reader, so an explanation reuses what resolving fetched. */
export interface Engine {
  readonly resolver: Resolver;
  readonly explainer: Explainer;
}

/** Resolves the pins of one scanned tree under its configuration and plans the updates. */
export async function resolveAndPlan(scan: SourcesScan, config: PinbotConfig, deps: ResolveDeps): Promise<UpdatePlan> {
  const needCreated = minimumAgeMs(config) > 0;
  const engine = engineFor(config, deps, needCreated);
  const resolutionOf = await resolveReferences(scan.references, engine.resolver, {
    ...(deps.onProgress ? { onProgress: deps.onProgress } : {}),
  });
  const plan = planUpdates(scan.references, resolutionOf);
  return explainPlan(plan, config, {
    ...(deps.explain === true || needCreated ? { explainer: engine.explainer } : {}),
    sightings: deps.sightings ?? createMemorySightings(),
    now: deps.now ?? (() => new Date()),
  });
}

/** The run's resolver for a configuration (what `pin` needs), shared with `resolveAndPlan` through `deps.resolvers`. */
export function resolverFor(config: PinbotConfig, deps: ResolveDeps): Resolver {
  return engineFor(config, deps, minimumAgeMs(config) > 0).resolver;
}

/** The run's engine for a configuration: shared through `deps.resolvers` when given, else a new one. */
function engineFor(config: PinbotConfig, deps: ResolveDeps, needCreated: boolean): Engine {
  const create = (): Engine => {
    const client = deps.clientFor(config);
    const reader = createRegistryReader(client, deps.platformCache);
    return {
      resolver: createResolver(client, {
        reader,
        updateOnIndexOnlyChange: config.updateOnIndexOnlyChange,
        ...(deps.verdictCache ? { verdictCache: deps.verdictCache } : {}),
      }),
      explainer: createExplainer({ reader, client, needCreated, ...(deps.explainCaches ? { caches: deps.explainCaches } : {}) }),
    };
  };
  if (deps.resolvers === undefined) return create();
  // Only what the client, resolver and explainer are built from decides whether two PATHs can share them.
  const key = JSON.stringify([Object.entries(config.registryMirrors).sort(), config.updateOnIndexOnlyChange, needCreated]);
  let engine = deps.resolvers.get(key);
  if (engine === undefined) {
    engine = create();
    deps.resolvers.set(key, engine);
  }
  return engine;
}
