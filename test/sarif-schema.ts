/**
 * The official OASIS SARIF 2.1.0 JSON schema, for validating `check --format sarif`. No npm package
 * ships it on its own and this repository does not keep a copy of third-party text, so the tests
 * take it from an npm package that ships the OASIS file unchanged (`@datadog/datadog-ci`,
 * Apache-2.0), at a pinned version and checksum, through npm (its cache serves later runs), and keep
 * it in node_modules/.cache.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

const PACKAGE = '@datadog/datadog-ci@2.48.0';
const MEMBER = 'package/dist/commands/sarif/json-schema/sarif-schema-2.1.0.json';
const SHA256 = '10666d46649b52e262001e70d43e6c52f7c0279ca3dbdfe9a7dc2e4071556454';
const CACHE = path.join(__dirname, '..', 'node_modules', '.cache', 'model-doctor');

/** The schema's text, checked against the recorded SHA-256. */
export function sarifSchemaText(): Buffer {
  const file = path.join(CACHE, 'sarif-schema-2.1.0.json');
  if (!fs.existsSync(file)) {
    fs.mkdirSync(CACHE, { recursive: true });
    const work = fs.mkdtempSync(path.join(CACHE, 'pack-'));
    try {
      const tarball = execFileSync('npm', ['pack', '--silent', '--pack-destination', work, PACKAGE], {
        encoding: 'utf8',
        timeout: 120_000,
      }).trim();
      execFileSync('tar', ['-xzf', path.join(work, tarball), '-C', work, MEMBER]);
      fs.renameSync(path.join(work, MEMBER), file);
    } finally {
      fs.rmSync(work, { recursive: true, force: true });
    }
  }
  const text = fs.readFileSync(file);
  assert.equal(createHash('sha256').update(text).digest('hex'), SHA256, `${file} is the recorded OASIS schema`);
  return text;
}
