/**
 * A small abstract interpreter for Python: it runs the module body over
 * abstract values (constants, imports, user functions and classes, Keras
 * objects) without executing anything. Where it cannot know a value it says
 * `unknown`, and rules stay silent on unknowns.
 *
 * Framework semantics (what Dense(...) or model.fit(...) means) live in
 * keras-calls.ts; this file only knows Python.
 */
import type { ModelIR, Span, Value } from '../ir';
import { UNKNOWN } from '../ir';
import { tooManyItems } from '../value-limits';
import type { ModelBuilder } from '../model-builder';
import { bindCallSite, type EvaluatedArg, type EvaluatedArgs } from './call-site';
import { canonicalName } from './canonical';
import { BUILTINS, callBuiltin } from './builtins';
import { KerasSemantics } from './keras-calls';
import { binaryOperation, compare, operatorOf, unescapePython, withOrigin } from './operators';
import { childByField, namedChildren, type SyntaxNode } from './parser';
import {
  asClass,
  asFunction,
  fn,
  join,
  num,
  opaque,
  opaqueData,
  Scope,
  seq,
  str,
  truthy,
  type ClassData,
  type FunctionData,
  type InstanceData,
  type MethodData,
} from './values';

type Signal = 'normal' | 'return' | 'break' | 'continue';

interface Frame {
  scope: Scope;
  returns: Value[];
  /** The function being run, for recursion checks. */
  fn: FunctionData | null;
}

/** Binding of a module-level name created by an import, for fixes that add imports. */
export interface ImportBinding {
  statement: SyntaxNode;
  /** `from X import ...`: X as written; `import X`: null. */
  fromModule: string | null;
  canonical: string;
}

const MAX_CALL_DEPTH = 8;
const MAX_EXPR_DEPTH = 200;
const MAX_UNROLL = 256;

export class PythonInterpreter {
  readonly module = new Scope(null, 'module');
  readonly imports = new Map<string, ImportBinding>();
  private readonly starImports: string[] = [];
  private readonly frames: Frame[] = [];
  private conditionalDepth = 0;
  private exprDepth = 0;
  private steps = 0;
  private readonly budget: number;
  private readonly called = new Set<SyntaxNode>();
  private readonly definedFunctions: FunctionData[] = [];
  private readonly definedClasses: ClassData[] = [];
  private readonly instantiated = new Set<ClassData>();
  /** One instance per class, for running methods nobody called. */
  private readonly instances = new Map<ClassData, Value>();
  /** The statement being run (fixes that insert `model.add(...)` lines need it). */
  currentStatement: SyntaxNode | null = null;
  readonly keras: KerasSemantics;

  constructor(
    readonly source: string,
    readonly builder: ModelBuilder,
  ) {
    // Inlining helper functions at every call can multiply work; the budget
    // keeps pathological files linear (about 20 steps per syntax node, a node
    // per 4 characters). Past it, calls and loops go unknown.
    this.budget = Math.max(200_000, source.length * 5);
    this.keras = new KerasSemantics(this);
    this.module.vars.set('__name__', str('__main__'));
  }

  get conditional(): boolean {
    return this.conditionalDepth > 0;
  }

  text(node: SyntaxNode | Span): string {
    return this.source.slice(node.start, node.end);
  }

  /** Runs the module's top-level statements (streamed: each may be copied only when reached). */
  run(statements: Iterable<SyntaxNode>): void {
    this.frames.push({ scope: this.module, returns: [], fn: null });
    this.execBlock(statements);
    // Helpers nobody calls in this file (a module of model builders, say) still
    // deserve findings: run them once with unknown arguments.
    for (const cls of this.definedClasses) {
      if (!this.instantiated.has(cls) && !cls.kerasLayer) this.instantiate(cls, emptyArgs(), cls.node);
    }
    for (const f of this.definedFunctions) {
      if (!this.called.has(f.node)) this.callFunction(f, emptyArgs(), null, f.node);
    }
    // Methods of helper classes (an Experiment with a build() method) nobody called.
    for (const cls of this.definedClasses) {
      if (cls.kerasModel || cls.kerasLayer) continue;
      const self = this.instances.get(cls);
      for (const value of cls.scope.vars.values()) {
        const method = asFunction(value);
        if (method && self && !this.called.has(method.node)) this.callFunction(method, emptyArgs(), self, method.node);
      }
    }
    this.frames.pop();
  }

  private get frame(): Frame {
    return this.frames[this.frames.length - 1];
  }

  private tick(): boolean {
    return ++this.steps <= this.budget;
  }

  // ---------------------------------------------------------------- statements

  private execBlock(statements: Iterable<SyntaxNode>): Signal {
    for (const stmt of statements) {
      if (!stmt.named) continue;
      const signal = this.exec(stmt);
      if (signal !== 'normal') return signal;
    }
    return 'normal';
  }

  private exec(node: SyntaxNode): Signal {
    this.tick();
    const previous = this.currentStatement;
    this.currentStatement = node;
    try {
      return this.execInner(node);
    } finally {
      this.currentStatement = previous;
    }
  }

