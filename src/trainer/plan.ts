/**
 * From a verify request to a training plan: analyse the source, pick the
 * model, take its error findings' fixes, apply each fix's edits to the text and
 * analyse the result again, so what is trained is exactly what the fix writes.
 * Runs where the analyzer is (the extension host or the CLI); the child
 * process only ever sees the resulting plain-JSON plan.
 */
import type { Analyzer, AnalysisResult, Finding, Fix } from '../analyzer';
import { applyEdits } from '../analyzer/findings';
import type { Edit } from '../analyzer/findings';
import type { ModelIR, Span } from '../analyzer/ir';
import { isSourceNotAnalysed } from '../analyzer/not-analysed';
import { isModelInput } from '../analyzer/shapes/input';
import { decideData, inputShapeFromData, splitCounts, type CodeData, type DataDecision } from './data-request';
import { badInput, VerifyError } from './errors';
import { formatShape, staticInputShapes } from './input-shape';
import { modelToSpec } from './ir-to-spec';
import type { VerifyRequest } from './protocol';
import type { DataPlan, ModelSpec, TrainingPlan, VariantPlan } from './spec';

const DEFAULTS = { epochs: 10, samples: 512, timeBudgetSeconds: 30, seed: 1234 } as const;

/** Findings that mean Keras refuses the model at compile or the first fit call: nothing trains as written. */
const KERAS_REJECTS = new Set(['unknown-loss', 'unknown-activation', 'unknown-optimizer', 'unknown-metric']);

export interface PlannedVerification {
  plan: TrainingPlan;
  /** The model chosen and the error findings whose fixes became variants. */
  model: ModelIR;
  findings: Finding[];
  /** Fixes that could not be turned into a variant, and why. */
  skipped: string[];
  /** The data the model's `fit` call loads, as the analyzer resolved it (used or not). */
  codeData: CodeData | null;
}

/** Every offset range a model's code covers: constructor, layers, compile, fit. */
function modelExtent(model: ModelIR): Span[] {
  const spans: Span[] = [model.span];
  for (const n of model.nodes) spans.push(n.span, n.layer.call.span);
  if (model.compile) spans.push(model.compile.call.span);
  for (const f of model.fits) spans.push(f.call.span);
  return spans;
}

function pickModel(analysis: AnalysisResult, line: number | undefined, lenient: boolean): ModelIR {
  const { models, findings, lines } = analysis;
  if (models.length === 0) throw badInput('no Keras model found in this file');
  if (line !== undefined) {
    const start = lines.offset(line - 1, 0);
    const end = lines.offset(line, 0);
    const hits = models
      .map((m) => {
        const spans = modelExtent(m).filter((s) => s.start < Math.max(end, start + 1) && s.end >= start);
        const size = Math.min(...modelExtent(m).map((s) => s.end - s.start));
        return { m, hit: spans.length > 0, size };
      })
      .filter((h) => h.hit);
    // The constructor span of an outer model can contain an inner one; prefer the tightest.
    if (hits.length) return hits.sort((a, b) => a.size - b.size)[0].m;
    if (!lenient) {
      const list = models.map((m) => `${m.name} (line ${lines.line(m.span.start) + 1})`).join(', ');
      throw badInput(`line ${line} is not part of a model; models in this file: ${list}`);
    }
  }
  const withError = models.find((m) => findings.some((f) => f.modelId === m.id && f.severity === 'error'));
  return withError ?? models[0];
}

/** Where an offset of the original text lands after the edits. */
function mapOffset(offset: number, edits: readonly Edit[]): number {
  let shift = 0;
  for (const e of edits) if (e.span.end <= offset) shift += e.newText.length - (e.span.end - e.span.start);
  return offset + shift;
}

function inputShapesFor(model: ModelIR, request: VerifyRequest): number[][] {
  const answer = staticInputShapes(model);
  if (request.inputShape) {
    const roots = model.nodes.filter(isModelInput).length;
    if (roots > 1) throw badInput('--input-shape gives one shape, but this model has several inputs');
    return [request.inputShape];
  }
  if (!answer.known) {
    throw new VerifyError(
      'input-shape-unknown',
      `the input shape of model ${model.name} is not known statically (${answer.reason}); give it, e.g. ${formatShape(answer.suggestion)} (without the batch axis)`,
      answer.suggestion,
    );
  }
  return answer.shapes;
}

function specOf(model: ModelIR, analysis: AnalysisResult, request: VerifyRequest, text: string): ModelSpec {
  return modelToSpec(model, {
    lineOf: (o) => analysis.lines.line(o) + 1,
    inputShapes: inputShapesFor(model, request),
    textOf: (s) => text.slice(s.start, s.end),
  });
}

