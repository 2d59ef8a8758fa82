#!/usr/bin/env node
// The `model-doctor` command. The CLI lives in the bundle (`npm install` builds it in a clone; the
// published package ships it) and never starts itself on import: this file runs it and sets the
// exit status, so it behaves the same through npx, a global install or any node_modules/.bin link.
const cli = loadCli();
if (cli) {
  cli.main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error) => {
      process.stderr.write(`model-doctor: internal error: ${error?.stack ?? error}\n`);
      process.exitCode = 2;
    },
  );
}

function loadCli() {
  try {
    return require('../dist/cli.js');
  } catch (error) {
    if (error?.code !== 'MODULE_NOT_FOUND' || !/dist[\\/]cli\.js/.test(error.message)) throw error;
    process.stderr.write('model-doctor: dist/cli.js is missing; in a clone of the repository run `npm install`\n');
    process.exitCode = 2;
    return null;
  }
}
