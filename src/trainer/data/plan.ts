/**
 * What to load, decided before anything is read: an image folder with the
 * code's size/colour/rescale settings, or arrays (inputs and labels) with
 * their files, keys and columns. Relative paths are resolved here.
 */
import type { DataSource } from '../../analyzer/ir';
import type { ArraySpec } from './arrays';
import { DataError } from './errors';
import { detectKind, resolveDataPath, resolveUserSpec } from './resolve';
import type { DataInput } from './types';

export type ImagePlan = {
  kind: 'image-directory';
  root: string;
  imageSize: [number, number] | null;
  colorMode: 'grayscale' | 'rgb' | 'rgba' | null;
  rescale: number | null;
  validationSplit: number | null;
  subset: string | null;
  ignoredLabels: string | null;
};
export type ArrayPlan = { kind: 'arrays'; x: ArraySpec; y: ArraySpec | null };

function specOf(source: DataSource, baseDirs: readonly string[]): ArraySpec {
  const p = resolveDataPath(source.path, baseDirs);
  switch (source.kind) {
    case 'npy':
      return { kind: 'npy', path: p, rescale: source.rescale };
    case 'npz':
      return { kind: 'npz', path: p, key: source.key, rescale: source.rescale };
    case 'csv':
      return {
        kind: 'csv',
        path: p,
        column: source.labelColumn ?? undefined,
        delimiter: source.delimiter ?? undefined,
        rescale: source.rescale,
      };
    case 'image-directory':
      throw new DataError(
        'unknown-format',
        `${source.path} is an image folder; image folders carry their own labels and cannot be the labels of other data`,
      );
  }
}

function userSpec(spec: string, baseDirs: readonly string[]): ArraySpec | { kind: 'image-directory'; path: string } {
  const { path: p, selector } = resolveUserSpec(spec, baseDirs);
  const kind = detectKind(p);
  if (kind === 'image-directory') return { kind, path: p };
  if (kind === 'npy') return { kind, path: p };
  if (kind === 'npz') return { kind, path: p, key: selector };
  return { kind: 'csv', path: p, column: selector ?? undefined, delimiter: undefined };
}

export function planLoad(input: DataInput, baseDirs: readonly string[]): ImagePlan | ArrayPlan {
  if ('source' in input) {
    const { source } = input;
    if (source.kind === 'image-directory') {
      return {
        kind: 'image-directory',
        root: resolveDataPath(source.path, baseDirs),
        imageSize: source.imageSize,
        colorMode: source.colorMode,
        rescale: source.rescale,
        validationSplit: source.validationSplit,
        subset: source.subset,
        ignoredLabels: null,
      };
    }
    return { kind: 'arrays', x: specOf(source, baseDirs), y: input.labels ? specOf(input.labels, baseDirs) : null };
  }
  const x = userSpec(input.path, baseDirs);
  if (x.kind === 'image-directory') {
    return {
      kind: 'image-directory',
      root: x.path,
      imageSize: null,
      colorMode: null,
      rescale: null,
      validationSplit: null,
      subset: null,
      ignoredLabels: input.labelsPath ?? null,
    };
  }
  let y: ArraySpec | null = null;
  if (input.labelsPath) {
    const labels = userSpec(input.labelsPath, baseDirs);
    if (labels.kind === 'image-directory')
      throw new DataError(
        'unknown-format',
        `${input.labelsPath} is a folder; labels must be an .npy/.npz array or a CSV file`,
      );
    y = labels;
  }
  return { kind: 'arrays', x, y };
}