  private execInner(node: SyntaxNode): Signal {
    switch (node.type) {
      case 'expression_statement':
        for (const child of namedChildren(node)) this.evalStatementExpression(child);
        return 'normal';
      case 'import_statement':
        this.execImport(node);
        return 'normal';
      case 'import_from_statement':
        this.execImportFrom(node);
        return 'normal';
      case 'function_definition':
        this.defineFunction(node);
        return 'normal';
      case 'class_definition':
        this.defineClass(node);
        return 'normal';
      case 'decorated_definition': {
        const def = childByField(node, 'definition');
        if (def) return this.exec(def);
        return 'normal';
      }
      case 'if_statement':
        return this.execIf(node);
      case 'for_statement':
        return this.execFor(node);
      case 'while_statement': {
        const body = childByField(node, 'body');
        if (body) this.underCondition(() => this.execBlock(body.children));
        return 'normal';
      }
      case 'try_statement':
        return this.execTry(node);
      case 'with_statement':
        return this.execWith(node);
      case 'return_statement': {
        const value = namedChildren(node)[0];
        this.frame.returns.push(value ? this.eval(value) : { kind: 'none' });
        return 'return';
      }
      case 'break_statement':
        return 'break';
      case 'continue_statement':
        return 'continue';
      case 'global_statement':
        for (const id of namedChildren(node)) this.frame.scope.globals.add(this.text(id));
        return 'normal';
      case 'match_statement': {
        const body = childByField(node, 'body') ?? node;
        for (const clause of namedChildren(body)) {
          const block = childByField(clause, 'consequence') ?? namedChildren(clause).find((c) => c.type === 'block');
          if (block) this.underCondition(() => this.execBlock(block.children));
        }
        return 'normal';
      }
      case 'block':
      case 'module':
        return this.execBlock(node.children);
      case 'ERROR':
        // Half-typed code: run whatever complete statements the parser recovered inside.
        for (const child of node.children) {
          if (child.named && child.type !== 'ERROR' && /statement|definition/.test(child.type)) this.exec(child);
          else if (child.type === 'call' || child.type === 'assignment') this.evalStatementExpression(child);
        }
        return 'normal';
      default:
        return 'normal';
    }
  }

  private evalStatementExpression(node: SyntaxNode): void {
    if (node.type === 'assignment') this.execAssignment(node);
    else if (node.type === 'augmented_assignment') this.execAugmented(node);
    else this.eval(node);
  }

  /** Runs `body` as code that may or may not execute. */
  private underCondition<T>(body: () => T): T {
    this.conditionalDepth++;
    try {
      return body();
    } finally {
      this.conditionalDepth--;
    }
  }

  private execIf(node: SyntaxNode): Signal {
    // Collect (condition, block) arms; else is an arm without condition.
    const arms: { cond: SyntaxNode | null; body: SyntaxNode | undefined }[] = [
      { cond: childByField(node, 'condition') ?? null, body: childByField(node, 'consequence') },
    ];
    for (const child of node.children) {
      if (child.type === 'elif_clause') {
        arms.push({ cond: childByField(child, 'condition') ?? null, body: childByField(child, 'consequence') });
      } else if (child.type === 'else_clause') {
        arms.push({ cond: null, body: childByField(child, 'body') });
      }
    }
    const hasElse = arms[arms.length - 1].cond === null;
    // Decide arms in order while conditions are known.
    let i = 0;
    for (; i < arms.length; i++) {
      const arm = arms[i];
      if (!arm.cond) return arm.body ? this.execBlock(arm.body.children) : 'normal';
      const t = truthy(this.eval(arm.cond));
      if (t === true) return arm.body ? this.execBlock(arm.body.children) : 'normal';
      if (t === null) break;
    }
    if (i >= arms.length) return 'normal';
    // From arm i on, we cannot tell which arm runs: run each on a copy of the
    // local variables and keep only what all of them agree on.
    const scope = this.frame.scope;
    const before = new Map(scope.vars);
    const outcomes: Map<string, Value>[] = [];
    const signals: Signal[] = [];
    this.underCondition(() => {
      for (let j = i; j < arms.length; j++) {
        scope.vars.clear();
        for (const [k, v] of before) scope.vars.set(k, v);
        const body = arms[j].body;
        signals.push(body ? this.execBlock(body.children) : 'normal');
        outcomes.push(new Map(scope.vars));
      }
    });
    if (!hasElse) {
      outcomes.push(before);
      signals.push('normal');
    }
    scope.vars.clear();
    const names = new Set<string>();
    for (const o of outcomes) for (const k of o.keys()) names.add(k);
    for (const name of names) {
      scope.vars.set(name, join(outcomes.map((o) => o.get(name) ?? UNKNOWN)));
    }
    return signals.every((s) => s === 'return') ? 'return' : 'normal';
  }

  private execFor(node: SyntaxNode): Signal {
    const left = childByField(node, 'left');
    const right = childByField(node, 'right');
    const body = childByField(node, 'body');
    if (!left || !right || !body) return 'normal';
    const iterable = this.iterate(this.eval(right));
    if (iterable && iterable.length <= MAX_UNROLL && this.steps < this.budget) {
      for (const item of iterable) {
        this.assign(left, item);
        const signal = this.execBlock(body.children);
        if (signal === 'break') break;
        if (signal === 'return') return 'return';
      }
      return 'normal';
    }
    this.assign(left, UNKNOWN);
    this.underCondition(() => this.execBlock(body.children));
    return 'normal';
  }

