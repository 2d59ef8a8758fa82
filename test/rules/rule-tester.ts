/**
 * One test home per rule, in the way of ESLint's RuleTester: a rule's file lists
 * valid cases (the rule stays silent) and invalid cases (what it reports: message,
 * range, related places, and each fix with its preference, applicability and the
 * exact code it writes). Each case is written once, with its source in every
 * dialect it applies to (Python, JavaScript, TypeScript), and runs through each.
 *
 * Whatever a case says, the tester also checks every fix of every finding: the
 * fixed code parses and the rule reports less on it; at most one fix is preferred.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type AnalysisResult, type AnalyzeOptions, applyEdits, type Finding, RULES } from '../../src/analyzer';
import { analyzer } from '../helpers';

export type DialectName = 'python' | 'js' | 'ts';
const DIALECTS: readonly DialectName[] = ['python', 'js', 'ts'];

/** A value that is the same in every dialect, or spelt per dialect (`binary_crossentropy` / `binaryCrossentropy`). */
export type PerDialect<T> = T | { python?: T; js?: T; ts?: T };

type Output = string | RegExp | ((source: string) => string);

export interface ExpectedFix {
  /** The exact title, or a pattern when the case is not about the title. */
  title: PerDialect<string | RegExp>;
  /** Default: not preferred. */
  preferred?: boolean;
  /** Default: unsafe (a fix must be shown safe). */
  applicability?: 'safe' | 'unsafe';
  /** The whole fixed text (a string, or a function of the source), or a pattern it matches. */
  output?: PerDialect<Output>;
  /** The fixed code has no finding of any rule. */
  clean?: boolean;
  /** How many of the rule's findings the fix clears (default 1; a constant fixed where it is written can clear several). */
  clears?: number;
}

export interface ExpectedFinding {
  message?: PerDialect<string | RegExp>;
  /** The source text the finding underlines. */
  at?: PerDialect<string>;
  /** 1-based line the finding starts on. */
  line?: PerDialect<number>;
  severity?: 'error' | 'warning' | 'info';
  /** The related places, in order, each by the text it points at and/or its message. */
  related?: PerDialect<{ at?: string; message?: string | RegExp }[]>;
  /** The fixes offered, in order: the list is exact (an empty list: no fix). */
  fixes?: ExpectedFix[];
  /** Anything else the case asserts about this finding. */
  check?: (finding: Finding, source: string, dialect: DialectName) => void | Promise<void>;
}

interface Sources {
  python?: string;
  js?: string;
  ts?: string;
}

export interface ValidCase extends Sources {
  name: string;
  options?: AnalyzeOptions;
  /** No rule at all reports anything (not only this one). */
  clean?: boolean;
}

export interface InvalidCase extends Sources {
  name: string;
  options?: AnalyzeOptions;
  /** Exactly these findings of the rule, in source order. */
  errors: ExpectedFinding[];
}

export function pick<T>(value: PerDialect<T> | undefined, dialect: DialectName): T | undefined {
  if (value !== null && typeof value === 'object' && !(value instanceof RegExp) && !Array.isArray(value)) {
    const v = value as { python?: T; js?: T; ts?: T };
    if ('python' in v || 'js' in v || 'ts' in v) return dialect === 'ts' ? (v.ts ?? v.js) : v[dialect];
  }
  return value as T | undefined;
}

const LANGUAGE = { python: 'python', js: 'javascript', ts: 'typescript' } as const;
const FILE = { python: 'model.py', js: 'model.js', ts: 'model.ts' } as const;

/** Analyses `source` as a file of `dialect`; rule failures inside the analyzer fail the test. */
export async function analyzeIn(
  source: string,
  dialect: DialectName,
  options: AnalyzeOptions = {},
): Promise<AnalysisResult> {
  const result = (await analyzer()).analyze(source, {
    language: LANGUAGE[dialect],
    fileName: FILE[dialect],
    ...options,
  });
  assert.deepEqual(result.internalErrors, [], 'no rule failed');
  return result;
}

const textAt = (source: string, span: { start: number; end: number }) => source.slice(span.start, span.end);

function assertMatches(actual: string, expected: string | RegExp, what: string): void {
  if (typeof expected === 'string') assert.equal(actual, expected, what);
  else assert.match(actual, expected, `${what} matches ${expected}`);
}

