/**
 * Mechanical fixes trained side by side with the model as written: which to
 * try (the fixes of the likely causes of its symptoms, when no fix of a
 * static finding already made it learn), and afterwards which ones actually
 * helped, in words with the numbers. Pure.
 */
import type { Diagnosis, RunResult, SymptomKind } from '../protocol';
import type { ModelSpec } from '../spec';
import { fmt2 } from '../verdict';
import { applyMechanicalFix, type InputRange, likelyCauses, type MechanicalFix } from './causes';

/** At most this many mechanical fixes are trained, in the order of the causes. */
const MAX_EXPERIMENTS = 4;

const FAILS = new Set(['cannot-learn', 'diverges', 'inconclusive']);

/**
 * The mechanical fixes to train after the model as written (and the fixes of
 * its static findings) have trained: none when a static fix learns, when Keras
 * rejects the model, or when it learns with no symptom.
 */
export function chooseExperiments(
  asWritten: RunResult,
  fixes: RunResult[],
  spec: ModelSpec,
  input: InputRange,
  rejected: boolean,
): { fix: MechanicalFix; label: string }[] {
  if (rejected || fixes.some((f) => f.verdict === 'learns')) return [];
  if (!asWritten.symptoms.length) return [];
  if (asWritten.verdict === 'learns' && asWritten.symptoms.every((s) => !NEEDS_TRYING.has(s.kind))) return [];
  const chosen: { fix: MechanicalFix; label: string }[] = [];
  for (const cause of likelyCauses(asWritten.symptoms, spec, input)) {
    if (!cause.fix || chosen.some((c) => c.fix === cause.fix)) continue;
    const fixed = applyMechanicalFix(spec, cause.fix, input);
    if (fixed) chosen.push({ fix: cause.fix, label: fixed.label });
  }
  return chosen.slice(0, MAX_EXPERIMENTS);
}

/** Symptoms worth trying fixes for even when the model learns (it learns badly). */
const NEEDS_TRYING = new Set<SymptomKind>(['oscillating-loss', 'exploding-gradient', 'non-finite', 'dead-relu']);

const reachedWords = (run: RunResult, task: 'classification' | 'regression') =>
  run.reached === null || run.reached === undefined
    ? ''
    : task === 'classification'
      ? `accuracy ${fmt2(run.reached)}`
      : `validation loss ${+run.reached.toPrecision(3)}`;

/** Whether a mechanical fix helped, against the model as written: a better verdict, a better result, or its symptoms gone. */
export function judgeExperiment(
  asWritten: RunResult,
  run: RunResult,
  task: 'classification' | 'regression',
): { helps: boolean; finding: string } {
  const was = reachedWords(asWritten, task);
  const now = reachedWords(run, task);
  const cured = asWritten.symptoms
    .map((s) => s.kind)
    .filter((k, i, all) => all.indexOf(k) === i && !run.symptoms.some((t) => t.kind === k));
  const left = run.symptoms.map((s) => s.kind).filter((k, i, all) => all.indexOf(k) === i);
  const curedWords = cured.length ? `; gone: ${cured.map(symptomName).join(', ')}` : '';
  const leftWords = left.length ? `; still: ${left.map(symptomName).join(', ')}` : '';
  if (FAILS.has(asWritten.verdict) && run.verdict === 'learns')
    return {
      helps: true,
      finding: `it learns (${now}; as written: ${asWritten.verdict}${was ? `, ${was}` : ''})${curedWords}`,
    };
  if (asWritten.verdict === 'learns' && run.verdict === 'learns') {
    const a = asWritten.reached ?? NaN;
    const b = run.reached ?? NaN;
    const better = task === 'classification' ? b >= a + 0.05 : b <= 0.8 * a;
    if (better)
      return { helps: true, finding: `it learns better (${now}; as written ${was})${curedWords}${leftWords}` };
    if (cured.length)
      return { helps: true, finding: `it learns as well (${now}; as written ${was})${curedWords}${leftWords}` };
    return { helps: false, finding: `it learns as the model as written does (${now}; as written ${was})${leftWords}` };
  }
  if (FAILS.has(asWritten.verdict) && run.verdict === 'inconclusive' && asWritten.verdict !== 'inconclusive')
    return {
      helps: false,
      finding: `it does better without learning clearly (${now}; as written: ${asWritten.verdict}${was ? `, ${was}` : ''})${curedWords}${leftWords}`,
    };
  return {
    helps: false,
    finding: `${run.verdict === 'learns' ? 'it learns' : `it ${run.verdict === 'cannot-learn' ? 'still cannot learn' : run.verdict === 'diverges' ? 'diverges' : 'gives no clear answer'}`}${now ? ` (${now})` : ''}${leftWords}`,
  };
}

const SYMPTOM_NAMES: Record<SymptomKind, string> = {
  'vanishing-gradient': 'vanishing gradient',
  'exploding-gradient': 'exploding gradient',
  'non-finite': 'NaN/Inf',
  'dead-relu': 'dead ReLUs',
  saturated: 'saturated activations',
  'loss-at-chance': 'loss at chance level',
  'oscillating-loss': 'oscillating loss',
  'constant-predictions': 'constant predictions',
  'majority-accuracy': 'majority-class accuracy',
};

const symptomName = (k: SymptomKind) => SYMPTOM_NAMES[k];

/** The sentence the summary ends with: the model as written's symptoms, then which mechanical fix helps. */
export function diagnosisSentence(asWritten: RunResult, diagnosis: Diagnosis | undefined): string {
  if (!asWritten.history.loss.length) return '';
  const kinds = asWritten.symptoms.map((s) => s.kind).filter((k, i, all) => all.indexOf(k) === i);
  const symptoms = kinds.length ? `Symptoms: ${kinds.map(symptomName).join(', ')}.` : 'No symptom.';
  const tried = diagnosis?.experiments ?? [];
  if (!tried.length) return symptoms;
  const helping = tried.filter((e) => e.helps);
  if (!helping.length)
    return `${symptoms} None of the mechanical fixes helps (${tried.map((e) => `“${e.label}”: ${e.verdict}`).join(', ')}).`;
  return `${symptoms} ${helping.map((e) => `“${e.label}” helps: ${e.finding}`).join('. ')}.`;
}
