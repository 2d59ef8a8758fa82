import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import type { DataError } from '../../src/trainer/data';
import { ByteCounter, RandomAccessFile, withFile } from '../../src/trainer/data/file-reader';
import { openNpyArray, readRows, readTextRows } from '../../src/trainer/data/npy/array';
import { parseNpyHeader } from '../../src/trainer/data/npy/header';
import { guessNpzKeys, openNpz, openNpzArray } from '../../src/trainer/data/npy/npz';
import { fixtureRandom, npyBytes, npyHeader, removeDir, tempDir, writeNpy, writeNpz, rejects } from './data-fixtures';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'data');
const dir = tempDir();
after(() => removeDir(dir));

async function openFile(file: string, counter = new ByteCounter()) {
  const handle = await RandomAccessFile.open(file, counter);
  return {
    handle,
    array: await openNpyArray({ file: handle, what: path.basename(file), start: 0, length: handle.size }),
  };
}

async function rowsOf(file: string, rows: number[], precision: 'f32' | 'f64' = 'f64'): Promise<number[]> {
  const { handle, array } = await openFile(file);
  try {
    return Array.from(await readRows(array, Int32Array.from(rows), precision));
  } finally {
    await handle.close();
  }
}

describe('npy header', () => {
  it('parses what numpy writes: dtype, order, shape', () => {
    const header = parseNpyHeader(fs.readFileSync(path.join(FIXTURES, 'x-f8-fortran.npy')), 'x');
    assert.equal(header.dtype.descr, '<f8');
    assert.equal(header.fortranOrder, true);
    assert.deepEqual(header.shape, [6, 3]);
    assert.equal(header.dataOffset % 64, 0);
  });

  it('reads format version 2 headers', () => {
    const bytes = npyBytes({ descr: '<f4', shape: [2, 2], values: [1, 2, 3, 4] }, 2);
    const header = parseNpyHeader(bytes, 'v2');
    assert.deepEqual(header.shape, [2, 2]);
    assert.equal(header.dataOffset, npyHeader({ descr: '<f4', shape: [2, 2] }, 2).length);
  });

  it('rejects files that are not .npy', () => {
    assert.throws(
      () => parseNpyHeader(Buffer.from('PK\x03\x04 not numpy at all'), 'a.npy'),
      (e: DataError) => e.code === 'bad-npy' && /\\x93NUMPY/.test(e.message),
    );
  });
});

describe('npy rows (numpy-written files)', () => {
  const x = [
    [0, 1, 2],
    [10, 11, 12],
    [20, 21, 22],
    [30, 31, 32],
    [40, 41, 42],
    [50, 51, 52],
  ];
  for (const name of ['x-f4.npy', 'x-f8-fortran.npy', 'x-u1.npy', 'x-be-f4.npy']) {
    it(`reads sampled rows of ${name} in the order asked`, async () => {
      assert.deepEqual(await rowsOf(path.join(FIXTURES, name), [4, 1, 5]), [...x[4], ...x[1], ...x[5]]);
    });
  }

  it('reads int64 and bool labels', async () => {
    assert.deepEqual(await rowsOf(path.join(FIXTURES, 'y-i8.npy'), [0, 1, 2, 3, 4, 5]), [0, 1, 0, 1, 0, 1]);
    assert.deepEqual(await rowsOf(path.join(FIXTURES, 'y-b1.npy'), [5, 0]), [1, 0]);
  });

  it('reads text labels (numpy <U)', async () => {
    const { handle, array } = await openFile(path.join(FIXTURES, 'y-text.npy'));
    try {
      assert.deepEqual(await readTextRows(array), ['cat', 'dog', 'cat', 'dog', 'cat', 'dog']);
    } finally {
      await handle.close();
    }
  });

  it('refuses object arrays with a message that says why and what to do', async () => {
    await rejects(
      openFile(path.join(FIXTURES, 'object.npy')),
      'object-array',
      /Python objects.*will not unpickle.*np\.asarray\(x, dtype='float32'\)/s,
    );
  });
});

