/**
 * A file's report as plain data, for a worker thread to send and the cache to
 * store: positions are computed once for every offset the output formats
 * need (findings, related spans, fix edits) instead of carrying a function.
 */
import type { FileReport, PositionedFinding } from './analyze-file';

type Position = { line: number; character: number };

interface PlainFinding extends Omit<PositionedFinding, 'toPosition'> {
  /** [offset, line, character] for each offset the formats ask `toPosition` for. */
  positions: [number, number, number][];
}

export interface PlainReport extends Omit<FileReport, 'findings'> {
  findings: PlainFinding[];
}

export function toPlainReport(report: FileReport): PlainReport {
  return {
    ...report,
    findings: report.findings.map(({ toPosition, ...rest }) => {
      const offsets = new Set<number>();
      const add = (span: { start: number; end: number }) => {
        offsets.add(span.start);
        offsets.add(span.end);
      };
      add(rest.finding.span);
      for (const r of rest.finding.related) add(r.span);
      for (const fix of rest.finding.fixes) for (const e of fix.edits) add(e.span);
      const positions = [...offsets].map((o): [number, number, number] => {
        const p = toPosition(o);
        return [o, p.line, p.character];
      });
      return { ...rest, positions };
    }),
  };
}

export function fromPlainReport(plain: PlainReport): FileReport {
  return {
    ...plain,
    findings: plain.findings.map(({ positions, ...rest }) => {
      const table = new Map(positions.map(([o, line, character]): [number, Position] => [o, { line, character }]));
      return {
        ...rest,
        toPosition: (offset: number) => {
          const p = table.get(offset);
          if (!p) throw new Error(`no position recorded for offset ${offset} of ${plain.path}`);
          return p;
        },
      };
    }),
  };
}
