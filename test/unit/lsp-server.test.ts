/**
 * `model-doctor lsp --stdio` through the protocol: diagnostics, quick fixes,
 * fix-all, hover, inlay hints, settings, debouncing and notebook sync. (A real
 * third-party client, Neovim, drives the built server in test/integration/.)
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { CodeAction, Hover, InlayHint, TextEdit } from 'vscode-languageserver-protocol';
import { Analyzer, applyEdits } from '../../src/analyzer';
import { LineIndex } from '../../src/analyzer/text-index';
import { CAPABILITIES, startServer, type TestClient } from './lsp-client';

const SEED = path.resolve('examples/cats_vs_dogs_softmax.py');
const SEED_TEXT = fs.readFileSync(SEED, 'utf8');
const SEED_URI = pathToFileURL(SEED).href;
/** `activation="softmax"` on line 48 (1-based), the string literal at columns 36–45. */
const SOFTMAX_RANGE = { start: { line: 47, character: 35 }, end: { line: 47, character: 44 } };

function applyTextEdits(text: string, edits: TextEdit[]): string {
  const lines = new LineIndex(text);
  return applyEdits(
    text,
    edits.map((e) => ({
      span: {
        start: lines.offset(e.range.start.line, e.range.start.character),
        end: lines.offset(e.range.end.line, e.range.end.character),
      },
      newText: e.newText,
    })),
  );
}