  private execTry(node: SyntaxNode): Signal {
    const body = childByField(node, 'body');
    let signal: Signal = body ? this.execBlock(body.children) : 'normal';
    for (const child of node.children) {
      if (child.type === 'else_clause' && signal === 'normal') {
        const b = childByField(child, 'body');
        if (b) signal = this.execBlock(b.children);
      }
      if (child.type === 'finally_clause') {
        const b = namedChildren(child).find((c) => c.type === 'block');
        if (b) this.execBlock(b.children);
      }
      // except clauses are error paths: not run.
    }
    return signal;
  }

  private execWith(node: SyntaxNode): Signal {
    const clause = namedChildren(node).find((c) => c.type === 'with_clause');
    for (const item of clause ? namedChildren(clause) : []) {
      const value = childByField(item, 'value') ?? namedChildren(item)[0];
      if (!value) continue;
      if (value.type === 'as_pattern') {
        const [expr, target] = namedChildren(value);
        const v = expr ? this.eval(expr) : UNKNOWN;
        const alias = target && (target.type === 'as_pattern_target' ? namedChildren(target)[0] : target);
        // Data files (np.load) are their own context managers; anything else is unknown.
        if (alias) this.assign(alias, opaqueData(v, 'npz-file') ? v : UNKNOWN);
      } else {
        this.eval(value);
      }
    }
    const body = childByField(node, 'body');
    return body ? this.execBlock(body.children) : 'normal';
  }

  // ------------------------------------------------------------------ imports

  private bindImport(local: string, canonical: string, statement: SyntaxNode, fromModule: string | null): void {
    this.frame.scope.vars.set(local, { kind: 'ref', path: canonical });
    if (this.frame.scope === this.module) this.imports.set(local, { statement, fromModule, canonical });
  }

  private execImport(node: SyntaxNode): void {
    for (const child of namedChildren(node)) {
      if (child.type === 'dotted_name') {
        // `import a.b.c` binds `a`.
        const first = this.text(child).split('.')[0];
        this.bindImport(first, canonicalName(first), node, null);
      } else if (child.type === 'aliased_import') {
        const name = childByField(child, 'name');
        const alias = childByField(child, 'alias');
        if (name && alias) this.bindImport(this.text(alias), canonicalName(this.text(name)), node, null);
      }
    }
  }

  private execImportFrom(node: SyntaxNode): void {
    const moduleNode = childByField(node, 'module_name');
    if (!moduleNode) return;
    const moduleText = this.text(moduleNode);
    const relative = moduleNode.type === 'relative_import';
    for (const child of namedChildren(node)) {
      if (child === moduleNode) continue;
      if (child.type === 'wildcard_import') {
        if (!relative) this.starImports.push(canonicalName(moduleText));
        continue;
      }
      let name: SyntaxNode | undefined = child;
      let alias: SyntaxNode | undefined = child;
      if (child.type === 'aliased_import') {
        name = childByField(child, 'name');
        alias = childByField(child, 'alias');
      } else if (child.type !== 'dotted_name') {
        continue;
      }
      if (!name || !alias) continue;
      const local = this.text(alias);
      if (relative)
        this.frame.scope.vars.set(local, UNKNOWN); // another file of the user's: not visible here
      else this.bindImport(local, canonicalName(`${moduleText}.${this.text(name)}`), node, moduleText);
    }
  }

  // ------------------------------------------------------- functions, classes

  private defineFunction(node: SyntaxNode): FunctionData | null {
    const nameNode = childByField(node, 'name');
    if (!nameNode) return null;
    const data: FunctionData = { node, name: this.text(nameNode), closure: this.frame.scope };
    this.frame.scope.vars.set(data.name, fn(data));
    if (this.frame.scope === this.module) this.definedFunctions.push(data);
    return data;
  }

  private defineClass(node: SyntaxNode): void {
    const nameNode = childByField(node, 'name');
    if (!nameNode) return;
    const superclasses = childByField(node, 'superclasses');
    const bases = superclasses
      ? namedChildren(superclasses)
          .filter((c) => c.type !== 'keyword_argument')
          .map((b) => this.eval(b))
      : [];
    const isKeras = (path: string, names: string[]) => names.includes(canonicalName(path));
    const data: ClassData = {
      node,
      name: this.text(nameNode),
      scope: new Scope(this.frame.scope, 'class'),
      bases,
      kerasModel: bases.some(
        (b) =>
          (b.kind === 'ref' && isKeras(b.path, ['keras.Model', 'keras.Sequential'])) || asClass(b)?.kerasModel === true,
      ),
      kerasLayer: bases.some(
        (b) => (b.kind === 'ref' && isKeras(b.path, ['keras.layers.Layer'])) || asClass(b)?.kerasLayer === true,
      ),
    };
    this.frame.scope.vars.set(data.name, { kind: 'callable', name: data.name, internal: data });
    const body = childByField(node, 'body');
    if (body) {
      this.frames.push({ scope: data.scope, returns: [], fn: null });
      for (const stmt of body.children) {
        if (!stmt.named) continue;
        const def = stmt.type === 'decorated_definition' ? childByField(stmt, 'definition') : stmt;
        if (def?.type === 'function_definition') {
          const f = this.defineFunction(def);
          if (f) {
            f.owner = data;
            f.closure = this.frames[this.frames.length - 2].scope;
          }
        } else {
          this.exec(stmt);
        }
      }
      this.frames.pop();
    }
    if (this.frame.scope === this.module) this.definedClasses.push(data);
  }

