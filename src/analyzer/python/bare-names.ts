/**
 * Code pasted from a question or an answer often has no import lines
 * (`model = Sequential()`, `model.add(Dense(1, activation='softmax'))`), and a
 * notebook's imports may live in a cell that is not in the file. A name that
 * nothing in the file binds, but that Keras exports, is read as Keras's.
 *
 * The Keras names come from the catalog read from Keras itself
 * (keras/catalog.json): its layer, callback, optimizer, loss and metric classes
 * (a class name that is both a loss and a metric is ambiguous and left alone),
 * its namespaces (`layers.Dense`), and its model API and utilities. Besides
 * them, the framework modules under their conventional names (`tf`, `keras`,
 * `np`, `pd`, `K` for the backend), which snippets use as often without
 * importing them, and the merge functions (`concatenate`, Keras 1's `merge`).
 */
import { catalog } from '../keras/catalog';
import { mergeFunctionNames } from '../keras/merge-functions';
import { canonicalName } from './canonical';

/** Where Keras exports each catalog function that user code calls by name (the others are methods). */
const FUNCTION_HOMES: Readonly<Record<string, string>> = {
  Sequential: 'keras',
  Model: 'keras',
  Input: 'keras',
  to_categorical: 'keras.utils',
  image_dataset_from_directory: 'keras.utils',
  text_dataset_from_directory: 'keras.utils',
  ImageDataGenerator: 'keras.preprocessing',
};

/** Modules snippets use under their conventional names without importing them. */
const CONVENTIONAL_MODULES: Readonly<Record<string, string>> = {
  tf: 'tf',
  keras: 'keras',
  np: 'np',
  pd: 'pd',
  // `from keras import backend as K`, left out of answers that call K.set_image_dim_ordering('th').
  K: 'keras.backend',
};

let table: Map<string, string> | null = null;

/** Bare name → canonical Keras name, built once from the catalog. */
function kerasBareNames(): Map<string, string> {
  if (table) return table;
  const names = new Map<string, string>();
  const ambiguous = new Set<string>();
  const add = (name: string, path: string) => {
    const existing = names.get(name);
    if (existing !== undefined && existing !== path) ambiguous.add(name);
    else names.set(name, path);
  };
  for (const name of Object.keys(catalog.layers)) add(name, `keras.layers.${name}`);
  for (const name of Object.keys(catalog.callbacks)) add(name, `keras.callbacks.${name}`);
  for (const name of Object.keys(catalog.optimizers.classes)) add(name, `keras.optimizers.${name}`);
  for (const name of Object.keys(catalog.losses.classes)) add(name, `keras.losses.${name}`);
  for (const name of Object.keys(catalog.metrics.classes)) add(name, `keras.metrics.${name}`);
  for (const [name, home] of Object.entries(FUNCTION_HOMES))
    if (Object.hasOwn(catalog.functions, name)) add(name, canonicalName(`${home}.${name}`));
  // The lowercase merge functions (`concatenate([a, b])`) and Keras 1's `merge`.
  for (const name of mergeFunctionNames()) add(name, `keras.layers.${name}`);
  for (const namespace of ['layers', 'losses', 'optimizers', 'metrics', 'callbacks', 'activations'])
    if (Object.hasOwn(catalog, namespace)) add(namespace, `keras.${namespace}`);
  for (const name of ambiguous) names.delete(name);
  for (const [name, path] of Object.entries(CONVENTIONAL_MODULES)) names.set(name, path);
  table = names;
  return names;
}

/** The canonical Keras name a bare name stands for, whatever the file (for tests and the dialect). */
export function kerasBareName(name: string): string | null {
  return kerasBareNames().get(name) ?? null;
}

/**
 * The bare names of one file: a Keras name is Keras's unless the file binds
 * it anywhere (an import, a `def`, a `class`, an assignment, a loop or `as`
 * target). The check is textual and errs towards "bound", so a name the file
 * might define is never taken for Keras's.
 */
export class BareNames {
  private readonly bound = new Map<string, boolean>();
  private imported: Set<string> | null = null;
  private assigned: Set<string> | null = null;
  /** Bare names this file used as Keras's (fixes write new layers the same way). */
  readonly used = new Set<string>();

  constructor(private readonly text: string) {}

