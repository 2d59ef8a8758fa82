/**
 * `npm run fuzz`: seeded, time-bounded fuzzing of the analyzer (Python, JS/TS,
 * notebooks) and the data loaders (.npy, .npz, CSV, images). Each target runs
 * in a worker process; an input that throws what it must not, takes more CPU
 * time than the limit (or no answer at all within the wall-clock timeout: a
 * hang), crashes the worker or leaves it using too much memory
 * is saved under test/fuzz/crashers/TARGET/, where
 * test/unit/fuzz-crashers.test.ts replays it as a regression test.
 *
 *   npm run fuzz -- [--seconds 60] [--seed N] [--target python,npz] [--input-cpu 5] [--input-timeout 60]
 *
 * Exit 0 when nothing was found, 1 when a crasher was saved. The seed is
 * printed; with it, the same inputs come in the same order.
 */
import { fork, type ChildProcess } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fuzzInput, TARGETS, type Target } from './inputs';
import { VARIANTS } from './targets';
import type { WorkerMessage } from './worker';

export const CRASHERS = path.join(__dirname, 'crashers');

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

interface TargetRun {
  target: Target;
  inputs: number;
  crashers: string[];
}

/**
 * Saves input `index` as a crasher: `HASH-vVARIANT.EXT.input` (the variant the target ran it with, the
 * extension it was read as; `.input` keeps the type checker, linters and test runner off it).
 */
function saveCrasher(target: Target, seed: number, index: number, why: string): string {
  const input = fuzzInput(target, seed, index);
  const hash = crypto.createHash('sha256').update(input.bytes).digest('hex').slice(0, 12);
  const dir = path.join(CRASHERS, target);
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${hash}-v${index % VARIANTS}${input.ext}.input`);
  fs.writeFileSync(file, input.bytes);
  process.stdout.write(`  crasher: ${path.relative(process.cwd(), file)} (seed ${seed}, input ${index}): ${why}\n`);
  return file;
}

function fuzzTarget(
  target: Target,
  seed: number,
  seconds: number,
  limits: { cpu: number; timeout: number },
): Promise<TargetRun> {
  const inputTimeout = limits.timeout;
  const run: TargetRun = { target, inputs: 0, crashers: [] };
  const deadline = Date.now() + seconds * 1000;
  const work = fs.mkdtempSync(path.join(os.tmpdir(), `md-fuzz-${target}-`));
  return new Promise((resolve) => {
    let child: ChildProcess;
    let current = -1;
    let timer: NodeJS.Timeout | undefined;
    let finished = false;
    // The time is up even in the middle of a slow input (that is not a crasher unless it passes the input timeout).
    const overall = setTimeout(() => finish(), seconds * 1000);
    const finish = () => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      clearTimeout(overall);
      child.removeAllListeners('exit');
      child.kill('SIGKILL');
      fs.rmSync(work, { recursive: true, force: true });
      resolve(run);
    };
    const start = (from: number) => {
      child = fork(path.join(__dirname, 'worker.ts'), [target, String(seed), String(from), work, String(limits.cpu)], {
        execArgv: ['--import', 'tsx', '--max-old-space-size=3072'],
        stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      });
      let stderr = '';
      child.stderr?.on('data', (d: Buffer) => {
        stderr = (stderr + d.toString()).slice(-2000);
      });
      child.on('message', (message: WorkerMessage) => {
        if (finished) return;
        if (message.type === 'start') {
          current = message.index;
          clearTimeout(timer);
          timer = setTimeout(() => {
            if (finished) return;
            run.crashers.push(saveCrasher(target, seed, current, `no answer in ${inputTimeout} s`));
            restart();
          }, inputTimeout * 1000);
          return;
        }
        clearTimeout(timer);
        run.inputs++;
        if (message.failure) {
          const first = message.failure.message.split('\n').slice(0, 3).join(' | ');
          run.crashers.push(saveCrasher(target, seed, message.index, `${message.failure.kind}: ${first}`));
          // Memory that high stays with the process: start a fresh worker.
          if (message.failure.kind === 'memory') return restart();
        }
        if (Date.now() > deadline) finish();
      });
      child.on('exit', (code, signal) => {
        if (finished) return;
        run.crashers.push(
          saveCrasher(
            target,
            seed,
            current,
            `worker ended (${signal ?? `exit ${code}`}): ${stderr.trim().split('\n').at(-1) ?? ''}`,
          ),
        );
        restart();
      });
    };
    const restart = () => {
      clearTimeout(timer);
      child.removeAllListeners('exit');
      child.kill('SIGKILL');
      if (Date.now() > deadline) return finish();
      start(current + 1);
    };
    start(0);
  });
}

async function main(): Promise<number> {
  const seconds = Number(option('seconds') ?? 60);
  const seed = Number(option('seed') ?? crypto.randomInt(2 ** 31));
  const limits = { cpu: Number(option('input-cpu') ?? 5), timeout: Number(option('input-timeout') ?? 60) };
  const targets = (option('target')?.split(',') ?? [...TARGETS]) as Target[];
  for (const t of targets) if (!TARGETS.includes(t)) throw new Error(`unknown target ${t} (${TARGETS.join(', ')})`);
  process.stdout.write(`fuzz: seed ${seed}, ${seconds} s over ${targets.join(', ')}\n`);
  let found = 0;
  for (const target of targets) {
    const run = await fuzzTarget(target, seed, seconds / targets.length, limits);
    found += run.crashers.length;
    process.stdout.write(`${target}: ${run.inputs} inputs, ${run.crashers.length} crasher(s)\n`);
  }
  if (found > 0)
    process.stdout.write(
      `${found} crasher(s) saved under ${path.relative(process.cwd(), CRASHERS)}; test/unit/fuzz-crashers.test.ts replays them\n`,
    );
  return found > 0 ? 1 : 0;
}

if (require.main === module)
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (error) => {
      process.stderr.write(`fuzz: ${(error as Error).message}\n`);
      process.exitCode = 2;
    },
  );
