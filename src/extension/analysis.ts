/**
 * Runs the analyzer on sources and remembers the latest result per source, so
 * diagnostics, code actions, hovers, lenses and hints of one document version
 * share one analysis.
 */
import type * as vscode from 'vscode';
import { isSourceNotAnalysed, type AnalysisResult, type Analyzer } from '../analyzer';
import { readSettings, type EditorSettings } from './settings';
import type { AnalysisSource } from './sources';

export interface Analysis {
  source: AnalysisSource;
  result: AnalysisResult;
  settings: EditorSettings;
  /** Milliseconds the analyzer took. */
  millis: number;
}

export class AnalysisService implements vscode.Disposable {
  private readonly cache = new Map<string, { version: string; generation: number; analysis: Analysis }>();
  /** Bumped when settings change, so cached results made with old settings are not reused. */
  private generation = 0;
  private loaded: Analyzer | undefined;
  private readonly warned = new Set<string>();

  constructor(
    private readonly analyzer: Promise<Analyzer>,
    private readonly log: vscode.LogOutputChannel,
  ) {
    analyzer.then((a) => (this.loaded = a)).catch(() => undefined);
  }

  /** Resolves once the parsers are loaded (rejects if they cannot be). */
  ready(): Promise<Analyzer> {
    return this.analyzer;
  }

  settingsChanged(): void {
    this.generation++;
    this.cache.clear();
    this.warned.clear();
  }

  private warnOnce(message: string): void {
    if (this.warned.has(message)) return;
    this.warned.add(message);
    this.log.warn(message);
  }

  forget(key: string): void {
    this.cache.delete(key);
  }

  dispose(): void {
    this.cache.clear();
  }

  /**
   * The analysis of a source, or null when analysis is disabled for it or its
   * language has no front end. Analysis errors are logged, never thrown.
   */
  async analyze(source: AnalysisSource): Promise<Analysis | null> {
    const analyzer = this.loaded ?? (await this.analyzer);
    return this.analyzeNow(analyzer, source);
  }

  private analyzeNow(analyzer: Analyzer, source: AnalysisSource): Analysis | null {
    const cached = this.cache.get(source.key);
    if (cached && cached.version === source.version && cached.generation === this.generation) return cached.analysis;
    const settings = readSettings(source.scope, (m) => this.warnOnce(m));
    if (!settings.enable || !analyzer.supports(source.language)) return null;
    const started = performance.now();
    let result: AnalysisResult;
    try {
      result = analyzer.analyze(source.text, {
        language: source.language,
        fileName: source.fileName,
        rules: settings.rules,
      });
    } catch (error) {
      if (isSourceNotAnalysed(error)) this.warnOnce(`${source.fileName} is not analysed: ${error.message}`);
      else this.log.error(`analysis of ${source.fileName} failed: ${(error as Error).stack ?? error}`);
      return null;
    }
    const millis = performance.now() - started;
    for (const e of result.internalErrors) this.log.error(`${source.fileName}: ${e}`);
    const analysis = { source, result, settings, millis };
    this.cache.set(source.key, { version: source.version, generation: this.generation, analysis });
    return analysis;
  }
}
