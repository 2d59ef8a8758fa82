/**
 * Fuzz inputs: a corpus of valid files per target (the repository's examples,
 * generated data files) and seeded mutations of them. Input number `index` of
 * a run with seed `seed` is always the same bytes, whatever ran before it, so
 * the runner can rebuild an input that crashed its worker and save it.
 *
 * The mutations mix random byte and text edits with the shapes that broke
 * things before (issue 13): one line repeated thousands of times, deep
 * nesting, doubling assignments, header fields set to boundary values.
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { encodeImage, fixtureRandom, npyBytes, patternImage, zipBytes, type ImageFormat } from '../unit/data-fixtures';

export const TARGETS = ['python', 'javascript', 'notebook', 'npy', 'npz', 'csv', 'image'] as const;
export type Target = (typeof TARGETS)[number];

export interface FuzzInput {
  bytes: Buffer;
  /** File extension the target reads it as (`.py`, `.npz`, `.png`…). */
  ext: string;
}

type Random = () => number;

const ROOT = path.join(__dirname, '..', '..');
/** Inputs stay below this: large enough for quadratic behaviour to show, small enough for many runs a second. */
const MAX_INPUT_BYTES = 256 << 10;

function files(dir: string, ext: RegExp): string[] {
  const full = path.join(ROOT, dir);
  if (!fs.existsSync(full)) return [];
  return fs
    .readdirSync(full)
    .filter((f) => ext.test(f))
    .sort()
    .map((f) => path.join(full, f));
}

const corpora: Partial<Record<Target, FuzzInput[]>> = {};

/** The valid starting points of a target, built once per process. */
function corpus(target: Target): FuzzInput[] {
  corpora[target] ??= buildCorpus(target);
  return corpora[target]!;
}

function buildCorpus(target: Target): FuzzInput[] {
  const read = (f: string, ext: string) => ({ bytes: fs.readFileSync(f), ext });
  switch (target) {
    case 'python':
      return [
        ...files('examples', /\.py$/),
        ...files('bench/cases', /\.py$/),
        ...files('test/fixtures/keras-parity/models', /\.py$/),
      ].map((f) => read(f, '.py'));
    case 'javascript':
      return files('examples/tfjs', /\.(m?js|cjs|tsx?|jsx)$/).map((f) => read(f, path.extname(f)));
    case 'notebook':
      return [
        ...files('examples/notebooks', /\.ipynb$/).map((f) => read(f, '.ipynb')),
        ...files('examples', /\.py$/)
          .slice(0, 6)
          .map((f) => ({ bytes: Buffer.from(asNotebook(fs.readFileSync(f, 'utf8'))), ext: '.ipynb' })),
      ];
    case 'npy':
      return npyCorpus().map((bytes) => ({ bytes, ext: '.npy' }));
    case 'npz':
      return npzCorpus().map((bytes) => ({ bytes, ext: '.npz' }));
    case 'csv':
      return csvCorpus().map((text) => ({ bytes: Buffer.from(text), ext: '.csv' }));
    case 'image':
      return (['png', 'jpeg', 'gif', 'bmp'] as ImageFormat[]).map((format) => ({
        bytes: encodeImage(patternImage(0, 12, 10, fixtureRandom(5)), format),
        ext: format === 'jpeg' ? '.jpg' : `.${format}`,
      }));
  }
}

/** Code split into cells at blank lines, as a notebook of format 4. */
function asNotebook(code: string): string {
  const cells = code.split(/\n\s*\n/).map((source, i) => ({
    cell_type: i % 5 === 4 ? 'markdown' : 'code',
    execution_count: i,
    metadata: {},
    outputs: [],
    source: source.split(/(?<=\n)/),
  }));
  return JSON.stringify({ cells, metadata: {}, nbformat: 4, nbformat_minor: 5 }, null, 1);
}

function npyCorpus(): Buffer[] {
  const n = 24;
  return [
    npyBytes({ descr: '<f4', shape: [n, 3], values: Array.from({ length: n * 3 }, (_, i) => i / 7) }),
    npyBytes({ descr: '|u1', shape: [n, 2, 2], values: Array.from({ length: n * 4 }, (_, i) => i & 255) }),
    npyBytes({ descr: '<f8', shape: [n, 3], fortran: true, values: Array.from({ length: n * 3 }, (_, i) => i) }),
    npyBytes({ descr: '<i8', shape: [n], values: Array.from({ length: n }, (_, i) => i % 3) }, 2),
    npyBytes({ descr: '<U5', shape: [n], values: Array.from({ length: n }, (_, i) => (i % 2 ? 'cat' : 'dog')) }),
  ];
}

