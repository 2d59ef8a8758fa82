/**
 * The `modelDoctor` settings of the language server, under the extension's
 * names: asked from the client per document through `workspace/configuration`
 * where it supports that, else taken from `initializationOptions` and
 * `workspace/didChangeConfiguration` (`{ modelDoctor: { rules: {...} } }`).
 */
import type { Connection } from 'vscode-languageserver/node';
import { type EditorSettings, objectReader, parseSettings, SECTION } from '../editor-core/settings';

export class SettingsStore {
  private readonly byScope = new Map<string, Promise<EditorSettings>>();
  private pushed: unknown;
  private readonly warned = new Set<string>();

  constructor(
    private readonly connection: Connection,
    private readonly askClient: boolean,
    initializationOptions: unknown,
  ) {
    this.pushed = sectionOf(initializationOptions);
  }

  /** Settings for a document or notebook (folder settings can differ per scope). */
  get(scopeUri: string): Promise<EditorSettings> {
    const key = this.askClient ? scopeUri : '';
    let settings = this.byScope.get(key);
    if (!settings) {
      settings = this.load(scopeUri);
      this.byScope.set(key, settings);
    }
    return settings;
  }

  /** After `workspace/didChangeConfiguration`: forget what was read (clients that push settings send them here). */
  changed(settings: unknown): void {
    const section = sectionOf(settings);
    if (section !== undefined) this.pushed = section;
    this.byScope.clear();
    this.warned.clear();
  }

  private async load(scopeUri: string): Promise<EditorSettings> {
    let section = this.pushed;
    if (this.askClient) {
      try {
        section = (await this.connection.workspace.getConfiguration({ scopeUri, section: SECTION })) ?? this.pushed;
      } catch (error) {
        this.warn(`could not read the settings from the client: ${(error as Error).message}`);
      }
    }
    return parseSettings(objectReader(section), (m) => this.warn(m));
  }

  private warn(message: string): void {
    if (this.warned.has(message)) return;
    this.warned.add(message);
    this.connection.console.warn(message);
  }
}

/**
 * The `modelDoctor` section of what a client sends: `{ modelDoctor: {...} }`, dotted keys
 * (`{ "modelDoctor.rules": {...} }`, as JupyterLab's serverSettings allow), or the section itself.
 */
function sectionOf(settings: unknown): unknown {
  if (!settings || typeof settings !== 'object') return undefined;
  const record = settings as Record<string, unknown>;
  if (SECTION in record) return record[SECTION];
  const prefix = `${SECTION}.`;
  const dotted = Object.entries(record).filter(([key]) => key.startsWith(prefix));
  if (dotted.length) return Object.fromEntries(dotted.map(([key, value]) => [key.slice(prefix.length), value]));
  return settings;
}
