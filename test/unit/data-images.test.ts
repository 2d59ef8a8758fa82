import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { PNG } from 'pngjs';
import { DataError, loadTrainingData, type LoadOptions } from '../../src/trainer/data';
import { pureJsDecoder } from '../../src/trainer/data/images/decode-js';
import { loadTfjsNodeDecoder } from '../../src/trainer/data/images/decode-tfjs';
import type { ImageDecoder } from '../../src/trainer/data/images/decoded';
import { imageDimensions } from '../../src/trainer/data/images/formats';
import { convertChannels, resizeBilinearInto } from '../../src/trainer/data/images/pixels';
import { chooseDecoder } from '../../src/trainer/data/load';
import { loadNative } from '../../src/trainer/backend';
import {
  encodeImage,
  fixtureRandom,
  patternImage,
  removeDir,
  tempDir,
  writeImageFolder,
  type ImageFormat,
  rejects,
} from './data-fixtures';

const dir = tempDir();
after(() => removeDir(dir));

const native = loadTfjsNodeDecoder();
const nativeDecoder: ImageDecoder | null = 'decoder' in native ? native.decoder : null;
const decoders: [string, 'pure-js' | 'tfjs-node'][] = nativeDecoder
  ? [
      ['pure-JS decoders', 'pure-js'],
      ['tfjs-node', 'tfjs-node'],
    ]
  : [['pure-JS decoders', 'pure-js']];

function folder(name: string): string {
  const root = path.join(dir, name);
  fs.mkdirSync(root, { recursive: true });
  return root;
}

function meanAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  assert.equal(a.length, b.length);
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs(a[i] - b[i]);
  return sum / a.length;
}

describe('decoders', () => {
  const random = fixtureRandom(7);
  const image = patternImage(0, 13, 9, random); // odd sizes: BMP row padding, JPEG partial blocks
  for (const format of ['png', 'bmp', 'gif', 'jpeg'] as ImageFormat[]) {
    it(`decode ${format} to the source pixels, the same with either decoder`, () => {
      const bytes = encodeImage(image, format);
      const js = pureJsDecoder.decode(bytes);
      assert.deepEqual([js.width, js.height], [13, 9]);
      const jsRgb = convertChannels(js, 3);
      // GIF quantises colours to its palette, JPEG is lossy; PNG and BMP are exact.
      const tolerance = { png: 0, bmp: 0, gif: 20, jpeg: 4 }[format];
      assert.ok(meanAbsDiff(jsRgb, image.rgb) <= tolerance, `${format}: ${meanAbsDiff(jsRgb, image.rgb)}`);
      if (nativeDecoder) {
        const tf = nativeDecoder.decode(bytes);
        assert.deepEqual([tf.width, tf.height], [13, 9]);
        const tfRgb = convertChannels(tf, 3);
        // libjpeg and jpeg-js round their IDCTs differently; the other formats must agree exactly.
        assert.ok(
          meanAbsDiff(tfRgb, jsRgb) <= (format === 'jpeg' ? 2 : 0),
          `${format}: decoders differ by ${meanAbsDiff(tfRgb, jsRgb)}`,
        );
      }
    });
  }

  it('read image dimensions from headers without decoding', () => {
    for (const format of ['png', 'bmp', 'gif', 'jpeg'] as ImageFormat[]) {
      assert.deepEqual(imageDimensions(encodeImage(image, format)), { width: 13, height: 9 }, format);
    }
    assert.equal(imageDimensions(Buffer.from('nothing')), null);
  });

  it('keep a grayscale PNG single-channel with either decoder', () => {
    const png = new PNG({ width: 4, height: 2, colorType: 0 });
    for (let p = 0; p < 8; p++) png.data.set([p * 30, p * 30, p * 30, 255], p * 4);
    const bytes = PNG.sync.write(png, { colorType: 0 });
    for (const decoder of [pureJsDecoder, ...(nativeDecoder ? [nativeDecoder] : [])]) {
      const decoded = decoder.decode(bytes);
      assert.equal(decoded.channels, 1, decoder.name);
      assert.deepEqual(Array.from(convertChannels(decoded, 3)).slice(0, 6), [0, 0, 0, 30, 30, 30]);
    }
  });

  it('refuse garbage and truncated files with a reason', () => {
    const jpeg = encodeImage(image, 'jpeg');
    for (const decoder of [pureJsDecoder, ...(nativeDecoder ? [nativeDecoder] : [])]) {
      assert.throws(() => decoder.decode(Buffer.from('definitely not an image')), /not a JPEG, PNG, BMP or GIF image/);
      assert.throws(() => decoder.decode(jpeg.subarray(0, 40)), Error, decoder.name);
      assert.throws(() => decoder.decode(encodeImage(image, 'png').subarray(0, 60)), Error, decoder.name);
    }
  });
});

