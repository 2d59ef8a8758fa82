/**
 * Streaming CSV records: fields split on a delimiter, with RFC 4180 quoting
 * (quoted fields may hold delimiters, doubled quotes and line breaks), `#`
 * comment lines and blank lines skipped. A `null` delimiter splits on runs of
 * whitespace, as np.loadtxt does by default.
 */
import type { Readable } from 'node:stream';

export type Delimiter = string | null;

/** Picks the delimiter from the first data line: comma, tab, semicolon, else whitespace. */
export function sniffDelimiter(line: string): Delimiter {
  for (const d of [',', '\t', ';', '|']) if (line.includes(d)) return d;
  return null;
}

function isSkippable(line: string): boolean {
  const trimmed = line.trim();
  return trimmed === '' || trimmed.startsWith('#');
}

/** Splits one complete record (quotes balanced) into fields. */
export function splitRecord(text: string, delimiter: Delimiter): string[] {
  if (delimiter === null) return text.trim().split(/\s+/);
  if (!text.includes('"')) return text.split(delimiter).map((f) => f.trim());
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += ch;
    } else if (ch === '"' && field.trim() === '') {
      quoted = true;
      field = '';
    } else if (text.startsWith(delimiter, i)) {
      fields.push(field.trim());
      field = '';
      i += delimiter.length - 1;
    } else field += ch;
  }
  fields.push(field.trim());
  return fields;
}

function quotesOpen(text: string): boolean {
  let open = false;
  for (let i = 0; i < text.length; i++) if (text[i] === '"') open = !open;
  return open;
}

/**
 * Complete record texts from a byte stream, in order; a line break inside
 * quotes continues the record. Yields raw text so callers can sniff the
 * delimiter before splitting.
 */
export async function* recordTexts(stream: Readable): AsyncGenerator<string> {
  let carry = '';
  let pending = '';
  stream.setEncoding('utf8');
  const finish = function* (line: string): Generator<string> {
    const text = pending ? `${pending}\n${line}` : line;
    if (quotesOpen(text)) {
      pending = text;
      return;
    }
    pending = '';
    if (!isSkippable(text)) yield text.replace(/\r$/, '');
  };
  for await (const chunk of stream as AsyncIterable<string>) {
    const lines = (carry + chunk).split('\n');
    carry = lines.pop()!;
    for (const line of lines) yield* finish(line);
  }
  yield* finish(carry);
  if (pending && !isSkippable(pending)) yield pending;
}
