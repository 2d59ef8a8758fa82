/** `model-doctor lsp --stdio`: the language server, speaking LSP over stdin/stdout. */
import { format } from 'node:util';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { Analyzer } from '../analyzer';
import { startServer } from '../lsp/server';
import { parseArgs, UsageError } from './args';

export async function runLsp(argv: string[]): Promise<number> {
  const args = parseArgs(argv, ['clientProcessId'], ['stdio']);
  if (!args.flags.has('stdio') || args.positionals.length)
    throw new UsageError('lsp needs --stdio (the server speaks LSP over stdin and stdout)');
  // stdout carries the protocol: anything logged goes to stderr instead.
  const toStderr = (...items: unknown[]) => void process.stderr.write(`${format(...items)}\n`);
  console.log = console.info = console.warn = console.debug = toStderr;
  const connection = createConnection(ProposedFeatures.all, process.stdin, process.stdout);
  startServer(connection, () => Analyzer.create());
  // The connection ends the process on `exit` (status 0 after `shutdown`, else 1) or when stdin closes.
  return new Promise<number>(() => undefined);
}