/** Registers the tests of one rule. `dialects`: where the rule applies; each needs a valid and an invalid case. */
export function ruleTester(
  ruleId: string,
  cases: { dialects: readonly DialectName[]; valid: ValidCase[]; invalid: InvalidCase[] },
): void {
  describe(ruleId, () => {
    test('is in the catalog, and has valid and invalid cases in each dialect it applies to', () => {
      assert.ok(
        RULES.some((r) => r.meta.id === ruleId),
        `${ruleId} is a rule`,
      );
      for (const dialect of cases.dialects) {
        assert.ok(
          cases.valid.some((c) => c[dialect] !== undefined),
          `a valid ${dialect} case`,
        );
        assert.ok(
          cases.invalid.some((c) => c[dialect] !== undefined),
          `an invalid ${dialect} case`,
        );
      }
    });

    describe('valid', () => {
      for (const c of cases.valid) {
        for (const dialect of DIALECTS) {
          const source = c[dialect];
          if (source === undefined) continue;
          test(`${c.name} [${dialect}]`, async () => {
            const result = await analyzeIn(source, dialect, c.options);
            const found = c.clean ? result.findings : result.findings.filter((f) => f.rule === ruleId);
            assert.deepEqual(
              found.map((f) => `${f.rule}: ${f.message}`),
              [],
              c.clean ? 'no rule reports anything' : `${ruleId} stays silent`,
            );
          });
        }
      }
    });

    describe('invalid', () => {
      for (const c of cases.invalid) {
        for (const dialect of DIALECTS) {
          const source = c[dialect];
          if (source === undefined) continue;
          test(`${c.name} [${dialect}]`, async () => {
            const options = c.options ?? {};
            const result = await analyzeIn(source, dialect, options);
            const found = result.findings.filter((f) => f.rule === ruleId);
            assert.equal(
              found.length,
              c.errors.length,
              `${c.errors.length} finding(s) of ${ruleId}; got: ${found.map((f) => f.message).join(' | ')}`,
            );
            for (const [i, expected] of c.errors.entries()) {
              await checkFinding(found[i], expected, source, dialect, result, ruleId, options);
            }
          });
        }
      }
    });
  });
}

async function checkFinding(
  finding: Finding,
  expected: ExpectedFinding,
  source: string,
  dialect: DialectName,
  before: AnalysisResult,
  ruleId: string,
  options: AnalyzeOptions,
): Promise<void> {
  const message = pick(expected.message, dialect);
  if (message !== undefined) assertMatches(finding.message, message, 'message');
  const at = pick(expected.at, dialect);
  if (at !== undefined) assert.equal(textAt(source, finding.span), at, 'the text the finding underlines');
  const line = pick(expected.line, dialect);
  if (line !== undefined) assert.equal(before.lines.line(finding.span.start) + 1, line, 'line');
  if (expected.severity !== undefined) assert.equal(finding.severity, expected.severity, 'severity');
  const related = pick(expected.related, dialect);
  if (related !== undefined) {
    assert.equal(finding.related.length, related.length, 'number of related places');
    related.forEach((r, i) => {
      if (r.at !== undefined) assert.equal(textAt(source, finding.related[i].span), r.at, `related ${i}: place`);
      if (r.message !== undefined) assertMatches(finding.related[i].message, r.message, `related ${i}: message`);
    });
  }
  if (expected.fixes !== undefined) {
    const offered = finding.fixes.map((f) => [f.title, f.isPreferred, f.applicability]);
    assert.equal(finding.fixes.length, expected.fixes.length, `fixes offered: ${JSON.stringify(offered)}`);
    expected.fixes.forEach((want, i) => {
      const title = pick(want.title, dialect)!;
      const got = finding.fixes[i];
      const what = `fix ${i} of ${JSON.stringify(offered)}`;
      if (typeof title === 'string') assert.equal(got.title, title, `${what}: title`);
      else assert.match(got.title, title, `${what}: title`);
      assert.equal(got.isPreferred, want.preferred ?? false, `${what}: preferred`);
      assert.equal(got.applicability, want.applicability ?? 'unsafe', `${what}: applicability`);
    });
  }
  assert.ok(finding.fixes.filter((f) => f.isPreferred).length <= 1, 'at most one preferred fix');
  const countBefore = before.findings.filter((f) => f.rule === ruleId).length;
  for (const [i, fix] of finding.fixes.entries()) {
    const fixed = applyEdits(source, fix.edits);
    const after = await analyzeIn(fixed, dialect, options);
    assert.ok(after.syntaxErrors <= before.syntaxErrors, `"${fix.title}" writes code that parses:\n${fixed}`);
    const countAfter = after.findings.filter((f) => f.rule === ruleId).length;
    assert.ok(countAfter < countBefore, `after "${fix.title}" ${ruleId} reports less:\n${fixed}`);
    const wanted = expected.fixes?.[i];
    if (!wanted) continue;
    assert.equal(countBefore - countAfter, wanted.clears ?? 1, `"${fix.title}" clears exactly that finding`);
    const output = pick(wanted.output, dialect);
    if (typeof output === 'function') assert.equal(fixed, output(source), `"${fix.title}" writes exactly this`);
    else if (output !== undefined) assertMatches(fixed, output, `"${fix.title}" output`);
    if (wanted.clean)
      assert.deepEqual(
        after.findings.map((f) => `${f.rule}: ${f.message}`),
        [],
        `no finding left after "${fix.title}":\n${fixed}`,
      );
  }
  await expected.check?.(finding, source, dialect);
}
