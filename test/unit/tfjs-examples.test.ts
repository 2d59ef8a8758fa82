/** examples/tfjs: the exact findings of each file, and that the preferred fixes clean them up. */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { applyEdits } from '../../src/analyzer';
import { analyzeJs, syntaxErrors } from '../tfjs-helpers';

const DIR = 'examples/tfjs';

const EXPECTED: Record<string, string[]> = {
  'DigitPad.tsx': ['24:11 sparse-loss-one-hot-labels'],
  'browser-mnist.js': ['13:54 unknown-activation'],
  'cats-vs-dogs.js': ['45:52 softmax-single-unit', '64:54 early-stopping-unknown-metric'],
  'churn-functional.ts': [],
  'house-prices.cjs': ['29:30 learning-rate-too-high', '31:15 accuracy-regression-loss'],
  'iris.mjs': ['30:11 unknown-loss'],
  'sentiment.ts': [],
};

test('the examples folder holds exactly the files pinned here', () => {
  assert.deepEqual(fs.readdirSync(DIR).sort(), Object.keys(EXPECTED).sort());
});

for (const [name, expected] of Object.entries(EXPECTED)) {
  test(`examples/tfjs/${name}`, async () => {
    const text = fs.readFileSync(path.join(DIR, name), 'utf8');
    const result = await analyzeJs(text, name);
    assert.equal(result.syntaxErrors, 0);
    assert.ok(result.models.length > 0, 'the model is found');
    const got = result.findings.map((f) => {
      const p = result.lines.position(f.span.start);
      return `${p.line + 1}:${p.character + 1} ${f.rule}`;
    });
    assert.deepEqual(got, expected);
    // Applying each finding's preferred fix, one after another, leaves valid code and no findings.
    let fixed = text;
    for (let i = 0; i < 10; i++) {
      const next = (await analyzeJs(fixed, name)).findings.find((f) => f.fixes.some((x) => x.isPreferred));
      if (!next) break;
      fixed = applyEdits(fixed, next.fixes.find((x) => x.isPreferred)!.edits);
      assert.equal(syntaxErrors(fixed, name), 0, fixed);
    }
    const left = (await analyzeJs(fixed, name)).findings.map((f) => f.rule);
    // 'leaky_relu' has no tfjs equivalent to offer: that one stays for the user to decide.
    assert.deepEqual(left, name === 'browser-mnist.js' ? ['unknown-activation'] : []);
  });
}