  /** Looks a method up on a class and its user-defined bases. */
  findMethod(cls: ClassData, name: string, seen = new Set<ClassData>()): FunctionData | null {
    if (seen.has(cls)) return null;
    seen.add(cls);
    const own = cls.scope.vars.get(name);
    const f = own ? asFunction(own) : null;
    if (f) return f;
    for (const base of cls.bases) {
      const b = asClass(base);
      const found = b ? this.findMethod(b, name, seen) : null;
      if (found) return found;
    }
    return null;
  }

  private instantiate(cls: ClassData, args: EvaluatedArgs, call: SyntaxNode): Value {
    this.instantiated.add(cls);
    const instance: InstanceData = { cls, attrs: new Map() };
    const self = opaque('instance', instance);
    if (!this.instances.has(cls)) this.instances.set(cls, self);
    if (cls.kerasModel) {
      const nameNode = childByField(cls.node, 'name') ?? cls.node;
      instance.model = this.builder.newModel('subclassed', cls.name, { start: nameNode.start, end: nameNode.end });
      this.keras.nameModel(instance.model, cls.name, 3);
    }
    const init = this.findMethod(cls, '__init__');
    if (init) this.callFunction(init, args, self, call);
    if (instance.model) {
      const callMethod = this.findMethod(cls, 'call');
      if (callMethod) this.keras.traceSubclassedCall(instance.model, callMethod, self);
      else instance.model.complete = false;
    }
    return self;
  }

  /** Inlines a user function: binds parameters, runs the body, returns the join of its returns. */
  callFunction(f: FunctionData, args: EvaluatedArgs, self: Value | null, callNode: SyntaxNode): Value {
    this.called.add(f.node);
    if (this.frames.length > MAX_CALL_DEPTH || this.frames.some((fr) => fr.fn === f) || this.steps > this.budget) {
      return UNKNOWN;
    }
    const scope = new Scope(f.closure, 'function');
    this.bindParameters(f, scope, args, self);
    if (f.node.type === 'lambda') {
      const body = childByField(f.node, 'body');
      this.frames.push({ scope, returns: [], fn: f });
      try {
        return body ? this.eval(body) : UNKNOWN;
      } finally {
        this.frames.pop();
      }
    }
    const frame: Frame = { scope, returns: [], fn: f };
    this.frames.push(frame);
    let signal: Signal = 'normal';
    try {
      const body = childByField(f.node, 'body');
      if (body) signal = this.execBlock(body.children);
    } finally {
      this.frames.pop();
    }
    void callNode;
    if (signal !== 'return') frame.returns.push({ kind: 'none' });
    return join(frame.returns);
  }

  private bindParameters(f: FunctionData, scope: Scope, args: EvaluatedArgs, self: Value | null): void {
    const params = childByField(f.node, 'parameters');
    const positional = [...args.positional.map((a) => a.value)];
    if (self) positional.unshift(self);
    let index = 0;
    for (const p of params ? namedChildren(params) : []) {
      let name: string | null = null;
      let fallback: SyntaxNode | undefined;
      switch (p.type) {
        case 'identifier':
          name = this.text(p);
          break;
        case 'typed_parameter':
          name = this.text(namedChildren(p)[0]);
          break;
        case 'default_parameter':
        case 'typed_default_parameter':
          name = this.text(childByField(p, 'name') ?? p);
          fallback = childByField(p, 'value');
          break;
        case 'list_splat_pattern':
        case 'dictionary_splat_pattern': {
          const id = namedChildren(p)[0];
          if (id) scope.vars.set(this.text(id), UNKNOWN);
          continue;
        }
        default:
          continue;
      }
      if (!name) continue;
      let value: Value | undefined;
      if (index < positional.length) value = positional[index];
      else if (args.keyword.has(name)) value = args.keyword.get(name)!.value;
      else if (args.opaqueSplat) value = UNKNOWN;
      else if (fallback) value = this.evalIn(f.closure, fallback);
      else value = UNKNOWN;
      index++;
      scope.vars.set(name, value);
    }
  }

  private evalIn(scope: Scope, node: SyntaxNode): Value {
    this.frames.push({ scope, returns: [], fn: null });
    try {
      return this.eval(node);
    } finally {
      this.frames.pop();
    }
  }

  // --------------------------------------------------------------- assignment

  private execAssignment(node: SyntaxNode): Value {
    const left = childByField(node, 'left');
    const right = childByField(node, 'right');
    let value: Value = UNKNOWN;
    if (right) value = right.type === 'assignment' ? this.execAssignment(right) : this.eval(right);
    if (left) this.assign(left, value);
    return value;
  }

  private execAugmented(node: SyntaxNode): void {
    const left = childByField(node, 'left');
    const right = childByField(node, 'right');
    const op = operatorOf(node);
    if (!left || !right || !op) return;
    const current = this.eval(left);
    const value = this.binary(this.text(op).replace('=', ''), current, this.eval(right));
    // `items += [...]` extends the list object in place.
    if (current.kind === 'sequence' && !current.tuple && value.kind === 'sequence') {
      current.items.splice(0, current.items.length, ...value.items);
      return;
    }
    this.assign(left, value);
  }

