import type { WriteLimits } from '../../src/github/write-window.js';

/** Write limits no test flow reaches, for App tests about something other than pacing. */
export const UNPACED: WriteLimits = { perMinute: 1_000_000, perHour: 1_000_000, spacingMs: 0 };
