/**
 * Splitting a loaded sample into training and validation parts, stratified by
 * class (each class keeps its share in both), so a verdict read off validation
 * accuracy is not skewed by an unlucky split. Order within each part follows
 * the (already shuffled) sample.
 */
import type { TrainingData } from './types';

export interface DataPart {
  x: Float32Array;
  xShape: number[];
  y: Float32Array;
  yShape: number[];
  /** Class id per example; null for continuous targets. */
  classIds: Int32Array | null;
  n: number;
}

export function splitForValidation(data: TrainingData, fraction: number): { train: DataPart; validation: DataPart } {
  const n = data.xShape[0];
  const inValidation = new Uint8Array(n);
  if (data.classIds) {
    const counts = new Map<number, number>();
    for (const id of data.classIds) counts.set(id, (counts.get(id) ?? 0) + 1);
    const want = new Map(
      [...counts].map(([id, count]) => [id, count > 1 ? Math.max(1, Math.round(count * fraction)) : 0]),
    );
    for (let i = n - 1; i >= 0; i--) {
      const id = data.classIds[i];
      const left = want.get(id)!;
      if (left > 0) {
        inValidation[i] = 1;
        want.set(id, left - 1);
      }
    }
  } else {
    const k = Math.round(n * fraction);
    inValidation.fill(1, n - k);
  }
  const pick = (flag: number): DataPart => {
    const rows: number[] = [];
    for (let i = 0; i < n; i++) if (inValidation[i] === flag) rows.push(i);
    return take(data, rows);
  };
  return { train: pick(0), validation: pick(1) };
}

function take(data: TrainingData, rows: number[]): DataPart {
  const xWidth = data.x.length / Math.max(1, data.xShape[0]);
  const yWidth = data.y.length / Math.max(1, data.yShape[0]);
  const x = new Float32Array(rows.length * xWidth);
  const y = new Float32Array(rows.length * yWidth);
  rows.forEach((r, i) => {
    x.set(data.x.subarray(r * xWidth, (r + 1) * xWidth), i * xWidth);
    y.set(data.y.subarray(r * yWidth, (r + 1) * yWidth), i * yWidth);
  });
  return {
    x,
    xShape: [rows.length, ...data.xShape.slice(1)],
    y,
    yShape: [rows.length, ...data.yShape.slice(1)],
    classIds: data.classIds ? Int32Array.from(rows, (r) => data.classIds![r]) : null,
    n: rows.length,
  };
}
