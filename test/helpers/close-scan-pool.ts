import { afterAll } from '@jest/globals';
import { closeSharedScanPool } from '../../src/scan/pool/shared-pool.js';

// Registered for every test file (jest.config.js `setupFilesAfterEnv`): code that scans through
// the process's shared pool (the CLI, the App) starts worker threads, which end with the file.
afterAll(() => closeSharedScanPool());