describe('npy rows (generated files)', () => {
  it('covers every numeric dtype, both byte orders', async () => {
    const values = [3, -1, 0, 7];
    for (const descr of ['<i1', '<i2', '<i4', '<i8', '>i4', '>i8', '<f4', '>f8', '<f8', '<f2']) {
      const file = writeNpy(path.join(dir, `d${descr.replace(/[<>|]/g, '_')}.npy`), {
        descr,
        shape: [4],
        values: descr === '<f2' ? [] : values,
        raw: descr === '<f2' ? halfBytes(values) : undefined,
      });
      assert.deepEqual(await rowsOf(file, [3, 0, 1]), [7, 3, -1], descr);
    }
    for (const descr of ['|u1', '<u2', '<u4', '<u8']) {
      const file = writeNpy(path.join(dir, `u${descr.replace(/[<>|]/g, '_')}.npy`), {
        descr,
        shape: [3],
        values: [200, 0, 5],
      });
      assert.deepEqual(await rowsOf(file, [0, 2]), [200, 5], descr);
    }
  });

  it('reads rows of a 4-D array (images stored as N×H×W×C)', async () => {
    const values = Array.from({ length: 5 * 2 * 2 * 3 }, (_, i) => i);
    const file = writeNpy(path.join(dir, 'images.npy'), { descr: '<f4', shape: [5, 2, 2, 3], values });
    const { handle, array } = await openFile(file);
    try {
      assert.deepEqual(array.rowShape, [2, 2, 3]);
      assert.deepEqual(Array.from(await readRows(array, Int32Array.from([3]))), values.slice(36, 48));
    } finally {
      await handle.close();
    }
  });

  it('reads Fortran-order 3-D arrays', async () => {
    // Element (i, j, k) of a (3, 2, 2) array in Fortran order sits at i + 3j + 6k.
    const shape = [3, 2, 2];
    const c = (i: number, j: number, k: number) => 100 * i + 10 * j + k;
    const fortran = new Array<number>(12);
    for (let i = 0; i < 3; i++)
      for (let j = 0; j < 2; j++) for (let k = 0; k < 2; k++) fortran[i + 3 * j + 6 * k] = c(i, j, k);
    const file = writeNpy(path.join(dir, 'fortran3.npy'), { descr: '<f8', shape, fortran: true, values: fortran });
    assert.deepEqual(await rowsOf(file, [2, 0]), [
      c(2, 0, 0),
      c(2, 0, 1),
      c(2, 1, 0),
      c(2, 1, 1),
      c(0, 0, 0),
      c(0, 0, 1),
      c(0, 1, 0),
      c(0, 1, 1),
    ]);
  });

  it('says which dtypes it cannot read', async () => {
    for (const descr of ['<c8', '<M8', '|V4']) {
      const file = path.join(dir, 'bad-dtype.npy');
      fs.writeFileSync(file, Buffer.concat([npyHeader({ descr, shape: [1] }), Buffer.alloc(16)]));
      await rejects(openFile(file), 'unsupported-dtype', new RegExp(`dtype '${descr}'`));
    }
  });

  it('says when the file is shorter than its header promises', async () => {
    const file = path.join(dir, 'truncated.npy');
    fs.writeFileSync(file, npyBytes({ descr: '<f4', shape: [100, 10], values: new Array(500).fill(1) }));
    await rejects(openFile(file), 'bad-npy', /truncated: its header says 100×10 <f4 \(4 KB\) but only 2 KB follow/);
  });

  it('reads only the sampled rows: a 4 GB (sparse) array costs a few rows of I/O and memory', async () => {
    const rows = 10_000_000;
    const width = 100; // 400 bytes a row, 4 GB in all
    const file = path.join(dir, 'huge.npy');
    const header = npyHeader({ descr: '<f4', shape: [rows, width] });
    fs.writeFileSync(file, header);
    fs.truncateSync(file, header.length + rows * width * 4); // sparse: no disk space, reads give zeros
    // Mark three rows so the test can tell they were read from the right place.
    const marked = [17, 5_000_000, rows - 1];
    const fd = fs.openSync(file, 'r+');
    for (const r of marked) {
      const row = Buffer.alloc(width * 4);
      for (let k = 0; k < width; k++) row.writeFloatLE(r + k, k * 4);
      fs.writeSync(fd, row, 0, row.length, header.length + r * width * 4);
    }
    fs.closeSync(fd);

    const counter = new ByteCounter();
    const sample = [...marked, ...Array.from({ length: 509 }, (_, i) => 1000 + i * 19_000)];
    global.gc?.();
    const heapBefore = process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
    const values = await withFile(file, counter, async (handle) => {
      const array = await openNpyArray({ file: handle, what: 'huge.npy', start: 0, length: handle.size });
      return readRows(array, Int32Array.from(sample));
    });
    const growth = process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers - heapBefore;
    for (let i = 0; i < marked.length; i++) assert.equal(values[i * width + 7], marked[i] + 7);
    assert.equal(values[3 * width], 0);
    // Header plus exactly the 512 sampled rows.
    assert.ok(counter.bytes <= 512 * width * 4 + 4096, `read ${counter.bytes} bytes`);
    assert.ok(growth < 64 * 2 ** 20, `memory grew by ${(growth / 2 ** 20).toFixed(1)} MB`);
  });
});

function halfBytes(values: number[]): Buffer {
  // Exact small integers in IEEE half precision.
  const b = Buffer.alloc(values.length * 2);
  values.forEach((v, i) => {
    if (v === 0) return;
    const sign = v < 0 ? 0x8000 : 0;
    const a = Math.abs(v);
    const e = Math.floor(Math.log2(a));
    b.writeUInt16LE(sign | ((e + 15) << 10) | Math.round((a / 2 ** e - 1) * 1024), i * 2);
  });
  return b;
}

