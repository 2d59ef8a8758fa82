/** Shared test helpers: one analyzer per process, findings by rule, applying a fix. */
import assert from 'node:assert/strict';
import { Analyzer, applyEdits, type AnalysisResult, type AnalyzeOptions, type Finding } from '../src/analyzer';
import { summarizeModel, type LayerRow } from '../src/analyzer/summary';

let shared: Promise<Analyzer> | undefined;

export function analyzer(): Promise<Analyzer> {
  shared ??= Analyzer.create();
  return shared;
}

export async function analyze(text: string, options: AnalyzeOptions = {}): Promise<AnalysisResult> {
  return (await analyzer()).analyze(text, { language: 'python', ...options });
}

/** The summary rows (type, output shape, parameters) of the `modelIndex`-th model found in Python `text`. */
export async function layerRows(
  text: string,
  modelIndex = 0,
): Promise<Pick<LayerRow, 'type' | 'outputShape' | 'params'>[]> {
  const result = await analyze(text);
  const model = result.models[modelIndex];
  assert.ok(model, 'no model found');
  return summarizeModel(model, result.shapes).rows.map(({ type, outputShape, params }) => ({
    type,
    outputShape,
    params,
  }));
}

export async function findings(text: string, rule?: string, options: AnalyzeOptions = {}): Promise<Finding[]> {
  const result = await analyze(text, options);
  return rule ? result.findings.filter((f) => f.rule === rule) : result.findings;
}

/** The text a fix produces; throws when no fix has that title. */
export function applyFix(text: string, finding: Finding, title?: string | RegExp): string {
  const fix =
    title === undefined
      ? (finding.fixes.find((f) => f.isPreferred) ?? finding.fixes[0])
      : finding.fixes.find((f) => (typeof title === 'string' ? f.title === title : title.test(f.title)));
  if (!fix) throw new Error(`no fix ${title ?? '(preferred)'} among: ${finding.fixes.map((f) => f.title).join(' | ')}`);
  return applyEdits(text, fix.edits);
}

/** The source text a finding points at. */
export function spanText(text: string, finding: Finding): string {
  return text.slice(finding.span.start, finding.span.end);
}

/** Dedents a template literal so Python tests can be written indented. */
export function py(strings: TemplateStringsArray, ...values: unknown[]): string {
  const raw = strings.reduce((acc, s, i) => acc + s + (i < values.length ? String(values[i]) : ''), '');
  const lines = raw.replace(/^\n/, '').split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => /^ */.exec(l)![0].length));
  return lines.map((l) => l.slice(indent)).join('\n');
}

/** The error `promise` rejects with, asserted to be a `type`; fails the test when it resolves. */
export async function rejection<E extends Error>(
  promise: Promise<unknown>,
  type: abstract new (...args: never[]) => E,
): Promise<E> {
  try {
    await promise;
  } catch (e) {
    assert.ok(e instanceof type, String(e));
    return e;
  }
  assert.fail(`expected a ${type.name}`);
}
