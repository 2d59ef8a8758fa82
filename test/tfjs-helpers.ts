/** Helpers for the TensorFlow.js front end tests: analyse JS/TS text, apply fixes, check the result still parses. */
import type { AnalysisResult, Finding } from '../src/analyzer';
import type { ModelIR } from '../src/analyzer/ir';
import { parseSource } from '../src/analyzer/tfjs/parser';
import { analyze, applyFix, py } from './helpers';

/** Dedents a template literal (the same as `py`, for JavaScript). */
export const js = py;

export async function analyzeJs(text: string, fileName = 'model.js'): Promise<AnalysisResult> {
  const language = /\.(ts|tsx|mts|cts)$/.test(fileName) ? 'typescript' : 'javascript';
  const result = await analyze(text, { language, fileName });
  if (result.internalErrors.length) throw new Error(result.internalErrors.join('\n'));
  return result;
}

export async function findingsJs(text: string, rule?: string, fileName = 'model.js'): Promise<Finding[]> {
  const { findings } = await analyzeJs(text, fileName);
  return rule ? findings.filter((f) => f.rule === rule) : findings;
}

/** The only model in the text. */
export async function onlyModel(text: string, fileName = 'model.js'): Promise<ModelIR> {
  const { models } = await analyzeJs(text, fileName);
  if (models.length !== 1) throw new Error(`expected 1 model, got ${models.length}`);
  return models[0];
}

export function layerTypes(model: ModelIR): string[] {
  return model.nodes.map((n) => n.layer.type);
}

/** Syntax errors TypeScript's parser reports for a file. */
export function syntaxErrors(text: string, fileName = 'model.js'): number {
  return parseSource(text, fileName, /\.tsx?$/.test(fileName) ? 'typescript' : 'javascript').errorCount;
}

/** Applies a fix and checks the result is still valid JavaScript/TypeScript. */
export function applyJsFix(text: string, finding: Finding, title?: string | RegExp, fileName = 'model.js'): string {
  const fixed = applyFix(text, finding, title);
  const errors = syntaxErrors(fixed, fileName);
  if (errors) throw new Error(`fix produced ${errors} syntax error(s):\n${fixed}`);
  return fixed;
}
