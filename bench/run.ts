// `npm run bench [-- NAME...]`: prints the figures each benchmark measures.
import { benchExplain } from './explain.js';
import { benchGitHub } from './github.js';
import { benchHostile } from './hostile.js';
import { benchHostileWebhook } from './hostile-webhook.js';
import { benchPin } from './pin.js';
import { benchRegistry } from './registry.js';
import { benchRegistryConnections } from './registry-connections.js';
import { benchScanners } from './scan.js';
import { benchVerify } from './verify.js';
import { closeSharedScanPool } from '../src/scan/pool/shared-pool.js';

const BENCHES: Record<string, () => Promise<string[]>> = {
  scan: benchScanners,
  registry: benchRegistry,
  explain: benchExplain,
  'registry-connections': benchRegistryConnections,
  pin: benchPin,
  github: benchGitHub,
  verify: benchVerify,
  hostile: benchHostile,
  'hostile-webhook': benchHostileWebhook,
};
const chosen = process.argv.slice(2).length > 0 ? process.argv.slice(2) : Object.keys(BENCHES);
for (const name of chosen) {
  const bench = BENCHES[name];
  if (!bench) {
    console.error(`unknown benchmark "${name}" (have: ${Object.keys(BENCHES).join(', ')})`);
    process.exit(2);
  }
  for (const line of await bench()) console.log(line);
}
await closeSharedScanPool();
