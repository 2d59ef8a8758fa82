/**
 * Every input the fuzzer (`npm run fuzz`) ever saved as a crasher, replayed:
 * each must now be handled (findings, "not analysed", or a DataError), within
 * the CPU time the fuzzer allows one input (a guard against a return of
 * quadratic behaviour, not a speed target).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import { TARGETS, type Target } from '../fuzz/inputs';
import { runInput } from '../fuzz/targets';

const CRASHERS = path.join(__dirname, '..', 'fuzz', 'crashers');
/** `npm run fuzz`'s default `--input-cpu`. */
const FUZZ_CPU_SECONDS = 5;
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'md-fuzz-replay-'));
after(() => fs.rmSync(work, { recursive: true, force: true }));

const saved = TARGETS.flatMap((target) => {
  const dir = path.join(CRASHERS, target);
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.input'))
    .sort()
    .map((file) => ({ target, file: path.join(dir, file) }));
});

test('the saved crashers are found (the replay is not silently empty)', () => {
  assert.ok(saved.length > 0, `no crashers under ${CRASHERS}`);
});

describe('fuzz crashers', () => {
  for (const { target, file } of saved) {
    // HASH-vVARIANT.EXT.input
    const m = /-v(\d+)(\.[a-z]+)\.input$/.exec(path.basename(file));
    test(`${target}: ${path.basename(file)}`, { timeout: 30_000 }, async () => {
      assert.ok(m, 'crasher file name: HASH-vVARIANT.EXT.input');
      const before = process.cpuUsage();
      const failure = await runInput(target as Target, { bytes: fs.readFileSync(file), ext: m[2] }, work, Number(m[1]));
      const spent = process.cpuUsage(before);
      assert.equal(failure, null, failure ? `${failure.kind}: ${failure.message}` : '');
      assert.ok(spent.user + spent.system < FUZZ_CPU_SECONDS * 1e6, `${(spent.user + spent.system) / 1e6} s of CPU`);
    });
  }
});
