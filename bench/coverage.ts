/**
 * Shape coverage of a corpus: how many files build a model, in how many the
 * analyzer finds one, in how many one model has every layer's output shape
 * known, layers known / all, `Unknown` layers, and the causes ranked.
 *
 *   npm run bench:coverage -- FOLDER... [--ext py,js] [--top N] [--where TEXT] [--json]
 *
 * What counts as known: bench/coverage/measure.ts.
 */
import { Analyzer } from '../src/analyzer';
import { isBackbone } from '../src/analyzer/keras/applications';
import { collectFiles } from '../src/cli/files';
import { causeFamily } from './coverage/causes';
import { type FileCoverage, measureFile } from './coverage/measure';

/** `| count | hidden | item |` rows, most frequent first; `hidden` sums the layers each occurrence hides. */
function ranked(items: { key: string; hidden: number }[], top: number): string[] {
  const counts = new Map<string, { n: number; hidden: number }>();
  for (const { key, hidden } of items) {
    const c = counts.get(key) ?? { n: 0, hidden: 0 };
    c.n++;
    c.hidden += hidden;
    counts.set(key, c);
  }
  return [...counts]
    .sort((a, b) => b[1].hidden - a[1].hidden || b[1].n - a[1].n || a[0].localeCompare(b[0]))
    .slice(0, top)
    .map(([key, c]) => `| ${c.n} | ${c.hidden} | \`${key}\` |`);
}

function percent(part: number, whole: number): string {
  return whole === 0 ? '–' : `${Math.round((100 * part) / whole)}%`;
}

async function main() {
  const argv = process.argv.slice(2);
  const valued = new Set(['--top', '--ext', '--where'].map((o) => argv.indexOf(o) + 1).filter((i) => i > 0));
  const top = argv.includes('--top') ? Number(argv[argv.indexOf('--top') + 1]) : 25;
  const json = argv.includes('--json');
  const option = (name: string) => {
    const at = argv.indexOf(name);
    return at >= 0 ? argv[at + 1] : undefined;
  };
  // `--ext py`: only files with these extensions (keras-io keeps an .ipynb copy of every .py example).
  const extensions = option('--ext')?.split(',');
  // `--where TEXT`: also list where each cause containing TEXT occurs.
  const where = option('--where');
  const folders = argv.filter((a, i) => !a.startsWith('--') && !valued.has(i));
  if (folders.length === 0 || !Number.isInteger(top) || top <= 0) {
    console.error('usage: npm run bench:coverage -- FOLDER... [--ext py,js] [--top N] [--where TEXT] [--json]');
    process.exit(2);
  }
  const analyzer = await Analyzer.create();
  const collected = collectFiles(folders, (kind) => kind === 'notebook' || analyzer.supports(kind));
  const { missing } = collected;
  const files = collected.files.filter((f) => !extensions || extensions.some((e) => f.endsWith(`.${e}`)));
  if (missing.length) {
    console.error(`not found: ${missing.join(', ')}`);
    process.exit(2);
  }
  const results: FileCoverage[] = files.map((f) => measureFile(analyzer, f));
  const building = results.filter((r) => r.buildsModel);
  const sum = (pick: (r: FileCoverage) => number) => building.reduce((s, r) => s + pick(r), 0);
  const found = building.filter((r) => r.modelFound).length;
  const full = building.filter((r) => r.fullyKnown).length;
  const layers = sum((r) => r.layers);
  const knownLayers = sum((r) => r.knownLayers);
  if (json) {
    console.log(
      JSON.stringify(
        { files: results.length, building: building.length, found, full, layers, knownLayers, results },
        null,
        1,
      ),
    );
    return;
  }
  console.log(`${folders.join(', ')}: ${results.length} files analysed`);
  console.log('');
  console.log('| what | count | share |');
  console.log('| --- | ---: | ---: |');
  console.log(`| files that build a model | ${building.length} | |`);
  console.log(`| … with a model found | ${found} | ${percent(found, building.length)} |`);
  console.log(
    `| … with a model whose every layer's output shape is known | ${full} | ${percent(full, building.length)} |`,
  );
  console.log(`| layers known / all | ${knownLayers} / ${layers} | ${percent(knownLayers, layers)} |`);
  console.log(`| \`Unknown\` layers | ${sum((r) => r.unknownLayers)} | |`);
  const errors = results.filter((r) => r.error);
  if (errors.length) console.log(`| files that could not be analysed | ${errors.length} | |`);
  const causes = building.flatMap((r) => r.causes);
  const table = (title: string, header: string, rows: string[]) => {
    console.log('');
    console.log(title);
    console.log('');
    console.log(`| where | layers hidden | ${header} |`);
    console.log('| ---: | ---: | --- |');
    for (const row of rows) console.log(row);
  };
  table(
    'Where shapes are first lost, by construct ("where": layers whose inputs are known and output is not; "layers hidden": those and every layer after them left unknown by it):',
    'construct',
    ranked(
      causes.map((c) => ({ key: causeFamily(c.what, isBackbone), hidden: c.hidden })),
      top,
    ),
  );
  table(
    'The same, cause by cause:',
    'cause',
    ranked(
      causes.map((c) => ({ key: c.what, hidden: c.hidden })),
      top,
    ),
  );
  const unknown = building.flatMap((r) => r.causes.filter((c) => c.what.startsWith('not a tensor: ')));
  table(
    'Unknown callees and expressions (what `Unknown` layers were applied to, or added as):',
    'expression',
    ranked(
      unknown.map((c) => ({ key: c.what.slice('not a tensor: '.length), hidden: c.hidden })),
      top,
    ),
  );
  if (where) {
    console.log('');
    for (const r of building)
      for (const c of r.causes.filter((c) => c.what.includes(where))) console.log(`${r.path}:${c.line}: ${c.what}`);
  }
}

main();