describe('pixels', () => {
  it('convert RGB to gray with BT.601 weights and gray to RGB by copying', () => {
    const rgb = { width: 2, height: 1, channels: 3 as const, data: [255, 0, 0, 10, 20, 30] };
    const gray = convertChannels(rgb, 1);
    assert.ok(Math.abs(gray[0] - 76.245) < 1e-3);
    assert.ok(Math.abs(gray[1] - (0.299 * 10 + 0.587 * 20 + 0.114 * 30)) < 1e-3);
    assert.deepEqual(
      Array.from(convertChannels({ width: 1, height: 1, channels: 2, data: [9, 128] }, 4)),
      [9, 9, 9, 128],
    );
  });

  it('resize as tf.image.resizeBilinear with half-pixel centres', {
    skip: !nativeDecoder && 'tfjs-node not installed',
  }, () => {
    const tf = require('@tensorflow/tfjs-node') as typeof import('@tensorflow/tfjs');
    const random = fixtureRandom(11);
    for (const [h, w, oh, ow] of [
      [7, 5, 3, 4],
      [4, 4, 9, 6],
      [10, 3, 10, 3],
      [64, 48, 16, 16],
    ]) {
      const src = Float32Array.from({ length: h * w * 3 }, () => Math.round(random() * 255));
      const out = new Float32Array(oh * ow * 3);
      resizeBilinearInto(src, h, w, 3, oh, ow, out, 0, 1);
      const expected = tf.tidy(() =>
        tf.image.resizeBilinear(tf.tensor3d(src, [h, w, 3]), [oh, ow], false, true).dataSync(),
      );
      assert.ok(meanAbsDiff(out, expected) < 1e-3, `${h}x${w}→${oh}x${ow}: ${meanAbsDiff(out, expected)}`);
    }
  });
});

