/** Finding an installed tfjs-node outside the package (the VS Code package does not ship it). */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { configuredNativeModule } from '../../src/trainer/backend';

test('a configured folder may be the package itself or a project that installed it', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'md-tfjs-node-'));
  const pkg = path.join(root, 'project', 'node_modules', '@tensorflow', 'tfjs-node');
  fs.mkdirSync(pkg, { recursive: true });
  fs.writeFileSync(path.join(pkg, 'package.json'), JSON.stringify({ name: '@tensorflow/tfjs-node', main: 'index.js' }));
  fs.writeFileSync(path.join(pkg, 'index.js'), 'module.exports = {};');
  assert.equal(configuredNativeModule(pkg), pkg);
  assert.equal(configuredNativeModule(path.join(root, 'project')), path.join(pkg, 'index.js'));
  assert.throws(() => configuredNativeModule(path.join(root, 'elsewhere')), /Cannot find module/);
  fs.rmSync(root, { recursive: true });
});
