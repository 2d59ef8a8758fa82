/** The copy of the syntax tree skips asking leaf tokens for children: they must be leaves in the grammar. */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { LEAF_TYPES } from '../../src/analyzer/python/syntax-node';

test('every type the copy treats as a leaf has no children in tree-sitter-python', () => {
  const file = path.join(path.dirname(require.resolve('tree-sitter-python/package.json')), 'src', 'node-types.json');
  const types = JSON.parse(fs.readFileSync(file, 'utf8')) as {
    type: string;
    named: boolean;
    children?: unknown;
    fields?: Record<string, unknown>;
  }[];
  for (const leaf of LEAF_TYPES) {
    const entry = types.find((t) => t.type === leaf && t.named);
    assert.ok(entry, `${leaf} is a named type of the grammar`);
    assert.ok(!entry.children && Object.keys(entry.fields ?? {}).length === 0, `${leaf} has no children`);
  }
});
