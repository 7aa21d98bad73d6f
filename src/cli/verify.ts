import type { PinbotConfig } from '../config/schema.js';
import { sortViolations } from '../policy/evaluate.js';
import { verifyTree } from '../policy/verify-tree.js';
import type { RegistryClient } from '../registry/client/types.js';
import { jsonText } from '../text/safe-text.js';
import type { CliDeps } from './check.js';
import { EXIT, type CliIo } from './io.js';
import { scanWorkspaces } from './scan-report.js';
import { renderVerify, type VerifyReport } from './verify-render.js';
import { openWorkspaces } from './workspace.js';

export interface VerifyOptions {
  readonly json: boolean;
  /** Skip the registry: only the policy, which needs no network. */
  readonly offline: boolean;
}

/**
 * `pinbot verify [PATH...] [--json] [--offline]` (issue 14): each PATH's policy, and that every
 * pinned digest still exists. Exit 0 no violation, 1 violations, 2 any error (usage, config, a
 * registry that could not answer for a digest, a policy file that could not be read).
 */
export async function verifyCommand(paths: readonly string[], options: VerifyOptions, io: CliIo, deps: CliDeps): Promise<number> {
  const report = await scanWorkspaces(await openWorkspaces(paths, io.cwd), deps.scanFile);
  // One client per registry configuration, so PATHs sharing mirrors share tokens and answers.
  const clients = new Map<string, RegistryClient>();
  const clientFor = (config: PinbotConfig): RegistryClient => {
    const key = JSON.stringify(Object.entries(config.registryMirrors).sort());
    let client = clients.get(key);
    if (client === undefined) {
      client = deps.clientFor(config);
      clients.set(key, client);
    }
    return client;
  };

  const combined: VerifyReport = { violations: [], errors: [], checked: 0, digests: 0, notImages: [], offline: options.offline };
  let checked = 0;
  let digests = 0;
  for (const { workspace, scan } of report.scans) {
    const verdict = await verifyTree(scan, workspace.config, options.offline ? {} : { client: clientFor(workspace.config) });
    combined.violations.push(...verdict.violations);
    combined.errors.push(...verdict.errors);
    combined.notImages.push(...verdict.notImages);
    checked += verdict.checked;
    digests += verdict.digests;
  }
  const result: VerifyReport = { ...combined, violations: sortViolations(combined.violations), checked, digests };

  if (options.json) {
    io.stdout.write(`${jsonText({ violations: result.violations, errors: result.errors, checked: result.checked })}\n`);
  } else {
    io.stdout.write(`${renderVerify(result)}\n`);
  }
  if (result.errors.length > 0) return EXIT.error;
  return result.violations.length > 0 ? EXIT.stale : EXIT.ok;
}
