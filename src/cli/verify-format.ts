/** Text output of `model-doctor verify`: a small table with sparklines, then the verdict. */
import type { VerifyResult } from '../trainer/protocol';

const BARS = '▁▂▃▄▅▆▇█';

/** One character per value; `range` fixes the scale (accuracy 0–1), else min–max of the values. */
function sparkline(values: number[], range?: [number, number]): string {
  const finite = values.filter((v) => Number.isFinite(v));
  if (finite.length === 0) return values.map(() => '·').join('');
  const lo = range ? range[0] : Math.min(...finite);
  const hi = range ? range[1] : Math.max(...finite);
  return values
    .map((v) => {
      if (!Number.isFinite(v)) return '!';
      if (hi === lo) return BARS[0];
      const i = Math.round(((Math.min(hi, Math.max(lo, v)) - lo) / (hi - lo)) * (BARS.length - 1));
      return BARS[i];
    })
    .join('');
}

const last = (xs: number[]) => (xs.length ? xs[xs.length - 1] : NaN);
const num = (x: number) =>
  Number.isFinite(x) ? (Math.abs(x) >= 1000 ? x.toExponential(1) : x.toFixed(Math.abs(x) >= 100 ? 0 : 3)) : String(x);

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}

/** Which data was trained on: your data's report, or what the synthetic data is (and why it was used when the code names data). */
export function dataLines(record: Record<string, unknown>): string[] {
  const data = record as {
    source?: string;
    description?: string;
    train?: number;
    validation?: number;
    report_lines?: string[];
    synthetic_reason?: string;
    labels?: Record<string, string>;
  };
  if (data.source === 'yours' && data.report_lines) {
    // Each run encodes the labels its own way; that replaces the loader's one encoding.
    const lines = data.report_lines.filter((l) => !l.startsWith('Labels: '));
    lines.splice(2, 0, ...labelLines(data.labels ?? {}));
    return [
      ...lines,
      `Split: ${data.train} training / ${data.validation} validation examples${'majority_rate' in data ? ', stratified by class' : ''}`,
    ];
  }
  const lines: string[] = [];
  if (data.description)
    lines.push(`Data: synthetic — ${data.description}; ${data.train} training / ${data.validation} validation samples`);
  if (data.synthetic_reason) lines.push(`Synthetic because ${data.synthetic_reason} (--data PATH trains on yours)`);
  return lines;
}

function labelLines(labels: Record<string, string>): string[] {
  const entries = Object.entries(labels);
  if (entries.length === 0) return [];
  if (new Set(entries.map(([, how]) => how)).size === 1) return [`Labels: ${entries[0][1]}`];
  return entries.map(([run, how]) => `Labels (${run}): ${how}`);
}

/** The likely causes of the symptoms of the model as written, and what each mechanical fix tried did. */
function diagnosisLines(result: VerifyResult): string[] {
  const d = result.diagnosis;
  if (!d) return [];
  const lines = ['', 'Likely causes (model as written):'];
  for (const c of d.causes) {
    const tried = c.fix ? d.experiments.find((e) => e.label === c.fix) : undefined;
    lines.push(`  - ${c.cause}: ${c.evidence}`);
    if (tried) lines.push(`    tried “${tried.label}”: ${tried.helps ? 'helps' : 'does not help'} — ${tried.finding}`);
  }
  return lines;
}

export function formatVerifyText(result: VerifyResult, where: { file: string; model: string; line: number }): string {
  const lines: string[] = [];
  lines.push(
    `Model ${where.model} (${where.file}:${where.line}) — ${result.backend} backend, ${result.seconds.toFixed(1)} s`,
  );
  lines.push(...dataLines(result.data));
  const scaled = result.scaled as {
    reason?: string;
    input_shape?: { from: number[]; to: number[] };
    layers?: { layer: string; argument: string; from: unknown; to: unknown }[];
    epochs?: { from: number; to: number };
  };
  if (Object.keys(scaled).length) {
    const parts: string[] = [];
    if (scaled.input_shape)
      parts.push(`input ${scaled.input_shape.from.join('×')} → ${scaled.input_shape.to.join('×')}`);
    for (const l of scaled.layers ?? []) parts.push(`${l.layer} ${l.argument} ${l.from}→${l.to}`);
    if (scaled.epochs) parts.push(`epochs ${scaled.epochs.from}→${scaled.epochs.to}`);
    lines.push(`Scaled replica${scaled.reason ? ` (${scaled.reason})` : ''}: ${parts.join('; ') || 'see JSON'}`);
  }
  lines.push('');
  const classification = result.runs.some((r) => r.history.accuracy.length > 0);
  const width = Math.max(10, ...result.runs.map((r) => Math.min(48, r.label.length)));
  const header = classification
    ? `${pad('run', width)}  ${pad('verdict', 12)}  ${pad('val_acc', 7)}  ${pad('val_loss', 8)}  val_accuracy by epoch`
    : `${pad('run', width)}  ${pad('verdict', 12)}  ${pad('val_loss', 8)}  val_loss by epoch`;
  lines.push(header);
  for (const r of result.runs) {
    const label = r.label.length > width ? `${r.label.slice(0, width - 1)}…` : r.label;
    const h = r.history;
    if (classification) {
      lines.push(
        `${pad(label, width)}  ${pad(r.verdict, 12)}  ${pad(num(last(h.val_accuracy)), 7)}  ${pad(num(last(h.val_loss)), 8)}  ${sparkline(h.val_accuracy, [0, 1])}`,
      );
    } else {
      lines.push(
        `${pad(label, width)}  ${pad(r.verdict, 12)}  ${pad(num(last(h.val_loss)), 8)}  ${sparkline(h.val_loss)}`,
      );
    }
  }
  lines.push('');
  for (const r of result.runs) {
    lines.push(`${r.label}: ${r.detail}`);
    if (r.stopped) lines.push(`  stopped after epoch ${r.stopped.epoch} of ${r.stopped.of}: ${r.stopped.reason}`);
    if (r.history.loss.length) {
      if (!r.symptoms.length) lines.push('  no symptom');
      for (const s of r.symptoms) lines.push(`  symptom: ${s.message}`);
    }
  }
  lines.push(...diagnosisLines(result));
  for (const n of result.notes) lines.push(`note: ${n}`);
  lines.push('');
  lines.push(result.summary);
  return `${lines.join('\n')}\n`;
}
