/**
 * `# model-doctor: ignore[rule-id]` (or `// model-doctor: ignore[rule-id]`) on
 * the line of a finding, or alone on the line above it, silences that rule
 * there. `ignore` without brackets silences every rule on that line.
 */
import type { Finding } from './findings';

const MARKER = /(?:#|\/\/)\s*model-doctor:\s*ignore(?:\[([^\]]*)\])?/;

/** Rules silenced per line (0-based); `*` means all. */
function suppressedLines(text: string): Map<number, Set<string>> {
  const result = new Map<number, Set<string>>();
  if (!text.includes('model-doctor:')) return result;
  const lines = text.split('\n');
  lines.forEach((line, i) => {
    const m = MARKER.exec(line);
    if (!m) return;
    const ids =
      m[1] === undefined
        ? ['*']
        : m[1]
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean);
    const standalone = /^\s*(#|\/\/)/.test(line);
    // A comment alone on its line covers the next line; a trailing comment covers its own.
    const target = standalone ? i + 1 : i;
    const set = result.get(target) ?? new Set<string>();
    ids.forEach((id) => set.add(id));
    result.set(target, set);
  });
  return result;
}

export function applySuppressions(findings: Finding[], text: string, lineOf: (offset: number) => number): Finding[] {
  const lines = suppressedLines(text);
  if (lines.size === 0) return findings;
  return findings.filter((f) => {
    const set = lines.get(lineOf(f.span.start));
    return !set || !(set.has('*') || set.has(f.rule));
  });
}
