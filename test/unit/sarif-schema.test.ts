/**
 * `check --format sarif` against the official SARIF 2.1.0 JSON schema (OASIS;
 * where it comes from: test/sarif-schema.ts) with ajv, plus what code
 * scanning needs: rule metadata, fixes, relative URIs under originalUriBaseIds.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { RULES } from '../../src/analyzer';
import { runCheck } from '../../src/cli/check';
import { sarifSchemaText } from '../sarif-schema';
import { Capture } from '../cli-capture';

async function sarifOf(...paths: string[]) {
  const out = new Capture();
  await runCheck(['--format', 'sarif', ...paths], out, new Capture());
  return JSON.parse(out.text);
}

function validator() {
  const schemaText = sarifSchemaText();
  // The schema is draft-07 and uses keywords ajv's strict mode rejects; formats (uri, date-time) are checked.
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  return ajv.compile(JSON.parse(schemaText.toString()));
}

describe('SARIF output', () => {
  const validate = validator();
  const errorsOf = (sarif: unknown) =>
    validate(sarif) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);

  test('every example (Python, notebooks, TensorFlow.js) validates against the SARIF 2.1.0 schema', async () => {
    const sarif = await sarifOf('examples');
    assert.ok(sarif.runs[0].results.length >= 20, 'the examples have findings');
    assert.ok(
      sarif.runs[0].results.some((r: { fixes?: unknown[] }) => r.fixes?.length),
      'and fixes',
    );
    assert.deepEqual(errorsOf(sarif), []);
  });

  test('files not analysed, as toolExecutionNotifications of a run not successful, validate too', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'md-sarif-bad-'));
    try {
      fs.writeFileSync(path.join(dir, 'binary.py'), Buffer.from([0, 1, 2]));
      fs.writeFileSync(path.join(dir, 'broken.ipynb'), '{"cells": [');
      const sarif = await sarifOf(dir, 'examples/cats_vs_dogs_softmax.py', path.join(dir, 'missing.py'));
      assert.equal(sarif.runs[0].invocations[0].executionSuccessful, false);
      assert.equal(sarif.runs[0].invocations[0].toolExecutionNotifications.length, 3);
      assert.deepEqual(errorsOf(sarif), []);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('the validator is live: broken SARIF fails it', async () => {
    const sarif = await sarifOf('examples/cats_vs_dogs_softmax.py');
    const broken = structuredClone(sarif);
    broken.runs[0].results[0].level = 'fatal';
    delete broken.runs[0].tool.driver.name;
    broken.runs[0].originalUriBaseIds['%SRCROOT%'].uri = 'not a uri';
    const errors = errorsOf(broken);
    assert.ok(
      errors.some((e) => e.includes('/runs/0/results/0/level')),
      errors.join('\n'),
    );
    assert.ok(
      errors.some((e) => e.includes("must have required property 'name'")),
      errors.join('\n'),
    );
    assert.ok(
      errors.some((e) => e.includes('/originalUriBaseIds/%SRCROOT%/uri')),
      errors.join('\n'),
    );
  });

  test('rule metadata: every rule, its page as helpUri, its default severity', async () => {
    const { rules } = (await sarifOf('examples/correct_regression.py')).runs[0].tool.driver;
    assert.deepEqual(
      rules.map((r: { id: string }) => r.id),
      RULES.map((r) => r.meta.id),
    );
    const levels = { error: 'error', warning: 'warning', info: 'note' };
    for (const [i, rule] of rules.entries()) {
      const meta = RULES[i].meta;
      assert.equal(rule.helpUri, `https://github.com/model-doctor/model-doctor/blob/main/docs/rules/${meta.id}.md`);
      assert.ok(fs.existsSync(`docs/rules/${meta.id}.md`), `${meta.id} has its page`);
      assert.equal(rule.defaultConfiguration.level, levels[meta.severity]);
      assert.equal(rule.shortDescription.text, meta.summary);
      assert.match(rule.name, /^[A-Z][A-Za-z0-9]+$/);
    }
  });

  test('results: relative URIs under %SRCROOT%, fixes as SARIF fixes, related locations', async () => {
    const sarif = await sarifOf('examples/cats_vs_dogs_softmax.py');
    const run = sarif.runs[0];
    assert.deepEqual(run.originalUriBaseIds, { '%SRCROOT%': { uri: `${pathToFileURL(process.cwd()).href}/` } });
    assert.equal(run.columnKind, 'utf16CodeUnits');
    const [result] = run.results;
    assert.equal(result.ruleId, 'softmax-single-unit');
    assert.equal(run.tool.driver.rules[result.ruleIndex].id, 'softmax-single-unit');
    const where = result.locations[0].physicalLocation;
    assert.deepEqual(where.artifactLocation, { uri: 'examples/cats_vs_dogs_softmax.py', uriBaseId: '%SRCROOT%' });
    assert.deepEqual(where.region, { startLine: 48, startColumn: 36, endLine: 48, endColumn: 45 });
    assert.deepEqual(
      result.fixes.map((f: { description: { text: string } }) => f.description.text),
      ['Use sigmoid (keep 1 unit)', 'Use 2 units with softmax and sparse_categorical_crossentropy'],
    );
    const [change] = result.fixes[0].artifactChanges;
    assert.deepEqual(change.artifactLocation, where.artifactLocation);
    assert.deepEqual(change.replacements, [{ deletedRegion: where.region, insertedContent: { text: '"sigmoid"' } }]);
    assert.match(result.relatedLocations[0].message.text, /loss/);
  });

  test('notebook findings name the cell (its lines are not the .ipynb file lines): no region, no fixes', async () => {
    const sarif = await sarifOf('examples/notebooks/churn_softmax.ipynb');
    const [result] = sarif.runs[0].results;
    assert.equal(result.ruleId, 'softmax-single-unit');
    assert.deepEqual(result.locations[0].physicalLocation, {
      artifactLocation: { uri: 'examples/notebooks/churn_softmax.ipynb', uriBaseId: '%SRCROOT%' },
    });
    assert.deepEqual(result.properties, { notebookCell: 5, line: 5, column: 32 });
    assert.match(result.message.text, /\(cell 5, line 5\)$/);
    assert.deepEqual(result.fixes, []);
    assert.deepEqual(errorsOf(sarif), []);
  });

  test('files outside the working folder get absolute file: URIs; names are URI-encoded', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'md sarif '));
    const file = path.join(dir, 'my model #1.py');
    fs.copyFileSync('examples/cats_vs_dogs_softmax.py', file);
    try {
      const sarif = await sarifOf(file);
      const location = sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation;
      assert.deepEqual(location, { uri: pathToFileURL(file).href });
      assert.match(location.uri, /md%20sarif%20.*my%20model%20%231\.py$/);
      assert.deepEqual(errorsOf(sarif), []);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
