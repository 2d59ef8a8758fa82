/**
 * The analyzer's public API: text in, models and findings out. Pure
 * TypeScript, no `vscode`: the extension, the CLI, the trainer and the tests
 * all use this.
 */
import type { Parser } from 'web-tree-sitter';
import type { Dialect } from './dialect';
import type { Finding, Severity } from './findings';
import type { FrontEnd } from './front-end';
import type { ModelIR } from './ir';
import type { ModelBuilder } from './model-builder';
import { checkSourceSize } from './not-analysed';
import { PythonFrontEnd } from './python/front-end';
import { loadPythonParser } from './python/parser';
import { RULES } from './rules';
import { tfjsFrontEnds } from './tfjs/lazy';
import type { Report, ShapeView } from './rules/rule';
import { inferShapes } from './shapes';
import { applySuppressions } from './suppressions';
import { LineIndex } from './text-index';

export type SourceLanguage = 'python' | 'javascript' | 'typescript';

export type RuleSetting = Severity | 'off';

export interface AnalyzeOptions {
  language?: SourceLanguage;
  fileName?: string;
  /** Per-rule severity overrides or 'off'. */
  rules?: Record<string, RuleSetting>;
  /** Input shape without the batch axis, for model inputs whose shape the code does not give. */
  inputShape?: (number | null)[];
}

export interface AnalysisResult {
  language: SourceLanguage;
  models: ModelIR[];
  findings: Finding[];
  syntaxErrors: number;
  dialect: Dialect;
  shapes: ShapeView;
  builder: ModelBuilder;
  lines: LineIndex;
  /** Analyzer bugs caught on the way (a rule that threw). Never user errors. */
  internalErrors: string[];
}

const EXTENSIONS: Record<string, SourceLanguage> = {
  '.py': 'python',
  '.pyw': 'python',
  '.js': 'javascript',
  '.mjs': 'javascript',
  '.cjs': 'javascript',
  '.jsx': 'javascript',
  '.ts': 'typescript',
  '.mts': 'typescript',
  '.cts': 'typescript',
  '.tsx': 'typescript',
};

export function languageForFile(fileName: string): SourceLanguage | null {
  const m = /\.[^./\\]+$/.exec(fileName.toLowerCase());
  return m ? (EXTENSIONS[m[0]] ?? null) : null;
}

export class Analyzer {
  private readonly frontEnds: Partial<Record<SourceLanguage, FrontEnd>>;

  private constructor(python: Parser) {
    this.frontEnds = { python: new PythonFrontEnd(python), ...tfjsFrontEnds() };
  }

  /** Loads the parsers (tree-sitter's WASM is asynchronous to start); analysis is synchronous afterwards. */
  static async create(): Promise<Analyzer> {
    return new Analyzer(await loadPythonParser());
  }

  supports(language: SourceLanguage): boolean {
    return !!this.frontEnds[language];
  }

  /** Throws {@link SourceNotAnalysed} for a source it refuses (too large, nested too deeply): report it as not analysed. */
  analyze(text: string, options: AnalyzeOptions = {}): AnalysisResult {
    const language = options.language ?? (options.fileName ? languageForFile(options.fileName) : null) ?? 'python';
    const frontEnd = this.frontEnds[language];
    if (!frontEnd) throw new Error(`no analyzer for ${language} files`);
    checkSourceSize(text);
    const front = frontEnd.analyze(text, options.fileName);
    const lines = new LineIndex(text);
    const { models, representative } = distinctModels(front.models);
    // Rules see every instance (a helper called twice may be fitted differently each time);
    // callers see one model per constructor site.
    const shapes = inferShapes(front.models, { inputShape: options.inputShape });
    const internalErrors: string[] = [];
    let findings: Finding[] = [];
    // Settings looked up once, one report callback per model: a closure per rule and model was a
    // tenth of the memory an analysis of model-dense code allocated.
    const enabled = RULES.flatMap((rule) => {
      const setting = options.rules?.[rule.meta.id];
      return setting === 'off' ? [] : [{ rule, setting }];
    });
    for (const model of front.models) {
      const modelId = representative.get(model)!.id;
      let current = enabled[0];
      const report = (r: Report) =>
        findings.push({
          rule: current.rule.meta.id,
          severity: current.setting ?? r.severity ?? current.rule.meta.severity,
          message: r.message,
          span: r.span,
          related: r.related ?? [],
          fixes: r.fixes ?? [],
          modelId,
        });
      const context = { model, dialect: front.dialect, shapes, report };
      for (current of enabled) {
        try {
          current.rule.check(context);
        } catch (error) {
          internalErrors.push(
            `rule ${current.rule.meta.id} failed on model ${model.name}: ${(error as Error).stack ?? error}`,
          );
        }
      }
    }
    findings = applySuppressions(dedupe(findings), text, (offset) => lines.line(offset));
    findings.sort((a, b) => a.span.start - b.span.start || a.rule.localeCompare(b.rule));
    return {
      language,
      models,
      findings,
      syntaxErrors: front.syntaxErrors,
      dialect: front.dialect,
      shapes,
      builder: front.builder,
      lines,
      internalErrors,
    };
  }
}

/**
 * A helper called twice builds two models from the same source: keep one per
 * constructor site (the most informed: compiled and fitted), in source order.
 */
function distinctModels(all: ModelIR[]): { models: ModelIR[]; representative: Map<ModelIR, ModelIR> } {
  const bySite = new Map<string, ModelIR>();
  const key = (m: ModelIR) => `${m.span.start}:${m.span.end}`;
  const score = (m: ModelIR) => (m.compile ? 2 : 0) + (m.fits.length ? 1 : 0);
  for (const m of all) {
    const existing = bySite.get(key(m));
    if (!existing || score(m) > score(existing)) bySite.set(key(m), m);
  }
  const representative = new Map(all.map((m) => [m, bySite.get(key(m))!]));
  return { models: [...bySite.values()].sort((a, b) => a.span.start - b.span.start), representative };
}

function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.rule}|${f.span.start}|${f.span.end}|${f.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export type { Finding, Fix, Edit } from './findings';
export { applyEdits, nonOverlapping } from './findings';
export { RULES } from './rules';
export { isSourceNotAnalysed, MAX_SOURCE_CHARACTERS, SourceNotAnalysed } from './not-analysed';
export { summarizeModel } from './summary';
