/**
 * A fuzz worker: runs inputs `from`, `from + 1`, … of one target and seed,
 * telling the runner when each starts and how it went, so that the runner can
 * blame the input a hang or a crash happened on.
 *
 *   node --import tsx test/fuzz/worker.ts TARGET SEED FROM WORK_FOLDER CPU_SECONDS
 *
 * An input that takes more than CPU_SECONDS of this process's CPU time is a
 * failure: CPU time, so that a busy machine does not make one (the runner's
 * wall-clock timeout only catches hangs).
 */
import { corpusInput, fuzzInput, type Target } from './inputs';
import { runInput } from './targets';

export type WorkerMessage =
  | { type: 'start'; index: number }
  | { type: 'result'; index: number; failure: { kind: string; message: string } | null };

async function main(): Promise<void> {
  const [target, seedText, fromText, work, cpuText] = process.argv.slice(2);
  const seed = Number(seedText);
  const cpuLimitMs = Number(cpuText) * 1000;
  const cpuMs = () => {
    const { user, system } = process.cpuUsage();
    return (user + system) / 1000;
  };
  const send = (message: WorkerMessage) => new Promise<void>((resolve) => process.send!(message, () => resolve()));
  // Loading the parsers (the TypeScript compiler takes seconds) is not the first input's time.
  await runInput(target as Target, corpusInput(target as Target), work, 0);
  for (let index = Number(fromText); ; index++) {
    const input = fuzzInput(target as Target, seed, index);
    await send({ type: 'start', index });
    const started = cpuMs();
    let failure = await runInput(target as Target, input, work, index);
    const spent = cpuMs() - started;
    if (!failure && spent > cpuLimitMs)
      failure = { kind: 'slow', message: `${(spent / 1000).toFixed(1)} s of CPU time for one input` };
    await send({ type: 'result', index, failure });
  }
}

main().catch((error) => {
  process.stderr.write(`fuzz worker: ${(error as Error).stack ?? error}\n`);
  process.exit(70);
});
