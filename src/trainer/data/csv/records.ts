/**
 * Streaming CSV records: fields split on a delimiter, with RFC 4180 quoting
 * (quoted fields may hold delimiters, doubled quotes and line breaks), `#`
 * comment lines and blank lines skipped. A `null` delimiter splits on runs of
 * whitespace, as np.loadtxt does by default (quotes are not special then).
 *
 * As in Python's csv module and pandas, a quote is special only where a field
 * starts (here: after optional spaces): `12,5" pipe,1` is three fields, not
 * the start of a quoted one that swallows the rest of the file. Lines end at
 * `\n`, `\r\n` or a lone `\r` (old Mac files); the text is UTF-8 or, with a
 * byte-order mark or the NULs that give it away, UTF-16.
 */
import type { Readable } from 'node:stream';
import { TextDecoder } from 'node:util';

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

/**
 * Whether a quoted field is still open at the end of `line`, given whether one
 * was open at its start. The same rule as {@link splitRecord}: a quote opens a
 * field only where the field starts.
 */
function quoteOpenAfter(line: string, delimiter: string, open: boolean): boolean {
  let inQuotes = open;
  let fieldStart = !open;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (inQuotes) {
      if (ch === '"') {
        if (line[i + 1] === '"') i++;
        else inQuotes = false;
      }
    } else if (line.startsWith(delimiter, i)) {
      fieldStart = true;
      i += delimiter.length - 1;
    } else if (ch === '"' && fieldStart) {
      inQuotes = true;
      fieldStart = false;
    } else if (ch !== ' ') {
      fieldStart = false;
    }
  }
  return inQuotes;
}

/** The text encoding the first bytes announce: a byte-order mark, or UTF-16's telltale NULs. */
function encodingOf(head: Buffer): 'utf-8' | 'utf-16le' | 'utf-16be' {
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  if (head.length >= 4 && head[0] !== 0 && head[1] === 0 && head[2] !== 0 && head[3] === 0) return 'utf-16le';
  if (head.length >= 4 && head[0] === 0 && head[1] !== 0 && head[2] === 0 && head[3] !== 0) return 'utf-16be';
  return 'utf-8';
}

/** Physical lines of a byte stream, decoded, ending at `\n`, `\r\n` or a lone `\r`. */
async function* lines(stream: Readable): AsyncGenerator<string> {
  let decoder: TextDecoder | null = null;
  let carry = '';
  for await (const chunk of stream as AsyncIterable<Buffer | string>) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    // The byte-order mark itself is dropped by the decoder.
    decoder ??= new TextDecoder(encodingOf(bytes));
    const text = carry + decoder.decode(bytes, { stream: true });
    const parts = text.split(/\r\n|\n|\r/);
    carry = parts.pop()!;
    // A `\r` at the very end may be the first half of `\r\n`: keep it for the next chunk.
    if (text.endsWith('\r')) carry = `${parts.pop() ?? ''}\r`;
    yield* parts;
  }
  if (decoder) carry += decoder.decode();
  const rest = carry.split(/\r\n|\n|\r/);
  if (rest[rest.length - 1] === '') rest.pop();
  yield* rest;
}

/**
 * Complete record texts from a byte stream, in order; a line break inside
 * quotes continues the record. `delimiterOf` is asked once, with the first
 * line that is not blank or a comment, for the delimiter (quoting depends on
 * it); callers get it for splitting that way too.
 */
export async function* recordTexts(
  stream: Readable,
  delimiterOf: (firstLine: string) => Delimiter = sniffDelimiter,
): AsyncGenerator<string> {
  let delimiter: Delimiter | undefined;
  let pending: string | null = null;
  for await (const line of lines(stream)) {
    if (pending === null && isSkippable(line)) continue;
    if (delimiter === undefined) delimiter = delimiterOf(line);
    const text: string = pending === null ? line : `${pending}\n${line}`;
    if (delimiter !== null && quoteOpenAfter(line, delimiter, pending !== null)) {
      pending = text;
      continue;
    }
    pending = null;
    yield text;
  }
  // An unclosed quote runs to the end of the file: what is there is the last record.
  if (pending !== null) yield pending;
}