describe('language server', () => {
  let client: TestClient;
  let analyzer: Analyzer;

  before(async () => {
    analyzer = await Analyzer.create();
    client = startServer();
    const init = (await client.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: pathToFileURL(path.resolve('.')).href,
      capabilities: CAPABILITIES,
    })) as { capabilities: Record<string, unknown>; serverInfo: { name: string } };
    assert.equal(init.serverInfo.name, 'model-doctor');
    assert.deepEqual(init.capabilities.codeActionProvider, {
      codeActionKinds: ['quickfix', 'source.fixAll.modelDoctor'],
    });
    assert.ok(init.capabilities.notebookDocumentSync, 'notebook sync is offered to a client that has it');
    await client.connection.sendNotification('initialized', {});
  });

  after(async () => {
    assert.equal(await client.stop(), 0, 'exit status 0 after shutdown');
  });

  test('diagnostic on open, at the softmax argument, linked to the rule page', async () => {
    const published = client.nextDiagnostics(SEED_URI);
    await client.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri: SEED_URI, languageId: 'python', version: 1, text: SEED_TEXT },
    });
    const { diagnostics } = await published;
    assert.equal(diagnostics.length, 1);
    const [d] = diagnostics;
    assert.deepEqual(d.range, SOFTMAX_RANGE);
    assert.equal(d.code, 'softmax-single-unit');
    assert.equal(d.severity, 1);
    assert.equal(d.source, 'Model Doctor');
    assert.match(d.codeDescription!.href, /docs\/rules\/softmax-single-unit\.md$/);
    assert.match(d.relatedInformation![0].message, /binary_crossentropy|loss/);
  });

  test('quick fixes: the preferred one first, versioned edits that make the file clean; ignore on this line', async () => {
    const diagnostics = client.published.filter((p) => p.uri === SEED_URI).at(-1)!.diagnostics;
    const actions = (await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri: SEED_URI },
      range: SOFTMAX_RANGE,
      context: { diagnostics },
    })) as CodeAction[];
    const titles = actions.map((a) => a.title);
    assert.deepEqual(titles, [
      'Use sigmoid (keep 1 unit)',
      'Use 2 units with softmax and sparse_categorical_crossentropy',
      'Ignore softmax-single-unit on this line',
    ]);
    const preferred = actions.filter((a) => a.isPreferred);
    assert.deepEqual(
      preferred.map((a) => a.title),
      ['Use sigmoid (keep 1 unit)'],
    );
    assert.deepEqual(preferred[0].diagnostics, diagnostics, 'the fix names the diagnostic it fixes');
    for (const action of actions) {
      const [change] = action.edit!.documentChanges! as {
        textDocument: { uri: string; version: number };
        edits: TextEdit[];
      }[];
      assert.deepEqual(change.textDocument, { uri: SEED_URI, version: 1 });
      const fixed = applyTextEdits(SEED_TEXT, change.edits);
      const left = analyzer.analyze(fixed, { language: 'python' }).findings;
      assert.deepEqual(
        left.map((f) => f.rule),
        [],
        `${action.title} leaves ${left.map((f) => f.message)}`,
      );
    }
    const ignore = actions.at(-1)!.edit!.documentChanges![0] as { edits: TextEdit[] };
    assert.deepEqual(ignore.edits[0].newText, '  # model-doctor: ignore[softmax-single-unit]');
  });

  test('source.fixAll.modelDoctor only when asked for by kind', async () => {
    const fixAll = (await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri: SEED_URI },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ['source.fixAll'] },
    })) as CodeAction[];
    assert.deepEqual(
      fixAll.map((a) => [a.kind, a.title]),
      [['source.fixAll.modelDoctor', 'Fix all Model Doctor problems']],
    );
    const edits = (fixAll[0].edit!.documentChanges![0] as { edits: TextEdit[] }).edits;
    assert.deepEqual(edits, [{ range: SOFTMAX_RANGE, newText: '"sigmoid"' }]);
    const plain = (await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri: SEED_URI },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [] },
    })) as CodeAction[];
    assert.deepEqual(plain, [], 'no actions away from findings, and no fix-all in the light bulb');
  });

  test('hover on a layer: shape, parameters, activation', async () => {
    const hover = (await client.connection.sendRequest('textDocument/hover', {
      textDocument: { uri: SEED_URI },
      position: { line: 47, character: 16 },
    })) as Hover;
    const value = (hover.contents as { kind: string; value: string }).value;
    assert.equal((hover.contents as { kind: string }).kind, 'markdown');
    assert.match(value, /\*\*dense_1 \(Dense\)\*\*/);
    assert.match(value, /Output shape: `\(None, 1\)`/);
    assert.match(value, /Parameters: 129/);
    assert.match(value, /over a single unit that sum is always 1\.0/);
    assert.equal(hover.range!.start.line, 47);
  });

  test('inlay hints: output shapes at the end of each layer, inside the requested range', async () => {
    const hints = (await client.connection.sendRequest('textDocument/inlayHint', {
      textDocument: { uri: SEED_URI },
      range: { start: { line: 38, character: 0 }, end: { line: 48, character: 0 } },
    })) as InlayHint[];
    const byLine = hints.map((h) => [h.position.line, h.label]);
    assert.deepEqual(byLine[0], [39, '→ (None, 64, 64, 1)']);
    assert.deepEqual(byLine.at(-1), [47, '→ (None, 1)']);
    assert.ok(hints.every((h) => h.kind === 1 && h.paddingLeft));
    const none = (await client.connection.sendRequest('textDocument/inlayHint', {
      textDocument: { uri: SEED_URI },
      range: { start: { line: 0, character: 0 }, end: { line: 10, character: 0 } },
    })) as InlayHint[];
    assert.deepEqual(none, []);
  });

  test('edits are debounced: a burst of changes publishes once, for the latest text', async () => {
    const before = client.published.length;
    const lines = SEED_TEXT.split('\n');
    let last = 1;
    // Five edits in quick succession, each toggling the activation; the last one is the fixed spelling.
    for (const [i, activation] of ['"relu"', '"softmax"', '"tanh"', '"softmax"', '"sigmoid"'].entries()) {
      last = i + 2;
      await client.connection.sendNotification('textDocument/didChange', {
        textDocument: { uri: SEED_URI, version: last },
        contentChanges: [
          {
            text: lines
              .map((l, n) => (n === 47 ? l.replace(/activation=[^)]*/, `activation=${activation}`) : l))
              .join('\n'),
          },
        ],
      });
    }
    const settled = await client.nextDiagnostics(SEED_URI);
    assert.deepEqual(settled.diagnostics, [], 'the latest edit (sigmoid) is clean');
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(client.published.length - before, 1, 'one publish for the burst');
    // Back to the seed text for the next tests.
    const restored = client.nextDiagnostics(SEED_URI, (p) => p.diagnostics.length === 1);
    await client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri: SEED_URI, version: last + 1 },
      contentChanges: [{ text: SEED_TEXT }],
    });
    await restored;
  });

  test('settings: modelDoctor.rules through workspace/configuration, re-read on didChangeConfiguration', async () => {
    client.settings = { rules: { 'softmax-single-unit': 'warning' } };
    const warned = client.nextDiagnostics(SEED_URI, (p) => p.diagnostics[0]?.severity === 2);
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    await warned;
    client.settings = { rules: { 'softmax-single-unit': 'off' } };
    const silent = client.nextDiagnostics(SEED_URI, (p) => p.diagnostics.length === 0);
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    await silent;
    client.settings = {};
    const back = client.nextDiagnostics(SEED_URI, (p) => p.diagnostics[0]?.severity === 1);
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    await back;
  });

  test('closing a document clears its diagnostics', async () => {
    const cleared = client.nextDiagnostics(SEED_URI, (p) => p.diagnostics.length === 0);
    await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri: SEED_URI } });
    await cleared;
  });

  test('notebooks (LSP 3.17 sync): cells are one program, the diagnostic lands in its cell', async () => {
    const nb = JSON.parse(fs.readFileSync('examples/notebooks/churn_softmax.ipynb', 'utf8')) as {
      cells: { cell_type: string; source: string[]; execution_count: number | null }[];
    };
    const notebookUri = pathToFileURL(path.resolve('examples/notebooks/churn_softmax.ipynb')).href;
    const cellUri = (i: number) => `vscode-notebook-cell:${notebookUri.slice('file:'.length)}#C${i}`;
    const cells = nb.cells.map((c, i) => ({
      kind: c.cell_type === 'code' ? 2 : 1,
      document: cellUri(i),
      ...(c.execution_count ? { executionSummary: { executionOrder: c.execution_count, success: true } } : {}),
    }));
    const published = client.nextDiagnostics(cellUri(4), (p) => p.diagnostics.length > 0);
    await client.connection.sendNotification('notebookDocument/didOpen', {
      notebookDocument: { uri: notebookUri, notebookType: 'jupyter-notebook', version: 1, cells },
      cellTextDocuments: nb.cells.map((c, i) => ({
        uri: cellUri(i),
        languageId: c.cell_type === 'code' ? 'python' : 'markdown',
        version: 1,
        text: c.source.join(''),
      })),
    });
    const { diagnostics } = await published;
    assert.deepEqual(
      diagnostics.map((d) => [d.code, d.range.start.line, d.range.start.character]),
      [['softmax-single-unit', 4, 31]],
    );
    // The loss it conflicts with is in the next cell.
    assert.equal(diagnostics[0].relatedInformation![0].location.uri, cellUri(5));
    const actions = (await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri: cellUri(4) },
      range: diagnostics[0].range,
      context: { diagnostics },
    })) as CodeAction[];
    const preferred = actions.find((a) => a.isPreferred)!;
    const change = preferred.edit!.documentChanges![0] as { textDocument: { uri: string }; edits: TextEdit[] };
    assert.equal(change.textDocument.uri, cellUri(4));
    assert.equal(change.edits[0].newText, "'sigmoid'");
    // Editing the cell re-analyses the notebook.
    const cleared = client.nextDiagnostics(cellUri(4), (p) => p.diagnostics.length === 0);
    await client.connection.sendNotification('notebookDocument/didChange', {
      notebookDocument: { uri: notebookUri, version: 2 },
      change: {
        cells: {
          textContent: [
            {
              document: { uri: cellUri(4), version: 2 },
              changes: [{ range: change.edits[0].range, text: "'sigmoid'" }],
            },
          ],
        },
      },
    });
    await cleared;
  });
});

