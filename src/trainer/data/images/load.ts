/**
 * Loading a stratified sample of a class-per-subfolder image folder: list the
 * files (no image is opened), pick the sample per class (seeded), then read and
 * decode only the picked files, a few at a time, straight into the output
 * batch. A file that cannot be decoded is skipped, counted, and replaced by the
 * next file of the same class, so the sample keeps its size and balance.
 *
 * Memory: the output batch (sample × height × width × channels × 4 bytes,
 * checked against the batch budget before it is allocated), the file list, and
 * one image being decoded at a time (decoding is synchronous; reads overlap it):
 * an image whose header says decoding it needs more than
 * {@link MAX_IMAGE_DECODE_BYTES} is skipped undecoded, so what files claim
 * never decides the peak (budget.ts).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkBatch, DECODE_BYTES_PER_PIXEL, MAX_IMAGE_DECODE_BYTES } from '../budget';
import { bytesText, DataError } from '../errors';
import type { ByteCounter } from '../file-reader';
import { seededRandom, shuffleInPlace, stratifiedQuotas } from '../sampling';
import type { ClassCount, SkippedFile } from '../types';
import type { ImageDecoder, JpegReduction } from './decoded';
import type { ImageGeometry } from './geometry';
import { imageDimensions, sniffImageFormat } from './formats';
import { checkImageFolder, listImageFolder } from './list';
import { convertChannels, resizeBilinearInto } from './pixels';

/** Files read and decoded concurrently (reads overlap decoding). */
const IN_FLIGHT = 4;
/** Bigger files are skipped unread: no photo of a training set is this large. */
const MAX_FILE_BYTES = 64 << 20;
/** Skipped files named in the report. */
const EXAMPLES = 5;
/** Distinct source sizes named in the report. */
const SIZES_SHOWN = 4;

export interface ImageSampleRequest {
  root: string;
  geometry: ImageGeometry;
  /** Multiplier for pixel values (ImageDataGenerator(rescale=…)); 1 keeps 0–255. */
  rescale: number;
  sample: number;
  seed: number;
  decoder: ImageDecoder;
  counter: ByteCounter;
}

export interface ImageSample {
  x: Float32Array;
  xShape: number[];
  classIds: Int32Array;
  classNames: string[];
  found: number;
  perClass: ClassCount[];
  skipped: number;
  skippedExamples: SkippedFile[];
  transforms: string[];
  notes: string[];
}

interface Task {
  slot: number;
  classId: number;
}

export async function loadImageSample(request: ImageSampleRequest): Promise<ImageSample> {
  const { root, geometry, rescale, decoder, counter } = request;
  const listing = await listImageFolder(root);
  checkImageFolder(listing);
  const classes = listing.classes;
  const notes: string[] = [];
  for (const c of classes.filter((k) => k.files.length === 0)) notes.push(`class folder '${c.name}' has no images`);
  if (listing.looseImages > 0)
    notes.push(
      `${listing.looseImages} images directly in the folder (not in a class folder) are not used, as in Keras`,
    );

  const random = seededRandom(request.seed);
  const order = classes.map((c) =>
    shuffleInPlace(
      Int32Array.from(c.files, (_, i) => i),
      random,
    ),
  );
  const quotas = stratifiedQuotas(
    classes.map((c) => c.files.length),
    request.sample,
  );
  const total = quotas.reduce((a, b) => a + b, 0);
  // Slots in random order so classes are interleaved in the batch.
  const slotClass = new Int32Array(total);
  let n = 0;
  quotas.forEach((q, c) => slotClass.fill(c, n, (n += q)));
  shuffleInPlace(slotClass, random);

  const { height, width, channels } = geometry;
  const pixelsPerImage = height * width * channels;
  checkBatch(total, [height, width, channels], root);
  const x = new Float32Array(total * pixelsPerImage);
  const filled = new Uint8Array(total);
  const next = new Int32Array(classes.length); // next candidate of each class
  const sampled = new Array<number>(classes.length).fill(0);
  const skippedExamples: SkippedFile[] = [];
  let skipped = 0;
  let resized = 0;
  const sizesSeen = new Set<string>();
  let moreSizes = false;
  const channelChanges = new Map<string, number>();
  const reducedOnDecode = new Map<JpegReduction, number>();

  const queue: Task[] = Array.from(slotClass, (classId, slot) => ({ slot, classId }));
  const candidate = (classId: number): string | null => {
    const i = next[classId]++;
    return i < order[classId].length ? classes[classId].files[order[classId][i]] : null;
  };

  const work = async () => {
    for (let task = queue.shift(); task; task = queue.shift()) {
      // Keep drawing from the class until one file decodes or the class runs out.
      for (let file = candidate(task.classId); file !== null; file = candidate(task.classId)) {
        const full = path.join(root, file);
        try {
          const stat = await fs.promises.stat(full);
          if (!stat.isFile()) throw new Error('not a regular file');
          if (stat.size > MAX_FILE_BYTES)
            throw new Error(`file of ${(stat.size / 2 ** 20).toFixed(0)} MB is too large for an image`);
          const bytes = await readImageFile(full, stat.size);
          counter.bytes += bytes.length;
          // No size in the header: not an image, or damaged; the decoder says which (and caps sizes itself).
          const dims = imageDimensions(bytes);
          const reduce = dims ? decodeReduction(bytes, dims, decoder) : 1;
          if (reduce > 1) reducedOnDecode.set(reduce, (reducedOnDecode.get(reduce) ?? 0) + 1);
          const image = decoder.decode(bytes, reduce);
          const pixels = convertChannels(image, channels);
          if (image.width !== width || image.height !== height) {
            resized++;
            const size = `${image.width}×${image.height}`;
            if (sizesSeen.size < SIZES_SHOWN) sizesSeen.add(size);
            else if (!sizesSeen.has(size)) moreSizes = true;
          }
          const change = channelChange(image.channels, channels);
          if (change) channelChanges.set(change, (channelChanges.get(change) ?? 0) + 1);
          resizeBilinearInto(
            pixels,
            image.height,
            image.width,
            channels,
            height,
            width,
            x,
            task.slot * pixelsPerImage,
            rescale,
          );
          filled[task.slot] = 1;
          sampled[task.classId]++;
          break;
        } catch (error) {
          skipped++;
          if (skippedExamples.length < EXAMPLES) skippedExamples.push({ file, reason: reasonOf(error) });
        }
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(IN_FLIGHT, total) }, work));

  for (let c = 0; c < classes.length; c++) {
    if (classes[c].files.length > 0 && sampled[c] === 0) {
      throw new DataError(
        'undecodable-class',
        `none of the ${classes[c].files.length} images in class folder '${classes[c].name}' could be decoded (${skippedExamples.find((s) => s.file.startsWith(`${classes[c].name}/`))?.reason ?? 'unreadable'})`,
      );
    }
  }

  // Drop slots whose class ran out of readable files.
  const kept = filled.reduce((a, b) => a + b, 0);
  let xOut = x;
  let ids = slotClass;
  if (kept < total) {
    xOut = new Float32Array(kept * pixelsPerImage);
    ids = new Int32Array(kept);
    for (let s = 0, k = 0; s < total; s++) {
      if (!filled[s]) continue;
      xOut.set(x.subarray(s * pixelsPerImage, (s + 1) * pixelsPerImage), k * pixelsPerImage);
      ids[k++] = slotClass[s];
    }
  }

  const transforms: string[] = [];
  if (resized > 0) {
    const more = moreSizes ? ', …' : '';
    transforms.push(
      `resized ${resized} of ${kept} images to ${height}×${width} (bilinear; from ${[...sizesSeen].join(', ')}${more})`,
    );
  }
  for (const [reduce, count] of reducedOnDecode)
    transforms.push(
      `decoded ${count} large JPEG${count === 1 ? '' : 's'} at 1/${reduce} of their size (to fit memory)`,
    );
  for (const [change, count] of channelChanges) transforms.push(`${change} in ${count} images`);
  if (rescale !== 1)
    transforms.push(
      `pixel values multiplied by ${formatScale(rescale)} (0–255 → 0–${+(255 * rescale).toPrecision(3)})`,
    );
  else transforms.push('pixel values kept in 0–255 (no rescale in the code)');

  return {
    x: xOut,
    xShape: [kept, height, width, channels],
    classIds: ids,
    classNames: classes.map((c) => c.name),
    found: classes.reduce((a, c) => a + c.files.length, 0),
    perClass: classes.map((c, i) => ({ name: c.name, found: c.files.length, sampled: sampled[i] })),
    skipped,
    skippedExamples,
    transforms,
    notes,
  };
}

