/**
 * Bounded time and memory on hostile input (issue 13), as figures:
 *
 * - time to analyse runs of comment lines inside a function (quadratic in
 *   tree-sitter-python 0.25's scanner; blanked before parsing now) and deep
 *   nesting (refused past Python's own limit), next to the bare tree-sitter
 *   parse of the same text where that finishes in reasonable time;
 * - peak memory (resident, the CLI and its training process together) and
 *   time of `model-doctor verify` on data files that lie: zip and .npy headers
 *   claiming more than they hold, a zip bomb, eight 9999×9999 PNGs, an input
 *   shape of 20000×20000×3. All files are generated here, in a temp folder.
 *
 *   npm run build && npx tsx bench/robustness.ts [--raw]   (Linux: reads /proc)
 *
 * `--raw` also times the bare parse of 4,000 comment lines (about half a minute).
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { Analyzer, isSourceNotAnalysed } from '../src/analyzer';
import { loadPythonParser } from '../src/analyzer/python/parser';
import { blankRanges, scanPythonSource } from '../src/analyzer/python/source-scan';
import { generatePython } from './generate-python';
import { npyBytes, npyHeader, patchCentral, writeImageFolder, zipBytes } from '../test/unit/data-fixtures';

const ROOT = path.join(__dirname, '..');

function commentRun(lines: number): string {
  const body = Array.from({ length: lines }, (_, i) => `    # note ${i}: ${'.'.repeat(56)}`).join('\n');
  return `from keras.models import Sequential\nfrom keras.layers import Dense\n\ndef build():\n    m = Sequential()\n${body}\n    m.add(Dense(1, activation='softmax', input_shape=(4,)))\n    return m\n`;
}

function nested(levels: number): string {
  let text = '';
  for (let i = 0; i < levels; i++) text += `${' '.repeat(i)}if True:\n`;
  return `${text}${' '.repeat(levels)}x = "abc" + f"{y}"\n`;
}

function seconds(fn: () => void): number {
  const started = performance.now();
  fn();
  return (performance.now() - started) / 1000;
}

async function analysisFigures(raw: boolean): Promise<void> {
  const analyzer = await Analyzer.create();
  const parser = await loadPythonParser();
  console.log('| input | size | analysis (s) | outcome | bare tree-sitter parse (s) |');
  console.log('| --- | ---: | ---: | --- | ---: |');
  const row = (name: string, text: string, rawParse: boolean) => {
    let outcome = '';
    const analysis = seconds(() => {
      try {
        const result = analyzer.analyze(text, { language: 'python' });
        outcome = `${result.findings.length} finding(s)`;
      } catch (error) {
        if (!isSourceNotAnalysed(error)) throw error;
        outcome = `not analysed: ${error.message}`;
      }
    });
    const bare = rawParse ? seconds(() => parser.parse(text)?.delete()).toFixed(2) : 'not run';
    const kb = `${(text.length / 1024).toFixed(0)} KB`;
    console.log(`| ${name} | ${kb} | ${analysis.toFixed(2)} | ${outcome} | ${bare} |`);
  };
  row('400 comment lines in a function', commentRun(400), true);
  row('4,000 comment lines in a function', commentRun(4_000), raw);
  row('1 MB of comment lines in a function', commentRun(15_000), false);
  row('100 nested blocks (Python allows 100)', nested(100), true);
  // The bare parse of these corrupts the parser for the rest of the process: not run.
  row('550 nested blocks', nested(550), false);
  row('2,000 nested blocks', nested(2_000), false);
  safeguardCost(parser);
}

/**
 * What the safeguards cost on ordinary code: the source scan before parsing,
 * and the parse with its CPU-budget callback against the bare parse (CPU time,
 * fastest of five runs, generated Keras code of 100,000 lines).
 */
function safeguardCost(parser: Awaited<ReturnType<typeof loadPythonParser>>): void {
  const text = generatePython(100_000);
  const cpu = (fn: () => void) => {
    let best = Infinity;
    for (let i = 0; i < 5; i++) {
      const before = process.cpuUsage();
      fn();
      const used = process.cpuUsage(before);
      best = Math.min(best, (used.user + used.system) / 1000);
    }
    return best;
  };
  const scan = cpu(() => blankRanges(text, scanPythonSource(text).blankable));
  const bare = cpu(() => parser.parse(text)?.delete());
  // The budget's check, as parser.ts makes it: the process's CPU time, asked at every progress callback.
  const limit = Number.MAX_VALUE;
  const checked = cpu(() =>
    parser
      .parse(text, null, {
        progressCallback: () => {
          const { user, system } = process.cpuUsage();
          return (user + system) / 1000 > limit;
        },
      })
      ?.delete(),
  );
  console.log(
    `\nSafeguards on ${(text.length / 1e6).toFixed(1)} MB of generated code (CPU ms, best of 5): source scan ${scan.toFixed(0)}; ` +
      `bare parse ${bare.toFixed(0)}; parse with the CPU-budget check ${checked.toFixed(0)}`,
  );
}

