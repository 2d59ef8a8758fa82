/**
 * The data loader on data that lies or breaks the rules (issue 13): zip and
 * .npy headers claiming what the bytes cannot hold, labels claiming billions
 * of rows, samples that cannot fit in memory, named pipes, CSV files with odd
 * line endings, encodings, quotes or field counts, array keys with `/`, and a
 * misspelt class label. Every one is a plain DataError (exit 2), never an
 * internal error, and nothing is allocated for what a header merely claims.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { loadTrainingData, type LoadOptions } from '../../src/trainer/data';
import { LABEL_SUBSET_ROWS, MAX_LABEL_VALUES } from '../../src/trainer/data/budget';
import { uniformSubset } from '../../src/trainer/data/sampling';
import { loadUserDataset } from '../../src/trainer/user-data';
import type { ModelSpec, UserDataPlan } from '../../src/trainer/spec';
import {
  npyBytes,
  npyHeader,
  rejects,
  removeDir,
  tempDir,
  patchCentral,
  writeImageFolder,
  writeNpz,
  zipBytes,
} from './data-fixtures';

const dir = tempDir('md-data-robust-');
after(() => removeDir(dir));
const options = (extra: Partial<LoadOptions> = {}): LoadOptions => ({ baseDirs: [dir], decoder: 'pure-js', ...extra });

const X100 = { descr: '<f4', shape: [100, 4], values: Array.from({ length: 400 }, (_, i) => i % 7) };
const Y100 = { descr: '<i8', shape: [100], values: Array.from({ length: 100 }, (_, i) => i % 3) };

function writeFile(name: string, bytes: Buffer | string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, bytes);
  return name;
}

describe('zip archives whose directory lies', () => {
  const good = () =>
    zipBytes([
      { name: 'x.npy', data: npyBytes(X100) },
      { name: 'y.npy', data: npyBytes(Y100), deflate: true },
    ]);

  it('an extra field running past the directory', async () => {
    const zip = patchCentral(good(), 'x.npy', (b, at) => b.writeUInt16LE(255, at + 30));
    await rejects(
      loadTrainingData({ path: writeFile('extra.npz', zip) }, options()),
      'bad-zip',
      /extra\.npz is not a readable \.npz \(zip\) file: an entry runs past the end of the directory/,
    );
  });

  it('a ZIP64 size of 2^60', async () => {
    const zip = zipBytes([{ name: 'x.npy', data: npyBytes(X100) }], true);
    const patched = patchCentral(zip, 'x.npy', (b, at) => b.writeBigUInt64LE(2n ** 60n, at + 46 + 5 + 4));
    await rejects(
      loadTrainingData({ path: writeFile('u64.npz', patched) }, options()),
      'bad-zip',
      /the size of 'x\.npy' is 1152921504606846976 bytes, more than any file holds/,
    );
  });

  it('a deflated entry claiming more than deflate can produce (a header of 2×10^8 rows in 200 bytes)', async () => {
    const header = npyHeader({ descr: '<f8', shape: [200_000_000] });
    const zip = zipBytes([
      { name: 'x.npy', data: npyBytes(X100) },
      { name: 'y.npy', data: header, deflate: true },
    ]);
    const patched = patchCentral(zip, 'y.npy', (b, at) => b.writeUInt32LE(header.length + 1_600_000_000, at + 24));
    await rejects(
      loadTrainingData({ path: writeFile('claims.npz', patched) }, options()),
      'bad-zip',
      /'y\.npy' claims 1\.6 GB uncompressed from \d+ bytes compressed, more than deflate can produce/,
    );
  });

  it('a stored entry whose size differs from its data, and data past the end of the file', async () => {
    const stored = patchCentral(good(), 'x.npy', (b, at) => b.writeUInt32LE(b.readUInt32LE(at + 24) * 1000, at + 24));
    await rejects(
      loadTrainingData({ path: writeFile('stored.npz', stored) }, options()),
      'bad-zip',
      /'x\.npy' is stored uncompressed but claims/,
    );
    const whole = good();
    await rejects(
      loadTrainingData({ path: writeFile('cut.npz', whole.subarray(0, whole.length - 40)) }, options()),
      'bad-zip',
      /no end-of-directory record|outside the file|runs past the end of the file/,
    );
  });
});

describe('headers that claim more than the data', () => {
  it('a header claiming 10^12 rows is checked against the bytes that follow it', async () => {
    const y = npyBytes({ descr: '<i8', shape: [1_000_000_000_000], raw: Buffer.alloc(800) });
    fs.writeFileSync(path.join(dir, 'x100.npy'), npyBytes(X100));
    fs.writeFileSync(path.join(dir, 'y-claims.npy'), y);
    await rejects(
      loadTrainingData({ path: 'x100.npy', labelsPath: 'y-claims.npy' }, options()),
      'bad-npy',
      /y-claims\.npy is truncated: its header says 1000000000000 <i8 \(8 TB\) but only 800 bytes follow/,
    );
    const zip = zipBytes([
      { name: 'x.npy', data: npyBytes(X100) },
      { name: 'y.npy', data: y },
    ]);
    await rejects(
      loadTrainingData({ path: writeFile('claims-stored.npz', zip) }, options()),
      'bad-npy',
      /claims-stored\.npz\['y'\] is truncated/,
    );
  });

  it('inputs and labels of different lengths are refused before the labels are read', async () => {
    const rows = 3_000_000;
    // Valid header, then garbage where the label values should be: only a length check before reading passes this.
    const yBytes = Buffer.concat([npyHeader({ descr: '|u1', shape: [rows] }), Buffer.alloc(rows, 7)]);
    const zip = zipBytes([
      { name: 'x.npy', data: npyBytes(X100) },
      { name: 'y.npy', data: yBytes, deflate: true },
    ]);
    await rejects(
      loadTrainingData({ path: writeFile('mismatch.npz', zip) }, options()),
      'length-mismatch',
      /mismatch\.npz\['x'\] has 100 rows but mismatch\.npz\['y'\] has 3000000/,
    );
  });

  it(`more labels than are read whole (${MAX_LABEL_VALUES}): a uniform subset of ${LABEL_SUBSET_ROWS} rows, inputs following it`, async () => {
    // A genuine zip bomb: 2^24 + 1000 rows of one byte each, mostly zeros, deflated to a few KB.
    const rows = MAX_LABEL_VALUES + 1000;
    const x = Buffer.alloc(rows);
    const y = Buffer.alloc(rows);
    for (let i = 0; i < rows; i += 97) {
      y[i] = 1;
      x[i] = 200;
    }
    const file = writeNpz(
      path.join(dir, 'bomb.npz'),
      {
        x: { descr: '|u1', shape: [rows, 1], raw: x },
        y: { descr: '|u1', shape: [rows], raw: y },
      },
      { deflate: true },
    );
    assert.ok(fs.statSync(file).size < 200_000);
    const data = await loadTrainingData({ path: 'bomb.npz' }, options({ sample: 200, seed: 3 }));
    assert.equal(data.report.found, LABEL_SUBSET_ROWS);
    assert.ok(data.report.notes.some((n) => n.includes(`${rows} examples are more than are labelled whole`)));
    // Inputs stay lined up with their labels through the subset: class 1 rows are exactly the x = 200 rows.
    for (let i = 0; i < data.xShape[0]; i++) assert.equal(data.x[i] === 200, data.classIds![i] === 1);
  });

  it('uniform subsets cost memory by the subset, not by what is claimed', () => {
    const subset = uniformSubset(2 ** 31 - 1, 1000, 7);
    assert.equal(subset.length, 1000);
    assert.equal(new Set(subset).size, 1000);
    for (let i = 1; i < subset.length; i++) assert.ok(subset[i] > subset[i - 1]);
    assert.deepEqual(uniformSubset(2 ** 31 - 1, 1000, 7), subset);
    assert.deepEqual(Array.from(uniformSubset(5, 1000, 7)), [0, 1, 2, 3, 4]);
  });

  it('a sample that would not fit in memory is refused before it is allocated, saying how many fit', async () => {
    writeImageFolder(path.join(dir, 'photos'), { cats: 6, dogs: 6 }, { width: 8, height: 8 });
    await rejects(
      loadTrainingData({ path: 'photos' }, options({ inputShape: [20000, 20000, 3] })),
      'too-large',
      /a sample of 12 examples of 20000×20000×3 from .*photos would take 57.6 GB of memory, more than the 600 MB allowed: the model input is too large/,
    );
    const rows = 2000;
    fs.writeFileSync(
      path.join(dir, 'wide.npy'),
      npyBytes({ descr: '|u1', shape: [rows, 100_000], raw: Buffer.alloc(rows * 100_000) }),
    );
    fs.writeFileSync(
      path.join(dir, 'wide-y.npy'),
      npyBytes({ descr: '|u1', shape: [rows], raw: Buffer.from(Array.from({ length: rows }, (_, i) => i % 2)) }),
    );
    await rejects(
      loadTrainingData({ path: 'wide.npy', labelsPath: 'wide-y.npy' }, options({ sample: 2000 })),
      'too-large',
      /use --sample 1500 or fewer/,
    );
  });
});

describe('files that are not regular files', { skip: process.platform === 'win32' }, () => {
  it('a named pipe as data is refused without waiting for a writer', async () => {
    const fifo = path.join(dir, 'pipe.csv');
    assert.equal(spawnSync('mkfifo', [fifo]).status, 0);
    await rejects(loadTrainingData({ path: 'pipe.csv' }, options()), 'unreadable', /pipe\.csv is a named pipe/);
    // Named by the code (an explicit extension-less FIFO goes through kind detection).
    const bare = path.join(dir, 'pipe');
    assert.equal(spawnSync('mkfifo', [bare]).status, 0);
    await rejects(loadTrainingData({ path: 'pipe' }, options()), 'unreadable', /pipe is a named pipe/);
  });
});

describe('CSV', () => {
  const iris = (eol: string) =>
    ['a,b,label', ...Array.from({ length: 30 }, (_, i) => `${i},${i % 5},${i % 2 ? 'x' : 'y'}`)].join(eol) + eol;

  it('CR-only line endings (old Mac files) are lines', async () => {
    const data = await loadTrainingData({ path: writeFile('cr.csv', iris('\r')) }, options());
    assert.equal(data.report.found, 30);
    assert.deepEqual(data.xShape, [30, 2]);
  });

  it('UTF-16 with a byte-order mark (little and big endian) and without one', async () => {
    const text = iris('\r\n');
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const be = Buffer.from(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])).swap16();
    for (const [name, bytes] of [
      ['le.csv', le],
      ['be.csv', be],
      ['nobom.csv', Buffer.from(text, 'utf16le')],
    ] as const) {
      const data = await loadTrainingData({ path: writeFile(name, bytes) }, options());
      assert.equal(data.report.found, 30, name);
      assert.deepEqual(
        data.report.perClass.map((c) => c.name),
        ['x', 'y'],
        name,
      );
    }
  });

  it('a quote inside a field is a character, not the start of a quoted field (12,5" pipe,1)', async () => {
    const rows = [
      'size,desc,label',
      '12,5" pipe,1',
      ...Array.from({ length: 20 }, (_, i) => `${i},"a, quoted",${i % 2}`),
    ];
    const data = await loadTrainingData({ path: writeFile('quotes.csv', `${rows.join('\n')}\n`) }, options());
    assert.equal(data.report.found, 21);
    assert.equal(data.report.skipped, 0);
  });

  it('most rows with another field count than the header: says the file was misread, not "no usable rows"', async () => {
    const rows = ['a;b;label', ...Array.from({ length: 20 }, (_, i) => `${i},${i},${i % 2}`)];
    await rejects(
      loadTrainingData({ path: writeFile('ragged.csv', `${rows.join('\n')}\n`) }, options()),
      'csv-ragged',
      /ragged\.csv: 20 of 21 rows do not have the 3 fields of the first row \(20 have 1\): the fields were split on ';'; check the delimiter/,
    );
  });
});

describe('.npz keys with "/"', () => {
  it('can be selected as the hint prints them', async () => {
    writeNpz(path.join(dir, 'groups.npz'), {
      'train/x': X100,
      'train/y': Y100,
      'test/x': X100,
    });
    await rejects(
      loadTrainingData({ path: 'groups.npz' }, options()),
      'npz-key',
      /name them \(e\.g\. --data groups\.npz:train\/x --labels groups\.npz:train\/y\)/,
    );
    const data = await loadTrainingData({ path: 'groups.npz:train/x', labelsPath: 'groups.npz:train/y' }, options());
    assert.equal(data.report.key, 'train/x');
    assert.equal(data.report.found, 100);
  });
});

describe('a misspelt class label', () => {
  const rows = ['f1,f2,species'];
  for (const [k, name] of ['setosa', 'versicolor', 'virginica'].entries())
    for (let i = 0; i < 30; i++) rows.push(`${k + i / 100},${k * 2},${k === 2 && i === 17 ? 'virginca' : name}`);

  it('is reported with where it is and what it looks like', async () => {
    const data = await loadTrainingData({ path: writeFile('iris-typo.csv', `${rows.join('\n')}\n`) }, options());
    assert.ok(
      data.report.notes.includes("label 'virginca' occurs only once (row 78), like a misspelling of 'virginica'"),
    );
  });

  it('that gives the data more classes than the model has outputs is blamed on the data', async () => {
    const plan = {
      input: { path: 'iris-typo.csv' },
      baseDirs: [dir],
      sample: 90,
      origin: 'user',
    } as unknown as UserDataPlan;
    const spec = { inputs: [{ shape: [2] }], labels: null, loss: { written: 'sparse_categorical_crossentropy' } };
    await rejects(
      loadUserDataset(
        plan,
        spec as unknown as ModelSpec,
        { kind: 'classification', shape: [2], classes: 3 } as never,
        3,
        {
          seed: 1,
          decoder: 'pure-js',
        },
      ),
      'labels-unusable',
      /has 4 classes but the model has 3 outputs, and label 'virginca' occurs only once \(row 78\), like a misspelling of 'virginica': fix or remove that row in the data \(the model is not what is wrong\)/,
    );
  });
});