for (const [label, decoder] of decoders) {
  describe(`image folders (${label})`, () => {
    const options = (extra: Partial<LoadOptions> = {}): LoadOptions => ({ baseDirs: [dir], decoder, ...extra });

    it('loads a stratified, seeded sample of every format, resized, with integer labels', async () => {
      const root = writeImageFolder(
        folder(`mixed-${decoder}`),
        { cats: 40, dogs: 80 },
        { width: 24, height: 20, format: (i) => (['png', 'jpeg', 'bmp', 'gif'] as const)[i % 4] },
      );
      const data = await loadTrainingData({ path: root }, options({ sample: 30, inputShape: [16, 16, 3] }));
      assert.deepEqual(data.xShape, [30, 16, 16, 3]);
      assert.deepEqual(data.yShape, [30]);
      assert.deepEqual(data.classNames, ['cats', 'dogs']);
      assert.deepEqual(
        data.report.perClass.map((c) => [c.name, c.found, c.sampled]),
        [
          ['cats', 40, 10],
          ['dogs', 80, 20],
        ],
      );
      // The pattern survives: class 0 is bright on the left, class 1 on the right.
      for (let i = 0; i < 30; i++) {
        const img = data.x.subarray(i * 768, (i + 1) * 768);
        const left = img[(8 * 16 + 2) * 3];
        const right = img[(8 * 16 + 13) * 3];
        assert.equal(left > right ? 0 : 1, data.y[i], `image ${i}`);
      }
      assert.equal(data.report.decoder, decoder);
      assert.match(data.report.transforms.join('\n'), /resized 30 of 30 images to 16×16 \(bilinear; from 24×20\)/);
      assert.match(data.report.transforms.join('\n'), /pixel values kept in 0–255/);
      assert.equal(data.report.sampled, 30);
      assert.equal(data.report.found, 120);

      const again = await loadTrainingData({ path: root }, options({ sample: 30, inputShape: [16, 16, 3] }));
      assert.deepEqual(again.x, data.x, 'same seed, same sample');
      const other = await loadTrainingData({ path: root }, options({ sample: 30, seed: 5, inputShape: [16, 16, 3] }));
      assert.notDeepEqual(other.x, data.x, 'another seed, another sample');
    });

    it('reads only the sampled files', async () => {
      const root = writeImageFolder(folder(`many-${decoder}`), { a: 150, b: 150 }, { width: 16, height: 16 });
      let biggest = 0;
      for (const c of ['a', 'b'])
        for (const f of fs.readdirSync(path.join(root, c)))
          biggest = Math.max(biggest, fs.statSync(path.join(root, c, f)).size);
      const data = await loadTrainingData({ path: root }, options({ sample: 12 }));
      assert.equal(data.report.sampled, 12);
      assert.ok(
        data.report.bytesRead <= 12 * biggest,
        `read ${data.report.bytesRead} bytes for 12 files of at most ${biggest}`,
      );
    });

    it('applies rescale, colour mode and image size from the code, and reports them', async () => {
      const root = writeImageFolder(
        folder(`code-${decoder}`),
        { no: 6, yes: 6 },
        { width: 8, height: 8, format: 'png' },
      );
      const data = await loadTrainingData(
        {
          source: {
            kind: 'image-directory',
            path: path.basename(root),
            span: { start: 0, end: 0 },
            imageSize: [4, 6],
            colorMode: 'grayscale',
            rescale: 1 / 255,
            validationSplit: 0.2,
            subset: 'training',
          },
        },
        options({ sample: 12, labelEncoding: 'one-hot' }),
      );
      assert.deepEqual(data.xShape, [12, 4, 6, 1]);
      assert.deepEqual(data.yShape, [12, 2]);
      assert.ok(Math.max(...data.x) <= 1 && Math.max(...data.x) > 0.5);
      const report = data.report;
      assert.equal(report.origin, 'code');
      assert.deepEqual(report.transforms, [
        'resized 12 of 12 images to 4×6 (bilinear; from 8×8)',
        'converted colour to grayscale in 12 images',
        'pixel values multiplied by 1/255 (0–255 → 0–1)',
      ]);
      assert.match(report.notes.join('\n'), /validation_split=0\.2 \(subset='training'\)/);
    });

    it('skips and counts corrupt files, replacing them from the same class', async () => {
      const root = writeImageFolder(
        folder(`corrupt-${decoder}`),
        { a: 10, b: 10 },
        { width: 8, height: 8, format: 'jpeg' },
      );
      fs.writeFileSync(path.join(root, 'a', 'zz-garbage.jpg'), 'this is not a jpeg');
      fs.writeFileSync(path.join(root, 'a', 'zz-empty.png'), '');
      const good = fs.readFileSync(path.join(root, 'b', 'b-00000.jpg'));
      fs.writeFileSync(path.join(root, 'b', 'zz-truncated.jpg'), good.subarray(0, good.length >> 1));
      // A header that promises 20000×20000 pixels is refused before anything is decoded.
      const huge = encodeImage(patternImage(0, 8, 8, Math.random), 'png');
      huge.writeUInt32BE(20000, 16);
      huge.writeUInt32BE(20000, 20);
      fs.writeFileSync(path.join(root, 'b', 'zz-huge.png'), huge);
      // Take every file so every corrupt one is met.
      const data = await loadTrainingData({ path: root }, options({ sample: 1000, inputShape: [8, 8, 3] }));
      assert.equal(data.report.skipped, 4);
      assert.equal(data.report.sampled, 20);
      assert.deepEqual(data.report.skippedExamples.map((s) => s.file).sort(), [
        'a/zz-empty.png',
        'a/zz-garbage.jpg',
        'b/zz-huge.png',
        'b/zz-truncated.jpg',
      ]);
      assert.equal(
        data.report.skippedExamples.find((s) => s.file === 'b/zz-huge.png')?.reason,
        '20000×20000 image would need about 16 GB of memory to decode, more than the 800 MB allowed for one image',
      );
      // A sample smaller than the folder stays full-size when a corrupt file is drawn: the next file of its class replaces it.
      for (let seed = 0; seed < 6; seed++) {
        const small = await loadTrainingData({ path: root }, options({ sample: 16, seed, inputShape: [8, 8, 3] }));
        assert.equal(small.report.sampled, 16, `seed ${seed}`);
        assert.deepEqual(
          small.report.perClass.map((c) => c.sampled),
          [8, 8],
        );
      }
    });

    it('has a specific message for each folder that cannot be used', async () => {
      const loose = folder(`loose-${decoder}`);
      fs.writeFileSync(path.join(loose, 'x.png'), encodeImage(patternImage(0, 4, 4, Math.random), 'png'));
      await rejects(
        loadTrainingData({ path: loose }, options()),
        'no-class-folders',
        /holds 1 images directly, but no class folders/,
      );

      const nothing = folder(`nothing-${decoder}`);
      fs.mkdirSync(path.join(nothing, 'cats'));
      fs.mkdirSync(path.join(nothing, 'dogs'));
      fs.writeFileSync(path.join(nothing, 'dogs', 'notes.txt'), 'no images here');
      await rejects(
        loadTrainingData({ path: nothing }, options()),
        'no-images',
        /none of the class folders .* \(cats, dogs\) holds an image/,
      );

      const single = writeImageFolder(folder(`single-${decoder}`), { cats: 3 }, { width: 4, height: 4 });
      await rejects(loadTrainingData({ path: single }, options()), 'single-class', /only one class folder \('cats'\)/);

      const empty = writeImageFolder(folder(`empty-${decoder}`), { cats: 3 }, { width: 4, height: 4 });
      fs.mkdirSync(path.join(empty, 'dogs'));
      await rejects(
        loadTrainingData({ path: empty }, options()),
        'empty-class-folder',
        /the class folder 'dogs' in .* has no images .*leaves a single class/,
      );

      const dead = writeImageFolder(folder(`dead-${decoder}`), { cats: 3 }, { width: 4, height: 4 });
      fs.mkdirSync(path.join(dead, 'dogs'));
      fs.writeFileSync(path.join(dead, 'dogs', 'a.jpg'), 'broken');
      fs.writeFileSync(path.join(dead, 'dogs', 'b.png'), 'broken too');
      await rejects(
        loadTrainingData({ path: dead }, options({ inputShape: [4, 4, 3] })),
        'undecodable-class',
        /none of the 2 images in class folder 'dogs' could be decoded/,
      );

      await rejects(
        loadTrainingData({ path: 'no/such/folder' }, options()),
        'not-found',
        /no\/such\/folder was not found \(looked in /,
      );
    });

    it('notes an empty class folder when two classes remain', async () => {
      const root = writeImageFolder(folder(`three-${decoder}`), { a: 3, b: 3 }, { width: 4, height: 4 });
      fs.mkdirSync(path.join(root, 'c'));
      const data = await loadTrainingData({ path: root }, options({ inputShape: [4, 4, 3] }));
      assert.deepEqual(data.classNames, ['a', 'b', 'c']);
      assert.match(data.report.notes.join('\n'), /class folder 'c' has no images/);
    });

    it('says when the images cannot fit the model', async () => {
      const root = writeImageFolder(folder(`fit-${decoder}`), { a: 2, b: 2 }, { width: 4, height: 4 });
      const source = {
        kind: 'image-directory' as const,
        path: root,
        span: { start: 0, end: 0 },
        imageSize: [32, 32] as [number, number],
        colorMode: null,
        rescale: null,
        validationSplit: null,
        subset: null,
      };
      await rejects(
        loadTrainingData({ source }, options({ inputShape: [64, 64, 3] })),
        'shape-mismatch',
        /the code loads images at 32×32 but the model's input is 64×64×3/,
      );
      // Without a colour mode in the code the model's channels are used; with one, they must agree.
      const gray = await loadTrainingData({ source }, options({ inputShape: [32, 32, 1] }));
      assert.deepEqual(gray.xShape, [4, 32, 32, 1]);
      await rejects(
        loadTrainingData({ source: { ...source, colorMode: 'rgb' } }, options({ inputShape: [32, 32, 1] })),
        'shape-mismatch',
        /loaded as rgb \(3 channels\) but the model's input has 1: use color_mode='grayscale'/,
      );
      await rejects(
        loadTrainingData({ source }, options({ inputShape: [3072] })),
        'shape-mismatch',
        /the images are 32×32×3 .* but the model's input is 3072: an image model's input needs three axes, e\.g\. Input\(shape=\(32, 32, 3\)\)/,
      );
    });
  });
}

describe('decoder choice', () => {
  it('falls back to the pure-JS decoders when tfjs-node cannot be loaded, and says so', () => {
    const notes: string[] = [];
    const decoder = chooseDecoder('auto', notes, () => ({
      error: '@tensorflow/tfjs-node could not be loaded (Cannot find module)',
    }));
    assert.equal(decoder.name, 'pure-js');
    assert.match(notes[0], /tfjs-node could not be loaded.*pure-JS decoders/);
    assert.throws(() => chooseDecoder('tfjs-node', [], () => ({ error: 'missing' })), DataError);
  });
});

describe('a photo too large to decode whole', () => {
  const skip = nativeDecoder ? false : 'needs the tfjs-node decoder (libjpeg scales JPEGs while decoding)';
  it('is a JPEG decoded at a fraction of its size (tfjs-node), and refused by the pure-JS decoder', {
    skip,
  }, async () => {
    const loaded = loadNative();
    assert.ok('tf' in loaded);
    const tf = loaded.tf as typeof loaded.tf & {
      node: { encodeJpeg(image: unknown, format: 'grayscale', quality: number): Promise<Uint8Array> };
    };
    // 6000×6000 gray: 36 MP would need about 1.4 GB to decode whole, more than one image may take;
    // at 1/2 it fits. The left half is dark in class a and bright in b, which must survive the reduction.
    const side = 6000;
    const root = folder('large-jpeg');
    for (const [name, leftBright] of [
      ['a', false],
      ['b', true],
    ] as const) {
      fs.mkdirSync(path.join(root, name));
      const pixels = new Uint8Array(side * side);
      for (let y = 0; y < side; y++) pixels.fill(leftBright ? 220 : 30, y * side, y * side + side / 2);
      for (let y = 0; y < side; y++) pixels.fill(leftBright ? 30 : 220, y * side + side / 2, (y + 1) * side);
      const image = tf.tensor3d(pixels, [side, side, 1], 'int32');
      const jpeg = await tf.node.encodeJpeg(image, 'grayscale', 90);
      image.dispose();
      fs.writeFileSync(path.join(root, name, 'big.jpg'), jpeg);
    }
    const native = await loadTrainingData(
      { path: root },
      { baseDirs: [dir], decoder: 'tfjs-node', inputShape: [16, 16, 1] },
    );
    assert.equal(native.report.sampled, 2);
    assert.ok(native.report.transforms.includes('decoded 2 large JPEGs at 1/2 of their size (to fit memory)'));
    const at = (example: number, row: number, col: number) => native.x[example * 256 + row * 16 + col];
    const b = native.classIds?.indexOf(1) ?? -1;
    assert.ok(at(b, 8, 2) > 200 && at(b, 8, 13) < 50, `class b: left ${at(b, 8, 2)}, right ${at(b, 8, 13)}`);

    const pure = await loadTrainingData(
      { path: root },
      { baseDirs: [dir], decoder: 'pure-js', inputShape: [16, 16, 1] },
    ).then(
      () => null,
      (error: Error) => error.message,
    );
    assert.match(pure ?? '', /6000×6000 image would need about 1\.4 GB of memory to decode, more than the 800 MB/);
  });
});