/** Resident memory of a process and all its descendants, from /proc (0 when it has gone). */
function treeRss(root: number): number {
  const children = new Map<number, number[]>();
  const rss = new Map<number, number>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const pid = Number(entry);
      const ppid = Number(fields[1]);
      rss.set(pid, Number(fields[21]) * 4096);
      children.set(ppid, [...(children.get(ppid) ?? []), pid]);
    } catch {
      // The process ended while we looked.
    }
  }
  let total = 0;
  const pending = [root];
  while (pending.length) {
    const pid = pending.pop()!;
    total += rss.get(pid) ?? 0;
    pending.push(...(children.get(pid) ?? []));
  }
  return total;
}

function verify(
  args: string[],
  cwd: string,
): Promise<{ code: number | null; peak: number; seconds: number; message: string }> {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'model-doctor.js'), 'verify', ...args], {
      cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    let peak = 0;
    const poll = setInterval(() => (peak = Math.max(peak, treeRss(child.pid!))), 20);
    child.on('exit', (code) => {
      clearInterval(poll);
      const message = output.trim().split('\n').at(-1) ?? '';
      resolve({ code, peak, seconds: (performance.now() - started) / 1000, message });
    });
  });
}

const MLP = `from tensorflow import keras
from tensorflow.keras import layers
model = keras.Sequential([
    layers.Dense(16, activation="relu", input_shape=(4,)),
    layers.Dense(3, activation="softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
`;

const CNN = (inputShape: string) => `from tensorflow import keras
from tensorflow.keras import layers
model = keras.Sequential([
    ${inputShape ? `keras.Input(shape=${inputShape}),` : ''}
    layers.Conv2D(4, 3, activation="relu"),
    layers.Flatten(),
    layers.Dense(2, activation="softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
`;

