/**
 * Runs the analyzer on program sources and remembers the latest result per
 * source, so diagnostics, code actions, hovers, lenses and hints of one
 * document version share one analysis. Editor-neutral: the editor passes the
 * settings in force for the source.
 */
import type { AnalysisResult, Analyzer } from '../analyzer';
import type { ProgramSource } from './program-source';
import type { EditorSettings } from './settings';

export interface Analysis<S extends ProgramSource = ProgramSource> {
  source: S;
  result: AnalysisResult;
  settings: EditorSettings;
  /** Milliseconds the analyzer took. */
  millis: number;
}

export interface AnalysisLog {
  error(message: string): void;
}

export class AnalysisCache<S extends ProgramSource = ProgramSource> {
  private readonly entries = new Map<string, { version: string; generation: number; analysis: Analysis<S> }>();
  /** Bumped when settings change, so results made with old settings are not reused. */
  private generation = 0;

  constructor(private readonly log: AnalysisLog) {}

  settingsChanged(): void {
    this.generation++;
    this.entries.clear();
  }

  forget(key: string): void {
    this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }

  /** The cached analysis of this exact version, if any. */
  cached(source: S): Analysis<S> | null {
    const hit = this.entries.get(source.key);
    return hit && hit.version === source.version && hit.generation === this.generation ? hit.analysis : null;
  }

  /**
   * The analysis of a source, or null when analysis is disabled for it or its
   * language has no front end. Analysis errors are logged, never thrown.
   */
  analyze(analyzer: Analyzer, source: S, settings: EditorSettings): Analysis<S> | null {
    const cached = this.cached(source);
    if (cached) return cached;
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
      this.log.error(`analysis of ${source.fileName} failed: ${(error as Error).stack ?? error}`);
      return null;
    }
    const millis = performance.now() - started;
    for (const e of result.internalErrors) this.log.error(`${source.fileName}: ${e}`);
    const analysis = { source, result, settings, millis };
    this.entries.set(source.key, { version: source.version, generation: this.generation, analysis });
    return analysis;
  }
}
