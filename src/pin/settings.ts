import type { PinSetting } from '../config/pin-fields.js';

/** The `pin` setting, read: `true`, `false` or a mapping all come out as one shape. */
export interface PinSettings {
  /** Whether the GitHub App proposes pins (`pinbot pin` pins whenever it is run). */
  readonly enabled: boolean;
  readonly ignore: readonly string[];
  readonly ignoreTags: readonly string[];
}

export function pinSettings(setting: PinSetting): PinSettings {
  if (typeof setting === 'boolean') return { enabled: setting, ignore: [], ignoreTags: [] };
  return { enabled: true, ignore: setting.ignore, ignoreTags: setting.ignoreTags };
}
