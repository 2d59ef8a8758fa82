/** The `modelDoctor.*` settings from VS Code's configuration (parsed in src/editor-core/settings.ts). */
import * as vscode from 'vscode';
import { type EditorSettings, parseSettings, SECTION } from '../editor-core/settings';

export { SECTION };

/** Reads the settings for a resource (folder settings can differ per workspace folder). */
export function readSettings(scope?: vscode.ConfigurationScope, warn?: (message: string) => void): EditorSettings {
  const config = vscode.workspace.getConfiguration(SECTION, scope);
  return parseSettings((name) => config.get(name), warn);
}

/** True when a configuration change touches settings that change what is published. */
export function affectsAnalysis(e: vscode.ConfigurationChangeEvent): boolean {
  return e.affectsConfiguration(`${SECTION}.enable`) || e.affectsConfiguration(`${SECTION}.rules`);
}
