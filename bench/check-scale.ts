/**
 * `model-doctor check` on a big tree: files/s on a generated tree of 5,000
 * files (variants of the repository's examples: Python, notebooks,
 * TensorFlow.js), cold (no cache) and warm (`--cache` filled by the previous
 * run), on 1 worker and on all cores, side by side in one run. Every run's
 * JSON output must be identical, or the benchmark fails.
 *
 *     npm run bench:check [-- --files 5000]
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..');
const CLI = path.join(ROOT, 'bin', 'model-doctor.js');
const argAt = process.argv.indexOf('--files');
const FILES = argAt > 0 ? Number(process.argv[argAt + 1]) : 5000;
const PER_FOLDER = 100;

/** The examples, and how to make a distinct variant of each (so no two files hash alike). */
function templates(): { name: string; text: string; vary(text: string, n: number): string }[] {
  const out: { name: string; text: string; vary(text: string, n: number): string }[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (/\.(py|ipynb|js|mjs|cjs|ts|tsx)$/.test(e.name)) {
        const text = fs.readFileSync(full, 'utf8');
        const vary = e.name.endsWith('.ipynb')
          ? (t: string, n: number) => {
              const nb = JSON.parse(t);
              nb.cells.push({ cell_type: 'markdown', metadata: {}, source: [`variant ${n}`] });
              return JSON.stringify(nb, null, 1);
            }
          : e.name.endsWith('.py')
            ? (t: string, n: number) => `${t}\n# variant ${n}\n`
            : (t: string, n: number) => `${t}\n// variant ${n}\n`;
        out.push({ name: e.name, text, vary });
      }
    }
  };
  walk(path.join(ROOT, 'examples'));
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

function generate(dir: string): { python: number; notebooks: number; tfjs: number; bytes: number } {
  const all = templates();
  const counts = { python: 0, notebooks: 0, tfjs: 0, bytes: 0 };
  for (let i = 0; i < FILES; i++) {
    const t = all[i % all.length];
    const folder = path.join(dir, `pkg${String(Math.floor(i / PER_FOLDER)).padStart(3, '0')}`);
    fs.mkdirSync(folder, { recursive: true });
    const text = t.vary(t.text, i);
    fs.writeFileSync(path.join(folder, `${i}_${t.name}`), text);
    counts.bytes += Buffer.byteLength(text);
    if (t.name.endsWith('.py')) counts.python++;
    else if (t.name.endsWith('.ipynb')) counts.notebooks++;
    else counts.tfjs++;
  }
  return counts;
}

interface Run {
  label: string;
  args: string[];
}

/** Wall time and the CPU time of the process (all threads), from bash's `times`. */
function measure(run: Run, tree: string): { wall: number; cpu: number; output: string; status: number | null } {
  const outFile = path.join(os.tmpdir(), `md-bench-${process.pid}.json`);
  const command = [process.execPath, CLI, 'check', '--format', 'json', ...run.args, 'tree']
    .map((a) => `'${a.replace(/'/g, `'\\''`)}'`)
    .join(' ');
  const started = performance.now();
  const result = spawnSync('bash', ['-c', `${command} > '${outFile}'; status=$?; times; exit $status`], {
    cwd: tree,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const wall = (performance.now() - started) / 1000;
  const seconds = (s: string) => {
    const m = /(\d+)m([\d.]+)s/.exec(s)!;
    return Number(m[1]) * 60 + Number(m[2]);
  };
  const children = result.stdout.trim().split('\n').at(-1)!.split(/\s+/);
  const output = fs.readFileSync(outFile, 'utf8');
  fs.rmSync(outFile, { force: true });
  if (result.stderr.trim()) process.stderr.write(result.stderr);
  return { wall, cpu: seconds(children[0]) + seconds(children[1]), output, status: result.status };
}

function main(): void {
  if (!fs.existsSync(path.join(ROOT, 'dist', 'cli.js'))) throw new Error('build first: npm run build');
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'md-bench-check-'));
  const tree = path.join(work, 'tree');
  const cache = path.join(work, 'cache');
  const counts = generate(tree);
  const cores = os.availableParallelism();
  const runs: Run[] = [
    { label: `cold, 1 worker (--jobs 1)`, args: ['--jobs', '1'] },
    { label: `cold, all ${cores} cores`, args: [] },
    { label: `cold, all cores, --cache (fills it)`, args: ['--cache-location', cache] },
    { label: `warm cache, all cores`, args: ['--cache-location', cache] },
    { label: `warm cache, 1 worker`, args: ['--jobs', '1', '--cache-location', cache] },
  ];
  console.log(
    `model-doctor check on ${FILES} generated files (${counts.python} Python, ${counts.notebooks} notebooks, ` +
      `${counts.tfjs} TensorFlow.js; ${(counts.bytes / 1e6).toFixed(1)} MB) — ${cores} cores, Node ${process.version}, ` +
      `load average ${os.loadavg()[0].toFixed(1)} at start`,
  );
  let reference: string | null = null;
  const rows: string[][] = [];
  for (const run of runs) {
    const m = measure(run, work);
    if (m.status !== 0 && m.status !== 1) throw new Error(`${run.label}: exit status ${m.status}`);
    if (reference === null) reference = m.output;
    else if (m.output !== reference) throw new Error(`${run.label}: output differs from the first run`);
    rows.push([run.label, m.wall.toFixed(1), (FILES / m.wall).toFixed(0), m.cpu.toFixed(1)]);
    console.log(
      `  ${run.label}: ${m.wall.toFixed(1)} s, ${(FILES / m.wall).toFixed(0)} files/s, CPU ${m.cpu.toFixed(1)} s`,
    );
  }
  const findings = (JSON.parse(reference!) as { files: { findings: unknown[] }[] }).files.reduce(
    (n, f) => n + f.findings.length,
    0,
  );
  console.log(
    `\nAll ${runs.length} runs printed the same ${findings} findings. Load average ${os.loadavg()[0].toFixed(1)} at the end.\n`,
  );
  console.log('| run | wall (s) | files/s | CPU (s, all threads) |');
  console.log('| --- | ---: | ---: | ---: |');
  for (const r of rows) console.log(`| ${r.join(' | ')} |`);
  fs.rmSync(work, { recursive: true, force: true });
}

main();
