/**
 * Output of `model-doctor summary`: a table like Keras's `model.summary()`,
 * or the versioned JSON contract
 * `{"version":1,"models":[{"name","range","layers":[{"name","type","outputShape","params"}],"totalParams","trainableParams"}]}`
 * (notebooks add the model's 1-based `cell`).
 */
import type { ModelSummary } from '../analyzer/summary';

export interface PlacedSummary {
  summary: ModelSummary;
  /** 0-based, in the file (notebooks: in the cell). */
  start: { line: number; character: number };
  end: { line: number; character: number };
  /** 0-based notebook cell index. */
  cell?: number;
}

const oneBased = (p: { line: number; character: number }) => ({ line: p.line + 1, column: p.character + 1 });

export function formatSummaryJson(models: PlacedSummary[]): string {
  return `${JSON.stringify({
    version: 1,
    models: models.map(({ summary, start, end, cell }) => ({
      name: summary.model.name,
      ...(cell === undefined ? {} : { cell: cell + 1 }),
      range: { start: oneBased(start), end: oneBased(end) },
      layers: summary.rows.map((r) => ({ name: r.name, type: r.type, outputShape: r.outputShape, params: r.params })),
      totalParams: summary.totalParams,
      trainableParams: summary.trainableParams,
    })),
  })}\n`;
}

/** As model.summary() prints shapes: `(None, 62, 62, 32)`, `?` when unknown. */
const shapeText = (shape: (number | null)[] | null) =>
  shape ? `(${shape.map((d) => (d === null ? 'None' : String(d))).join(', ')})` : '?';

const count = (n: number | null) => (n === null ? '?' : n.toLocaleString('en-US'));

/** Keras's readable_memory_size for float32 weights: 1024-based units, two decimals. */
export function memorySize(params: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'];
  let size = params * 4;
  for (const unit of units) {
    if (size / 1024 < 1) return `${size.toFixed(2)} ${unit}`;
    size /= 1024;
  }
  return `${size.toFixed(2)} PB`;
}

/** Keras's column widths at its default 88 characters; wider when a cell needs it. */
const MIN_WIDTHS = [31, 22, 13];

export function formatSummaryText(models: PlacedSummary[], file: string): string {
  if (models.length === 0) return `No Keras or TensorFlow.js models found in ${file}.\n`;
  return models.map((m) => table(m, file)).join('\n');
}

function table({ summary, start, cell }: PlacedSummary, file: string): string {
  const rows = summary.rows.map((r) => [`${r.name} (${r.type})`, shapeText(r.outputShape), count(r.params)]);
  const widths = MIN_WIDTHS.map((w, i) => Math.max(w, ...rows.map((r) => r[i].length)));
  const line = (l: string, fill: string, mid: string, r: string) =>
    l + widths.map((w) => fill.repeat(w + 2)).join(mid) + r;
  const cells = (values: string[], left: string, sep: string, right: string) =>
    left + values.map((v, i) => ` ${i === 2 ? v.padStart(widths[i]) : v.padEnd(widths[i])} `).join(sep) + right;
  const where = `${file}:${cell === undefined ? '' : `cell ${cell + 1}:`}${start.line + 1}:${start.character + 1}`;
  const out = [`Model: "${summary.model.name}"  (${where})`];
  out.push(line('┏', '━', '┳', '┓'));
  out.push(cells(['Layer (type)', 'Output Shape', 'Param #'], '┃', '┃', '┃'));
  out.push(line('┡', '━', '╇', '┩'));
  rows.forEach((r, i) => {
    if (i > 0) out.push(line('├', '─', '┼', '┤'));
    out.push(cells(r, '│', '│', '│'));
  });
  out.push(line('└', '─', '┴', '┘'));
  // Every shape known yet a count unknown: a custom layer's own weights (add_weight) used in an operation,
  // or a third-party layer whose shape is modelled but whose weights are not.
  const weightsOnly = summary.rows.every((r) => r.outputShape !== null);
  const uncounted = summary.rows.filter((r) => r.params === null);
  const foreign = uncounted.length > 0 && uncounted.every((r) => r.layer.library);
  const why = !summary.model.complete
    ? 'some layers could not be resolved'
    : weightsOnly
      ? foreign
        ? `the weights of third-party layers (${[...new Set(uncounted.map((r) => r.type))].join(', ')}) are not counted`
        : "the weights of some layers (a custom layer's add_weight) are not counted"
      : 'depends on shapes the code does not give; try --input-shape';
  const total = (label: string, n: number | null) =>
    ` ${label}: ${n === null ? `unknown (${why})` : `${count(n)} (${memorySize(n)})`}`;
  out.push(total('Total params', summary.totalParams));
  out.push(total('Trainable params', summary.trainableParams));
  out.push(total('Non-trainable params', summary.nonTrainableParams));
  if (!summary.model.complete) out.push(' (some layers could not be resolved: the table may be incomplete)');
  return `${out.join('\n')}\n`;
}
