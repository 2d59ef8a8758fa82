/**
 * The `modelDoctor.*` settings the editor features read, parsed the same way
 * for VS Code (its configuration API) and for the language server
 * (`workspace/configuration`). Training settings (`modelDoctor.training.*`)
 * belong to the verify feature.
 */
import type { RuleSetting } from '../analyzer';
import { RULES } from '../analyzer';

export const SECTION = 'modelDoctor';

const RULE_SETTINGS = new Set<string>(['error', 'warning', 'info', 'off']);
const RULE_IDS = new Set(RULES.map((r) => r.meta.id));
const DEFAULT_DEBOUNCE_MS = 300;

export interface EditorSettings {
  enable: boolean;
  /** Per-rule severity or 'off' (only known rule ids and valid values survive). */
  rules: Record<string, RuleSetting>;
  inlayHints: boolean;
  codeLens: boolean;
  debounceMs: number;
}

/** Reads one setting of the section by its dotted name (`inlayHints.enabled`); undefined when unset. */
export type SettingReader = (name: string) => unknown;

/** Parses the settings; invalid values fall back to their defaults, with a warning for each. */
export function parseSettings(read: SettingReader, warn?: (message: string) => void): EditorSettings {
  const rules: Record<string, RuleSetting> = {};
  const raw = read('rules');
  if (raw !== undefined && raw !== null && (typeof raw !== 'object' || Array.isArray(raw)))
    warn?.(`setting ${SECTION}.rules: expected an object of rule id → severity (ignored)`);
  else
    for (const [id, value] of Object.entries((raw ?? {}) as Record<string, unknown>)) {
      if (!RULE_IDS.has(id)) warn?.(`setting ${SECTION}.rules: unknown rule id "${id}" (ignored)`);
      else if (typeof value !== 'string' || !RULE_SETTINGS.has(value))
        warn?.(`setting ${SECTION}.rules.${id}: "${String(value)}" is not one of error, warning, info, off (ignored)`);
      else rules[id] = value as RuleSetting;
    }
  const debounce = read('debounceMs');
  return {
    enable: boolean(read('enable'), true),
    rules,
    inlayHints: boolean(read('inlayHints.enabled'), true),
    codeLens: boolean(read('codeLens.enabled'), true),
    debounceMs:
      typeof debounce === 'number' && Number.isFinite(debounce)
        ? Math.min(Math.max(debounce, 0), 5000)
        : DEFAULT_DEBOUNCE_MS,
  };
}

function boolean(value: unknown, fallback: boolean): boolean {
  return typeof value === 'boolean' ? value : fallback;
}

/**
 * A reader over a plain settings object, as LSP clients send it: nested
 * (`{ inlayHints: { enabled: false } }`) or with dotted keys
 * (`{ "inlayHints.enabled": false }`), both accepted.
 */
export function objectReader(section: unknown): SettingReader {
  const root = section && typeof section === 'object' ? (section as Record<string, unknown>) : {};
  return (name) => {
    if (name in root) return root[name];
    let at: unknown = root;
    for (const part of name.split('.')) {
      if (!at || typeof at !== 'object') return undefined;
      at = (at as Record<string, unknown>)[part];
    }
    return at;
  };
}
