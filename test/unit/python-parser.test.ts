/** The Python parse: the fast WASM walk equals the public-API walk; bad input never throws. */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { generatePython } from '../../bench/generate-python';
import {
  loadPythonParser,
  parsePython,
  parsePythonTree,
  setFastWalk,
  treeMemory,
} from '../../src/analyzer/python/parser';
import type { SyntaxNode } from '../../src/analyzer/python/syntax-node';
import { analyzeFile } from '../../src/cli/analyze-file';
import { analyze, analyzer } from '../helpers';

/**
 * The nodes as text, for comparing copies. A node's named children may be its
 * children array itself, so deepEqual would compare each subtree twice per
 * level (exponential in depth); they are checked to be the named children here.
 */
function treeText(nodes: SyntaxNode[]): string {
  return JSON.stringify(nodes, function (this: SyntaxNode, key, value) {
    if (key !== 'namedCache') return value;
    if (value !== undefined)
      assert.deepEqual(
        value.map((c: SyntaxNode) => c.start),
        this.children.filter((c) => c.named).map((c) => c.start),
      );
    return undefined;
  });
}

describe('tree copy', () => {
  test('the fast walk builds exactly the tree the public cursor API builds', async () => {
    const parser = await loadPythonParser();
    const pythonFiles = (dir: string): string[] =>
      fs
        .readdirSync(dir, { withFileTypes: true })
        .flatMap((e) =>
          e.isDirectory()
            ? pythonFiles(path.join(dir, e.name))
            : e.name.endsWith('.py')
              ? [path.join(dir, e.name)]
              : [],
        );
    const sources = [
      ...[...pythonFiles('examples'), ...pythonFiles('test/fixtures')].map((f) => fs.readFileSync(f, 'utf8')),
      generatePython(400),
      'x = a if b else c\nprint >> f, y\nlambda *a, **k: (yield)\nasync def f():\n    await g()\n    async with a as b: pass\nx @= y; x **= 2; x //= 3; del x\nmatch p:\n    case [1, *rest] | {"k": _}: pass\n',
      "s = 'é😀'\nx = Dense(1, activation='softmax')\nmodel.add(Dense(\n",
      // Comments are extras: they sit among a node's children without counting for its fields.
      'if x:  # why\n    y = 1\nelif z:  # or\n    y = 2\nelse:  # otherwise\n    y = 3\n' +
        'def f(\n    a,  # first\n    b=2,\n) -> int:  # typed\n    return a  # done\n' +
        'model.compile(  # how\n    loss="mse",  # regression\n    optimizer="adam",\n)\n',
    ];
    let clean = 0;
    for (const source of sources) {
      setFastWalk(true);
      const fast = parsePythonTree(parser, source);
      setFastWalk(false);
      const slow = parsePythonTree(parser, source);
      setFastWalk(true);
      assert.equal(treeText([fast.root]), treeText([slow.root]));
      assert.equal(fast.errorCount, slow.errorCount);
      assert.ok(fast.root.children.length > 0);
      // Streaming statement by statement yields exactly the top-level statements of the full tree.
      assert.equal(treeText([...parsePython(parser, source).statements]), treeText(fast.root.children));
      // A clean tree is streamed from WASM memory: the reader must accept it and read the same tree.
      const tree = parser.parse(source)!;
      try {
        const memory = treeMemory(parser, tree, source);
        if (tree.rootNode.hasError) assert.equal(memory, null);
        else {
          clean++;
          assert.equal(treeText([...memory!.statements()]), treeText(slow.root.children));
        }
      } finally {
        tree.delete();
      }
    }
    assert.ok(clean >= 20, `${clean} clean sources`);
  });
});

describe('bad input never throws', () => {
  const cases: [string, string][] = [
    ['empty', ''],
    ['only comments', '# nothing here\n'],
    ['nested parentheses', `x = ${'('.repeat(5000)}1${')'.repeat(5000)}\n`],
    ['nested lists', `x = ${'['.repeat(5000)}${']'.repeat(5000)}\n`],
    ['a 100,000-term sum', `x = ${Array(100_000).fill('1').join(' + ')}\n`],
    [
      'nested layer calls',
      `import keras\nm = keras.Sequential([${'keras.layers.Dense('.repeat(2000)}1${')'.repeat(2000)}])\n`,
    ],
    ['thousands of unclosed calls', `import keras\n${'model.add(Dense(\n'.repeat(3000)}`],
    [
      '100 nested blocks (as deep as Python allows)',
      `${Array.from({ length: 100 }, (_, i) => `${' '.repeat(i)}if x${i}:`).join('\n')}\n${' '.repeat(100)}pass\n`,
    ],
    [
      'replacement characters from invalid UTF-8',
      Buffer.from([0x69, 0x6d, 0x70, 0xff, 0xfe, 0x0a, 0x78, 0x3d, 0x31]).toString('utf8'),
    ],
  ];
  for (const [name, text] of cases) {
    test(name, async () => {
      const result = await analyze(text);
      assert.deepEqual(result.internalErrors, []);
      assert.deepEqual(result.findings, []);
    });
  }

  test('a 5 MB file analyses and finds the mistakes in it', async () => {
    const text = generatePython(140_000);
    assert.ok(text.length > 5_000_000, `generated ${text.length} characters`);
    const result = await analyze(text);
    assert.deepEqual(result.internalErrors, []);
    assert.ok(result.findings.some((f) => f.rule === 'softmax-single-unit'));
  });

  test('binary files and unreadable paths are reported, not thrown', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'md-bad-'));
    const binary = path.join(dir, 'model.py');
    fs.writeFileSync(binary, Buffer.from([0x00, 0x01, 0x02, 0xff, 0x00]));
    assert.equal(analyzeFile(await analyzer(), binary).error, 'binary file');
    assert.match(analyzeFile(await analyzer(), path.join(dir, 'missing.py')).error ?? '', /cannot read/);
    const notebook = path.join(dir, 'broken.ipynb');
    fs.writeFileSync(notebook, '{"cells": [');
    assert.ok(analyzeFile(await analyzer(), notebook).error);
    fs.rmSync(dir, { recursive: true });
  });
});
