/**
 * `model-doctor`: the analyzer (and trainer) from a terminal, for CI and
 * benchmarks. Exit codes: 0 clean, 1 errors found, 2 a file not analysed (check),
 * bad input (verify), usage or internal error.
 * Importing this module runs nothing: `bin/model-doctor.js` calls {@link main}
 * and sets the exit status (as ESLint's bin calls its CLI).
 */
import { UsageError } from './cli/args';
import { runCheck } from './cli/check';
import { runLsp } from './cli/lsp';
import { runSummary } from './cli/summary';
import { runVerify } from './cli/verify';
import { TOOL_VERSION } from './version';

const USAGE = `Usage: model-doctor <command> [options]

Commands:
  check [--format text|json|sarif] PATH...   find model-definition mistakes in .py/.ipynb/.js/.ts files and folders
        [--jobs N] [--cache] [--cache-location DIR] [--config FILE]
                                             on N worker threads (default: all cores), reusing results of
                                             unchanged files, with .model-doctor.json's rules and exclude
        [--fix [--unsafe-fixes]]             --fix applies safe fixes (misspelt names…) and prints them;
                                             --unsafe-fixes also those that change the model, loss or learning rate
  summary [--input-shape 64,64,1] [--format text|json] FILE
                                             each model's layers, output shapes and parameter counts
  verify FILE [--line N] [--input-shape 64,64,1] [--epochs N] [--samples N] [--format text|json]
         [--backend auto|tfjs-node|cpu|wasm] [--time-budget S] [--full-size] [--seed N]
                                             train the model (and each proposed fix) on synthetic data and
                                             say whether the diagnosis holds (exit 0 ran, 2 bad input)
  lsp --stdio                                the language server (diagnostics, quick fixes, hover, inlay hints)
                                             for any LSP client, over stdin/stdout

Options: --help, --version
Exit status: 0 no errors, 1 errors found, 2 a file not analysed (check: listed with the
findings), bad input, usage or internal error.
`;

type Command = (argv: string[], out: NodeJS.WritableStream, err: NodeJS.WritableStream) => Promise<number>;

const COMMANDS: Record<string, Command> = {
  check: runCheck,
  summary: runSummary,
  verify: runVerify,
  lsp: runLsp,
};

/** The status a process killed by SIGPIPE has (128 + 13), what `yes | head -1` leaves for `yes`. */
const EXIT_READER_GONE = 141;

export async function main(argv: string[]): Promise<number> {
  // `model-doctor summary big.py | head`: the reader closed the pipe. Stop quietly, as tools killed
  // by SIGPIPE do, rather than print a stack trace for the write that failed.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(EXIT_READER_GONE);
    throw error;
  });
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(USAGE);
    return command ? 0 : 2;
  }
  if (command === '--version' || command === '-V') {
    process.stdout.write(`${TOOL_VERSION}\n`);
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