describe('language server with a client that pushes its settings', () => {
  test('initializationOptions and didChangeConfiguration (nested or dotted names) without workspace/configuration', async () => {
    const client = startServer();
    try {
      await client.connection.sendRequest('initialize', {
        processId: process.pid,
        rootUri: null,
        capabilities: { textDocument: { hover: { contentFormat: ['plaintext'] } } },
        initializationOptions: { modelDoctor: { rules: { 'softmax-single-unit': 'info' } } },
      });
      await client.connection.sendNotification('initialized', {});
      const info = client.nextDiagnostics(SEED_URI, (p) => p.diagnostics[0]?.severity === 3);
      await client.connection.sendNotification('textDocument/didOpen', {
        textDocument: { uri: SEED_URI, languageId: 'python', version: 1, text: SEED_TEXT },
      });
      await info;
      // JupyterLab's serverSettings may use dotted names.
      const off = client.nextDiagnostics(SEED_URI, (p) => p.diagnostics.length === 0);
      await client.connection.sendNotification('workspace/didChangeConfiguration', {
        settings: { 'modelDoctor.rules': { 'softmax-single-unit': 'off' } },
      });
      await off;
      const back = client.nextDiagnostics(SEED_URI, (p) => p.diagnostics[0]?.severity === 1);
      await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: { modelDoctor: {} } });
      await back;
      const hover = (await client.connection.sendRequest('textDocument/hover', {
        textDocument: { uri: SEED_URI },
        position: { line: 47, character: 16 },
      })) as Hover;
      assert.equal((hover.contents as { kind: string }).kind, 'plaintext');
      assert.match((hover.contents as { value: string }).value, /^dense_1 \(Dense\) — layer of model build_model\n/);
    } finally {
      assert.equal(await client.stop(), 0);
    }
  });
});