/**
 * 1 when the image decodes whole within the bound on one image's decoding memory; else, for a
 * JPEG and a decoder that can, the smallest reduction (1/2, 1/4, 1/8) that fits, since the
 * model's input is far smaller than such a photo anyway. Otherwise the image is refused, with
 * the reason, whatever its file claims (budget.ts).
 */
function decodeReduction(bytes: Buffer, dims: { width: number; height: number }, decoder: ImageDecoder): JpegReduction {
  const need = (reduce: number) =>
    bytes.length + Math.ceil(dims.width / reduce) * Math.ceil(dims.height / reduce) * DECODE_BYTES_PER_PIXEL;
  if (need(1) <= MAX_IMAGE_DECODE_BYTES) return 1;
  const reducible = decoder.reducesJpeg && sniffImageFormat(bytes) === 'jpeg';
  if (reducible) for (const reduce of [2, 4, 8] as const) if (need(reduce) <= MAX_IMAGE_DECODE_BYTES) return reduce;
  throw new Error(
    `${dims.width}×${dims.height} image would need about ${bytesText(need(reducible ? 8 : 1))} of memory to decode${reducible ? ' even at 1/8 of its size' : ''}, more than the ${bytesText(MAX_IMAGE_DECODE_BYTES)} allowed for one image`,
  );
}

function channelChange(from: number, to: number): string | null {
  const gray = from <= 2;
  if (to === 1 && !gray) return 'converted colour to grayscale';
  if (to >= 3 && gray) return 'converted grayscale to RGB';
  if (to === 3 && (from === 4 || from === 2)) return 'dropped the alpha channel';
  if (to === 4 && (from === 3 || from === 1)) return 'added an opaque alpha channel';
  return null;
}

function formatScale(scale: number): string {
  const inverse = 1 / scale;
  return Number.isInteger(Math.round(inverse * 1e6) / 1e6) && inverse > 1
    ? `1/${Math.round(inverse)}`
    : String(+scale.toPrecision(6));
}

function reasonOf(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  if (e.code === 'EACCES' || e.code === 'EPERM') return 'permission denied';
  if (e.code === 'ENOENT') return 'file vanished while loading';
  return (e.message || String(error)).split('\n')[0];
}

/**
 * The file's bytes, read through a handle opened without blocking: a named
 * pipe among the images would otherwise hang the read.
 */
async function readImageFile(file: string, size: number): Promise<Buffer> {
  const handle = await fs.promises.open(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
  try {
    if (!(await handle.stat()).isFile()) throw new Error('not a regular file');
    const buffer = Buffer.allocUnsafe(size);
    let done = 0;
    while (done < size) {
      const { bytesRead } = await handle.read(buffer, done, size - done, done);
      if (bytesRead === 0) break;
      done += bytesRead;
    }
    return buffer.subarray(0, done);
  } finally {
    await handle.close();
  }
}
