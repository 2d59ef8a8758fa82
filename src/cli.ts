/**
 * `model-doctor`: the analyzer (and trainer) from a terminal, for CI and
 * benchmarks. Exit codes: 0 clean, 1 errors found, 2 usage or internal error.
 * Importing this module runs nothing: `bin/model-doctor.js` calls {@link main}
 * and sets the exit status (as ESLint's bin calls its CLI).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { UsageError } from './cli/args';
import { runCheck } from './cli/check';
import { runLsp } from './cli/lsp';
import { runSummary } from './cli/summary';
import { runVerify } from './cli/verify';

const USAGE = `Usage: model-doctor <command> [options]

Commands:
  check [--format text|json|sarif] PATH...   find model-definition mistakes in .py/.ipynb/.js/.ts files and folders
        [--jobs N] [--cache] [--cache-location DIR] [--config FILE]
                                             on N worker threads (default: all cores), reusing results of
                                             unchanged files, with .model-doctor.json's rules and exclude
  summary [--input-shape 64,64,1] [--format text|json] FILE
                                             each model's layers, output shapes and parameter counts
  verify FILE [--line N] [--input-shape 64,64,1] [--epochs N] [--samples N] [--format text|json]
         [--backend auto|tfjs-node|cpu|wasm] [--time-budget S] [--full-size] [--seed N]
                                             train the model (and each proposed fix) on synthetic data and
                                             say whether the diagnosis holds (exit 0 ran, 2 bad input)
  lsp --stdio                                the language server (diagnostics, quick fixes, hover, inlay hints)
                                             for any LSP client, over stdin/stdout

Options: --help, --version
Exit status: 0 no errors, 1 errors found, 2 usage or internal error.
`;

type Command = (argv: string[], out: NodeJS.WritableStream, err: NodeJS.WritableStream) => Promise<number>;

const COMMANDS: Record<string, Command> = {
  check: runCheck,
  summary: runSummary,
  verify: runVerify,
  lsp: runLsp,
};

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(USAGE);
    return command ? 0 : 2;
  }
  if (command === '--version' || command === '-V') {
    process.stdout.write(`${version()}\n`);
    return 0;
  }
  const run = COMMANDS[command];
  if (!run) {
    process.stderr.write(`model-doctor: unknown command '${command}'\n${USAGE}`);
    return 2;
  }
  try {
    return await run(rest, process.stdout, process.stderr);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`model-doctor ${command}: ${error.message}\n`);
      return 2;
    }
    process.stderr.write(`model-doctor: internal error: ${(error as Error).stack ?? error}\n`);
    return 2;
  }
}

/** The package's version: package.json sits one folder up from both src/cli.ts and dist/cli.js. */
function version(): string {
  return (JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8')) as { version: string })
    .version;
}
