/**
 * Why a layer's output shape is unknown, in words that say what to build next:
 * the expression a layer was applied to when it was not a tensor the analyzer
 * followed (`call tf.concat`, `operator +`), a layer class it does not model,
 * a model input without a declared shape.
 */

/** Operators a binary expression may have at its top level, longest first so `**` is not read as `*`. */
const OPERATORS = ['**', '//', '==', '!=', '<=', '>=', '@', '+', '-', '*', '/', '%', '<', '>', '&', '|', '^'];

const OPEN = '([{';
const CLOSE = ')]}';

/** Removes balanced outer parentheses: `((a + b))` → `a + b`. */
function stripParens(text: string): string {
  let t = text.trim();
  while (t.startsWith('(') && closingIndex(t, 0) === t.length - 1) t = t.slice(1, -1).trim();
  return t;
}

/** Index of the bracket closing the one at `open`, skipping strings; -1 when unbalanced. */
function closingIndex(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === '"' || c === "'" || c === '`') {
      i = stringEnd(text, i);
      continue;
    }
    if (OPEN.includes(c)) depth++;
    else if (CLOSE.includes(c)) {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

function stringEnd(text: string, start: number): number {
  const quote = text[start];
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === quote) return i;
  }
  return text.length;
}

/** The first binary operator outside brackets and strings (not a leading sign, not in `=`/`->`), or null. */
function topLevelOperator(text: string): string | null {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"' || c === "'" || c === '`') {
      i = stringEnd(text, i);
      continue;
    }
    if (OPEN.includes(c)) depth++;
    else if (CLOSE.includes(c)) depth--;
    else if (depth === 0 && i > 0) {
      // Python keywords `and`/`or`/`if` at the top level make it a boolean or conditional expression.
      const word = /^\s(and|or|if|not in|in|is)\s/.exec(text.slice(i - 1));
      if (word && /\s/.test(text[i - 1])) return word[1] === 'if' ? 'conditional' : word[1];
      for (const op of OPERATORS) {
        if (!text.startsWith(op, i)) continue;
        const before = text[i - 1];
        const after = text[i + op.length];
        // `1e-3`, `x=-1`, `->`, `**kwargs`, `a <= b` read as `<`: skip what is not this operator.
        if ((op === '-' || op === '+') && /[eE]/.test(before) && /\d/.test(text[i - 2] ?? '')) break;
        if (after === '=' && !['==', '!=', '<=', '>='].includes(op)) break;
        if (before === '=' || (op === '-' && after === '>')) break;
        return op;
      }
    }
  }
  return null;
}

/** Names a file binds by importing (`tf`, `layers`, `K`, `Dense`…), and the functions it defines. */
export interface FileNames {
  imported: ReadonlySet<string>;
  defined: ReadonlySet<string>;
}

/**
 * What kind of expression `text` is, as a short label: `call tf.concat` (the
 * dotted callee, when its first name is an import), `method .reshape()` (on a
 * variable), `call f (defined in the file)`, `call of a call result`,
 * `operator +`, `subscript`, `name`, `list`, `attribute`, or `other`.
 */
export function expressionCause(text: string, names: FileNames): string {
  const t = stripParens(text.replace(/\s+/g, ' ').replace(/,\s*$/, ''));
  if (t === '') return 'other';
  const op = topLevelOperator(t);
  if (op) return op === 'conditional' ? 'conditional expression' : `operator ${op}`;
  if (t.startsWith('[') || t.startsWith('(') || t.startsWith('{'))
    return closingIndex(t, 0) === t.length - 1 ? 'list' : 'other';
  const callee = /^(?:await\s+)?([A-Za-z_$][\w$]*(?:\s*\.\s*[A-Za-z_$][\w$]*)*)/.exec(t);
  if (!callee) return 'other';
  const name = callee[1].replace(/\s+/g, '');
  let rest = t.slice(callee[0].length).trim();
  if (rest === '') return name.includes('.') ? 'attribute' : /^[A-Z]/.test(name) ? 'class name' : 'name';
  if (rest.startsWith('(')) {
    const close = closingIndex(rest, 0);
    if (close < 0) return 'other';
    rest = rest.slice(close + 1).trim();
    if (rest === '') {
      const root = name.split('.')[0];
      if (name.includes('.') && !names.imported.has(root)) return `method .${name.split('.').pop()}()`;
      if (!name.includes('.') && names.defined.has(name)) return `call ${name} (defined in the file)`;
      return `call ${name}`;
    }
    if (rest.startsWith('(')) return `call of a call result (${name}(...)(...))`;
    // `x.reshape(...).astype(...)`, `tf.shape(x)[0]`: a method or subscript on a call result.
    if (rest.startsWith('.')) {
      const method = /^\.\s*([A-Za-z_$][\w$]*)\s*\(/.exec(rest);
      return method ? `method .${method[1]}() on a call result` : 'attribute of a call result';
    }
    if (rest.startsWith('[')) return 'subscript';
    return 'other';
  }
  if (rest.startsWith('[')) return 'subscript';
  return 'other';
}

/** The names `text` imports and the functions and classes it defines (Python and JavaScript/TypeScript). */
export function fileNames(text: string): FileNames {
  const imported = new Set<string>();
  const defined = new Set<string>();
  const add = (set: Set<string>, list: string) => {
    for (const part of list.split(',')) {
      const m = /(?:\bas\s+|:\s*)?([A-Za-z_$][\w$]*)\s*$/.exec(part.replace(/[(){}\s\\]+$/g, '').trim());
      if (m) set.add(m[1]);
    }
  };
  for (const m of text.matchAll(/^\s*import\s+([\w.]+)(?:\s+as\s+(\w+))?/gm)) imported.add(m[2] ?? m[1].split('.')[0]);
  for (const m of text.matchAll(/^\s*from\s+[\w.]+\s+import\s+\(?([^)\n]*(?:\n[^)\n]*)*?)\)?\s*$/gm))
    add(imported, m[1]);
  for (const m of text.matchAll(/\bimport\s+\*\s+as\s+([\w$]+)/g)) imported.add(m[1]);
  for (const m of text.matchAll(/\bimport\s+\{([^}]*)\}\s+from/g)) add(imported, m[1].replace(/\bas\b/g, ' as '));
  for (const m of text.matchAll(/\bimport\s+([\w$]+)\s*(?:,|from)/g)) imported.add(m[1]);
  for (const m of text.matchAll(/\b(?:const|let|var)\s+([\w$]+)\s*=\s*(?:await\s+)?(?:require|import)\s*\(/g))
    imported.add(m[1]);
  for (const m of text.matchAll(/\b(?:const|let|var)\s+\{([^}]*)\}\s*=\s*require\s*\(/g)) add(imported, m[1]);
  for (const m of text.matchAll(/^\s*(?:async\s+)?(?:def|class)\s+(\w+)/gm)) defined.add(m[1]);
  for (const m of text.matchAll(/\b(?:function\s*\*?\s*|class\s+)([\w$]+)/g)) defined.add(m[1]);
  for (const m of text.matchAll(/\b(?:const|let|var)\s+([\w$]+)\s*=\s*(?:async\s*)?(?:\([^)]*\)|[\w$]+)\s*=>/g))
    defined.add(m[1]);
  return { imported, defined };
}

const LOOP_OR_BRANCH = 'a layer output joined at a loop or branch';

/** Causes that are certainly tensors when the analyzer follows them: no reason to look further. */
const FOLLOWED =
  /^(call of a call result|call (keras\.|layers\.|tf\.keras\.)?(Input|layers\.Input)$|a layer output joined)/;

/**
 * Like expressionCause, but a bare variable is traced to what was last
 * assigned to it before `offset` (a text search, not scope analysis: good
 * enough to rank causes), and a list to its first item that is not a layer
 * call or an Input. `x = x + inputs` then `Dense(4)(x)` gives `operator +`.
 */
export function tracedCause(text: string, start: number, end: number, names: FileNames, depth = 0): string {
  const expression = text.slice(start, end);
  const cause = expressionCause(expression, names);
  if (depth > 6) return cause;
  if (cause === 'name') {
    const origin = assignmentOf(
      text,
      expression
        .trim()
        .replace(/^\(|\)$/g, '')
        .trim(),
      start,
    );
    if (!origin) return 'name (not assigned before)';
    if (typeof origin === 'string') return origin;
    const traced = tracedCause(text, origin.start, origin.end, names, depth + 1);
    // Assigned a layer's output, yet not a tensor here: the value was joined with another (a loop, a branch).
    return FOLLOWED.test(traced) ? LOOP_OR_BRANCH : traced;
  }
  if (cause === 'list') {
    for (const item of listItems(text, start, end)) {
      const inner = tracedCause(text, item.start, item.end, names, depth + 1);
      if (!FOLLOWED.test(inner)) return `list with ${inner}`;
    }
    return `list with ${LOOP_OR_BRANCH}`;
  }
  return cause;
}

/** Top-level comma-separated items of a bracketed list written in text[start, end). */
function listItems(text: string, start: number, end: number): { start: number; end: number }[] {
  const open = text.slice(start, end).search(/[[(]/);
  if (open < 0) return [];
  const items: { start: number; end: number }[] = [];
  let depth = 0;
  let from = start + open + 1;
  for (let i = start + open; i < end; i++) {
    const c = text[i];
    if (c === '"' || c === "'" || c === '`') i = stringEnd(text, i);
    else if (OPEN.includes(c)) depth++;
    else if (CLOSE.includes(c)) {
      depth--;
      if (depth === 0) {
        if (text.slice(from, i).trim()) items.push({ start: from, end: i });
        break;
      }
    } else if (c === ',' && depth === 1) {
      items.push({ start: from, end: i });
      from = i + 1;
    }
  }
  return items;
}

