/** Output formats of `model-doctor check`: text (like other linters), JSON (versioned contract), SARIF 2.1.0. */
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { RULES } from '../analyzer';
import { ruleDocsUrl } from '../editor-core/findings';
import { TOOL_VERSION } from '../version';
import type { FileReport, PositionedFinding } from './analyze-file';

/** 1-based line/column, as the JSON contract and SARIF want. */
function oneBased(p: { line: number; character: number }) {
  return { line: p.line + 1, column: p.character + 1 };
}

function range(f: PositionedFinding, span: { start: number; end: number }) {
  return { start: oneBased(f.toPosition(span.start)), end: oneBased(f.toPosition(span.end)) };
}

export function formatText(reports: FileReport[]): string {
  const lines: string[] = [];
  let errors = 0;
  let warnings = 0;
  let infos = 0;
  for (const report of reports) {
    for (const f of report.findings) {
      const p = oneBased(f.start);
      const where =
        f.cell === undefined
          ? `${report.path}:${p.line}:${p.column}`
          : `${report.path}:cell ${f.cell + 1}:${p.line}:${p.column}`;
      lines.push(`${where}  ${f.finding.severity}  ${f.finding.message}  [${f.finding.rule}]`);
      if (f.finding.severity === 'error') errors++;
      else if (f.finding.severity === 'warning') warnings++;
      else infos++;
    }
  }
  const files = reports.length;
  lines.push(`${errors} error(s), ${warnings} warning(s), ${infos} info in ${files} file(s)`);
  return `${lines.join('\n')}\n`;
}

export function formatJson(reports: FileReport[]): string {
  return `${JSON.stringify({
    version: 1,
    files: reports.map((report) => ({
      path: report.path,
      findings: report.findings.map((f) => ({
        rule: f.finding.rule,
        severity: f.finding.severity,
        message: f.finding.message,
        // Notebooks: lines and columns count inside the cell, numbered from 1 like the editor shows them.
        ...(f.cell === undefined ? {} : { cell: f.cell + 1 }),
        range: range(f, f.finding.span),
        fixes: f.finding.fixes.map((fix) => ({
          title: fix.title,
          edits: fix.edits.map((e) => ({ range: range(f, e.span), newText: e.newText })),
        })),
      })),
    })),
  })}\n`;
}

const SARIF_LEVEL = { error: 'error', warning: 'warning', info: 'note' } as const;

/** Where relative artifact URIs are rooted: the folder the command ran in (code scanning maps it to the checkout). */
const SRCROOT = '%SRCROOT%';

/** `softmax-single-unit` → `SoftmaxSingleUnit` (SARIF's rule `name`). */
function pascalCase(id: string): string {
  return id.replace(/(^|-)([a-z0-9])/g, (_, _dash, c: string) => c.toUpperCase());
}

/**
 * SARIF 2.1.0, validated against the OASIS schema in the tests. Files under
 * `baseDir` get relative URIs with `uriBaseId` (so code-scanning services place
 * results in the repository), others absolute `file:` URIs; columns count UTF-16
 * code units, as editors do.
 */
export function formatSarif(reports: FileReport[], baseDir: string = process.cwd()): string {
  const ruleIndex = new Map(RULES.map((r, i) => [r.meta.id, i]));
  const location = (p: string) => {
    const absolute = path.resolve(baseDir, p);
    const relative = path.relative(baseDir, absolute);
    if (!relative || relative.startsWith('..') || path.isAbsolute(relative))
      return { uri: pathToFileURL(absolute).href };
    return { uri: relative.split(path.sep).map(encodeURIComponent).join('/'), uriBaseId: SRCROOT };
  };
  const region = (f: PositionedFinding, span: { start: number; end: number }) => {
    const r = range(f, span);
    return { startLine: r.start.line, startColumn: r.start.column, endLine: r.end.line, endColumn: r.end.column };
  };
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'Model Doctor',
            version: TOOL_VERSION,
            semanticVersion: TOOL_VERSION,
            informationUri: 'https://github.com/model-doctor/model-doctor',
            rules: RULES.map((r) => ({
              id: r.meta.id,
              name: pascalCase(r.meta.id),
              shortDescription: { text: r.meta.summary },
              help: {
                text: `${r.meta.summary}. What it catches, why, an example and the fix: ${ruleDocsUrl(r.meta.id)}`,
              },
              helpUri: ruleDocsUrl(r.meta.id),
              defaultConfiguration: { level: SARIF_LEVEL[r.meta.severity] },
            })),
          },
        },
        originalUriBaseIds: { [SRCROOT]: { uri: `${pathToFileURL(baseDir).href.replace(/\/?$/, '/')}` } },
        columnKind: 'utf16CodeUnits',
        results: reports.flatMap((report) =>
          report.findings.map((f) => {
            // SARIF has no notebook cells, and a cell's lines are not the .ipynb file's: a notebook
            // finding points at the file, says the cell and line in its message and properties, and
            // carries no region or fixes that would land on the wrong lines of the JSON.
            const cell = f.cell === undefined ? null : { notebookCell: f.cell + 1, ...oneBased(f.start) };
            const place = (span: { start: number; end: number }) =>
              cell
                ? { artifactLocation: location(report.path) }
                : { artifactLocation: location(report.path), region: region(f, span) };
            return {
              ruleId: f.finding.rule,
              ruleIndex: ruleIndex.get(f.finding.rule),
              level: SARIF_LEVEL[f.finding.severity],
              message: {
                text: cell ? `${f.finding.message} (cell ${cell.notebookCell}, line ${cell.line})` : f.finding.message,
              },
              locations: [{ physicalLocation: place(f.finding.span) }],
              relatedLocations: f.finding.related.map((r, id) => ({
                id,
                message: { text: r.message },
                physicalLocation: place(r.span),
              })),
              fixes: cell
                ? []
                : f.finding.fixes.map((fix) => ({
                    description: { text: fix.title },
                    artifactChanges: [
                      {
                        artifactLocation: location(report.path),
                        replacements: fix.edits.map((e) => ({
                          deletedRegion: region(f, e.span),
                          insertedContent: { text: e.newText },
                        })),
                      },
                    ],
                  })),
              ...(cell ? { properties: cell } : {}),
            };
          }),
        ),
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}