function npzCorpus(): Buffer[] {
  const n = 24;
  const x = npyBytes({ descr: '<f4', shape: [n, 3], values: Array.from({ length: n * 3 }, (_, i) => i / 5) });
  const y = npyBytes({ descr: '<i8', shape: [n], values: Array.from({ length: n }, (_, i) => i % 2) });
  const entries = (deflate: boolean) => [
    { name: 'x.npy', data: x, deflate },
    { name: 'y.npy', data: y, deflate },
  ];
  return [
    zipBytes(entries(false)),
    zipBytes(entries(true)),
    zipBytes(entries(false), true),
    zipBytes(entries(true), true),
  ];
}

function csvCorpus(): string[] {
  const rows = (n: number, row: (i: number) => string) => Array.from({ length: n }, (_, i) => row(i)).join('\n');
  return [
    `sepal_length,sepal_width,species\n${rows(30, (i) => `${5 + (i % 7) / 10},${3 + (i % 3) / 10},${['setosa', 'versicolor', 'virginica'][i % 3]}`)}\n`,
    `${rows(30, (i) => `${i} ${i % 4} ${i % 2}`)}\n`,
    `id;"name, quoted";x;label\r\n${rows(30, (i) => `${i};"n ""${i}""";${i / 3};${i % 2}`).replace(/\n/g, '\r\n')}\r\n`,
    `# comment\na\tb\ttarget\n${rows(30, (i) => `${i}\t\t${i % 2}`)}`,
  ];
}

// ---------------------------------------------------------------- mutations

/** A 32-bit seed for input `index` of a run: independent of every other input. */
function inputSeed(seed: number, target: Target, index: number): number {
  return crypto.createHash('sha256').update(`${seed}/${target}/${index}`).digest().readUInt32LE(0);
}

/** A valid input of the target, unmutated. */
export function corpusInput(target: Target): FuzzInput {
  return corpus(target)[0];
}

export function fuzzInput(target: Target, seed: number, index: number): FuzzInput {
  const random = fixtureRandom(inputSeed(seed, target, index));
  const pool = corpus(target);
  const base = pool[Math.floor(random() * pool.length)];
  const rounds = 1 + Math.floor(random() * 4);
  let bytes = base.bytes;
  for (let i = 0; i < rounds; i++)
    bytes = isText(target) || random() < 0.3 ? mutateText(bytes, random) : mutateBytes(bytes, random);
  if (bytes.length > MAX_INPUT_BYTES) bytes = bytes.subarray(0, MAX_INPUT_BYTES);
  return { bytes, ext: base.ext };
}

function isText(target: Target): boolean {
  return target === 'python' || target === 'javascript' || target === 'notebook' || target === 'csv';
}

const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)];
const int = (random: Random, below: number) => Math.floor(random() * below);

/** Tokens that mean something to one of the parsers: brackets, quotes, keywords, layer calls, numbers at the edges. */
const TOKENS = [
  '(',
  ')',
  '[',
  ']',
  '{',
  '}',
  '"',
  "'",
  '"""',
  "'''",
  '`',
  '${',
  '\\',
  '#',
  '//',
  '/*',
  '*/',
  ':',
  ',',
  ';',
  '\n',
  '\r',
  '\r\n',
  '\t',
  '    ',
  '\uFEFF',
  '\u0000',
  '😀',
  'é',
  'if True:',
  'def f(x):',
  'class M(keras.Model):',
  'lambda: ',
  'return ',
  'yield ',
  'async ',
  'await ',
  'import keras\n',
  'from tensorflow.keras import layers\n',
  'f"{x}"',
  'r"\\"',
  'Dense(',
  "activation='softmax'",
  'loss="sparse_categorical_crossentropy"',
  'input_shape=(',
  'Sequential([',
  'model.add(',
  'model.compile(',
  'model.fit(',
  'tf.layers.dense({',
  'tf.sequential({',
  'units: ',
  '...',
  '*',
  '**',
  '0',
  '-1',
  '1e308',
  '-0.0',
  'NaN',
  '2**31',
  '9007199254740993',
  'None',
  'null',
  'undefined',
  'True',
  'nan',
  '"cells"',
  '"source"',
  '"cell_type": "code"',
  'null,',
  '"nbformat": 3',
  '"worksheets"',
  '{"',
  '"}',
  'descr',
  "'<f8'",
  "'|O'",
  "'fortran_order': True",
  "'shape': (",
  '0xffffffff',
  '4294967296',
  '1000000000000',
];