/**
 * The expression last assigned to `name` before `offset`, or a label when it
 * was bound another way (loop variable, parameter, augmented assignment,
 * tuple unpacking), or null when nothing binds it.
 */
function assignmentOf(text: string, name: string, offset: number): { start: number; end: number } | string | null {
  if (!/^[A-Za-z_$][\w$]*$/.test(name)) return null;
  const before = text.slice(0, offset);
  const id = name.replace(/\$/g, '\\$');
  const patterns: [RegExp, (m: RegExpExecArray) => { start: number; end: number } | string][] = [
    [
      new RegExp(`^[ \\t]*(?:(?:const|let|var)\\s+)?${id}\\s*(?::[^=\\n]+)?=(?!=)[ \\t]*`, 'gm'),
      (m) => ({ start: m.index + m[0].length, end: expressionEnd(text, m.index + m[0].length) }),
    ],
    [new RegExp(`^[ \\t]*${id}\\s*(\\*\\*|//|[-+*/@%])=`, 'gm'), (m) => `operator ${m[1]}`],
    [
      new RegExp(
        `^[ \\t]*(?:(?:const|let|var)\\s+)?[\\[(]?[\\w$\\s,]*\\b${id}\\b[\\w$\\s,]*[\\])]?\\s*=(?!=)[ \\t]*`,
        'gm',
      ),
      (m) =>
        `tuple unpacking of ${expressionCause(text.slice(m.index + m[0].length, expressionEnd(text, m.index + m[0].length)), EMPTY_NAMES)}`,
    ],
    [new RegExp(`\\bfor\\s+[\\w\\s,()]*\\b${id}\\b[\\w\\s,()]*\\s+in\\b`, 'g'), () => 'loop variable'],
    [new RegExp(`\\bdef\\s+\\w+\\s*\\([^)]*\\b${id}\\b`, 'g'), () => 'function parameter'],
    [new RegExp(`\\bas\\s+${id}\\s*:`, 'g'), () => 'with target'],
  ];
  let best: { at: number; result: { start: number; end: number } | string } | null = null;
  for (const [pattern, make] of patterns) {
    let last: RegExpExecArray | null = null;
    // The statement that uses the name (`x = Dense(4)(x)`) is not where its value came from.
    for (let m = pattern.exec(before); m; m = pattern.exec(before))
      if (expressionEnd(text, m.index + m[0].length) <= offset) last = m;
    if (last && (!best || last.index > best.at)) best = { at: last.index, result: make(last) };
  }
  return best?.result ?? null;
}

