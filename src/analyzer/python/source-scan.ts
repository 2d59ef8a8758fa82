/**
 * One linear pass over Python source before tree-sitter sees it, for two
 * things tree-sitter-python 0.25 (the newest release) cannot be trusted with:
 *
 * - Indentation depth. Its external scanner saves the indentation stack in a
 *   1 KB buffer; past about 500 levels it writes beyond it, and the parser
 *   instance (then the whole WASM heap) is corrupted for every later file.
 *   CPython refuses more than 100 levels ("too many levels of indentation"),
 *   so a file that deep never ran: it is refused here, before parsing.
 * - Runs of comment lines. Inside an indented block the scanner looks ahead
 *   over every following comment line at each line end, so a run of n comment
 *   lines costs n² (4,000 lines: 30 s). Long runs are blanked to spaces, which
 *   keeps every offset; nothing in the analyzer reads comments from the tree
 *   (suppression comments are read from the text).
 *
 * The pass is a tokenizer in miniature: strings (single, triple, with escapes),
 * comments, brackets and backslash continuations, enough to know where logical
 * lines start and which lines are comments only.
 */

/** CPython's own limit (MAXINDENT in its tokenizer). */
export const MAX_INDENT_LEVELS = 100;

/** Runs of at most this many comment lines are parsed as they are (they cost at most this many times their length). */
const LONGEST_KEPT_COMMENT_RUN = 16;

export interface PythonSourceScan {
  /** Deepest indentation stack reached by a logical line (0 for a flat file). */
  indentLevels: number;
  /** [start, end) of each comment-only line in runs longer than {@link LONGEST_KEPT_COMMENT_RUN}, end before the line break. */
  blankable: number[];
}

export function scanPythonSource(text: string): PythonSourceScan {
  const indents: number[] = [0];
  let indentLevels = 0;
  const blankable: number[] = [];
  let run: number[] = [];
  const endRun = () => {
    if (run.length / 2 > LONGEST_KEPT_COMMENT_RUN) for (const offset of run) blankable.push(offset);
    run = [];
  };

  let brackets = 0;
  /** Set while inside a string: its quote character and whether it is triple-quoted. */
  let quote = '';
  let triple = false;
  let continued = false;
  let i = 0;
  const n = text.length;
  while (i < n) {
    // Start of a physical line.
    const lineStart = i;
    const logicalStart = quote === '' && brackets === 0 && !continued;
    continued = false;
    if (quote === '') {
      let column = 0;
      for (; i < n; i++) {
        const c = text.charCodeAt(i);
        if (c === 32) column++;
        else if (c === 9) column = column - (column % 8) + 8;
        else if (c === 12) column = 0;
        else break;
      }
      const c = text.charCodeAt(i);
      if (c === 35 /* # */) {
        const end = lineEnd(text, i);
        run.push(lineStart, end);
        i = end;
        i = skipLineBreak(text, i);
        continue;
      }
      endRun();
      const blank = i >= n || c === 10 || c === 13;
      if (logicalStart && !blank) {
        while (indents.length > 1 && indents[indents.length - 1] > column) indents.pop();
        if (column > indents[indents.length - 1]) indents.push(column);
        if (indents.length - 1 > indentLevels) indentLevels = indents.length - 1;
      }
    } else {
      endRun();
    }
    // The rest of the line (or of a string that spans lines).
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 10 || c === 13) break;
      if (quote !== '') {
        if (c === 92 /* \ */) {
          // An escaped line break continues the string (and the line); anything else escaped is skipped.
          i++;
          if (i < n && (text.charCodeAt(i) === 10 || text.charCodeAt(i) === 13)) break;
          i++;
          continue;
        }
        if (text[i] === quote) {
          if (!triple) {
            quote = '';
            i++;
            continue;
          }
          if (text[i + 1] === quote && text[i + 2] === quote) {
            quote = '';
            i += 3;
            continue;
          }
        }
        i++;
        continue;
      }
      if (c === 35 /* # */) {
        i = lineEnd(text, i);
        break;
      }
      if (c === 34 || c === 39 /* " ' */) {
        quote = text[i];
        triple = text[i + 1] === quote && text[i + 2] === quote;
        i += triple ? 3 : 1;
        continue;
      }
      if (c === 40 || c === 91 || c === 123) brackets++;
      else if ((c === 41 || c === 93 || c === 125) && brackets > 0) brackets--;
      else if (c === 92 && (i + 1 >= n || text.charCodeAt(i + 1) === 10 || text.charCodeAt(i + 1) === 13)) {
        continued = true;
      }
      i++;
    }
    // A single-quoted string ends at the line break (unterminated: Python's error, tree-sitter recovers).
    if (quote !== '' && !triple && !(i > 0 && text.charCodeAt(i - 1) === 92)) quote = '';
    i = skipLineBreak(text, i);
  }
  endRun();
  return { indentLevels, blankable };
}

function lineEnd(text: string, from: number): number {
  let i = from;
  while (i < text.length && text.charCodeAt(i) !== 10 && text.charCodeAt(i) !== 13) i++;
  return i;
}

function skipLineBreak(text: string, i: number): number {
  if (text.charCodeAt(i) === 13) i++;
  if (text.charCodeAt(i) === 10) i++;
  return i;
}

/** The text with the given [start, end) ranges replaced by spaces: same length, same offsets. */
export function blankRanges(text: string, ranges: readonly number[]): string {
  if (ranges.length === 0) return text;
  const parts: string[] = [];
  let at = 0;
  for (let k = 0; k < ranges.length; k += 2) {
    parts.push(text.slice(at, ranges[k]), ' '.repeat(ranges[k + 1] - ranges[k]));
    at = ranges[k + 1];
  }
  parts.push(text.slice(at));
  return parts.join('');
}
