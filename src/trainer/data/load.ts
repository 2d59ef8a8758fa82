/**
 * `loadTrainingData`: from a data source in the user's code (or a path the user
 * picked) to a sampled, labelled batch ready for training, with a report of
 * what was loaded and how.
 */
import * as path from 'node:path';
import { fitRowShape, labelKindOf, openArrays, type ArraySpec, type RowSource, type StoredLabels } from './arrays';
import { checkBatch } from './budget';
import { DataError, shapeText } from './errors';
import { ByteCounter, RandomAccessFile } from './file-reader';
import { loadTfjsNodeDecoder } from './images/decode-tfjs';
import { pureJsDecoder } from './images/decode-js';
import type { ImageDecoder } from './images/decoded';
import { imageGeometry } from './images/geometry';
import { loadImageSample } from './images/load';
import { describeOddLabel, encodeLabels, oddLabels } from './labels';
import { planLoad } from './plan';
import { sampleIndices } from './sampling';
import type { DataInput, DataReport, LoadOptions, TrainingData } from './types';

const DEFAULT_SAMPLE = 512;

/** The decoder to use; `loadNative` is a parameter so tests can play a machine without tfjs-node. */
export function chooseDecoder(
  choice: LoadOptions['decoder'],
  notes: string[],
  loadNative = loadTfjsNodeDecoder,
): ImageDecoder {
  if (choice === 'pure-js') return pureJsDecoder;
  const native = loadNative();
  if ('decoder' in native) return native.decoder;
  if (choice === 'tfjs-node') throw new DataError('unreadable', native.error);
  notes.push(`${native.error}: images decoded by the pure-JS decoders (slower, same pixels)`);
  return pureJsDecoder;
}

export async function loadTrainingData(input: DataInput, options: LoadOptions): Promise<TrainingData> {
  const started = process.hrtime.bigint();
  const sample = Math.max(1, Math.floor(options.sample ?? DEFAULT_SAMPLE));
  const seed = options.seed ?? 0;
  const counter = new ByteCounter();
  const origin = 'source' in input ? 'code' : 'user';
  const planned = planLoad(input, options.baseDirs);
  const seconds = () => Number(process.hrtime.bigint() - started) / 1e9;

  if (planned.kind === 'image-directory') {
    const notes: string[] = [];
    const geometry = imageGeometry(planned, options.inputShape);
    const decoder = chooseDecoder(options.decoder, notes);
    const loaded = await loadImageSample({
      root: planned.root,
      geometry,
      rescale: planned.rescale ?? 1,
      sample,
      seed,
      decoder,
      counter,
    });
    if (geometry.sizeFrom === 'default')
      notes.push(`image size not given in the code or the model: Keras' default ${geometry.height}×${geometry.width}`);
    if (geometry.sizeFrom === 'model')
      notes.push(`image size taken from the model's input (${geometry.height}×${geometry.width})`);
    if (planned.validationSplit !== null) {
      notes.push(
        `the code holds out validation_split=${planned.validationSplit}${planned.subset ? ` (subset='${planned.subset}')` : ''}; the sample is drawn from all images and the verification keeps its own validation part`,
      );
    }
    if (planned.ignoredLabels) notes.push(`labels come from the class folders; ${planned.ignoredLabels} was not used`);
    const encoding = options.labelEncoding && options.labelEncoding !== 'as-stored' ? options.labelEncoding : 'integer';
    const numClasses = Math.max(options.numClasses ?? 0, loaded.classNames.length);
    const { y, yShape } = encodeLabels(
      loaded.classIds,
      encoding,
      encoding === 'binary' ? loaded.classNames.length : numClasses,
    );
    const report: DataReport = {
      kind: 'image-directory',
      origin,
      path: planned.root,
      labels: 'the class folders',
      found: loaded.found,
      sampled: loaded.xShape[0],
      seed,
      perClass: loaded.perClass,
      sampleShape: loaded.xShape.slice(1),
      labelEncoding: encoding,
      skipped: loaded.skipped,
      skippedExamples: loaded.skippedExamples,
      transforms: loaded.transforms,
      notes: [...loaded.notes, ...notes],
      decoder: decoder.name,
      bytesRead: counter.bytes,
      seconds: seconds(),
    };
    return {
      x: loaded.x,
      xShape: loaded.xShape,
      y,
      yShape,
      classIds: loaded.classIds,
      classNames: loaded.classNames,
      report,
    };
  }

  const files: RandomAccessFile[] = [];
  const open = async (p: string) => {
    const file = await RandomAccessFile.open(p, counter);
    files.push(file);
    return file;
  };
  try {
    const { inputs, labels, key } = await openArrays(planned.x, planned.y, open, seed);
    return await sampleArrays(inputs, labels, planned.x, key, options, { sample, seed, origin, counter, seconds });
  } finally {
    await Promise.all(files.map((f) => f.close()));
  }
}

