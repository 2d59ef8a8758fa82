/** Output formats of `model-doctor check`: text (like other linters), JSON (versioned contract), SARIF 2.1.0. */
import { RULES } from '../analyzer';
import type { FileReport, PositionedFinding } from './analyze-file';

const VERSION = '0.1.0';
const DOCS_BASE = 'https://github.com/model-doctor/model-doctor/blob/main/docs/rules';

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
  const notAnalysed = reports.filter((r) => r.error !== undefined);
  for (const report of notAnalysed) lines.push(`${report.path}: not analysed: ${report.error}`);
  const files = reports.length;
  const incomplete = notAnalysed.length ? `; ${notAnalysed.length} not analysed` : '';
  lines.push(`${errors} error(s), ${warnings} warning(s), ${infos} info in ${files} file(s)${incomplete}`);
  return `${lines.join('\n')}\n`;
}

export function formatJson(reports: FileReport[]): string {
  return `${JSON.stringify({
    version: 1,
    files: reports.map((report) => ({
      path: report.path,
      // Set when the file was not analysed: its empty findings then mean nothing.
      ...(report.error !== undefined ? { error: report.error } : {}),
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

export function formatSarif(reports: FileReport[]): string {
  const ruleIndex = new Map(RULES.map((r, i) => [r.meta.id, i]));
  const uri = (p: string) => p.split('\\').join('/');
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
            version: VERSION,
            informationUri: 'https://github.com/model-doctor/model-doctor',
            rules: RULES.map((r) => ({
              id: r.meta.id,
              shortDescription: { text: r.meta.summary },
              helpUri: `${DOCS_BASE}/${r.meta.id}.md`,
              defaultConfiguration: { level: SARIF_LEVEL[r.meta.severity] },
            })),
          },
        },
        // Files not analysed: the run did not cover them (SARIF's place for what a tool could not do).
        invocations: [
          {
            executionSuccessful: reports.every((r) => r.error === undefined),
            toolExecutionNotifications: reports
              .filter((r) => r.error !== undefined)
              .map((r) => ({
                level: 'error',
                message: { text: `not analysed: ${r.error}` },
                locations: [{ physicalLocation: { artifactLocation: { uri: uri(r.path) } } }],
              })),
          },
        ],
        results: reports.flatMap((report) =>
          report.findings.map((f) => ({
            ruleId: f.finding.rule,
            ruleIndex: ruleIndex.get(f.finding.rule),
            level: SARIF_LEVEL[f.finding.severity],
            message: { text: f.finding.message },
            locations: [
              { physicalLocation: { artifactLocation: { uri: uri(report.path) }, region: region(f, f.finding.span) } },
            ],
            relatedLocations: f.finding.related.map((r, id) => ({
              id,
              message: { text: r.message },
              physicalLocation: { artifactLocation: { uri: uri(report.path) }, region: region(f, r.span) },
            })),
            fixes: f.finding.fixes.map((fix) => ({
              description: { text: fix.title },
              artifactChanges: [
                {
                  artifactLocation: { uri: uri(report.path) },
                  replacements: fix.edits.map((e) => ({
                    deletedRegion: region(f, e.span),
                    insertedContent: { text: e.newText },
                  })),
                },
              ],
            })),
          })),
        ),
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}
