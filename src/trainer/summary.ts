/** The one-line verdict over all runs, and whether the diagnosis is confirmed. */
import type { Verdict } from './protocol';
import { fmt2 } from './verdict';

export interface JudgedRun {
  label: string;
  verdict: Verdict;
  detail: string;
  reached: number | null;
}

const FAILS: Verdict[] = ['cannot-learn', 'diverges'];

/** Ends a sentence once, whatever punctuation the detail brings. */
const sentence = (text: string) => (/[.?!]$/.test(text) ? text : `${text}.`);

const PHRASE: Record<Verdict, string> = {
  'cannot-learn': 'cannot learn',
  diverges: 'diverges',
  learns: 'learns',
  inconclusive: 'gives no clear answer',
};

export function summarise(
  runs: JudgedRun[],
  task: 'classification' | 'regression',
): { confirmed: boolean; summary: string } {
  const [asWritten, ...fixes] = runs;
  const learned = fixes
    .filter((r) => r.verdict === 'learns')
    .sort((a, b) =>
      task === 'regression' ? (a.reached ?? 0) - (b.reached ?? 0) : (b.reached ?? 0) - (a.reached ?? 0),
    );
  const reach = (r: JudgedRun) =>
    r.reached === null ? '' : task === 'regression' ? `validation loss ${+r.reached.toPrecision(3)}` : fmt2(r.reached);
  const confirmed = FAILS.includes(asWritten.verdict) && learned.length > 0;
  if (confirmed) {
    const withFixes = learned
      .map((r, i) => (i === 0 ? `With “${r.label}” it reaches ${reach(r)}` : `with “${r.label}”, ${reach(r)}`))
      .join('; ');
    return {
      confirmed,
      summary: `Confirmed: as written the model ${PHRASE[asWritten.verdict]} — ${sentence(asWritten.detail)} ${withFixes}.`,
    };
  }
  if (fixes.length === 0) {
    const head = asWritten.verdict === 'inconclusive' ? 'Inconclusive' : `The model ${PHRASE[asWritten.verdict]}`;
    return { confirmed, summary: `${head}: ${sentence(asWritten.detail)}` };
  }
  if (asWritten.verdict === 'learns') {
    const better =
      task === 'classification' ? learned.filter((r) => (r.reached ?? 0) >= (asWritten.reached ?? 1) + 0.1) : [];
    const fixNote = better.length ? ` With “${better[0].label}” it reaches ${reach(better[0])}.` : '';
    return {
      confirmed,
      summary: `Not confirmed: as written the model learns here — ${sentence(asWritten.detail)}${fixNote}`,
    };
  }
  if (FAILS.includes(asWritten.verdict)) {
    return {
      confirmed,
      summary: `Not confirmed: as written the model ${PHRASE[asWritten.verdict]} — ${asWritten.detail}; but no fix learned either (${fixes.map((f) => `“${f.label}”: ${f.verdict}`).join(', ')}).`,
    };
  }
  return { confirmed, summary: `Inconclusive: as written ${sentence(asWritten.detail)}` };
}
