/** The data report as lines of text, for the CLI and the webview. */
import { shapeText } from './errors';
import type { DataReport } from './types';

const KIND_NAMES: Record<DataReport['kind'], string> = {
  'image-directory': 'image folders',
  npy: '.npy array',
  npz: '.npz archive',
  csv: 'CSV',
};

export function formatDataReport(report: DataReport): string[] {
  const lines: string[] = [];
  const source = report.origin === 'code' ? 'named in the code' : 'chosen by you';
  const key = report.key ? `['${report.key}']` : '';
  lines.push(`Data: ${report.path}${key} (${KIND_NAMES[report.kind]}, ${source}); labels from ${report.labels}`);
  const unit = report.kind === 'image-directory' ? 'images' : 'rows';
  const each = report.sampleShape.length === 1 ? `${report.sampleShape[0]} values` : shapeText(report.sampleShape);
  let sample = `Sample: ${report.sampled} of ${report.found} ${unit} (seed ${report.seed}), each ${each}`;
  if (report.perClass.length > 0)
    sample += `; per class: ${report.perClass.map((c) => `${c.name} ${c.sampled} of ${c.found}`).join(', ')}`;
  lines.push(sample);
  lines.push(`Labels: ${report.labelEncoding === 'stored' ? 'as stored' : report.labelEncoding}`);
  if (report.skipped > 0) {
    const examples = report.skippedExamples.map((s) => `${s.file}: ${s.reason}`).join('; ');
    lines.push(
      `Skipped: ${report.skipped} unreadable ${report.kind === 'image-directory' ? 'files' : 'rows'} (${examples}${report.skipped > report.skippedExamples.length ? '; …' : ''})`,
    );
  }
  for (const t of report.transforms) lines.push(`Changed: ${t}`);
  for (const n of report.notes) lines.push(`Note: ${n}`);
  const decoder = report.decoder ? `, decoded with ${report.decoder}` : '';
  lines.push(`Read ${formatBytes(report.bytesRead)} in ${report.seconds.toFixed(2)} s${decoder}`);
  return lines;
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 ** 2) return `${(bytes / 1024).toFixed(1)} KB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
  return `${(bytes / 1024 ** 3).toFixed(2)} GB`;
}
