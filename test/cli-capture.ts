/**
 * Runs a CLI command in this process with its output captured: for tests of what the
 * commands print and return (the exit status as seen from a shell is tested through
 * test/cli-process.ts).
 */
import { Writable } from 'node:stream';
import { runCheck } from '../src/cli/check';

/** A stream that keeps what is written to it; `isTTY` makes it pass for a terminal. */
export class Capture extends Writable {
  text = '';
  isTTY?: boolean;
  override _write(chunk: Buffer, _enc: string, done: () => void) {
    this.text += chunk.toString();
    done();
  }
}

/** `model-doctor check ARGV…`: its exit status and what it printed. */
export async function check(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out = new Capture();
  const err = new Capture();
  const code = await runCheck(argv, out, err);
  return { code, out: out.text, err: err.text };
}
