import { reportStarted, type PoolTask } from '../scan/pool/start-slots.js';
import { parseConfigFile, type ConfigFileParse } from './config-file.js';

/** One config file for a pool worker to parse. */
export interface ConfigFileTask extends PoolTask {
  readonly text: string;
  readonly source: string;
}

/** Runs in a scan pool worker thread (piscina's task function), charged to the file's CPU budget. */
export default function configFileTask(task: ConfigFileTask): ConfigFileParse {
  reportStarted(task.started);
  return parseConfigFile(task.text, task.source);
}