export async function planVerification(
  analyzer: Analyzer,
  request: VerifyRequest,
  lenientLine = false,
): Promise<PlannedVerification> {
  const language = request.language;
  if (!analyzer.supports(language)) throw badInput(`${language} files are not supported yet`);
  let analysis: AnalysisResult;
  try {
    analysis = analyzer.analyze(request.source, { language, fileName: request.fileName });
  } catch (e) {
    if (isSourceNotAnalysed(e)) throw badInput(`the file could not be analysed: ${e.message}`);
    throw e;
  }
  const model = pickModel(analysis, request.line, lenientLine);
  const epochs = request.epochs ?? DEFAULTS.epochs;
  const samples = request.samples ?? DEFAULTS.samples;
  if (!Number.isInteger(epochs) || epochs < 1 || epochs > 1000)
    throw badInput('epochs must be a whole number from 1 to 1000');
  if (!Number.isInteger(samples) || samples < 8 || samples > 1_000_000)
    throw badInput('samples must be a whole number from 8 to 1000000');
  const validation = Math.max(32, Math.round(samples / 4));
  let data: DataDecision = decideData(model, request, (o) => analysis.lines.line(o) + 1, samples + validation);
  let shaped = request;
  if (data.user && !request.inputShape) {
    // The code does not state the input shape: one example of the data does.
    const answer = staticInputShapes(model);
    if (!answer.known && model.nodes.filter(isModelInput).length === 1) {
      const shape = await inputShapeFromData(data.user, answer.partial);
      data.user.inputShapeFromData = shape;
      shaped = { ...request, inputShape: shape };
    }
  }
  const findings = analysis.findings.filter((f) => f.modelId === model.id && f.severity === 'error');
  const rejection = findings.find((f) => KERAS_REJECTS.has(f.rule));
  const framework = language === 'python' ? 'Keras' : 'TensorFlow.js';
  let asWritten: ModelSpec | null = null;
  try {
    asWritten = specOf(model, analysis, shaped, shaped.source);
  } catch (e) {
    // A name Keras does not know cannot be rebuilt either; that is the finding, so the fixes still train.
    if (!rejection || (e instanceof VerifyError && e.kind === 'input-shape-unknown')) throw e;
  }
  const variants: VariantPlan[] = [];
  const skipped: string[] = [];
  const seenTexts = new Set<string>([shaped.source]);
  for (const finding of findings) {
    for (const fix of finding.fixes) {
      const variant = fixedVariant(analyzer, shaped, model, fix, seenTexts);
      if (typeof variant === 'string') skipped.push(`${fix.title}: ${variant}`);
      else if (variant) variants.push(variant);
    }
  }
  if (rejection) {
    const substitute = asWritten ?? variants[0]?.spec;
    if (!substitute)
      throw badInput(
        `${framework} rejects model ${model.name} before training (${rejection.message}), and none of its fixes can be trained${skipped.length ? `: ${skipped.slice(0, 3).join('; ')}${skipped.length > 3 ? `; … (${skipped.length - 3} more)` : ''}` : ''}`,
      );
    variants.unshift({
      label: 'as written',
      spec: substitute,
      rejected: `${framework} rejects the model before training: ${rejection.message}`,
    });
  } else {
    variants.unshift({ label: 'as written', spec: asWritten! });
  }
  if (data.user && variants[0].spec.targetsAreInputs) {
    // fit(x, x): the targets are the inputs, which the loader (a sample of inputs with labels) does not provide.
    const why = 'the model is trained on its own inputs (fit(x, x)), which verifying on your data does not support yet';
    if (data.user.origin === 'user')
      throw badInput(`cannot verify on your data: ${why}; train on synthetic data instead`);
    data = { codeData: data.codeData, syntheticReason: why };
  }
  const dataPlan: DataPlan = { seed: request.seed ?? DEFAULTS.seed, train: samples, validation };
  if (data.user) Object.assign(dataPlan, splitCounts(data.user.sample), { user: data.user });
  if (data.syntheticReason) dataPlan.syntheticReason = data.syntheticReason;
  if (data.codeData)
    dataPlan.codeSource = { described: data.codeData.described, rescale: data.codeData.input.source.rescale };
  const plan: TrainingPlan = {
    modelName: model.name,
    modelLine: analysis.lines.line(model.span.start) + 1,
    variants,
    data: dataPlan,
    epochs,
    scaled: {},
    backend: request.backend ?? 'auto',
    timeBudgetSeconds: request.timeBudgetSeconds ?? DEFAULTS.timeBudgetSeconds,
    fullSize: !!request.fullSize,
    stopEarly: !request.allEpochs,
  };
  return { plan, model, findings, skipped, codeData: data.codeData };
}

/** The model a fix writes, analysed again; a string says why it cannot be trained; null when it duplicates another variant. */
function fixedVariant(
  analyzer: Analyzer,
  request: VerifyRequest,
  model: ModelIR,
  fix: Fix,
  seen: Set<string>,
): VariantPlan | string | null {
  let text: string;
  try {
    text = applyEdits(request.source, fix.edits);
  } catch (e) {
    return (e as Error).message;
  }
  if (seen.has(text)) return null;
  seen.add(text);
  const analysis = analyzer.analyze(text, { language: request.language, fileName: request.fileName });
  const start = mapOffset(model.span.start, fix.edits);
  const fixed = analysis.models.find((m) => m.span.start === start);
  if (!fixed) return 'the fixed model could not be found again';
  try {
    const spec = specOf(fixed, analysis, request, text);
    return {
      label: fix.title,
      spec,
      fix: {
        title: fix.title,
        edits: fix.edits.map((e) => ({ start: e.span.start, end: e.span.end, newText: e.newText })),
      },
    };
  } catch (e) {
    return (e as Error).message;
  }
}
