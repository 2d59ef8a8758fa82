/**
 * The editor's analyses: one per source version, shared by diagnostics, code
 * actions, hovers, lenses and hints (the cache is src/editor-core/analysis-cache.ts),
 * with the settings VS Code holds for the source.
 */
import type * as vscode from 'vscode';
import type { Analyzer } from '../analyzer';
import { type Analysis as CoreAnalysis, AnalysisCache } from '../editor-core/analysis-cache';
import { readSettings } from './settings';
import type { AnalysisSource } from './sources';

export type Analysis = CoreAnalysis<AnalysisSource>;

export class AnalysisService implements vscode.Disposable {
  private readonly cache: AnalysisCache<AnalysisSource>;
  private loaded: Analyzer | undefined;
  private readonly warned = new Set<string>();

  constructor(
    private readonly analyzer: Promise<Analyzer>,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.cache = new AnalysisCache(log);
    analyzer.then((a) => (this.loaded = a)).catch(() => undefined);
  }

  /** Resolves once the parsers are loaded (rejects if they cannot be). */
  ready(): Promise<Analyzer> {
    return this.analyzer;
  }

  settingsChanged(): void {
    this.cache.settingsChanged();
    this.warned.clear();
  }

  private warnOnce(message: string): void {
    if (this.warned.has(message)) return;
    this.warned.add(message);
    this.log.warn(message);
  }

  forget(key: string): void {
    this.cache.forget(key);
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
    const cached = this.cache.cached(source);
    if (cached) return cached;
    return this.cache.analyze(
      analyzer,
      source,
      readSettings(source.scope, (m) => this.warnOnce(m)),
    );
  }
}
