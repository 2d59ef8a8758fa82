/** Findings placed in the editor's documents: one per finding that maps to a single place. */
import type { Finding } from '../analyzer';
import type { Analysis } from './analysis-cache';
import type { Located } from './program-source';

export const DIAGNOSTIC_SOURCE = 'Model Doctor';

/** Each rule's page (docs/rules/<id>.md) in the public repository: SARIF's helpUri and the language server's links. */
const RULE_DOCS_BASE = 'https://github.com/model-doctor/model-doctor/blob/main/docs/rules';

export function ruleDocsUrl(ruleId: string): string {
  return `${RULE_DOCS_BASE}/${ruleId}.md`;
}

export interface PlacedFinding extends Located {
  finding: Finding;
  related: (Located & { message: string })[];
}

/** A span across notebook cells has no single place and is dropped (as are related spans that cross cells). */
export function placeFindings(analysis: Analysis): PlacedFinding[] {
  const out: PlacedFinding[] = [];
  for (const finding of analysis.result.findings) {
    const at = analysis.source.locate(finding.span);
    if (!at) continue;
    const related = finding.related.flatMap((r) => {
      const where = analysis.source.locate(r.span);
      return where ? [{ ...where, message: r.message }] : [];
    });
    out.push({ ...at, finding, related });
  }
  return out;
}
