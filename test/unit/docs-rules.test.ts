/**
 * The rule pages in docs/rules/ against the analyzer: every rule has a page with
 * its id, severity and summary; every marked example triggers the rule; every
 * marked fix block is exactly what Model Doctor's fix produces from the example.
 *
 * Markers (HTML comments, invisible on the rendered page) precede a fenced block:
 *   <!-- model-doctor-doc: example -->             the block must trigger the page's rule
 *   <!-- model-doctor-doc: example NAME -->        the same, named for a fix further down
 *   <!-- model-doctor-doc: fix "Fix title" -->     the block is that fix applied to the
 *                                                  nearest example above it in the same language
 *   <!-- model-doctor-doc: fix NAME "Fix title" -->  … applied to the example called NAME
 *   <!-- model-doctor-doc: fix … "Fix title" preferred -->  … and that fix is the preferred one
 *
 * Every fix shown on a page is listed in the page's fix-safety table, a row
 * `| Fix title | safe: … |` or `| Fix title | unsafe: … |`, which must say what the
 * analyzer says (`Fix.applicability`).
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { RULES, type SourceLanguage } from '../../src/analyzer';
import { analyzer, applyFix } from '../helpers';

const DOCS = 'docs/rules';

interface MarkedBlock {
  kind: 'example' | 'fix';
  /** The example's name, or for a fix the name of the example it applies to. */
  name?: string;
  title?: string;
  /** A fix block that says its fix is the preferred one (the one applied by "fix all" / the lightbulb default). */
  preferred: boolean;
  language: SourceLanguage | null;
  code: string;
  line: number;
}

const FENCE_LANGUAGES: Record<string, SourceLanguage> = {
  python: 'python',
  py: 'python',
  js: 'javascript',
  javascript: 'javascript',
  ts: 'typescript',
  typescript: 'typescript',
};

/** Fenced blocks preceded by a model-doctor-doc marker, in page order. */
function markedBlocks(page: string): MarkedBlock[] {
  const lines = page.split('\n');
  const blocks: MarkedBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const marker = /^<!-- model-doctor-doc: (example|fix)(?: ([\w-]+))?(?: "([^"]+)")?( preferred)? -->$/.exec(
      lines[i].trim(),
    );
    if (!marker) continue;
    assert.equal(
      marker[1] === 'fix',
      marker[3] !== undefined,
      `line ${i + 1}: a fix marker names the fix title, an example marker does not`,
    );
    assert.ok(marker[1] === 'fix' || !marker[4], `line ${i + 1}: only a fix can be marked preferred`);
    const open = /^```(\w*)$/.exec(lines[i + 1] ?? '');
    assert.ok(open, `line ${i + 1}: a marker must be followed by a fenced code block`);
    const end = lines.indexOf('```', i + 2);
    assert.ok(end > i, `line ${i + 2}: unclosed code block`);
    blocks.push({
      kind: marker[1] === 'example' ? 'example' : 'fix',
      name: marker[2],
      title: marker[3],
      preferred: marker[4] !== undefined,
      language: FENCE_LANGUAGES[open[1]] ?? null,
      code: `${lines.slice(i + 2, end).join('\n')}\n`,
      line: i + 2,
    });
    i = end;
  }
  return blocks;
}

test('docs/rules/README.md links every rule', () => {
  const index = fs.readFileSync(path.join(DOCS, 'README.md'), 'utf8');
  for (const rule of RULES) assert.ok(index.includes(`](${rule.meta.id}.md)`), `index links ${rule.meta.id}`);
});

for (const rule of RULES) {
  const { id, severity, summary } = rule.meta;
  describe(`docs/rules/${id}.md`, () => {
    const file = path.join(DOCS, `${id}.md`);
    const page = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';

    test('exists and states id, severity and summary', () => {
      assert.ok(page, `${file} exists`);
      const [title] = page.split('\n');
      assert.ok(title.startsWith(`# ${id}`), `title names the rule: ${title}`);
      assert.ok(title.includes(severity), `title gives the severity ${severity}: ${title}`);
      assert.ok(page.includes(summary), `page quotes the summary "${summary}"`);
    });

    const blocks = markedBlocks(page);
    const latest = new Map<SourceLanguage | null, MarkedBlock>();
    const named = new Map<string, MarkedBlock>();
    for (const block of blocks) {
      if (block.kind === 'example') {
        latest.set(block.language, block);
        if (block.name) named.set(block.name, block);
      }
      const source = block.kind === 'fix' && block.name ? named.get(block.name) : latest.get(block.language);
      const name =
        block.kind === 'example'
          ? `example at line ${block.line} triggers ${id}`
          : `fix "${block.title}" at line ${block.line} is what the fix writes`;
      test(name, async (t) => {
        const language = block.language;
        assert.ok(language, `line ${block.line}: the fence names a language`);
        assert.ok(
          source && source.language === language,
          `line ${block.line}: a fix block follows its example, in the same language`,
        );
        const md = await analyzer();
        if (!md.supports(language)) {
          t.skip(`the analyzer has no ${language} front end yet`);
          return;
        }
        const found = md.analyze(source.code, { language }).findings.filter((f) => f.rule === id);
        assert.ok(found.length > 0, `the example at line ${source.line} triggers ${id}`);
        if (block.kind === 'example') return;
        const finding = found.find((f) => f.fixes.some((x) => x.title === block.title));
        assert.ok(
          finding,
          `a finding offers "${block.title}"; offered: ${found.flatMap((f) => f.fixes.map((x) => x.title)).join(' | ')}`,
        );
        if (block.preferred)
          assert.ok(
            finding.fixes.find((x) => x.title === block.title)?.isPreferred,
            `"${block.title}" is the preferred fix`,
          );
        const applicability = finding.fixes.find((x) => x.title === block.title)!.applicability;
        const row = new RegExp(`^\\| ${escapeRegExp(block.title!)} +\\| (safe|unsafe)\\b`, 'm').exec(page);
        assert.ok(row, `the page's fix-safety table has a row for "${block.title}"`);
        assert.equal(row[1], applicability, `"${block.title}" is ${applicability}, as the table must say`);
        const fixed = applyFix(source.code, finding, block.title);
        assert.equal(block.code, fixed, `the block at line ${block.line} is the fixed example`);
        const after = md.analyze(fixed, { language }).findings.filter((f) => f.rule === id);
        // One edit can clear several findings: a constant fixed where it is written is used by several layers.
        assert.ok(
          after.length < found.length,
          `the fix clears the finding (${found.length} before, ${after.length} after)`,
        );
      });
    }
  });
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
