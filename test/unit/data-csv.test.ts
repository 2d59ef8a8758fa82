import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { after, describe, it } from 'node:test';
import { loadTrainingData } from '../../src/trainer/data';
import { recordTexts, splitRecord } from '../../src/trainer/data/csv/records';
import { readCsvRows, scanCsv, type CsvOptions } from '../../src/trainer/data/csv/table';
import { ByteCounter, withFile } from '../../src/trainer/data/file-reader';
import { removeDir, tempDir, rejects } from './data-fixtures';

const dir = tempDir();
after(() => removeDir(dir));

function write(name: string, text: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

async function scan(name: string, text: string, options: Partial<CsvOptions> = {}) {
  const file = write(name, text);
  return withFile(file, new ByteCounter(), async (handle) => {
    const table = await scanCsv(handle, { delimiter: undefined, labelColumn: undefined, ...options });
    const all = Int32Array.from({ length: table.usable.length }, (_, i) => i);
    return { table, rows: Array.from(await readCsvRows(table, all)) };
  });
}

describe('CSV records', () => {
  it('splits quoted fields with delimiters, doubled quotes and line breaks', async () => {
    assert.deepEqual(splitRecord('1,"a, b","say ""hi""",2', ','), ['1', 'a, b', 'say "hi"', '2']);
    assert.deepEqual(splitRecord('  1.5   2\t3 ', null), ['1.5', '2', '3']);
    const texts: string[] = [];
    for await (const t of recordTexts(Readable.from(['a,b\n1,"two\nlines"\n# a comment\n\n3,', '4\r\n'])))
      texts.push(t);
    assert.deepEqual(texts, ['a,b', '1,"two\nlines"', '3,4']);
  });
});

describe('CSV tables', () => {
  it('detects a header, reads numeric columns and finds the label column by its name', async () => {
    const { table, rows } = await scan(
      'iris.csv',
      'sepal_length,sepal_width,species\n5.1,3.5,setosa\n6.2,2.9,versicolor\n5.9,3.0,virginica\n',
    );
    assert.deepEqual(table.header, ['sepal_length', 'sepal_width', 'species']);
    assert.equal(table.columnNames[table.labelColumn], 'species');
    assert.ok(table.labelGuessed);
    assert.deepEqual(table.labelTexts, ['setosa', 'versicolor', 'virginica']);
    assert.deepEqual(
      rows.map((v) => +v.toFixed(4)),
      [5.1, 3.5, 6.2, 2.9, 5.9, 3.0],
    );
  });

  it('reads headerless whitespace-separated text (np.loadtxt) and takes the last column as the label', async () => {
    const { table, rows } = await scan('data.txt', '0.5 1.5 0\n2.5 3.5 1\n4.5 5.5 1\n');
    assert.equal(table.header, null);
    assert.equal(table.delimiter, null);
    assert.equal(table.labelColumn, 2);
    assert.deepEqual(Array.from(table.labelNumbers!), [0, 1, 1]);
    assert.deepEqual(rows, [0.5, 1.5, 2.5, 3.5, 4.5, 5.5]);
  });

  it('takes the label column by index (negative from the end) or by name, and sniffs ; and tab', async () => {
    const a = await scan('semi.csv', 'y;a;b\n1;2;3\n0;5;6\n', { labelColumn: 0 });
    assert.deepEqual(Array.from(a.table.labelNumbers!), [1, 0]);
    assert.deepEqual(a.rows, [2, 3, 5, 6]);
    const b = await scan('tab.tsv', 'a\tb\tc\n1\t2\t3\n4\t5\t6\n', { labelColumn: -2 });
    assert.equal(b.table.columnNames[b.table.labelColumn], 'b');
    assert.deepEqual(b.rows, [1, 3, 4, 6]);
    const c = await scan('named.csv', 'a,Outcome,b\n1,0,3\n4,1,6\n', { labelColumn: 'outcome' });
    assert.equal(c.table.labelColumn, 1);
  });

  it('drops text columns, skips and counts rows with missing values or the wrong number of fields', async () => {
    const { table, rows } = await scan(
      'messy.csv',
      'id,name,x,label\n1,ann,0.5,0\n2,bob,,1\n3,cy,1.5\n4,dee,2.5,1\n5,eve,NaN,0\n',
    );
    assert.deepEqual(table.droppedColumns, ['name']);
    assert.deepEqual(
      table.featureColumns.map((c) => table.columnNames[c]),
      ['id', 'x'],
    );
    assert.equal(table.skipped, 3);
    assert.deepEqual([...table.skippedExamples].sort(), [
      "row 2: missing value in 'x'",
      'row 3: 3 fields, expected 4',
      "row 5: missing value in 'x'",
    ]);
    assert.deepEqual(rows, [1, 0.5, 4, 2.5]);
    assert.deepEqual(Array.from(table.usable), [0, 3]);
  });

  it('has a specific message for no numeric columns, an unknown label column, and an empty file', async () => {
    await rejects(
      scan('text.csv', 'name,label\nann,0\nbob,1\n'),
      'csv-no-features',
      /no numeric columns to train on besides the label column 'label'/,
    );
    await rejects(
      scan('cols.csv', 'a,b\n1,2\n', { labelColumn: 'target' }),
      'label-column',
      /has no column 'target' \(its columns: 'a', 'b'\)/,
    );
    await rejects(
      scan('cols2.csv', '1,2\n3,4\n', { labelColumn: 'target' }),
      'label-column',
      /no header row, so the label column cannot be found by the name 'target'/,
    );
    await rejects(
      scan('idx.csv', '1,2\n3,4\n', { labelColumn: 5 }),
      'label-column',
      /has 2 columns; there is no column 5/,
    );
    await rejects(scan('empty.csv', '\n# nothing\n'), 'csv-empty', /has no rows/);
    await rejects(scan('head.csv', 'a,b,label\n'), 'csv-empty', /header but no data rows/);
  });

  it('reads only the sampled rows in the second pass, in the order asked', async () => {
    const lines = ['f,label', ...Array.from({ length: 100 }, (_, i) => `${i},${i % 2}`)];
    const file = write('many.csv', lines.join('\n'));
    await withFile(file, new ByteCounter(), async (handle) => {
      const table = await scanCsv(handle, { delimiter: undefined, labelColumn: undefined });
      assert.deepEqual(Array.from(await readCsvRows(table, Int32Array.from([42, 3, 99]))), [42, 3, 99]);
    });
  });
});

describe('CSV through loadTrainingData', () => {
  it('loads a CSV named in the code with its label column, stratified', async () => {
    const rows = Array.from({ length: 300 }, (_, i) => `${i},${i * 2},${i < 100 ? 'cat' : 'dog'}`);
    write('animals.csv', ['a,b,kind', ...rows].join('\n'));
    const data = await loadTrainingData(
      {
        source: {
          kind: 'csv',
          path: 'animals.csv',
          span: { start: 0, end: 0 },
          labelColumn: 'kind',
          delimiter: null,
          rescale: null,
        },
      },
      { baseDirs: [dir], sample: 30, labelEncoding: 'one-hot' },
    );
    assert.deepEqual(data.xShape, [30, 2]);
    assert.deepEqual(data.yShape, [30, 2]);
    assert.deepEqual(data.classNames, ['cat', 'dog']);
    assert.deepEqual(
      data.report.perClass.map((c) => [c.name, c.found, c.sampled]),
      [
        ['cat', 100, 10],
        ['dog', 200, 20],
      ],
    );
    for (let i = 0; i < 30; i++) {
      const a = data.x[i * 2];
      assert.equal(data.x[i * 2 + 1], a * 2);
      assert.equal(data.y[i * 2 + (a < 100 ? 0 : 1)], 1, `row ${a}`);
    }
    assert.equal(data.report.labels, "column 'kind' of animals.csv");
  });

  it('lines up inputs and labels from two files when rows are skipped', async () => {
    write('xs.csv', 'a,b\n1,10\n2,\n3,30\n4,40\n');
    write('ys.csv', 'label\n0\n1\n1\n0\n');
    const data = await loadTrainingData({ path: 'xs.csv', labelsPath: 'ys.csv' }, { baseDirs: [dir], sample: 10 });
    assert.equal(data.xShape[0], 3);
    const pairs = new Map<number, number>();
    for (let i = 0; i < 3; i++) pairs.set(data.x[i * 2], data.y[i]);
    assert.deepEqual([...pairs.entries()].sort(), [
      [1, 0],
      [3, 1],
      [4, 0],
    ]);
    assert.equal(data.report.skipped, 1);
  });

  it('says when inputs and labels differ in length', async () => {
    write('x5.csv', '1,2\n3,4\n5,6\n7,8\n9,10\n');
    write('y4.csv', '0\n1\n0\n1\n');
    await rejects(
      loadTrainingData({ path: 'x5.csv', labelsPath: 'y4.csv' }, { baseDirs: [dir] }),
      'length-mismatch',
      /x5\.csv has 5 rows but y4\.csv has 4; every example needs exactly one label/,
    );
  });

  it('treats non-integer labels as a continuous target and refuses to one-hot them', async () => {
    write('reg.csv', 'x,target\n1,0.5\n2,1.25\n3,2.75\n');
    const data = await loadTrainingData({ path: 'reg.csv' }, { baseDirs: [dir] });
    assert.equal(data.report.labelEncoding, 'continuous');
    assert.equal(data.classIds, null);
    assert.deepEqual([...data.y].sort(), [0.5, 1.25, 2.75]);
    await rejects(
      loadTrainingData({ path: 'reg.csv' }, { baseDirs: [dir], labelEncoding: 'integer' }),
      'labels-unusable',
      /continuous values \(e\.g\. 0\.5\), not classes/,
    );
  });

  it('takes a CSV column as the labels with the file:column syntax', async () => {
    write('both.csv', 'f,g,a,b\n1,2,0,1\n3,4,1,0\n5,6,1,1\n');
    const data = await loadTrainingData({ path: 'both.csv:a' }, { baseDirs: [dir], sample: 3 });
    assert.equal(data.report.labels, "column 'a' of both.csv");
    assert.deepEqual(data.xShape, [3, 3]);
  });
});
