/**
 * The `modelDoctor.*` settings the editor features read. Training settings
 * (`modelDoctor.training.*`) belong to the verify feature.
 */
import * as vscode from 'vscode';
import type { RuleSetting } from '../analyzer';
import { RULES } from '../analyzer';

export const SECTION = 'modelDoctor';

const RULE_SETTINGS = new Set<string>(['error', 'warning', 'info', 'off']);
const RULE_IDS = new Set(RULES.map((r) => r.meta.id));

export interface EditorSettings {
  enable: boolean;
  /** Per-rule severity or 'off' (only known rule ids and valid values survive). */
  rules: Record<string, RuleSetting>;
  inlayHints: boolean;
  codeLens: boolean;
  debounceMs: number;
}

/** Reads the settings for a resource (folder settings can differ per workspace folder). */
export function readSettings(scope?: vscode.ConfigurationScope, warn?: (message: string) => void): EditorSettings {
  const config = vscode.workspace.getConfiguration(SECTION, scope);
  const rules: Record<string, RuleSetting> = {};
  const raw = config.get<Record<string, unknown>>('rules') ?? {};
  for (const [id, value] of Object.entries(raw)) {
    if (!RULE_IDS.has(id)) warn?.(`setting modelDoctor.rules: unknown rule id "${id}" (ignored)`);
    else if (typeof value !== 'string' || !RULE_SETTINGS.has(value))
      warn?.(`setting modelDoctor.rules.${id}: "${String(value)}" is not one of error, warning, info, off (ignored)`);
    else rules[id] = value as RuleSetting;
  }
  const debounce = config.get<number>('debounceMs', 300);
  return {
    enable: config.get<boolean>('enable', true),
    rules,
    inlayHints: config.get<boolean>('inlayHints.enabled', true),
    codeLens: config.get<boolean>('codeLens.enabled', true),
    debounceMs: Number.isFinite(debounce) ? Math.min(Math.max(debounce, 0), 5000) : 300,
  };
}

/** True when a configuration change touches settings that change what is published. */
export function affectsAnalysis(e: vscode.ConfigurationChangeEvent): boolean {
  return e.affectsConfiguration(`${SECTION}.enable`) || e.affectsConfiguration(`${SECTION}.rules`);
}
