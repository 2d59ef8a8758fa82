/**
 * What the analyzer refuses or bounds, so every input gets an answer in
 * bounded time and memory (issue 13): deep nesting, huge sources, parser
 * faults, comment runs, values the code builds, name suggestions.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Parser } from 'web-tree-sitter';
import { isSourceNotAnalysed, MAX_SOURCE_CHARACTERS, SourceNotAnalysed } from '../../src/analyzer';
import { PythonFrontEnd } from '../../src/analyzer/python/front-end';
import { loadPythonParser, parsePython } from '../../src/analyzer/python/parser';
import { blankRanges, scanPythonSource } from '../../src/analyzer/python/source-scan';
import { MAX_STRING_LENGTH, MAX_VALUE_ITEMS } from '../../src/analyzer/value-limits';
import { analyze, analyzer, py } from '../helpers';

const MISTAKE = py`
  from keras.models import Sequential
  from keras.layers import Dense
  model = Sequential([Dense(1, activation='softmax', input_shape=(4,))])
`;

function nested(levels: number, body: string): string {
  let text = '';
  for (let i = 0; i < levels; i++) text += `${' '.repeat(i)}if True:\n`;
  return `${text}${' '.repeat(levels)}${body}\n`;
}

describe('deep nesting', () => {
  test('more indentation levels than Python allows is refused before parsing, and later files are analysed', async () => {
    const a = await analyzer();
    // With a string inside, 550 levels overflowed the grammar's scanner and broke the parser for every later file.
    const deep = nested(550, 'x = "abc" + f"{y}"');
    for (let i = 0; i < 3; i++) {
      assert.throws(
        () => a.analyze(deep, { language: 'python' }),
        (e: unknown) => isSourceNotAnalysed(e) && /nested too deeply: 550 levels of indentation/.test(e.message),
      );
    }
    assert.deepEqual(
      a.analyze(MISTAKE, { language: 'python' }).findings.map((f) => f.rule),
      ['softmax-single-unit'],
    );
  });

  test('as deep as Python allows is analysed', async () => {
    const result = await analyze(`${MISTAKE}${nested(100, "m = Sequential([Dense(1, activation='softmax')])")}`);
    assert.deepEqual(
      result.findings.map((f) => f.rule),
      ['softmax-single-unit', 'softmax-single-unit'],
    );
  });

  test('continuation lines inside brackets, strings and comments do not count as levels', () => {
    const lines = Array.from({ length: 300 }, (_, i) => `${' '.repeat(i + 1)}${i},`);
    const text = `x = [\n${lines.join('\n')}\n]\ns = """\n${lines.join('\n')}\n"""\n${lines.map((l) => `#${l}`).join('\n')}\nif a:\n    if b:\n        pass\n`;
    assert.equal(scanPythonSource(text).indentLevels, 2);
  });

  test('a parser that faults inside WASM is replaced, the file reported as not analysed', async () => {
    const real = await loadPythonParser();
    let deleted = false;
    const faulting = {
      language: real.language,
      parse() {
        const fault = new Error('memory access out of bounds');
        fault.name = 'RuntimeError'; // what WebAssembly.RuntimeError instances are called
        throw fault;
      },
      delete() {
        deleted = true;
      },
    } as unknown as Parser;
    const frontEnd = new PythonFrontEnd(faulting);
    assert.throws(
      () => frontEnd.analyze('x = 1\n'),
      (e: unknown) =>
        e instanceof SourceNotAnalysed &&
        e.message === 'the Python parser failed on this file (memory access out of bounds)',
    );
    assert.ok(deleted, 'the faulted parser is released');
    // The next file gets a fresh parser.
    assert.equal(frontEnd.analyze(MISTAKE).models.length, 1);
  });
});

describe('parse time', () => {
  test('a parse over its CPU budget gives up, and the parser is reset for the next file', async () => {
    const parser = await loadPythonParser();
    const unclosed = `import keras\nm = keras.Sequential([\n${'l = l * 200\n'.repeat(4000)}`;
    assert.throws(
      () => parsePython(parser, unclosed, 0),
      (e: unknown) => isSourceNotAnalysed(e) && /the parser gave up after 0 s of CPU time/.test(e.message),
    );
    // A cancelled tree-sitter parse keeps its state for resuming: without a reset the next text read it and faulted.
    const { statements } = parsePython(parser, 'x = 1\ny = 2\n');
    assert.deepEqual(
      [...statements].map((s) => s.type),
      ['expression_statement', 'expression_statement'],
    );
  });
});

describe('size', () => {
  test(`sources over ${MAX_SOURCE_CHARACTERS / 1e6} million characters are refused before parsing`, async () => {
    const a = await analyzer();
    const text = `${'x = 1\n'.repeat(Math.ceil(MAX_SOURCE_CHARACTERS / 6))}\n`;
    assert.throws(
      () => a.analyze(text, { language: 'python' }),
      (e: unknown) => isSourceNotAnalysed(e) && /too large to analyse \(10\.0 million characters/.test(e.message),
    );
    assert.throws(() => a.analyze(text, { language: 'javascript' }), SourceNotAnalysed);
  });
});

describe('runs of comment lines (quadratic in tree-sitter-python 0.25)', () => {
  test('long runs are blanked keeping every offset; short ones are kept', () => {
    const long = Array.from({ length: 40 }, (_, i) => `    # line ${i}`).join('\n');
    const short = '# a\n# b\n';
    const text = `${short}def f():\n    x = 1\n${long}\n    return x\n`;
    const scan = scanPythonSource(text);
    const blanked = blankRanges(text, scan.blankable);
    assert.equal(blanked.length, text.length);
    assert.equal(blanked.split('\n').length, text.split('\n').length);
    assert.ok(blanked.startsWith(short), 'a short run stays');
    assert.ok(!blanked.includes('# line'), 'the long run is blanked');
    assert.ok(blanked.endsWith('    return x\n'));
  });

  test('a comment line inside a string is string content, not a comment', () => {
    const body = Array.from({ length: 40 }, (_, i) => `# not a comment ${i}`).join('\n');
    const text = `s = """\n${body}\n"""\n`;
    assert.deepEqual(scanPythonSource(text).blankable, []);
  });

  test('findings after 4,000 comment lines inside a function keep their positions', async () => {
    const comments = Array.from({ length: 4000 }, (_, i) => `    # note ${i}: ${'.'.repeat(50)}`).join('\n');
    const text = py`
      from keras.models import Sequential
      from keras.layers import Dense
      def build():
          m = Sequential()
    `;
    const source = `${text}${comments}\n    m.add(Dense(1, activation='softmax', input_shape=(4,)))\n    return m\n`;
    const [finding] = (await analyze(source)).findings;
    assert.equal(finding.rule, 'softmax-single-unit');
    assert.equal(source.slice(finding.span.start, finding.span.end), "'softmax'");
  });
});

describe('values the code builds', () => {
  test('a string doubled twenty times is unknown, not 4 MB', { timeout: 60_000 }, async () => {
    const doublings = 's = s + s\n'.repeat(20);
    const result = await analyze(
      `from keras.models import Sequential\nfrom keras.layers import Dense\ns = "relu"\n${doublings}m = Sequential([Dense(1, activation=s, input_shape=(3,))])\n`,
    );
    assert.equal(2 ** 20 * 4 > MAX_STRING_LENGTH, true);
    assert.deepEqual(result.findings, []);
  });

  test('a long unknown name is echoed shortened, and suggestions skip far candidates', async () => {
    const doublings = 's = s + s\n'.repeat(13); // 32,768 characters: under the cap, still reported
    const result = await analyze(
      `from keras.models import Sequential\nfrom keras.layers import Dense\ns = "relu"\n${doublings}m = Sequential([Dense(1, activation=s, input_shape=(3,))])\n`,
    );
    const [finding] = result.findings;
    assert.equal(finding.rule, 'unknown-activation');
    assert.match(finding.message, /^Unknown activation 'relurelu[a-z]{51}…': .* Did you mean 'relu'\?$/);
    assert.ok(finding.message.length < 300);
  });

  for (const [name, growth] of [
    ['l = l + l, 24 times', 'l = l + l\n'.repeat(24)],
    ['l = l * 200, three times', 'l = l * 200\n'.repeat(3)],
    ['l = [*l, *l], 24 times', 'l = [*l, *l]\n'.repeat(24)],
    ['l = [l, l], 40 times (nested)', 'l = [l, l]\n'.repeat(40)],
  ]) {
    // Unbounded, these ran out of memory after minutes: the timeout turns a regression into a failure, not a hang.
    test(`a list grown by ${name} gives up as unknown`, { timeout: 60_000 }, async () => {
      const result = await analyze(
        `from keras.models import Sequential\nfrom keras.layers import Dense\nl = [Dense(1)]\n${growth}m = Sequential(l)\nm.compile(loss='mse')\n`,
      );
      assert.deepEqual(result.internalErrors, []);
      assert.equal(result.models.length, 1);
      // The layers are not known: the model is marked incomplete instead of holding millions of them.
      assert.equal(result.models[0].complete, false);
      assert.ok(result.models[0].nodes.length <= MAX_VALUE_ITEMS);
    });
  }

  test('the same bounds hold in JavaScript', async () => {
    const a = await analyzer();
    const text = `import * as tf from '@tensorflow/tfjs';
let s = 'relu'; s = s + s; ${'s = s + s; '.repeat(20)}
let l = [tf.layers.dense({units: 1})]; ${'l = l.concat(l); '.repeat(24)}
let m = [1]; ${'m = [...m, ...m]; '.repeat(24)}
const model = tf.sequential({layers: [tf.layers.dense({units: 1, activation: s, inputShape: [3]})]});
`;
    const result = a.analyze(text, { language: 'javascript' });
    assert.deepEqual(result.internalErrors, []);
    assert.deepEqual(result.findings, []);
  });
});
