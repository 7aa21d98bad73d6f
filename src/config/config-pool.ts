import { workerModule, type ScanPool } from '../scan/pool/scan-pool.js';
import type { ConfigFileParse, ConfigFileParser } from './config-file.js';
import type { ConfigFileTask } from './config-worker.js';

const CONFIG_WORKER = workerModule(import.meta.url, './config-worker.js').filename;

/**
 * Config files parsed in the scan pool's workers, under the same CPU budget as any file: a
 * config too complex to parse in the budget is an invalid config (reported, nothing written),
 * never a stalled event loop.
 */
export function configFileParserIn(pool: Pick<ScanPool, 'runTask'>): ConfigFileParser {
  return async (text, source) => {
    const outcome = await pool.runTask<Omit<ConfigFileTask, 'started'>, ConfigFileParse>(CONFIG_WORKER, { text, source });
    if (outcome.ok) return outcome.value;
    const what = outcome.tooComplex ? 'the file is too complex to read' : 'the file could not be read';
    return { ok: false, errors: [`${source}: ${what}: ${outcome.reason}`] };
  };
}