async function sampleArrays(
  inputs: RowSource,
  labels: StoredLabels,
  x: ArraySpec,
  key: string | undefined,
  options: LoadOptions,
  run: { sample: number; seed: number; origin: 'code' | 'user'; counter: ByteCounter; seconds: () => number },
): Promise<TrainingData> {
  if (inputs.rows === 0) throw new DataError('csv-empty', `${inputs.what} has no usable rows`);
  const kind = labelKindOf(labels);
  const notes = [...inputs.notes, ...labels.notes];
  const transforms: string[] = [];

  const classIds = kind.kind === 'classes' ? kind.ids : null;
  const present = classIds ? new Set(classIds).size : 0;
  if (kind.kind === 'classes' && present < 2) {
    const only = kind.names[classIds![0]];
    throw new DataError(
      'single-class',
      `every label in ${labels.what} is '${only}': a classifier needs at least two classes in its data`,
    );
  }
  if (kind.kind === 'classes' && kind.renumbered)
    notes.push(`labels ${kind.names.join(', ')} numbered as classes 0–${kind.names.length - 1}`);

  const picked = sampleIndices(
    inputs.rows,
    classIds,
    kind.kind === 'classes' ? kind.names.length : 0,
    run.sample,
    run.seed,
  );
  let rowShape = inputs.rowShape;
  const fitted = fitRowShape(rowShape, options.inputShape, inputs.what);
  checkBatch(picked.length, fitted, inputs.what);
  const xValues = await inputs.readRows(picked);
  if (fitted !== rowShape) {
    transforms.push(`reshaped each row from ${shapeText(rowShape)} to ${shapeText(fitted)} to match the model's input`);
    rowShape = fitted;
  }
  if (inputs.storedAs !== 'float32' && inputs.storedAs !== 'CSV numbers')
    transforms.push(`values converted from ${inputs.storedAs} to float32`);
  if (x.rescale != null && x.rescale !== 1) {
    const scale = x.rescale;
    for (let i = 0; i < xValues.length; i++) xValues[i] *= scale;
    transforms.push(`values multiplied by ${+scale.toPrecision(6)} (as the code does)`);
  }
  if (inputs.storedAs === 'float64') notes.push('float64 values rounded to float32, as Keras does');
  const bad = countNonFinite(xValues);
  if (bad > 0) notes.push(`${bad} values in the sampled inputs are NaN or infinite: training on them gives NaN losses`);

  const sampledIds = classIds ? Int32Array.from(picked, (i) => classIds[i]) : null;
  const encoding = options.labelEncoding ?? 'as-stored';
  let y: Float32Array;
  let yShape: number[];
  let labelEncoding: DataReport['labelEncoding'];
  if (kind.kind === 'continuous') {
    if (encoding !== 'as-stored') {
      throw new DataError(
        'labels-unusable',
        `the labels in ${labels.what} are continuous values (e.g. ${firstFraction(labels.numbers!)}), not classes, but the model's loss needs class labels`,
      );
    }
    const width = kind.width;
    y = new Float32Array(picked.length * width);
    picked.forEach((row, i) => y.set(labels.numbers!.subarray(row * width, (row + 1) * width), i * width));
    yShape = [picked.length, ...labels.rowShape];
    labelEncoding = 'continuous';
  } else if (encoding === 'as-stored' && labels.numbers) {
    const width = labels.rowShape.reduce((a, b) => a * b, 1);
    y = new Float32Array(picked.length * width);
    picked.forEach((row, i) => y.set(labels.numbers!.subarray(row * width, (row + 1) * width), i * width));
    yShape = [picked.length, ...labels.rowShape];
    labelEncoding = kind.stored === 'one-hot' ? 'one-hot' : 'stored';
  } else {
    const chosen = encoding === 'as-stored' ? 'integer' : encoding;
    const numClasses = Math.max(options.numClasses ?? 0, kind.names.length);
    ({ y, yShape } = encodeLabels(sampledIds!, chosen, chosen === 'binary' ? kind.names.length : numClasses));
    labelEncoding = chosen;
    if (kind.stored === 'one-hot' && chosen !== 'one-hot')
      transforms.push(`one-hot labels turned into ${chosen === 'binary' ? '0/1 labels' : 'class ids'}`);
    if (kind.stored !== 'one-hot' && chosen === 'one-hot') transforms.push('class labels one-hot encoded');
  }

  const perClass =
    kind.kind === 'classes'
      ? kind.names.map((name, c) => ({
          name,
          found: countOf(classIds!, c),
          sampled: countOf(sampledIds!, c),
        }))
      : [];
  const odd =
    kind.kind === 'classes'
      ? oddLabels(
          kind.names,
          perClass.map((c) => c.found),
          (c) => firstRowsOf(classIds!, c, labels, x.kind),
        )
      : [];
  for (const o of odd) notes.push(describeOddLabel(o));
  const report: DataReport = {
    kind: x.kind,
    origin: run.origin,
    path: x.path,
    key,
    labels: labels.what,
    found: inputs.rows,
    sampled: picked.length,
    seed: run.seed,
    perClass,
    sampleShape: rowShape,
    labelEncoding,
    skipped: inputs.skipped,
    skippedExamples: inputs.skippedExamples.map((reason) => ({ file: path.basename(x.path), reason })),
    transforms,
    notes,
    ...(odd.length ? { oddLabels: odd } : {}),
    bytesRead: run.counter.bytes,
    seconds: run.seconds(),
  };
  return {
    x: xValues,
    xShape: [picked.length, ...rowShape],
    y,
    yShape,
    classIds: sampledIds,
    classNames: kind.kind === 'classes' ? kind.names : [],
    report,
  };
}

/** Where the first few examples of class `c` are, as the report names rows: `row 118` (CSV), `index 7` (arrays). */
function firstRowsOf(ids: Int32Array, c: number, labels: StoredLabels, kind: ArraySpec['kind']): string[] {
  const found: string[] = [];
  // Record numbers of a CSV's usable rows, when they still line up with the labels.
  const records = labels.usable && labels.usable.length === ids.length ? labels.usable : null;
  for (let i = 0; i < ids.length && found.length < 3; i++) {
    if (ids[i] !== c) continue;
    const at = records ? records[i] : i;
    found.push(kind === 'csv' ? `row ${at + 1}` : `index ${at}`);
  }
  return found;
}

function countOf(ids: Int32Array, c: number): number {
  let n = 0;
  for (let i = 0; i < ids.length; i++) if (ids[i] === c) n++;
  return n;
}

function countNonFinite(values: Float32Array): number {
  let n = 0;
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i])) n++;
  return n;
}

function firstFraction(values: Float64Array): string {
  for (const v of values) if (!Number.isInteger(v)) return String(+v.toPrecision(4));
  return String(values[0]);
}