describe('npz', () => {
  it('reads numpy savez (stored, ZIP64 extras) and savez_compressed (deflated) archives', async () => {
    for (const [name, xKey, yKey] of [
      ['stored.npz', 'x_train', 'y_train'],
      ['compressed.npz', 'x', 'y'],
    ]) {
      await withFile(path.join(FIXTURES, name), new ByteCounter(), async (file) => {
        const archive = await openNpz(file);
        assert.deepEqual(await guessNpzKeys(archive, null, null), { x: xKey, y: yKey });
        const x = await openNpzArray(archive, xKey);
        assert.deepEqual(Array.from(await readRows(x, Int32Array.from([5, 0]))), [50, 51, 52, 0, 1, 2]);
        const y = await openNpzArray(archive, yKey);
        assert.deepEqual(Array.from(await readRows(y, Int32Array.from([0, 1, 2, 3, 4, 5]))), [0, 1, 0, 1, 0, 1]);
      });
    }
  });

  for (const options of [{}, { deflate: true }, { zip64: true }, { deflate: true, zip64: true }]) {
    it(`reads generated archives ${JSON.stringify(options)}`, async () => {
      const file = writeNpz(
        path.join(dir, 'gen.npz'),
        {
          images: { descr: '<f4', shape: [50, 4], values: Array.from({ length: 200 }, (_, i) => i) },
          labels: { descr: '<i8', shape: [50], values: Array.from({ length: 50 }, (_, i) => i % 3) },
        },
        options,
      );
      await withFile(file, new ByteCounter(), async (handle) => {
        const archive = await openNpz(handle);
        assert.deepEqual(archive.keys, ['images', 'labels']);
        assert.deepEqual(await guessNpzKeys(archive, null, null), { x: 'images', y: 'labels' });
        const x = await openNpzArray(archive, 'images');
        assert.deepEqual(Array.from(await readRows(x, Int32Array.from([49, 2]))), [196, 197, 198, 199, 8, 9, 10, 11]);
      });
    });
  }

  it('guesses x and y in a two-array archive by row width, and gives up when it cannot tell', async () => {
    const file = writeNpz(path.join(dir, 'two.npz'), {
      a: { descr: '<i8', shape: [3], values: [0, 1, 0] },
      b: { descr: '<f4', shape: [3, 2], values: [1, 2, 3, 4, 5, 6] },
    });
    await withFile(file, new ByteCounter(), async (handle) =>
      assert.deepEqual(await guessNpzKeys(await openNpz(handle), null, null), { x: 'b', y: 'a' }),
    );
    const same = writeNpz(path.join(dir, 'same.npz'), {
      a: { descr: '<f4', shape: [3], values: [0, 1, 0] },
      b: { descr: '<f4', shape: [3], values: [1, 2, 3] },
    });
    await withFile(same, new ByteCounter(), async (handle) =>
      assert.equal(await guessNpzKeys(await openNpz(handle), null, null), null),
    );
  });

  it('names the arrays an archive holds when a key is missing', async () => {
    await withFile(path.join(FIXTURES, 'stored.npz'), new ByteCounter(), async (file) => {
      await rejects(
        openNpzArray(await openNpz(file), 'x'),
        'npz-key',
        /stored\.npz has no array 'x' \(it holds: 'x_train', 'y_train'\)/,
      );
    });
  });

  it('says when a file is not a zip', async () => {
    const file = path.join(dir, 'not.npz');
    fs.writeFileSync(file, 'just some text, no zip here');
    await withFile(file, new ByteCounter(), async (handle) =>
      rejects(openNpz(handle), 'bad-zip', /not a readable \.npz \(zip\) file: no end-of-directory record/),
    );
  });

  it('streams a deflated entry and stops after the last sampled row', async () => {
    const rows = 16_000;
    const width = 256; // 16 MB of float32 noise, which deflate cannot shrink
    const raw = Buffer.alloc(rows * width * 4);
    const random = fixtureRandom(3);
    for (let i = 0; i < rows * width; i++) raw.writeFloatLE(random(), i * 4);
    for (let r = 0; r < rows; r++) raw.writeFloatLE(r, r * width * 4);
    const file = writeNpz(
      path.join(dir, 'big.npz'),
      { x: { descr: '<f4', shape: [rows, width], raw } },
      { deflate: true, zip64: true },
    );
    const size = fs.statSync(file).size;
    const counter = new ByteCounter();
    await withFile(file, counter, async (handle) => {
      const x = await openNpzArray(await openNpz(handle), 'x');
      const values = await readRows(x, Int32Array.from([123, 7, 1_600]));
      assert.deepEqual([values[0], values[width], values[2 * width]], [123, 7, 1600]);
    });
    // Row 1600 is a tenth of the way in; the stream stops soon after it instead of inflating all 16 MB.
    assert.ok(counter.bytes < size * 0.5, `read ${counter.bytes} of ${size} bytes`);
  });
});
