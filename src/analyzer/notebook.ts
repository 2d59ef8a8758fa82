/**
 * Jupyter notebooks: the code cells run as one program, so they are analysed
 * as one text; offsets map back to (cell, offset in cell) for diagnostics.
 */

export interface NotebookCell {
  /** Index among all cells of the notebook (markdown included). */
  index: number;
  source: string;
  /** Where the cell starts in the combined program text. */
  offset: number;
}

export interface NotebookProgram {
  text: string;
  cells: NotebookCell[];
}

/** IPython syntax that is not Python: `%magic`, `!shell`, `?help`. Blanked, keeping offsets. */
function neutraliseIPython(source: string): string {
  return source
    .split('\n')
    .map((line) => (/^\s*[%!?]/.test(line) ? line.replace(/[%!?]/, '#') : line))
    .join('\n');
}

/**
 * Joins code cells, in execution order when every code cell has an execution
 * count (the order the kernel saw them), else in document order.
 */
export function notebookProgram(
  cells: { index: number; source: string; executionOrder?: number | null }[],
): NotebookProgram {
  const ordered = cells.every((c) => typeof c.executionOrder === 'number')
    ? [...cells].sort((a, b) => (a.executionOrder as number) - (b.executionOrder as number))
    : cells;
  let text = '';
  const out: NotebookCell[] = [];
  for (const cell of ordered) {
    out.push({ index: cell.index, source: cell.source, offset: text.length });
    text += `${neutraliseIPython(cell.source)}\n`;
  }
  return { text, cells: out };
}

/** The cell holding a program offset, and the offset inside it. */
export function cellAt(program: NotebookProgram, offset: number): { cell: NotebookCell; offset: number } | null {
  let found: NotebookCell | null = null;
  for (const cell of program.cells) if (cell.offset <= offset) found = cell;
  if (!found) return null;
  return { cell: found, offset: Math.min(offset - found.offset, found.source.length) };
}

/** JSON as real notebooks carry it: tolerates trailing commas. */
function parseLenientJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // Remove commas before } or ] outside strings.
    let out = '';
    let inString = false;
    for (let i = 0; i < text.length; i++) {
      const c = text[i];
      if (inString) {
        out += c;
        if (c === '\\') out += text[++i] ?? '';
        else if (c === '"') inString = false;
        continue;
      }
      if (c === '"') inString = true;
      if (c === ',') {
        const rest = /^\s*([}\]])/.exec(text.slice(i + 1, i + 200));
        if (rest) continue;
      }
      out += c;
    }
    return JSON.parse(out);
  }
}

/** Reads an .ipynb file's code cells. Throws a clear Error for files that are not notebooks (nbformat 4) or cannot be read. */
export function parseNotebook(json: string, fileName = 'FILE.ipynb'): NotebookProgram {
  // A UTF-8 byte-order mark (some Windows tools write one) is not part of the JSON.
  const data = parseLenientJson(json.replace(/^\uFEFF/, '')) as {
    cells?: unknown;
    nbformat?: unknown;
    worksheets?: unknown;
  };
  if (data && typeof data === 'object' && !Array.isArray(data.cells) && (data.nbformat === 3 || 'worksheets' in data))
    throw new Error(
      `a Jupyter notebook in the old format 3, which is not supported; convert it to format 4 with: jupyter nbconvert --to notebook --nbformat 4 ${fileName}`,
    );
  if (!data || typeof data !== 'object' || !Array.isArray(data.cells))
    throw new Error('not a Jupyter notebook (no "cells" list)');
  const cells: { index: number; source: string; executionOrder?: number | null }[] = [];
  data.cells.forEach((raw, index) => {
    // A damaged cell (null, a number…) has no code: the other cells are still analysed.
    if (!raw || typeof raw !== 'object') return;
    const cell = raw as { cell_type?: unknown; source?: unknown; execution_count?: unknown };
    if (cell.cell_type !== 'code') return;
    const source = Array.isArray(cell.source)
      ? cell.source.filter((line) => typeof line === 'string').join('')
      : typeof cell.source === 'string'
        ? cell.source
        : '';
    const executionOrder = typeof cell.execution_count === 'number' ? cell.execution_count : null;
    cells.push({ index, source, executionOrder });
  });
  return notebookProgram(cells);
}