  assign(target: SyntaxNode, value: Value): void {
    switch (target.type) {
      case 'identifier': {
        const name = this.text(target);
        const scope = this.frame.scope.globals.has(name) ? this.module : this.frame.scope;
        scope.vars.set(name, value);
        this.keras.noticeAssignment(name, value, scope === this.module);
        return;
      }
      case 'pattern_list':
      case 'tuple_pattern':
      case 'list_pattern':
      case 'expression_list':
      case 'tuple':
      case 'list': {
        const targets = namedChildren(target);
        const items = this.iterate(value);
        const star = targets.findIndex((t) => t.type === 'list_splat_pattern');
        targets.forEach((t, i) => {
          if (t.type === 'list_splat_pattern') {
            const id = namedChildren(t)[0];
            if (id) this.assign(id, UNKNOWN);
            return;
          }
          let item: Value = UNKNOWN;
          if (items && star < 0 && items.length === targets.length) item = items[i];
          this.assign(t, item);
        });
        return;
      }
      case 'parenthesized_expression': {
        const inner = namedChildren(target)[0];
        if (inner) this.assign(inner, value);
        return;
      }
      case 'attribute': {
        const object = childByField(target, 'object');
        const attr = childByField(target, 'attribute');
        if (!object || !attr) return;
        const owner = this.eval(object);
        const instance = opaqueData<InstanceData>(owner, 'instance');
        if (instance) instance.attrs.set(this.text(attr), value);
        return;
      }
      case 'subscript': {
        const object = childByField(target, 'value');
        const index = childByField(target, 'subscript');
        if (!object || !index) return;
        const owner = this.eval(object);
        const key = this.eval(index);
        if (owner.kind === 'dict' && key.kind === 'string') owner.entries.set(key.value, value);
        else if (owner.kind === 'dict') owner.entries.clear(); // unknown key: forget what we knew
        return;
      }
      default:
        return;
    }
  }

  // -------------------------------------------------------------- expressions

  eval(node: SyntaxNode): Value {
    if (this.exprDepth > MAX_EXPR_DEPTH) return UNKNOWN;
    this.exprDepth++;
    this.tick();
    try {
      return this.evalInner(node);
    } finally {
      this.exprDepth--;
    }
  }

  private evalInner(node: SyntaxNode): Value {
    switch (node.type) {
      case 'integer':
        return withOrigin(this.parseInteger(this.text(node)), node);
      case 'float': {
        const t = this.text(node).replace(/_/g, '');
        return /[jJ]$/.test(t) ? UNKNOWN : withOrigin(num(parseFloat(t)), node);
      }
      case 'true':
        return { kind: 'bool', value: true };
      case 'false':
        return { kind: 'bool', value: false };
      case 'none':
        return { kind: 'none' };
      case 'string':
        return withOrigin(this.parseString(node), node);
      case 'concatenated_string': {
        let out = '';
        for (const part of namedChildren(node)) {
          const v = this.parseString(part);
          if (v.kind !== 'string') return UNKNOWN;
          out += v.value;
        }
        return str(out);
      }
      case 'identifier':
        return this.lookup(this.text(node));
      case 'attribute':
        return this.evalAttribute(node);
      case 'call':
        return this.evalCall(node);
      case 'parenthesized_expression': {
        const inner = namedChildren(node)[0];
        return inner ? this.eval(inner) : UNKNOWN;
      }
      case 'tuple':
      case 'expression_list':
        return this.evalSequence(node, true);
      case 'list':
        return this.evalSequence(node, false);
      case 'set':
        namedChildren(node).forEach((c) => this.eval(c));
        return UNKNOWN;
      case 'dictionary':
        return this.evalDict(node);
      case 'binary_operator': {
        const left = childByField(node, 'left');
        const right = childByField(node, 'right');
        const op = operatorOf(node);
        if (!left || !right || !op) return UNKNOWN;
        return this.binary(this.text(op), this.eval(left), this.eval(right));
      }
      case 'unary_operator': {
        const arg = childByField(node, 'argument');
        const op = operatorOf(node);
        const v = arg ? this.eval(arg) : UNKNOWN;
        if (v.kind !== 'number' || !op) return UNKNOWN;
        const o = this.text(op);
        return o === '-' ? withOrigin(num(-v.value), node) : o === '+' ? v : o === '~' ? num(~v.value) : UNKNOWN;
      }
      case 'not_operator': {
        const arg = childByField(node, 'argument');
        const t = arg ? truthy(this.eval(arg)) : null;
        return t === null ? UNKNOWN : { kind: 'bool', value: !t };
      }
      case 'boolean_operator':
        return this.evalBoolean(node);
      case 'comparison_operator':
        return this.evalComparison(node);
      case 'conditional_expression': {
        const [a, cond, b] = namedChildren(node);
        if (!a || !cond || !b) return UNKNOWN;
        const t = truthy(this.eval(cond));
        if (t === true) return this.eval(a);
        if (t === false) return this.eval(b);
        return this.underCondition(() => join([this.eval(a), this.eval(b)]));
      }
      case 'subscript':
        return this.evalSubscript(node);
      case 'lambda':
        return fn({ node, name: '<lambda>', closure: this.frame.scope });
      case 'list_comprehension':
      case 'generator_expression':
        return this.evalComprehension(node);
      case 'dictionary_comprehension':
      case 'set_comprehension':
        return UNKNOWN;
      case 'named_expression': {
        const name = childByField(node, 'name');
        const value = childByField(node, 'value');
        const v = value ? this.eval(value) : UNKNOWN;
        if (name) this.assign(name, v);
        return v;
      }
      case 'await': {
        const inner = namedChildren(node)[0];
        return inner ? this.eval(inner) : UNKNOWN;
      }
      case 'assignment':
        return this.execAssignment(node);
      default:
        return UNKNOWN;
    }
  }

