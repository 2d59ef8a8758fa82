/**
 * For tests that train: whether native TensorFlow is here, and cleanup that leaves no training
 * process behind when a test fails or times out.
 */
import { afterEach } from 'node:test';
import { loadNative } from '../src/trainer/backend';
import type { Verification } from '../src/trainer';

/**
 * `false` when @tensorflow/tfjs-node loads; otherwise why a test that needs it is skipped
 * (node:test prints the reason). It is an optional dependency whose install downloads TensorFlow,
 * which fails offline, behind proxies and on unsupported platforms.
 */
export function skipWithoutNative(): false | string {
  const native = loadNative();
  return 'tf' in native
    ? false
    : `needs @tensorflow/tfjs-node, which did not load (${native.error}); it is optional: see DEVELOPERS.md, "Native TensorFlow"`;
}

const running = new Set<Verification>();

/**
 * Registers a verification so that it is cancelled (its child process killed) after the test
 * that started it, whether the test passed, failed or timed out. Returns it.
 */
export function tracked(verification: Verification): Verification {
  running.add(verification);
  verification.done.then(
    () => running.delete(verification),
    () => running.delete(verification),
  );
  return verification;
}

afterEach(() => {
  for (const verification of running) verification.cancel();
  running.clear();
});