const AMPLIFIERS: ((random: Random) => string)[] = [
  // One line many times: comment runs, doubling assignments, repeated calls.
  (r) =>
    pick(r, [
      '# c\n',
      '    # comment\n',
      's = s + s\n',
      'l = l + l\n',
      'l = l * 200\n',
      'model.add(Dense(1))\n',
      'x,\n',
    ]).repeat(1 + int(r, 3000)),
  // Deep nesting of blocks or brackets.
  (r) => {
    const depth = 1 + int(r, 700);
    if (r() < 0.5)
      return `${Array.from({ length: depth }, (_, i) => `${' '.repeat(i)}if x:\n`).join('')}${' '.repeat(depth)}pass\n`;
    const [open, close] = pick(r, [
      ['(', ')'],
      ['[', ']'],
      ['{', '}'],
      ['f(', ')'],
      ['Dense(', ')'],
    ]);
    return `${open.repeat(depth)}1${close.repeat(depth)}\n`;
  },
];

function mutateText(bytes: Buffer, random: Random): Buffer {
  let text = bytes.toString('utf8');
  const at = () => int(random, text.length + 1);
  switch (int(random, 9)) {
    case 0: {
      const start = at();
      text = text.slice(0, start) + text.slice(start + int(random, 64));
      break;
    }
    case 1: {
      const start = at();
      const piece = text.slice(start, start + int(random, 200));
      const where = at();
      text = text.slice(0, where) + piece.repeat(1 + int(random, 4)) + text.slice(where);
      break;
    }
    case 2:
    case 3: {
      const where = at();
      text = text.slice(0, where) + pick(random, TOKENS) + text.slice(where);
      break;
    }
    case 4: {
      const lines = text.split('\n');
      const i = int(random, lines.length);
      const j = int(random, lines.length);
      [lines[i], lines[j]] = [lines[j], lines[i]];
      text = lines.join('\n');
      break;
    }
    case 5: {
      const lineStart = text.lastIndexOf('\n', at()) + 1;
      text = text.slice(0, lineStart) + pick(random, AMPLIFIERS)(random) + text.slice(lineStart);
      break;
    }
    case 6:
      text = text.slice(0, at());
      break;
    case 7: {
      // A number somewhere becomes one at the edges.
      text = text.replace(/\d+/, () => pick(random, ['0', '-1', '4294967295', '1e12', '99999999', '2147483648', '']));
      break;
    }
    default: {
      const where = at();
      text = text.slice(0, where) + String.fromCharCode(int(random, 0x3000)) + text.slice(where);
    }
  }
  return Buffer.from(text, 'utf8');
}

const EDGE_U32 = [0, 1, 0x7f, 0x80, 0xff, 0xffff, 0x7fffffff, 0x80000000, 0xffffffff];
const EDGE_U64 = [0n, 2n ** 31n, 2n ** 32n, 2n ** 53n + 1n, 2n ** 60n, 2n ** 63n, 2n ** 64n - 1n];

function mutateBytes(bytes: Buffer, random: Random): Buffer {
  const out = Buffer.from(bytes);
  if (out.length === 0) return Buffer.from([int(random, 256)]);
  const at = (room = 1) => int(random, Math.max(1, out.length - room + 1));
  switch (int(random, 7)) {
    case 0:
      for (let i = 1 + int(random, 8); i > 0; i--) out[at()] ^= 1 << int(random, 8);
      return out;
    case 1:
      out[at()] = pick(random, [0, 0xff, 0x7f, 0x80]);
      return out;
    case 2:
      if (out.length >= 4) out.writeUInt32LE(pick(random, EDGE_U32), at(4));
      return out;
    case 3:
      if (out.length >= 8) out.writeBigUInt64LE(pick(random, EDGE_U64), at(8));
      return out;
    case 4:
      return out.subarray(0, at());
    case 5: {
      const start = at();
      const piece = out.subarray(start, start + int(random, 512));
      const where = at();
      return Buffer.concat([out.subarray(0, where), piece, out.subarray(where)]);
    }
    default: {
      const where = at();
      return Buffer.concat([out.subarray(0, where), randomBytes(random, 1 + int(random, 32)), out.subarray(where)]);
    }
  }
}

function randomBytes(random: Random, n: number): Buffer {
  return Buffer.from(Array.from({ length: n }, () => int(random, 256)));
}