  private parseInteger(text: string): Value {
    const t = text.replace(/_/g, '').toLowerCase();
    if (/[jl]$/.test(t)) return UNKNOWN;
    let v: number;
    if (t.startsWith('0x')) v = parseInt(t.slice(2), 16);
    else if (t.startsWith('0o')) v = parseInt(t.slice(2), 8);
    else if (t.startsWith('0b')) v = parseInt(t.slice(2), 2);
    else v = Number(t);
    return Number.isFinite(v) ? { kind: 'number', value: v, isInt: true } : UNKNOWN;
  }

  /** A string literal's value; f-strings and byte strings are unknown strings. */
  private parseString(node: SyntaxNode): Value {
    if (node.type !== 'string') return UNKNOWN;
    const start = node.children.find((c) => c.type === 'string_start');
    const prefix = start ? this.text(start).replace(/['"]/g, '').toLowerCase() : '';
    if (prefix.includes('f') || prefix.includes('b')) {
      node.children.filter((c) => c.type === 'interpolation').forEach((c) => this.eval(c));
      return UNKNOWN;
    }
    const raw = prefix.includes('r');
    let out = '';
    for (const part of node.children) {
      if (part.type === 'string_content') out += this.text(part);
      else if (part.type === 'escape_sequence') out += raw ? this.text(part) : unescapePython(this.text(part));
      else if (part.type === 'interpolation') return UNKNOWN;
    }
    return str(out);
  }

  lookup(name: string): Value {
    const v = this.frame.scope.lookup(name) ?? this.module.vars.get(name);
    if (v !== undefined) return v;
    for (const mod of this.starImports) {
      const candidate = canonicalName(`${mod}.${name}`);
      if (this.keras.isKnownSymbol(candidate)) return { kind: 'ref', path: candidate };
    }
    if (BUILTINS.has(name)) return { kind: 'ref', path: `builtins.${name}` };
    return UNKNOWN;
  }

  private evalAttribute(node: SyntaxNode): Value {
    const object = childByField(node, 'object');
    const attr = childByField(node, 'attribute');
    if (!object || !attr) return UNKNOWN;
    const owner = this.eval(object);
    const name = this.text(attr);
    if (owner.kind === 'ref') return { kind: 'ref', path: canonicalName(`${owner.path}.${name}`) };
    const instance = opaqueData<InstanceData>(owner, 'instance');
    if (instance) {
      const own = instance.attrs.get(name);
      if (own !== undefined) return own;
      const method = this.findMethod(instance.cls, name);
      if (method) return opaque('bound', { self: owner, fn: method });
      const classAttr = instance.cls.scope.vars.get(name);
      if (classAttr !== undefined) return classAttr;
      if (instance.model) return this.keras.attribute({ kind: 'model', model: instance.model }, name, object);
      return UNKNOWN;
    }
    const cls = asClass(owner);
    if (cls) return cls.scope.vars.get(name) ?? UNKNOWN;
    return this.keras.attribute(owner, name, object);
  }

  evalArgs(argList: SyntaxNode | null | undefined): EvaluatedArgs {
    const args: EvaluatedArgs = {
      positional: [],
      keyword: new Map(),
      written: [],
      argList: argList ?? null,
      opaqueSplat: false,
    };
    if (!argList) return args;
    if (argList.type === 'generator_expression') {
      const arg: EvaluatedArg = { value: this.eval(argList), node: argList, full: argList };
      args.positional.push(arg);
      args.written.push(arg);
      return args;
    }
    for (const child of namedChildren(argList)) {
      if (child.type === 'comment') continue;
      if (child.type === 'keyword_argument') {
        const name = childByField(child, 'name');
        const value = childByField(child, 'value');
        if (!name || !value) continue;
        const arg: EvaluatedArg = { value: this.eval(value), node: value, full: child, keyword: this.text(name) };
        args.keyword.set(arg.keyword!, arg);
        args.written.push(arg);
      } else if (child.type === 'list_splat') {
        const inner = namedChildren(child)[0];
        const v = inner ? this.eval(inner) : UNKNOWN;
        const items = this.iterate(v);
        const marker: EvaluatedArg = { value: v, node: child, full: child, splat: true };
        args.written.push(marker);
        if (items)
          for (const item of items) args.positional.push({ value: item, node: child, full: child, splat: true });
        else args.opaqueSplat = true;
      } else if (child.type === 'dictionary_splat') {
        const inner = namedChildren(child)[0];
        const v = inner ? this.eval(inner) : UNKNOWN;
        const marker: EvaluatedArg = { value: v, node: child, full: child, splat: true };
        args.written.push(marker);
        if (v.kind === 'dict') {
          for (const [k, item] of v.entries)
            args.keyword.set(k, { value: item, node: child, full: child, keyword: k, splat: true });
        } else {
          args.opaqueSplat = true;
        }
      } else {
        const arg: EvaluatedArg = { value: this.eval(child), node: child, full: child };
        args.positional.push(arg);
        args.written.push(arg);
      }
    }
    return args;
  }

  private evalCall(node: SyntaxNode): Value {
    const callee = childByField(node, 'function');
    if (!callee) return UNKNOWN;
    const target = this.eval(callee);
    const args = this.evalArgs(childByField(node, 'arguments'));
    return this.call(target, args, node, callee);
  }

  /** Calls any callable value. */
  call(target: Value, args: EvaluatedArgs, node: SyntaxNode, callee: SyntaxNode): Value {
    const f = asFunction(target);
    if (f) return this.callFunction(f, args, null, node);
    const cls = asClass(target);
    if (cls) return this.instantiate(cls, args, node);
    const bound = opaqueData<{ self: Value; fn: FunctionData }>(target, 'bound');
    if (bound) return this.callFunction(bound.fn, args, bound.self, node);
    if (target.kind === 'ref') {
      if (target.path.startsWith('builtins.')) return callBuiltin(target.path.slice(9), args, (v) => this.iterate(v));
      return this.keras.callRef(target.path, args, node, callee);
    }
    const method = opaqueData<MethodData>(target, 'method');
    if (method) return this.keras.callMethod(method, args, node, callee);
    if (target.kind === 'layer' || target.kind === 'model') return this.keras.applyLayer(target, args, node);
    const instance = opaqueData<InstanceData>(target, 'instance');
    if (instance) {
      const callMethod =
        this.findMethod(instance.cls, '__call__') ?? (instance.model ? null : this.findMethod(instance.cls, 'call'));
      if (callMethod) return this.callFunction(callMethod, args, target, node);
      if (instance.model) return this.keras.applyLayer({ kind: 'model', model: instance.model }, args, node);
    }
    return UNKNOWN;
  }

  /** Binds arguments by the given parameter names (for framework calls). */
  site(node: SyntaxNode, callee: SyntaxNode, args: EvaluatedArgs, params: readonly string[]) {
    return bindCallSite(node, callee, args, params);
  }

  private evalSequence(node: SyntaxNode, tuple: boolean): Value {
    const items: Value[] = [];
    const elements: NonNullable<Extract<Value, { kind: 'sequence' }>['elements']> = [];
    const children = namedChildren(node).filter((c) => c.type !== 'comment');
    let exact = true;
    children.forEach((child, i) => {
      if (child.type === 'list_splat') {
        const inner = namedChildren(child)[0];
        const expanded = inner ? this.iterate(this.eval(inner)) : null;
        if (expanded) items.push(...expanded);
        else items.push(UNKNOWN);
        exact = false;
        return;
      }
      const value = this.eval(child);
      items.push(value);
      const removal =
        i + 1 < children.length
          ? { start: child.start, end: children[i + 1].start }
          : i > 0
            ? { start: children[i - 1].end, end: child.end }
            : { start: child.start, end: child.end };
      elements.push({
        value,
        span: { start: child.start, end: child.end },
        removal,
        literal: child.type === 'string' || child.type === 'integer' || child.type === 'float',
      });
    });
    if (tooManyItems(items)) return UNKNOWN; // `[*l, *l]` doubling, `[l, l]` nesting
    const result: Value = { kind: 'sequence', items, tuple };
    if (exact) result.elements = elements;
    return result;
  }

  private evalDict(node: SyntaxNode): Value {
    const entries = new Map<string, Value>();
    let exact = true;
    for (const child of namedChildren(node)) {
      if (child.type === 'pair') {
        const key = childByField(child, 'key');
        const value = childByField(child, 'value');
        const k = key ? this.eval(key) : UNKNOWN;
        const v = value ? this.eval(value) : UNKNOWN;
        if (k.kind === 'string') entries.set(k.value, v);
        else exact = false;
      } else if (child.type === 'dictionary_splat') {
        const inner = namedChildren(child)[0];
        const v = inner ? this.eval(inner) : UNKNOWN;
        if (v.kind === 'dict') for (const [k, item] of v.entries) entries.set(k, item);
        else exact = false;
      }
    }
    return exact ? { kind: 'dict', entries } : UNKNOWN;
  }

  private evalBoolean(node: SyntaxNode): Value {
    const left = childByField(node, 'left');
    const right = childByField(node, 'right');
    const op = operatorOf(node);
    if (!left || !right || !op) return UNKNOWN;
    const l = this.eval(left);
    const t = truthy(l);
    const isAnd = this.text(op) === 'and';
    if (t === null) {
      this.underCondition(() => this.eval(right));
      return UNKNOWN;
    }
    if (isAnd) return t ? this.eval(right) : l;
    return t ? l : this.eval(right);
  }

  private evalComparison(node: SyntaxNode): Value {
    const operands: Value[] = [];
    const ops: string[] = [];
    for (const child of node.children) {
      if (child.named) operands.push(this.eval(child));
      else ops.push(this.text(child));
    }
    // `not in` / `is not` arrive as two anonymous tokens.
    const merged: string[] = [];
    for (let i = 0; i < ops.length; i++) {
      if ((ops[i] === 'not' && ops[i + 1] === 'in') || (ops[i] === 'is' && ops[i + 1] === 'not')) {
        merged.push(`${ops[i]} ${ops[i + 1]}`);
        i++;
      } else merged.push(ops[i]);
    }
    let result = true;
    for (let i = 0; i < merged.length && i + 1 < operands.length; i++) {
      const r = compare(merged[i], operands[i], operands[i + 1]);
      if (r === null) return UNKNOWN;
      result &&= r;
    }
    return { kind: 'bool', value: result };
  }

  private evalSubscript(node: SyntaxNode): Value {
    const object = childByField(node, 'value');
    const subs = node.children.filter((c) => c.field === 'subscript');
    if (!object || subs.length === 0) return UNKNOWN;
    const owner = this.eval(object);
    const keys = subs.map((s) => (s.type === 'slice' ? this.evalSlice(s) : this.eval(s)));
    const special = this.keras.subscript(owner, keys, node);
    if (special) return special;
    if (keys.length !== 1) return UNKNOWN;
    const key = keys[0];
    if (owner.kind === 'sequence') {
      if (key.kind === 'number' && key.isInt) {
        const i = key.value < 0 ? owner.items.length + key.value : key.value;
        return owner.items[i] ?? UNKNOWN;
      }
      const slice = opaqueData<(number | null)[]>(key, 'slice');
      if (slice) {
        const [start, stop, step] = slice;
        if (step !== null && step !== 1) return UNKNOWN;
        const n = owner.items.length;
        const norm = (v: number | null, d: number) => (v === null ? d : v < 0 ? Math.max(0, n + v) : Math.min(n, v));
        return seq(owner.items.slice(norm(start, 0), norm(stop, n)), owner.tuple);
      }
      return UNKNOWN;
    }
    if (owner.kind === 'dict' && key.kind === 'string') return owner.entries.get(key.value) ?? UNKNOWN;
    if (owner.kind === 'string' && key.kind === 'number') return str(owner.value.at(key.value) ?? '');
    return UNKNOWN;
  }

  private evalSlice(node: SyntaxNode): Value {
    // slice children: [start] ':' [stop] [':' [step]]
    const parts: (number | null)[] = [null, null, null];
    let index = 0;
    for (const child of node.children) {
      if (child.type === ':') {
        index++;
        continue;
      }
      const v = this.eval(child);
      if (v.kind !== 'number') return opaque('slice-unknown', null);
      parts[index] = v.value;
    }
    return opaque('slice', parts);
  }

  private evalComprehension(node: SyntaxNode): Value {
    const body = childByField(node, 'body');
    const clauses = namedChildren(node).filter((c) => c.type === 'for_in_clause' || c.type === 'if_clause');
    if (!body || clauses.length === 0) return UNKNOWN;
    const scope = new Scope(this.frame.scope, 'function');
    this.frames.push({ scope, returns: [], fn: this.frame.fn });
    const out: Value[] = [];
    let known = true;
    const run = (i: number): void => {
      if (!known) return;
      if (i === clauses.length) {
        out.push(this.eval(body));
        return;
      }
      const clause = clauses[i];
      if (clause.type === 'if_clause') {
        const cond = namedChildren(clause)[0];
        const t = cond ? truthy(this.eval(cond)) : null;
        if (t === null) known = false;
        else if (t) run(i + 1);
        return;
      }
      const left = childByField(clause, 'left');
      const right = childByField(clause, 'right');
      const items = right ? this.iterate(this.eval(right)) : null;
      if (!left || !items || items.length > MAX_UNROLL) {
        known = false;
        return;
      }
      for (const item of items) {
        this.assign(left, item);
        run(i + 1);
      }
    };
    try {
      run(0);
    } finally {
      this.frames.pop();
    }
    return known ? seq(out, false) : UNKNOWN;
  }

  binary(op: string, l: Value, r: Value): Value {
    return binaryOperation(op, l, r);
  }

  /** The items of an iterable value when known. */
  iterate(v: Value): Value[] | null {
    if (v.kind === 'sequence') return v.items;
    if (v.kind === 'dict') return [...v.entries.keys()].map(str);
    if (v.kind === 'string' && v.value.length <= MAX_UNROLL) return [...v.value].map(str);
    return null;
  }

  /** The innermost user function (not lambda) whose body is running. */
  enclosingFunction(): FunctionData | null {
    for (let i = this.frames.length - 1; i >= 0; i--) {
      const f = this.frames[i].fn;
      if (f && f.name !== '<lambda>') return f;
    }
    return null;
  }

  modelOf(v: Value): ModelIR | null {
    if (v.kind === 'model') return v.model;
    return opaqueData<InstanceData>(v, 'instance')?.model ?? null;
  }
}

function emptyArgs(): EvaluatedArgs {
  return { positional: [], keyword: new Map(), written: [], argList: null, opaqueSplat: true };
}
