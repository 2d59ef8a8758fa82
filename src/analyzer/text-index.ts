/** Offset ↔ line/column conversion for one text (0-based lines, UTF-16 columns). */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(text: string) {
    // indexOf runs natively: a cold process (the CLI) does not wait for the loop to be optimised.
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }

  line(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  position(offset: number): { line: number; character: number } {
    const line = this.line(offset);
    return { line, character: offset - this.starts[line] };
  }

  offset(line: number, character: number): number {
    return (this.starts[line] ?? this.starts[this.starts.length - 1]) + character;
  }
}

/** Offset where the line holding `offset` starts. */
function lineStartAt(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** The spaces and tabs that indent the line holding `offset`, up to `offset`. */
export function indentAt(text: string, offset: number): string {
  return /^[ \t]*/.exec(text.slice(lineStartAt(text, offset), offset))![0];
}

/** True when only whitespace precedes `offset` on its line. */
export function startsLine(text: string, offset: number): boolean {
  return /^[ \t]*$/.test(text.slice(lineStartAt(text, offset), offset));
}

/**
 * The quote most string literals of a file open with, so strings a fix writes
 * follow the file's style (a quote after `=`, `(`, `[`, `,`, `{`, `:` or
 * whitespace; Python docstrings' `"""` are not counted).
 */
export function dominantQuote(text: string): '"' | "'" {
  const double = (text.match(/(^|[=([,{:\s])"(?!"")/g) ?? []).length;
  const single = (text.match(/(^|[=([,{:\s])'(?!'')/g) ?? []).length;
  return double > single ? '"' : "'";
}
