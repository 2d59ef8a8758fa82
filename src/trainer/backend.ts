/**
 * Picks the TensorFlow.js backend inside the training child process:
 * tfjs-node (native TensorFlow) when it loads, else the pure-JS `cpu` backend;
 * `wasm` only when chosen and the model has no convolution (tfjs-backend-wasm
 * 4.22 has no Conv2DBackpropFilter kernel, so it cannot train convolutions).
 */
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import type { Tf } from './tfjs/build';
import type { BackendChoice } from './protocol';

export interface LoadedBackend {
  tf: Tf;
  /** `tfjs-node`, `cpu` or `wasm`: what ran. */
  name: 'tfjs-node' | 'cpu' | 'wasm';
  /** Why it is not the one asked for, when it is not. */
  note?: string;
}

let native: { tf: Tf } | { error: string } | undefined;

/** The environment variable through which the parent names an installed tfjs-node. */
export const TFJS_NODE_PATH_ENV = 'MODEL_DOCTOR_TFJS_NODE';

/**
 * The module to require for tfjs-node from a configured folder: the package
 * folder itself, or a folder whose node_modules holds it (a project where
 * `npm install @tensorflow/tfjs-node` ran).
 */
export function configuredNativeModule(folder: string): string {
  const direct = path.join(folder, 'package.json');
  if (
    fs.existsSync(direct) &&
    (JSON.parse(fs.readFileSync(direct, 'utf8')) as { name?: string }).name === '@tensorflow/tfjs-node'
  )
    return folder;
  return createRequire(path.join(folder, 'noop.js')).resolve('@tensorflow/tfjs-node');
}

/** Loads tfjs-node once (it is an optional, external dependency): from this package, else from the configured folder. */
export function loadNative(): { tf: Tf } | { error: string } {
  if (!native) {
    try {
      native = { tf: require('@tensorflow/tfjs-node') as Tf };
    } catch (e) {
      native = { error: (e as Error).message.split('\n')[0] };
      const configured = process.env[TFJS_NODE_PATH_ENV];
      if (configured) {
        try {
          native = { tf: require(configuredNativeModule(configured)) as Tf };
        } catch (e2) {
          native = {
            error: `not in this package, and not loadable from ${configured} (${(e2 as Error).message.split('\n')[0]})`,
          };
        }
      }
    }
  }
  return native;
}

function pureJs(): Tf {
  // Bundled into the worker; tfjs-node re-exports the same API when it loads.
  return require('@tensorflow/tfjs') as Tf;
}

export async function loadBackend(choice: BackendChoice, hasConvolution: boolean): Promise<LoadedBackend> {
  if (choice === 'auto' || choice === 'tfjs-node') {
    const n = loadNative();
    if ('tf' in n) {
      await n.tf.ready();
      return { tf: n.tf, name: 'tfjs-node' };
    }
    const tf = pureJs();
    await tf.setBackend('cpu');
    return {
      tf,
      name: 'cpu',
      note: `@tensorflow/tfjs-node could not be loaded (${n.error}); trained with the pure-JS cpu backend, much slower, so on a smaller replica`,
    };
  }
  const tf = pureJs();
  if (choice === 'wasm') {
    if (hasConvolution) {
      await tf.setBackend('cpu');
      return {
        tf,
        name: 'cpu',
        note: 'the wasm backend cannot train convolutions (no Conv2DBackpropFilter kernel in tfjs-backend-wasm 4.22); trained with the cpu backend',
      };
    }
    try {
      const wasm = require('@tensorflow/tfjs-backend-wasm') as { setWasmPaths(prefix: string): void };
      wasm.setWasmPaths(wasmDirectory());
      if (await tf.setBackend('wasm')) return { tf, name: 'wasm' };
    } catch (e) {
      await tf.setBackend('cpu');
      return {
        tf,
        name: 'cpu',
        note: `the wasm backend could not start (${(e as Error).message.split('\n')[0]}); trained with the cpu backend`,
      };
    }
    await tf.setBackend('cpu');
    return { tf, name: 'cpu', note: 'the wasm backend could not start; trained with the cpu backend' };
  }
  await tf.setBackend('cpu');
  return { tf, name: 'cpu' };
}

/** The .wasm files: next to the bundled worker in dist/, or in the npm package during development. */
function wasmDirectory(): string {
  if (fs.existsSync(path.join(__dirname, 'tfjs-backend-wasm.wasm'))) return __dirname + path.sep;
  // Development only (tsx): the bundle always has the files beside it. Built at run time so esbuild leaves it alone.
  const packageFile = ['@tensorflow', 'tfjs-backend-wasm', 'dist', 'tfjs-backend-wasm.wasm'].join('/');
  return path.dirname(require.resolve(packageFile)) + path.sep;
}
