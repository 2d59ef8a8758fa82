/** The extension manifest stays in step with the rule catalog and the docs. */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { test } from 'node:test';
import { RULES } from '../../src/analyzer';
import { manifestWithRuleSettings } from '../../scripts/rule-settings';

const manifest = JSON.parse(fs.readFileSync('package.json', 'utf8'));

test('every rule has a per-rule setting, and every setting a rule', () => {
  const blocks: { properties: Record<string, { properties?: Record<string, unknown> }> }[] =
    manifest.contributes.configuration;
  const rules = blocks.map((b) => b.properties['modelDoctor.rules']).find(Boolean);
  assert.ok(rules?.properties, 'modelDoctor.rules declares its properties');
  assert.deepEqual(Object.keys(rules.properties).sort(), RULES.map((r) => r.meta.id).sort());
});

test('the per-rule settings block is the one generated from the rule registry', () => {
  const text = fs.readFileSync('package.json', 'utf8');
  assert.ok(
    manifestWithRuleSettings(text) === text,
    'package.json differs from the rule registry: run npx tsx scripts/rule-settings.ts',
  );
});

test('every rule has a docs page and a README row', () => {
  const readme = fs.readFileSync('README.md', 'utf8');
  for (const rule of RULES) {
    assert.ok(readme.includes(`[${rule.meta.id}](docs/rules/${rule.meta.id}.md)`), `README links ${rule.meta.id}`);
  }
});
