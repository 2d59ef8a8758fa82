/**
 * What the data looks like, without sampling or decoding it: the shape of one
 * example and the classes. The planner uses it for the model's input shape
 * when the code does not say it, before the child process loads the sample.
 * Cost: a directory listing, or the array headers and the labels (CSV: one pass).
 */
import { fitRowShape, labelKindOf, openArrays } from './arrays';
import { ByteCounter, RandomAccessFile } from './file-reader';
import { imageGeometry } from './images/geometry';
import { checkImageFolder, listImageFolder } from './images/list';
import { planLoad } from './plan';
import type { DataInput, DataKind, LoadOptions } from './types';

export interface DataShape {
  kind: DataKind;
  /** Shape of one example as it will be loaded (after fitting it to `inputShape` when given). */
  sampleShape: number[];
  /** Class names; null for a continuous target. */
  classNames: string[] | null;
  /** Examples in the data. */
  found: number;
}

export async function probeTrainingData(
  input: DataInput,
  options: Pick<LoadOptions, 'baseDirs' | 'inputShape'>,
): Promise<DataShape> {
  const planned = planLoad(input, options.baseDirs);
  if (planned.kind === 'image-directory') {
    const geometry = imageGeometry(planned, options.inputShape);
    const listing = await listImageFolder(planned.root);
    checkImageFolder(listing);
    return {
      kind: 'image-directory',
      sampleShape: [geometry.height, geometry.width, geometry.channels],
      classNames: listing.classes.map((c) => c.name),
      found: listing.classes.reduce((n, c) => n + c.files.length, 0),
    };
  }
  const files: RandomAccessFile[] = [];
  const counter = new ByteCounter();
  try {
    const { inputs, labels } = await openArrays(planned.x, planned.y, async (p) => {
      const file = await RandomAccessFile.open(p, counter);
      files.push(file);
      return file;
    });
    const kind = labelKindOf(labels);
    return {
      kind: planned.x.kind,
      sampleShape: fitRowShape(inputs.rowShape, options.inputShape, inputs.what),
      classNames: kind.kind === 'classes' ? kind.names : null,
      found: inputs.rows,
    };
  } finally {
    await Promise.all(files.map((f) => f.close()));
  }
}
