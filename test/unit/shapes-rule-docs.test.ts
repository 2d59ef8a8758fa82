/** The shape rules' docs pages: the example fires the rule, the fixed code (when shown) does not. */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { test } from 'node:test';
import { findings } from '../helpers';

const IMPORTS = 'import keras\nfrom keras import layers\n';

function pythonBlock(markdown: string, section: string): string | null {
  const start = markdown.indexOf(`## ${section}\n`);
  if (start < 0) return null;
  const end = markdown.indexOf('\n## ', start + 1);
  const body = markdown.slice(start, end < 0 ? undefined : end);
  const m = /```python\n([\s\S]*?)```/.exec(body);
  return m ? IMPORTS + m[1] : null;
}

for (const rule of ['missing-flatten', 'negative-dimension', 'input-rank-mismatch', 'large-dense-after-flatten']) {
  test(`docs/rules/${rule}.md: the example is caught and the fix is clean`, async () => {
    const page = fs.readFileSync(`docs/rules/${rule}.md`, 'utf8');
    for (const section of ['What it does', 'Why is this bad?', 'Example', 'Fix']) assert.ok(page.includes(`## ${section}\n`), section);
    const example = pythonBlock(page, 'Example');
    assert.ok(example);
    assert.equal((await findings(example, rule)).length, 1);
    const fixed = pythonBlock(page, 'Fix');
    if (fixed) assert.deepEqual(await findings(fixed, rule), []);
  });
}