/** A real PNG of width × height black pixels, deflated in one stream (300 MB of zeros is about 300 KB). */
function blackPng(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(data.length, 0);
    head.write(type, 4, 'latin1');
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(Buffer.concat([Buffer.from(type, 'latin1'), data])), 0);
    return Buffer.concat([head, data, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  const raw = Buffer.alloc(height * (1 + width * 3));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function badDataFiles(dir: string): { name: string; args: string[] }[] {
  const x = npyBytes({ descr: '<f8', shape: [100, 4], values: Array.from({ length: 400 }, (_, i) => i % 9) });
  const y = npyBytes({ descr: '<i8', shape: [100], values: Array.from({ length: 100 }, (_, i) => i % 3) });
  const write = (name: string, bytes: Buffer) => fs.writeFileSync(path.join(dir, name), bytes);
  // Labels whose header (and zip entry) claim `rows` float64 values, in a few bytes of deflate.
  const lying = (rows: number) => {
    const header = npyHeader({ descr: '<f8', shape: [rows] });
    const zip = zipBytes(
      [
        { name: 'x.npy', data: x },
        { name: 'y.npy', data: header, deflate: true },
      ],
      true,
    );
    return patchCentral(zip, 'y.npy', (b, at) => b.writeBigUInt64LE(BigInt(header.length + rows * 8), at + 46 + 5 + 4));
  };
  write('z_yrows2e8.npz', lying(200_000_000));
  write('z_yrows2e9.npz', lying(2_000_000_000));
  write('z_yrows1e12.npz', lying(1_000_000_000_000));
  const zip64 = zipBytes(
    [
      { name: 'x.npy', data: x },
      { name: 'y.npy', data: y },
    ],
    true,
  );
  write(
    'z_u64huge.npz',
    patchCentral(zip64, 'x.npy', (b, at) => b.writeBigUInt64LE(2n ** 60n, at + 46 + 5 + 4)),
  );
  write(
    'z_extra_overflow.npz',
    patchCentral(
      zipBytes([
        { name: 'x.npy', data: x },
        { name: 'y.npy', data: y },
      ]),
      'x.npy',
      (b, at) => b.writeUInt16LE(255, at + 30),
    ),
  );
  write('mlp.py', Buffer.from(MLP));
  fs.mkdirSync(path.join(dir, 'photos'), { recursive: true });
  const png = blackPng(9999, 9999);
  for (const c of ['a', 'b']) {
    fs.mkdirSync(path.join(dir, 'big', c), { recursive: true });
    for (let i = 0; i < 4; i++) fs.writeFileSync(path.join(dir, 'big', c, `${i}.png`), png);
  }
  writeImageFolder(path.join(dir, 'photos'), { a: 20, b: 20 }, { width: 32, height: 32 });
  write('cnn32.py', Buffer.from(CNN('(32, 32, 3)')));
  write('cnn128.py', Buffer.from(CNN('(128, 128, 3)')));
  writeImageFolder(path.join(dir, 'good'), { cats: 500, dogs: 500 }, { width: 160, height: 120, format: 'jpeg' });
  write('cnn.py', Buffer.from(CNN('')));
  return [
    ...['z_extra_overflow', 'z_u64huge', 'z_yrows1e12', 'z_yrows2e8', 'z_yrows2e9'].map((name) => ({
      name: `${name}.npz`,
      args: ['mlp.py', '--data', `${name}.npz`],
    })),
    { name: `zip bomb: ${BOMB_ROWS} rows, 1 GiB of zeros inside (trains)`, args: ['mlp.py', '--data', 'bomb.npz'] },
    { name: 'eight 9999×9999 PNGs (model 32×32×3)', args: ['cnn32.py', '--data', 'big'] },
    {
      name: 'image folder, --input-shape 20000,20000,3',
      args: ['cnn.py', '--data', 'photos', '--input-shape', '20000,20000,3'],
    },
    {
      name: 'for comparison: 1,000 good 160×120 photos, model 128×128×3, default sample (trains)',
      args: ['cnn128.py', '--data', 'good'],
    },
  ];
}

/** Rows of the zip bomb: x is float32 (rows, 4), 1 GiB of zeros; y one byte a row, 0 and 1 in turn. */
const BOMB_ROWS = 2 ** 26;

async function writeBomb(dir: string): Promise<void> {
  const rows = BOMB_ROWS;
  const entry = async (header: Buffer, bytes: number, fill: Buffer | number) => {
    const deflate = zlib.createDeflateRaw({ level: 9 });
    const parts: Buffer[] = [];
    deflate.on('data', (d: Buffer) => parts.push(d));
    const done = new Promise<void>((resolve) => deflate.on('end', () => resolve()));
    deflate.write(header);
    const block = Buffer.alloc(16 << 20, fill);
    for (let left = bytes; left > 0; left -= block.length) {
      if (!deflate.write(block.subarray(0, Math.min(left, block.length))))
        await new Promise<void>((resolve) => deflate.once('drain', () => resolve()));
    }
    deflate.end();
    await done;
    return { data: Buffer.concat(parts), size: header.length + bytes };
  };
  const x = await entry(npyHeader({ descr: '<f4', shape: [rows, 4] }), rows * 16, 0);
  const y = await entry(npyHeader({ descr: '|u1', shape: [rows] }), rows, Buffer.from([0, 1]));
  // zipBytes deflates itself; store the already-deflated streams and fix method and sizes after.
  let zip = zipBytes(
    [
      { name: 'x.npy', data: x.data },
      { name: 'y.npy', data: y.data },
    ],
    true,
  );
  for (const [name, entrySize] of [
    ['x.npy', x.size],
    ['y.npy', y.size],
  ] as const) {
    zip = patchCentral(zip, name, (b, at) => {
      b.writeUInt16LE(8, at + 10);
      b.writeBigUInt64LE(BigInt(entrySize), at + 46 + 5 + 4);
    });
  }
  fs.writeFileSync(path.join(dir, 'bomb.npz'), zip);
}

async function dataFigures(): Promise<void> {
  if (!fs.existsSync(path.join(ROOT, 'dist', 'trainer-worker.js'))) throw new Error('build first: npm run build');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'md-bench-robust-'));
  try {
    const cases = badDataFiles(dir);
    await writeBomb(dir);
    console.log('\n| data | exit | peak memory (MB) | time (s) | message |');
    console.log('| --- | ---: | ---: | ---: | --- |');
    for (const c of cases) {
      const r = await verify([...c.args, '--epochs', '1', '--backend', 'cpu'], dir);
      const message = r.message.replace(dir + path.sep, '').replace(/\|/g, '\\|');
      console.log(`| ${c.name} | ${r.code} | ${(r.peak / 1e6).toFixed(0)} | ${r.seconds.toFixed(1)} | ${message} |`);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function main() {
  console.log(`node ${process.version}, ${os.cpus().length} cores, load ${os.loadavg()[0].toFixed(1)}`);
  await analysisFigures(process.argv.includes('--raw'));
  await dataFigures();
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