  resolve(name: string): string | null {
    const path = kerasBareName(name);
    if (path === null || this.binds(name)) return null;
    this.used.add(name);
    return path;
  }

  /** True when the file may bind `name` itself. */
  binds(name: string): boolean {
    let result = this.bound.get(name);
    if (result === undefined) {
      this.assigned ??= assignedNames(this.text);
      result = this.importedNames().has(name) || this.assigned.has(name) || bindsInText(this.text, name);
      this.bound.set(name, result);
    }
    return result;
  }

  private importedNames(): Set<string> {
    if (this.imported) return this.imported;
    const names = new Set<string>();
    // `import a.b as c, d` / `from m import (x as y,\n z)`: the local names each binds.
    const statement = /^[ \t]*(?:from[ \t]+[\w.]+[ \t]+)?import[ \t]+(\([^)]*\)|[^\n]*)/gm;
    for (const m of this.text.matchAll(statement)) {
      for (const item of m[1].replace(/[()\\]/g, ' ').split(',')) {
        const words = item.trim().split(/\s+/);
        const local = words.length >= 3 && words[words.length - 2] === 'as' ? words[words.length - 1] : words[0];
        if (local) names.add(local.split('.')[0]);
      }
    }
    this.imported = names;
    return names;
  }
}

function regexEscape(name: string): string {
  return name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function bindsInText(text: string, name: string): boolean {
  const n = regexEscape(name);
  return new RegExp(
    `\\b(?:def|class)\\s+${n}\\b|\\bas\\s+${n}\\b|\\b${n}\\s*:=|\\bfor\\b[^\\n]*\\b${n}\\b[^\\n]*\\bin\\b`,
  ).test(text);
}

/**
 * Names on the left of an assignment anywhere in the file (`x = …`, `a, b = …`,
 * `x += …`, `x: int = …`): one pass over the text that skips strings and
 * comments and only counts an `=` outside brackets (so `f(units=3)` binds nothing).
 */
function assignedNames(text: string): Set<string> {
  const names = new Set<string>();
  let depth = 0;
  let start = 0;
  let assignAt = -1;
  const end = (at: number) => {
    if (assignAt >= 0) {
      for (const m of text.slice(start, assignAt).matchAll(/(?<![.\w])[A-Za-z_]\w*/g)) names.add(m[0]);
    }
    start = at + 1;
    assignAt = -1;
  };
  // Jump from one character that matters to the next natively (a cold process would crawl a per-character loop).
  const interesting = /[#'"()[\]{};\n=]/g;
  for (let m = interesting.exec(text); m; m = interesting.exec(text)) {
    let i = m.index;
    const c = text[i];
    if (c === '#') {
      const eol = text.indexOf('\n', i);
      i = (eol < 0 ? text.length : eol) - 1;
    } else if (c === '"' || c === "'") {
      i = stringEnd(text, i);
    } else if (c === '(' || c === '[' || c === '{') {
      depth++;
    } else if (c === ')' || c === ']' || c === '}') {
      depth = Math.max(0, depth - 1);
    } else if (depth === 0 && (c === ';' || (c === '\n' && text[i - 1] !== '\\'))) {
      end(i);
    } else if (c === '=' && depth === 0) {
      if (text[i + 1] === '=') i++;
      else if (assignAt < 0 && !'<>!='.includes(text[i - 1])) assignAt = i;
    }
    interesting.lastIndex = i + 1;
  }
  end(text.length);
  return names;
}

/** What ends each kind of string literal (or a line, for a single-quoted one left open), escapes skipped. */
const STRING_ENDS: Record<string, RegExp> = {
  "'": /\\[\s\S]|'|\n/g,
  '"': /\\[\s\S]|"|\n/g,
  "'''": /\\[\s\S]|'''/g,
  '"""': /\\[\s\S]|"""/g,
};

/** Index of the last character of the string literal opening at `i` (triple quotes and escapes included). */
function stringEnd(text: string, i: number): number {
  const quote = text[i];
  const open = text.startsWith(quote.repeat(3), i) ? quote.repeat(3) : quote;
  const ends = STRING_ENDS[open];
  ends.lastIndex = i + open.length;
  for (let m = ends.exec(text); m; m = ends.exec(text)) {
    if (m[0][0] === '\\') continue;
    return m[0] === '\n' ? m.index - 1 : m.index + m[0].length - 1;
  }
  return text.length - 1;
}
