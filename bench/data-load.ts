/**
 * Load-and-sample time for the user's-data path: 2,300 generated 128×128 JPEGs
 * in two class folders (the person we build for has 2,300 photos), a
 * stratified sample of 512 (the default), decoded with tfjs-node and with the
 * pure-JS decoders, at the photos' own size and resized to 64×64.
 *
 *   npx tsx bench/data-load.ts [--images 2300] [--sample 512] [--runs 3]
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as jpeg from 'jpeg-js';
import { loadTrainingData } from '../src/trainer/data';
import { loadTfjsNodeDecoder } from '../src/trainer/data/images/decode-tfjs';
import { fixtureRandom, patternImage } from '../test/unit/data-fixtures';

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

interface EncoderTf {
  node: { encodeJpeg(image: unknown, format?: string, quality?: number): Promise<Uint8Array> };
  tensor3d(values: Uint8Array, shape: [number, number, number], dtype: 'int32'): { dispose(): void };
}

async function generate(root: string, count: number): Promise<number> {
  const random = fixtureRandom(2300);
  let tf: EncoderTf | null = null;
  try {
    tf = require('@tensorflow/tfjs-node') as EncoderTf;
  } catch {
    tf = null;
  }
  let bytes = 0;
  for (let i = 0; i < count; i++) {
    const classId = i % 2;
    const dir = path.join(root, classId ? 'dogs' : 'cats');
    fs.mkdirSync(dir, { recursive: true });
    const image = patternImage(classId, 128, 128, random);
    let data: Uint8Array;
    if (tf) {
      const t = tf.tensor3d(image.rgb, [128, 128, 3], 'int32');
      data = await tf.node.encodeJpeg(t, 'rgb', 90);
      t.dispose();
    } else {
      const rgba = Buffer.alloc(128 * 128 * 4, 255);
      for (let p = 0; p < 128 * 128; p++) rgba.set(image.rgb.subarray(p * 3, p * 3 + 3), p * 4);
      data = jpeg.encode({ data: rgba, width: 128, height: 128 }, 90).data;
    }
    fs.writeFileSync(path.join(dir, `img-${String(i).padStart(5, '0')}.jpg`), data);
    bytes += data.length;
  }
  return bytes;
}

async function main() {
  const images = option('images', 2300);
  const sample = option('sample', 512);
  const runs = option('runs', 3);
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'md-bench-data-'));
  try {
    let t = process.hrtime.bigint();
    const bytes = await generate(root, images);
    console.log(
      `generated ${images} 128×128 JPEGs (${(bytes / 2 ** 20).toFixed(1)} MB) in ${(Number(process.hrtime.bigint() - t) / 1e9).toFixed(1)} s\n`,
    );

    const decoders: ('tfjs-node' | 'pure-js')[] =
      'decoder' in loadTfjsNodeDecoder() ? ['tfjs-node', 'pure-js'] : ['pure-js'];
    console.log(
      `| decoder | model input | sample | load-and-sample (s, median of ${runs}) | images/s | read (MB) | heap + buffers growth (MB) |`,
    );
    console.log('| --- | --- | ---: | ---: | ---: | ---: | ---: |');
    for (const decoder of decoders) {
      for (const size of [128, 64]) {
        const times: number[] = [];
        let read = 0;
        let growth = 0;
        for (let r = 0; r < runs; r++) {
          global.gc?.();
          const before = process.memoryUsage();
          t = process.hrtime.bigint();
          const data = await loadTrainingData(
            { path: root },
            { baseDirs: [], sample, seed: r, inputShape: [size, size, 3], decoder },
          );
          times.push(Number(process.hrtime.bigint() - t) / 1e9);
          const after = process.memoryUsage();
          growth = Math.max(growth, after.heapUsed + after.arrayBuffers - before.heapUsed - before.arrayBuffers);
          read = data.report.bytesRead;
          if (data.report.sampled !== Math.min(sample, images) || data.report.skipped !== 0)
            throw new Error('unexpected sample');
        }
        const s = median(times);
        console.log(
          `| ${decoder} | ${size}×${size}×3 | ${sample} | ${s.toFixed(2)} | ${Math.round(sample / s)} | ${(read / 2 ** 20).toFixed(1)} | ${(growth / 2 ** 20).toFixed(0)} |`,
        );
      }
    }
    console.log(`\nbatch size at 128×128×3: ${((sample * 128 * 128 * 3 * 4) / 2 ** 20).toFixed(0)} MB of float32`);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
