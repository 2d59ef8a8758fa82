/**
 * The per-rule settings block of package.json (`modelDoctor.rules` → `properties`)
 * is generated from the rule registry, so a new rule cannot be forgotten there and
 * its description says what the rule does and its default severity.
 *
 *   npx tsx scripts/rule-settings.ts           rewrites package.json
 *   npx tsx scripts/rule-settings.ts --check   exits 1 when package.json differs
 *
 * test/unit/manifest.test.ts fails when package.json is not what this writes.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { RULES } from '../src/analyzer/rules';

const SEVERITIES = ['error', 'warning', 'info', 'off'];

interface RuleProperty {
  type: 'string';
  enum: string[];
  markdownDescription: string;
}

/** One property per rule, in catalog order. */
export function ruleSettingsProperties(): Record<string, RuleProperty> {
  const properties: Record<string, RuleProperty> = {};
  for (const { meta } of RULES) {
    properties[meta.id] = {
      type: 'string',
      enum: SEVERITIES,
      markdownDescription: `Severity of rule \`${meta.id}\` (default \`${meta.severity}\`), or \`off\`: ${meta.summary}.`,
    };
  }
  return properties;
}

type Manifest = {
  contributes: { configuration: { properties: Record<string, { properties?: unknown }> }[] };
};

/** package.json's text with the generated block in place (the rest byte for byte as `JSON.stringify` writes it). */
export function manifestWithRuleSettings(text: string): string {
  const manifest = JSON.parse(text) as Manifest;
  const block = manifest.contributes.configuration.map((c) => c.properties['modelDoctor.rules']).find(Boolean);
  if (!block) throw new Error('package.json has no modelDoctor.rules setting');
  block.properties = ruleSettingsProperties();
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

if (require.main === module) {
  const file = path.join(__dirname, '..', 'package.json');
  const text = fs.readFileSync(file, 'utf8');
  const generated = manifestWithRuleSettings(text);
  if (process.argv.includes('--check')) {
    if (generated !== text) {
      console.error(
        'package.json: the modelDoctor.rules block differs from the rule registry; run npx tsx scripts/rule-settings.ts',
      );
      process.exit(1);
    }
  } else if (generated !== text) {
    fs.writeFileSync(file, generated);
    console.log('package.json: modelDoctor.rules block regenerated');
  }
}