const EMPTY_NAMES: FileNames = { imported: new Set(), defined: new Set() };

/** Where an expression starting at `start` ends: the end of its line, brackets and strings balanced. */
function expressionEnd(text: string, start: number): number {
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (c === '"' || c === "'" || c === '`') i = stringEnd(text, i);
    else if (OPEN.includes(c)) depth++;
    else if (CLOSE.includes(c)) depth--;
    else if ((c === '\n' || c === ';' || c === '#') && depth <= 0) {
      if (c === '#') return text.slice(start, i).trimEnd().length + start;
      return i;
    }
  }
  return text.length;
}

const MERGE_FUNCTION =
  /^call (?:(?:tf\.)?keras\.)?(?:layers\.)?(?:merge\.)?(?:add|concatenate|multiply|average|maximum|minimum|subtract|dot)$/;
const TENSOR_OP = /^call (?:tf|K|ops|keras\.ops|keras\.backend|backend|np|numpy|tfjs)\./;
/** An operation node's cause (`operation not modelled: tf.nn.moments`, `tf.reshape: argument shape not resolved`). */
const TENSOR_OP_NODE = /^(?:operation not modelled: |(?:tf|keras)\.[\w.]+: )/;
const THIRD_PARTY = /\b(?:keras_cv|keras_nlp|keras_hub|tfp|tfa|hub)\./;

/**
 * The issue-11 construct a cause belongs to, so the ranking says what to build
 * next. `isBackbone` tells keras.applications classes from other class names.
 */
export function causeFamily(cause: string, isBackbone: (className: string) => boolean): string {
  const what = cause.replace(/^not a tensor: (?:list with )?/, '');
  if (/^Sequential without|^subclassed model|^model used as a layer/.test(what)) return 'a model used as a layer';
  if (what.startsWith('operator ')) return 'tensor arithmetic';
  if (MERGE_FUNCTION.test(what)) return 'merge functions';
  if (THIRD_PARTY.test(what)) return 'third-party layers (keras_cv, keras_nlp, tfp, tfa, hub)';
  if (TENSOR_OP.test(what) || TENSOR_OP_NODE.test(what)) return 'TensorFlow / keras.ops / backend ops';
  const unmodelled = /^layer class not modelled: (\w+)$/.exec(what);
  if (unmodelled) return isBackbone(unmodelled[1]) ? 'keras.applications backbones' : 'Keras layers not modelled';
  if (what === 'layer class defined in the file' || what.startsWith('call of a call result'))
    return 'layer classes defined in the file';
  if (/^model input|argument .* not resolved|arguments from/.test(what))
    return 'values not resolved (data, parameters)';
  if (
    /^(?:function parameter|call \w+ \(defined in the file\)|method \.|tuple unpacking|loop variable|call \w+$)/.test(
      what,
    )
  )
    return 'values through functions, methods and unpacking';
  if (what === LOOP_OR_BRANCH) return 'layer outputs joined at loops and branches';
  if (what === 'subscript') return 'subscripts of tensors';
  return 'other';
}
