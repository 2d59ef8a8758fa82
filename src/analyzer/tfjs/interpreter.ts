/**
 * The JavaScript/TypeScript front end's interpreter: it runs a file's syntax
 * tree over abstract values (constants, imports and requires, user functions
 * and classes, tfjs objects) without executing anything. Types are ignored, so
 * half-typed code and type errors do not matter. Where it cannot know a value
 * it says `unknown`, and rules stay silent on unknowns.
 *
 * This file only translates JavaScript syntax. Frames, the step budget,
 * branches and loops nobody can decide, and running the functions nobody calls
 * are the flow engine's (../engine/flow.ts); what tfjs calls mean is
 * tfjs-calls.ts over the shared construction layer (../construction/).
 */
import type * as ts from 'typescript';
import { compilerApi } from './syntax';
import { FRAMEWORK_CALLS } from '../construction/framework-calls';
import { FlowEngine, type UncalledRun } from '../engine/flow';
import { mergeValues } from '../engine/merge';
import type { Signal } from '../engine/signal';
import type { ModelIR, Value } from '../ir';
import { pixelsOf } from '../pixel-data';
import { UNKNOWN } from '../ir';
import { tooManyItems } from '../value-limits';
import type { ModelBuilder } from '../model-builder';
import { emptyArgs, nodeSpan, SiteBinder, type EvaluatedArgs } from './call-site';
import { TfjsSemantics } from './tfjs-calls';
import {
  asClass,
  asFunction,
  asObject,
  bool,
  classValue,
  fnValue,
  joinProps,
  newObject,
  NONE,
  num,
  opaque,
  opaqueData,
  Scope,
  seq,
  str,
  strictEqual,
  truthy,
  type ClassData,
  type FunctionData,
  type FunctionNode,
  type InstanceData,
  type JsObject,
  type MethodData,
  type Prop,
  type VarKind,
} from './values';

const { K, T } = compilerApi();

const MAX_CALL_DEPTH = 8;
/** Steps (statements + expressions) at most, whatever the file size: about a second on a bundled library. */
const MAX_BUDGET = 1_000_000;
const MAX_EXPR_DEPTH = 200;
const MAX_STATEMENT_DEPTH = 200;
const MAX_UNROLL = 256;

/** Modules whose exports are (a subset of) the `tf` namespace. */
const TFJS_MODULES: Record<string, string> = {
  '@tensorflow/tfjs': 'tf',
  '@tensorflow/tfjs-node': 'tf',
  '@tensorflow/tfjs-node-gpu': 'tf',
  '@tensorflow/tfjs-layers': 'tf',
  '@tensorflow/tfjs-core': 'tf',
  '@tensorflow/tfjs-data': 'tf.data',
};

/** `x += y` and friends, as the operator they apply. */
const COMPOUND = new Map<ts.SyntaxKind, ts.SyntaxKind>([
  [K.PlusEqualsToken, K.PlusToken],
  [K.MinusEqualsToken, K.MinusToken],
  [K.AsteriskEqualsToken, K.AsteriskToken],
  [K.SlashEqualsToken, K.SlashToken],
]);

const MATH: Record<string, (...x: number[]) => number> = {
  'Math.max': Math.max,
  'Math.min': Math.min,
  'Math.floor': Math.floor,
  'Math.ceil': Math.ceil,
  'Math.round': Math.round,
  'Math.abs': Math.abs,
  'Math.sqrt': Math.sqrt,
  'Math.pow': Math.pow,
  'Math.log': Math.log,
  'Math.exp': Math.exp,
  'Math.trunc': Math.trunc,
};

/** Array methods that call their callback right away, once per item. */
const ITERATION_METHODS = new Set([
  'forEach',
  'map',
  'flatMap',
  'filter',
  'reduce',
  'reduceRight',
  'some',
  'every',
  'find',
  'findIndex',
]);

const BUILTIN_GLOBALS = new Set([
  'Math',
  'Number',
  'String',
  'Array',
  'Object',
  'console',
  'Promise',
  'parseInt',
  'parseFloat',
  'JSON',
  'Boolean',
]);

/** What an assignment or declaration binds: lets functions get their JavaScript names. */
function nameOf(node: ts.Node): string {
  if (T.isIdentifier(node) || T.isPrivateIdentifier(node)) return node.text;
  if (T.isStringLiteral(node) || T.isNumericLiteral(node)) return node.text;
  return '';
}

function hasModifier(node: ts.Node, kind: ts.SyntaxKind): boolean {
  return !!T.canHaveModifiers(node) && !!T.getModifiers(node)?.some((m) => m.kind === kind);
}

export class JsInterpreter {
  readonly flow: FlowEngine<Scope, FunctionData>;
  readonly module = new Scope(null, 'module', 1);
  private exprDepth = 0;
  private statementDepth = 0;
  /** Every function value created, for running the ones nobody calls. */
  private readonly created: FunctionData[] = [];
  private readonly classes: ClassData[] = [];
  private readonly instances = new Map<ClassData, Value>();
  /** The file uses tfjs through the global `tf` of a <script> tag. */
  usesGlobalTf = false;
  /** The statement being run (fixes that insert `model.add(...)` lines need it). */
  currentStatement: ts.Statement | null = null;
  readonly tfjs: TfjsSemantics;
  readonly binder: SiteBinder;

  constructor(
    readonly sourceFile: ts.SourceFile,
    readonly builder: ModelBuilder,
  ) {
    // Inlining helpers at every call can multiply work; the budget keeps
    // pathological files linear. Past it, calls and loops go unknown.
    this.flow = new FlowEngine({
      budget: Math.min(MAX_BUDGET, Math.max(200_000, sourceFile.text.length * 4)),
      maxCallDepth: MAX_CALL_DEPTH,
      maxUnroll: MAX_UNROLL,
    });
    this.binder = new SiteBinder(sourceFile.text);
    this.tfjs = new TfjsSemantics(this);
  }

  get conditional(): boolean {
    return this.flow.conditional;
  }

  text(node: ts.Node): string {
    return node.getText(this.sourceFile);
  }

  run(): void {
    this.flow.inFrame(this.module, null, UNKNOWN, () => {
      this.execStatements(this.sourceFile.statements);
      this.flow.runUncalled(() => this.uncalled());
    });
  }

  /**
   * Helpers nobody calls in this file (an exported model builder, a class whose
   * methods train, a click handler) still deserve findings: the flow engine
   * runs each once with unknown arguments, in source order.
   */
  private uncalled(): UncalledRun[] {
    const called = (f: FunctionData) => this.flow.wasCalled(f.node);
    const pending: UncalledRun[] = [];
    for (const cls of this.classes) {
      if (cls.customLayer) continue;
      const methods = [...cls.methods.values(), ...cls.getters.values()].filter((m) => !called(m));
      const statics = [...cls.statics.values()].map(asFunction).filter((f): f is FunctionData => !!f && !called(f));
      if (this.instances.has(cls) && methods.length === 0 && statics.length === 0) continue;
      pending.push({
        pos: cls.node.pos,
        run: () => {
          const self = this.instances.get(cls) ?? this.instantiate(cls, emptyArgs(), null);
          for (const m of methods) if (!called(m)) this.callFunction(m, emptyArgs(), self);
          for (const f of statics) if (!called(f)) this.callFunction(f, emptyArgs(), classValue(cls));
        },
      });
    }
    for (const f of this.created) {
      if (!called(f) && !f.owner)
        pending.push({ pos: f.node.pos, run: () => this.callFunction(f, emptyArgs(), UNKNOWN) });
    }
    return pending;
  }

  private get frame() {
    return this.flow.frame;
  }

  private get outOfBudget(): boolean {
    return this.flow.outOfBudget;
  }

  // ------------------------------------------------------------------ scopes

  private withScope<T>(kind: 'block' | 'function', body: () => T): T {
    const frame = this.frame;
    const previous = frame.scope;
    frame.scope = new Scope(previous, kind, this.flow.depth);
    try {
      return body();
    } finally {
      frame.scope = previous;
    }
  }

  private setVar(scope: Scope, name: string, value: Value): void {
    this.flow.write(scope.vars, name, value, scope.depth);
  }

  declare(name: string, value: Value, kind: VarKind): void {
    if (!name) return;
    const scope = kind === 'var' ? this.frame.scope.functionScope() : this.frame.scope;
    this.setVar(scope, name, value);
    if (scope === this.module) this.tfjs.noticeAssignment(name, value, true);
    else this.tfjs.noticeAssignment(name, value, false);
  }

  private assignName(name: string, value: Value): void {
    const scope = this.frame.scope.owner(name) ?? this.module;
    this.setVar(scope, name, value);
    this.tfjs.noticeAssignment(name, value, scope === this.module);
  }

  lookup(name: string): Value {
    const v = this.frame.scope.lookup(name);
    if (v !== undefined) return v;
    if (name === 'undefined') return NONE;
    if (name === 'NaN') return num(NaN);
    if (name === 'Infinity') return num(Infinity);
    // A page that loads tfjs with a <script> tag uses the global `tf`.
    if (name === 'tf') {
      this.usesGlobalTf = true;
      return { kind: 'ref', path: 'tf' };
    }
    if (BUILTIN_GLOBALS.has(name)) return { kind: 'ref', path: `builtin.${name}` };
    return UNKNOWN;
  }

  // -------------------------------------------------------------- statements

  private hoist(statements: readonly ts.Statement[]): void {
    // `export default function () {}` has no name but is code to run all the same.
    for (const s of statements) if (T.isFunctionDeclaration(s) && s.body) this.defineFunctionDeclaration(s);
  }

  private execStatements(statements: readonly ts.Statement[]): Signal {
    this.hoist(statements);
    for (const s of statements) {
      const signal = this.exec(s);
      if (signal !== 'normal') return signal;
    }
    return 'normal';
  }

  private execBlock(statements: readonly ts.Statement[]): Signal {
    return this.withScope('block', () => this.execStatements(statements));
  }

  exec(node: ts.Statement, label: string | null = null): Signal {
    this.flow.tick();
    // Blocks nested deeper than any real code are skipped rather than overflowing the stack.
    if (this.outOfBudget || this.statementDepth > MAX_STATEMENT_DEPTH) return 'normal';
    const previous = this.currentStatement;
    this.currentStatement = node;
    this.statementDepth++;
    try {
      return this.execInner(node, label);
    } finally {
      this.statementDepth--;
      this.currentStatement = previous;
    }
  }

  /** `label`: the label of a labelled loop, which `break label` / `continue label` name. */
  private execInner(node: ts.Statement, label: string | null): Signal {
    switch (node.kind) {
      case K.ExpressionStatement:
        this.eval((node as ts.ExpressionStatement).expression);
        return 'normal';
      case K.VariableStatement:
        this.execDeclarationList((node as ts.VariableStatement).declarationList);
        return 'normal';
      case K.FunctionDeclaration:
        return 'normal'; // hoisted
      case K.ClassDeclaration: {
        const cls = node as ts.ClassDeclaration;
        const data = this.defineClass(cls);
        if (cls.name) this.declare(cls.name.text, classValue(data), 'class');
        return 'normal';
      }
      case K.ImportDeclaration:
        this.execImport(node as ts.ImportDeclaration);
        return 'normal';
      case K.ImportEqualsDeclaration: {
        const d = node as ts.ImportEqualsDeclaration;
        if (T.isExternalModuleReference(d.moduleReference) && T.isStringLiteral(d.moduleReference.expression)) {
          this.declare(d.name.text, this.moduleValue(d.moduleReference.expression.text), 'import');
        }
        return 'normal';
      }
      case K.ExportAssignment:
        this.eval((node as ts.ExportAssignment).expression);
        return 'normal';
      case K.Block:
        return this.execBlock((node as ts.Block).statements);
      case K.IfStatement:
        return this.execIf(node as ts.IfStatement);
      case K.ForStatement:
        return this.execFor(node as ts.ForStatement, label);
      case K.ForOfStatement:
      case K.ForInStatement:
        return this.execForOfIn(node as ts.ForOfStatement | ts.ForInStatement, label);
      case K.WhileStatement: {
        const w = node as ts.WhileStatement;
        return this.flow.loop(
          () => truthy(this.eval(w.expression)),
          () => this.exec(w.statement),
          () => {},
          label,
        );
      }
      case K.DoStatement: {
        // The body runs once before the condition is asked.
        const d = node as ts.DoStatement;
        let first = true;
        return this.flow.loop(
          () => (first ? true : truthy(this.eval(d.expression))),
          () => {
            first = false;
            return this.exec(d.statement);
          },
          () => {},
          label,
        );
      }
      case K.ReturnStatement: {
        const r = node as ts.ReturnStatement;
        this.frame.returns.push(r.expression ? this.eval(r.expression) : NONE);
        return 'return';
      }
      case K.ThrowStatement:
        this.eval((node as ts.ThrowStatement).expression);
        return 'throw';
      case K.BreakStatement: {
        const target = (node as ts.BreakStatement).label;
        return target ? `break:${target.text}` : 'break';
      }
      case K.ContinueStatement: {
        const target = (node as ts.ContinueStatement).label;
        return target ? `continue:${target.text}` : 'continue';
      }
      case K.TryStatement:
        return this.execTry(node as ts.TryStatement);
      case K.SwitchStatement:
        return this.flow.breakable(null, () => this.execSwitch(node as ts.SwitchStatement));
      case K.LabeledStatement: {
        // A labelled loop handles `break label` / `continue label` itself; any other statement is left by `break label`.
        const l = node as ts.LabeledStatement;
        const name = l.label.text;
        return T.isIterationStatement(l.statement, false)
          ? this.exec(l.statement, name)
          : this.flow.breakable(name, () => this.exec(l.statement));
      }
      case K.ModuleDeclaration: {
        // `namespace X { ... }`: run its statements for the models they build.
        const body = (node as ts.ModuleDeclaration).body;
        if (body && T.isModuleBlock(body)) return this.execBlock(body.statements);
        return 'normal';
      }
      default:
        return 'normal';
    }
  }

  private execDeclarationList(list: ts.VariableDeclarationList): void {
    const kind: VarKind = list.flags & T.NodeFlags.Const ? 'const' : list.flags & T.NodeFlags.Let ? 'let' : 'var';
    for (const d of list.declarations) {
      let value: Value;
      if (d.initializer) value = this.eval(d.initializer, nameOf(d.name));
      else if (kind === 'var' && T.isIdentifier(d.name) && this.frame.scope.functionScope().vars.has(d.name.text))
        continue;
      else value = NONE;
      this.bindPattern(d.name, value, kind);
    }
  }

  /**
   * The items `[a, b] = value` takes: an array's, or the tensors of a call that
   * gives several (`const [out, h, c] = lstm.apply(x)` with `returnState`), one
   * per element written (a count that differs from the layer's leaves them unknown).
   */
  private destructured(value: Value, count: number, rest: boolean): Value[] | null {
    if (value.kind === 'tensor' && !rest && count > 1) {
      const nodes = this.tfjs.build.outputsOf(value.node, count);
      return nodes ? nodes.map((node): Value => ({ kind: 'tensor', node })) : null;
    }
    return this.iterate(value);
  }

  /** Binds a declaration target (`x`, `{a, b: c = 1}`, `[x, ...rest]`) to a value. */
  bindPattern(target: ts.BindingName, value: Value, kind: VarKind | null): void {
    const bind = (name: string, v: Value) => (kind ? this.declare(name, v, kind) : this.assignName(name, v));
    if (T.isIdentifier(target)) {
      bind(target.text, value);
      return;
    }
    if (T.isObjectBindingPattern(target)) {
      for (const el of target.elements) {
        if (el.dotDotDotToken) {
          this.bindPattern(el.name, UNKNOWN, kind);
          continue;
        }
        const keyNode = el.propertyName ?? el.name;
        const key = T.isComputedPropertyName(keyNode) ? this.eval(keyNode.expression) : str(nameOf(keyNode));
        let v = key.kind === 'string' ? this.member(value, key.value, null) : UNKNOWN;
        if (el.initializer && v.kind === 'none') v = this.eval(el.initializer);
        this.bindPattern(el.name, v, kind);
      }
      return;
    }
    const items = this.destructured(
      value,
      target.elements.length,
      target.elements.some((el) => !T.isOmittedExpression(el) && !!el.dotDotDotToken),
    );
    target.elements.forEach((el, i) => {
      if (T.isOmittedExpression(el)) return;
      if (el.dotDotDotToken) {
        this.bindPattern(el.name, items ? seq(items.slice(i)) : UNKNOWN, kind);
        return;
      }
      let v = items ? (items[i] ?? NONE) : UNKNOWN;
      if (el.initializer && v.kind === 'none') v = this.eval(el.initializer);
      this.bindPattern(el.name, v, kind);
    });
  }

  private execIf(node: ts.IfStatement): Signal {
    const cond = truthy(this.eval(node.expression));
    if (cond === true) return this.exec(node.thenStatement);
    if (cond === false) return node.elseStatement ? this.exec(node.elseStatement) : 'normal';
    const arms = [() => this.exec(node.thenStatement)];
    if (node.elseStatement) arms.push(() => this.exec(node.elseStatement!));
    return this.flow.runArms(arms, !node.elseStatement);
  }

  private execFor(node: ts.ForStatement, label: string | null): Signal {
    return this.withScope('block', () => {
      if (node.initializer) {
        if (T.isVariableDeclarationList(node.initializer)) this.execDeclarationList(node.initializer);
        else this.eval(node.initializer);
      }
      return this.flow.loop(
        () => (node.condition ? truthy(this.eval(node.condition)) : true),
        () => this.exec(node.statement),
        () => node.incrementor && this.eval(node.incrementor),
        label,
      );
    });
  }

  private execForOfIn(node: ts.ForOfStatement | ts.ForInStatement, label: string | null): Signal {
    const source = this.eval(node.expression);
    let items: Value[] | null;
    if (T.isForInStatement(node)) {
      const obj = asObject(source);
      items = obj?.exact
        ? [...obj.props.keys()].map(str)
        : source.kind === 'sequence'
          ? source.items.map((_, i) => str(String(i)))
          : null;
    } else {
      items = this.iterate(source);
    }
    const bindItem = (v: Value) => {
      if (T.isVariableDeclarationList(node.initializer)) {
        const kind: VarKind =
          node.initializer.flags & T.NodeFlags.Const
            ? 'const'
            : node.initializer.flags & T.NodeFlags.Let
              ? 'let'
              : 'var';
        const d = node.initializer.declarations[0];
        if (d) this.bindPattern(d.name, v, kind);
      } else {
        this.assignTo(node.initializer, v, null);
      }
    };
    // Each iteration has its own block scope (its own `const x`).
    let iteration: Scope | null = null;
    return this.flow.forEach(
      items,
      (item) => {
        iteration = new Scope(this.frame.scope, 'block', this.flow.depth);
        const outer = this.frame.scope;
        this.frame.scope = iteration;
        try {
          bindItem(item);
        } finally {
          this.frame.scope = outer;
        }
      },
      () => {
        const outer = this.frame.scope;
        this.frame.scope = iteration ?? outer;
        try {
          return this.exec(node.statement);
        } finally {
          this.frame.scope = outer;
        }
      },
      label,
    );
  }

  /**
   * `try`: the block may stop anywhere and hand over to `catch`, so the block
   * and the handler are paths nobody can choose between; `finally` always runs.
   */
  private execTry(node: ts.TryStatement): Signal {
    const handler = node.catchClause;
    let signal: Signal;
    if (handler) {
      signal = this.flow.runArms(
        [
          () => this.exec(node.tryBlock),
          () =>
            this.withScope('block', () => {
              const binding = handler.variableDeclaration?.name;
              if (binding) this.bindPattern(binding, UNKNOWN, 'let');
              return this.execStatements(handler.block.statements);
            }),
        ],
        false,
      );
    } else {
      signal = this.exec(node.tryBlock);
    }
    if (node.finallyBlock) {
      const f = this.exec(node.finallyBlock);
      if (f !== 'normal') return f;
    }
    return signal;
  }

  private execSwitch(node: ts.SwitchStatement): Signal {
    const d = this.eval(node.expression);
    const clauses = node.caseBlock.clauses;
    const runFrom = (start: number): Signal => {
      for (let i = start; i < clauses.length; i++) {
        const signal = this.execStatements(clauses[i].statements);
        if (signal === 'break') return 'normal';
        if (signal !== 'normal') return signal;
      }
      return 'normal';
    };
    return this.withScope('block', () => {
      let undecided = false;
      for (let i = 0; i < clauses.length; i++) {
        const c = clauses[i];
        if (!T.isCaseClause(c)) continue;
        const eq = strictEqual(d, this.eval(c.expression));
        if (eq === true && !undecided) return runFrom(i);
        if (eq === null) undecided = true;
      }
      const defaultIndex = clauses.findIndex((c) => T.isDefaultClause(c));
      if (!undecided) return defaultIndex >= 0 ? runFrom(defaultIndex) : 'normal';
      return this.flow.runArms(
        clauses.map((_, i) => () => runFrom(i)),
        defaultIndex < 0,
      );
    });
  }

  // ------------------------------------------------------------------ imports

  /** The value a module specifier imports: the tf namespace for tfjs packages, unknown otherwise. */
  moduleValue(specifier: string): Value {
    const path = TFJS_MODULES[specifier];
    return path ? { kind: 'ref', path } : UNKNOWN;
  }

  private execImport(node: ts.ImportDeclaration): void {
    const clause = node.importClause;
    if (!clause || clause.isTypeOnly || !T.isStringLiteral(node.moduleSpecifier)) return;
    const mod = this.moduleValue(node.moduleSpecifier.text);
    // `import tf from '@tensorflow/tfjs'` works through esModuleInterop: the default is the namespace.
    if (clause.name) this.declare(clause.name.text, mod, 'import');
    const bindings = clause.namedBindings;
    if (!bindings) return;
    if (T.isNamespaceImport(bindings)) {
      this.declare(bindings.name.text, mod, 'import');
      return;
    }
    for (const el of bindings.elements) {
      if (el.isTypeOnly) continue;
      const imported = (el.propertyName ?? el.name).text;
      this.declare(el.name.text, this.member(mod, imported, null), 'import');
    }
  }

  // ------------------------------------------------------- functions, classes

  private newFunction(node: FunctionNode, name: string, owner?: ClassData): FunctionData {
    const data: FunctionData = { node, name, closure: this.frame.scope, owner };
    if (T.isArrowFunction(node)) data.lexicalThis = this.frame.self;
    if (!owner) this.created.push(data);
    return data;
  }

  private defineFunctionDeclaration(node: ts.FunctionDeclaration): void {
    const data = this.newFunction(node, node.name?.text ?? 'default');
    this.declare(data.name, fnValue(data), 'function');
  }

  private defineClass(node: ts.ClassDeclaration | ts.ClassExpression, nameHint = ''): ClassData {
    const heritage = node.heritageClauses?.find((h) => h.token === K.ExtendsKeyword)?.types[0];
    const base = heritage ? this.eval(heritage.expression) : null;
    const baseClass = base ? asClass(base) : null;
    const data: ClassData = {
      node,
      name: node.name?.text ?? nameHint,
      closure: this.frame.scope,
      base,
      methods: new Map(),
      statics: new Map(),
      getters: new Map(),
      ctor: null,
      customLayer: (base?.kind === 'ref' && this.tfjs.isLayerBase(base.path)) || !!baseClass?.customLayer,
    };
    for (const m of node.members) {
      const isStatic = hasModifier(m, K.StaticKeyword);
      if (T.isConstructorDeclaration(m) && m.body) data.ctor = this.newFunction(m, data.name, data);
      else if (T.isMethodDeclaration(m) && m.body) {
        const f = this.newFunction(m, nameOf(m.name), data);
        if (isStatic) data.statics.set(f.name, fnValue(f));
        else data.methods.set(f.name, f);
      } else if (T.isGetAccessorDeclaration(m) && m.body && !isStatic) {
        data.getters.set(nameOf(m.name), this.newFunction(m, nameOf(m.name), data));
      } else if (T.isPropertyDeclaration(m) && isStatic && m.initializer) {
        data.statics.set(nameOf(m.name), this.eval(m.initializer, nameOf(m.name)));
      }
    }
    this.classes.push(data);
    return data;
  }

  private findMethod(cls: ClassData, name: string, kind: 'methods' | 'getters' = 'methods'): FunctionData | null {
    for (let c: ClassData | null = cls, guard = 0; c && guard < 16; c = c.base ? asClass(c.base) : null, guard++) {
      const f = c[kind].get(name);
      if (f) return f;
    }
    return null;
  }

  private instantiate(cls: ClassData, args: EvaluatedArgs, node: ts.NewExpression | null): Value {
    if (cls.customLayer && node) return this.tfjs.customLayer(cls.name, args, node);
    const instance: InstanceData = { cls, attrs: new Map() };
    const self = opaque('instance', instance);
    if (!this.instances.has(cls)) this.instances.set(cls, self);
    this.construct(cls, args, self);
    return self;
  }

  /** Field initializers then the constructor, base classes first (through `super(...)`). */
  private construct(cls: ClassData, args: EvaluatedArgs, self: Value): void {
    const instance = opaqueData<InstanceData>(self, 'instance')!;
    const baseClass = cls.base ? asClass(cls.base) : null;
    if (baseClass && !cls.ctor) this.construct(baseClass, args, self);
    this.flow.inFrame(new Scope(cls.closure, 'function', this.flow.depth + 1), null, self, () => {
      for (const m of cls.node.members) {
        if (T.isPropertyDeclaration(m) && !hasModifier(m, K.StaticKeyword) && m.initializer) {
          this.flow.write(instance.attrs, nameOf(m.name), this.eval(m.initializer, nameOf(m.name)));
        }
      }
    });
    if (cls.ctor) this.callFunction(cls.ctor, args, self);
  }

  private callSuper(args: EvaluatedArgs): Value {
    const f = this.enclosingFunction();
    const cls = f?.owner;
    const baseClass = cls?.base ? asClass(cls.base) : null;
    if (baseClass && f && T.isConstructorDeclaration(f.node)) this.construct(baseClass, args, this.frame.self);
    return NONE;
  }

  /** Inlines a user function: binds parameters, runs the body, returns the join of its returns. */
  callFunction(f: FunctionData, args: EvaluatedArgs, thisValue: Value): Value {
    const body = f.node.body;
    const result = this.flow.call(
      f.node,
      f,
      new Scope(f.closure, 'function', this.flow.depth + 1),
      f.lexicalThis ?? thisValue,
      NONE,
      (frame) => {
        this.bindParameters(f, args);
        if (!body) return 'throw'; // an overload signature: nothing is known of what it returns
        if (T.isBlock(body)) return this.execStatements(body.statements);
        frame.returns.push(this.eval(body));
        return 'return';
      },
    );
    if (f.node.asteriskToken || !body) return UNKNOWN; // generators return iterators
    return result;
  }

  private bindParameters(f: FunctionData, args: EvaluatedArgs): void {
    const values = args.positional.map((a) => a.value);
    f.node.parameters.forEach((p, i) => {
      if (p.name.kind === K.Identifier && p.name.text === 'this') return;
      let value: Value;
      if (p.dotDotDotToken) value = args.opaqueSpread ? UNKNOWN : seq(values.slice(i));
      else if (i < values.length) value = values[i];
      else if (args.opaqueSpread) value = UNKNOWN;
      else value = NONE;
      if (p.initializer && value.kind === 'none') value = this.eval(p.initializer);
      this.bindPattern(p.name, value, 'param');
    });
  }

  /** The innermost user function whose body is running. */
  enclosingFunction(): FunctionData | null {
    return this.flow.enclosingFunction();
  }

  // -------------------------------------------------------------- expressions

  eval(node: ts.Expression, nameHint = ''): Value {
    if (this.exprDepth > MAX_EXPR_DEPTH || this.outOfBudget) return UNKNOWN;
    this.exprDepth++;
    this.flow.tick();
    try {
      return this.evalInner(node, nameHint);
    } finally {
      this.exprDepth--;
    }
  }

  private evalInner(node: ts.Expression, nameHint: string): Value {
    switch (node.kind) {
      // Literals remember where they are written, so a fix can edit a constant where it is defined.
      case K.NumericLiteral: {
        const v = Number((node as ts.NumericLiteral).text.replace(/_/g, ''));
        return Number.isFinite(v)
          ? { kind: 'number', value: v, isInt: Number.isInteger(v), origin: nodeSpan(node) }
          : UNKNOWN;
      }
      case K.StringLiteral:
      case K.NoSubstitutionTemplateLiteral:
        return { kind: 'string', value: (node as ts.StringLiteral).text, origin: nodeSpan(node) };
      case K.TemplateExpression: {
        const t = node as ts.TemplateExpression;
        let out = t.head.text;
        let known = true;
        for (const span of t.templateSpans) {
          const v = this.eval(span.expression);
          if (v.kind === 'string' || v.kind === 'number' || v.kind === 'bool') out += String(v.value);
          else known = false;
          out += span.literal.text;
        }
        return known ? str(out) : UNKNOWN;
      }
      case K.TrueKeyword:
        return bool(true);
      case K.FalseKeyword:
        return bool(false);
      case K.NullKeyword:
        return NONE;
      case K.ThisKeyword:
        return this.frame.self;
      case K.Identifier:
        return this.lookup((node as ts.Identifier).text);
      case K.ParenthesizedExpression:
      case K.AsExpression:
      case K.TypeAssertionExpression:
      case K.NonNullExpression:
      case K.SatisfiesExpression:
      case K.AwaitExpression:
        // Types do not change values; promises are seen through (`await f()` is what f returns).
        return this.eval((node as ts.ParenthesizedExpression).expression, nameHint);
      case K.PropertyAccessExpression: {
        const p = node as ts.PropertyAccessExpression;
        return this.member(this.eval(p.expression), p.name.text, p.expression);
      }
      case K.ElementAccessExpression: {
        const e = node as ts.ElementAccessExpression;
        const owner = this.eval(e.expression);
        const key = this.eval(e.argumentExpression);
        return this.element(owner, key, e.expression);
      }
      case K.CallExpression:
        return this.evalCall(node as ts.CallExpression);
      case K.NewExpression:
        return this.evalNew(node as ts.NewExpression);
      case K.ArrayLiteralExpression:
        return this.evalArray(node as ts.ArrayLiteralExpression);
      case K.ObjectLiteralExpression:
        return this.evalObject(node as ts.ObjectLiteralExpression);
      case K.ArrowFunction:
      case K.FunctionExpression: {
        const f = node as ts.ArrowFunction | ts.FunctionExpression;
        const name = T.isFunctionExpression(f) && f.name ? f.name.text : nameHint;
        return fnValue(this.newFunction(f, name));
      }
      case K.ClassExpression:
        return classValue(this.defineClass(node as ts.ClassExpression, nameHint));
      case K.BinaryExpression:
        return this.evalBinary(node as ts.BinaryExpression, nameHint);
      case K.PrefixUnaryExpression:
        return this.evalPrefix(node as ts.PrefixUnaryExpression);
      case K.PostfixUnaryExpression: {
        const p = node as ts.PostfixUnaryExpression;
        const before = this.eval(p.operand);
        const after =
          before.kind === 'number' ? num(before.value + (p.operator === K.PlusPlusToken ? 1 : -1)) : UNKNOWN;
        this.assignTo(p.operand, after, null);
        return before;
      }
      case K.ConditionalExpression: {
        const c = node as ts.ConditionalExpression;
        const t = truthy(this.eval(c.condition));
        if (t === true) return this.eval(c.whenTrue, nameHint);
        if (t === false) return this.eval(c.whenFalse, nameHint);
        return this.flow.underCondition(() =>
          mergeValues([this.eval(c.whenTrue, nameHint), this.eval(c.whenFalse, nameHint)]),
        );
      }
      case K.TypeOfExpression: {
        const v = this.eval((node as ts.TypeOfExpression).expression);
        const names: Partial<Record<Value['kind'], string>> = {
          string: 'string',
          number: 'number',
          bool: 'boolean',
          callable: 'function',
        };
        return names[v.kind] ? str(names[v.kind]!) : UNKNOWN;
      }
      case K.VoidExpression:
        this.eval((node as ts.VoidExpression).expression);
        return NONE;
      case K.DeleteExpression:
        this.eval((node as ts.DeleteExpression).expression);
        return UNKNOWN;
      case K.JsxElement:
      case K.JsxSelfClosingElement:
      case K.JsxFragment:
        // Markup is not models, but handlers in it (`onClick={() => train()}`) are code to run.
        this.evalJsx(node);
        return UNKNOWN;
      default:
        return UNKNOWN;
    }
  }

  private evalJsx(node: ts.Node): void {
    node.forEachChild((child) => {
      if (T.isJsxExpression(child)) {
        if (child.expression) this.eval(child.expression);
      } else this.evalJsx(child);
    });
  }

  private evalPrefix(node: ts.PrefixUnaryExpression): Value {
    const op = node.operator;
    if (op === K.PlusPlusToken || op === K.MinusMinusToken) {
      const before = this.eval(node.operand);
      const after = before.kind === 'number' ? num(before.value + (op === K.PlusPlusToken ? 1 : -1)) : UNKNOWN;
      this.assignTo(node.operand, after, null);
      return after;
    }
    const v = this.eval(node.operand);
    if (op === K.ExclamationToken) {
      const t = truthy(v);
      return t === null ? UNKNOWN : bool(!t);
    }
    if (v.kind !== 'number') return UNKNOWN;
    if (op === K.MinusToken) return num(-v.value);
    if (op === K.PlusToken) return v;
    if (op === K.TildeToken) return num(~v.value);
    return UNKNOWN;
  }

  private evalBinary(node: ts.BinaryExpression, nameHint: string): Value {
    const op = node.operatorToken.kind;
    if (op === K.EqualsToken) {
      const value = this.eval(
        node.right,
        T.isIdentifier(node.left)
          ? node.left.text
          : T.isPropertyAccessExpression(node.left)
            ? node.left.name.text
            : nameHint,
      );
      this.assignTo(node.left, value, node.right);
      return value;
    }
    if (op === K.AmpersandAmpersandToken || op === K.BarBarToken || op === K.QuestionQuestionToken) {
      const l = this.eval(node.left);
      const decided =
        op === K.QuestionQuestionToken ? (l.kind === 'none' ? false : l.kind === 'unknown' ? null : true) : truthy(l);
      if (decided === null) {
        this.flow.underCondition(() => this.eval(node.right));
        return UNKNOWN;
      }
      if (op === K.AmpersandAmpersandToken) return decided ? this.eval(node.right) : l;
      return decided ? l : this.eval(node.right);
    }
    if (op === K.CommaToken) {
      this.eval(node.left);
      return this.eval(node.right);
    }
    const arithmetic = COMPOUND.get(op);
    if (arithmetic !== undefined) {
      const value = this.binary(arithmetic, this.eval(node.left), this.eval(node.right), node);
      this.assignTo(node.left, value, null);
      return value;
    }
    if (
      op === K.BarBarEqualsToken ||
      op === K.AmpersandAmpersandEqualsToken ||
      op === K.QuestionQuestionEqualsToken ||
      (op >= K.FirstCompoundAssignment && op <= K.LastCompoundAssignment)
    ) {
      this.eval(node.right);
      this.assignTo(node.left, UNKNOWN, null);
      return UNKNOWN;
    }
    return this.binary(op, this.eval(node.left), this.eval(node.right), node);
  }

  /** `l op r`; with a tensor operand, the call table's operator handlers decide first (tensor arithmetic). */
  private binary(op: ts.SyntaxKind, l: Value, r: Value, at: ts.Node): Value {
    if (l.kind === 'tensor' || r.kind === 'tensor') {
      const symbol = T.tokenToString(op);
      const framework = symbol
        ? FRAMEWORK_CALLS.operator({
            op: symbol,
            left: l,
            right: r,
            language: 'javascript',
            span: nodeSpan(at),
            build: this.tfjs.build,
          })
        : undefined;
      if (framework !== undefined) return framework;
    }
    if (
      op === K.EqualsEqualsEqualsToken ||
      op === K.ExclamationEqualsEqualsToken ||
      op === K.EqualsEqualsToken ||
      op === K.ExclamationEqualsToken
    ) {
      const eq = strictEqual(l, r);
      if (eq === null) return UNKNOWN;
      return bool(op === K.EqualsEqualsEqualsToken || op === K.EqualsEqualsToken ? eq : !eq);
    }
    if (op === K.PlusToken && (l.kind === 'string' || r.kind === 'string')) {
      const s = (v: Value) =>
        v.kind === 'string' || v.kind === 'number' || v.kind === 'bool' ? String(v.value) : null;
      const a = s(l);
      const b = s(r);
      return a !== null && b !== null ? str(a + b) : UNKNOWN;
    }
    if (l.kind !== 'number' || r.kind !== 'number') return UNKNOWN;
    const a = l.value;
    const b = r.value;
    switch (op) {
      case K.PlusToken:
        return num(a + b);
      case K.MinusToken:
        return num(a - b);
      case K.AsteriskToken:
        return num(a * b);
      case K.SlashToken:
        return b === 0 ? UNKNOWN : num(a / b);
      case K.PercentToken:
        return b === 0 ? UNKNOWN : num(a % b);
      case K.AsteriskAsteriskToken:
        return num(a ** b);
      case K.LessThanToken:
        return bool(a < b);
      case K.LessThanEqualsToken:
        return bool(a <= b);
      case K.GreaterThanToken:
        return bool(a > b);
      case K.GreaterThanEqualsToken:
        return bool(a >= b);
      default:
        return UNKNOWN;
    }
  }

  /** Assigns to a target expression: a name, `obj.key`, `arr[i]`, or a destructuring pattern. */
  private assignTo(target: ts.Expression, value: Value, valueNode: ts.Expression | null): void {
    if (T.isParenthesizedExpression(target) || T.isNonNullExpression(target) || T.isAsExpression(target)) {
      this.assignTo(target.expression, value, valueNode);
      return;
    }
    if (T.isIdentifier(target)) {
      this.assignName(target.text, value);
      return;
    }
    if (T.isPropertyAccessExpression(target) || T.isElementAccessExpression(target)) {
      const owner = this.eval(target.expression);
      const key = T.isPropertyAccessExpression(target) ? str(target.name.text) : this.eval(target.argumentExpression);
      this.setMember(owner, key, value, valueNode, target);
      return;
    }
    if (T.isArrayLiteralExpression(target)) {
      const items = this.destructured(value, target.elements.length, target.elements.some(T.isSpreadElement));
      target.elements.forEach((el, i) => {
        if (T.isOmittedExpression(el)) return;
        if (T.isSpreadElement(el)) this.assignTo(el.expression, items ? seq(items.slice(i)) : UNKNOWN, null);
        else this.assignTo(el, items ? (items[i] ?? NONE) : UNKNOWN, null);
      });
      return;
    }
    if (T.isObjectLiteralExpression(target)) {
      for (const p of target.properties) {
        if (T.isShorthandPropertyAssignment(p)) this.assignName(p.name.text, this.member(value, p.name.text, null));
        else if (T.isPropertyAssignment(p))
          this.assignTo(p.initializer, this.member(value, nameOf(p.name), null), null);
      }
    }
  }

  private setMember(owner: Value, key: Value, value: Value, valueNode: ts.Expression | null, target: ts.Node): void {
    const instance = opaqueData<InstanceData>(owner, 'instance');
    if (instance) {
      if (key.kind === 'string') this.flow.write(instance.attrs, key.value, value);
      else instance.attrs.clear();
      return;
    }
    const obj = asObject(owner);
    if (obj) {
      if (key.kind !== 'string') {
        obj.exact = false;
        for (const p of obj.props.values()) p.value = UNKNOWN;
        return;
      }
      // `cfg.units = 2`: the assignment's right side is where the value is written.
      this.flow.write(
        obj.props,
        key.value,
        { value, valueNode, propNode: valueNode ? target.parent : null, noText: !valueNode, at: target },
        0,
        joinProps,
      );
      return;
    }
    if (
      owner.kind === 'sequence' &&
      key.kind === 'number' &&
      Number.isInteger(key.value) &&
      key.value >= 0 &&
      key.value <= owner.items.length
    ) {
      owner.items[key.value] = value;
      delete owner.elements;
      return;
    }
    const cls = asClass(owner);
    if (cls && key.kind === 'string') cls.statics.set(key.value, value);
  }

  private evalArray(node: ts.ArrayLiteralExpression): Value {
    const items: Value[] = [];
    const elements: NonNullable<Extract<Value, { kind: 'sequence' }>['elements']> = [];
    let exact = true;
    const written = node.elements;
    written.forEach((el, i) => {
      if (T.isSpreadElement(el)) {
        const expanded = this.iterate(this.eval(el.expression));
        if (expanded) items.push(...expanded);
        else items.push(UNKNOWN);
        exact = false;
        return;
      }
      if (T.isOmittedExpression(el)) {
        items.push(NONE);
        exact = false;
        return;
      }
      const value = this.eval(el);
      items.push(value);
      const removal =
        i + 1 < written.length
          ? { start: el.getStart(), end: written[i + 1].getStart() }
          : i > 0
            ? { start: written[i - 1].end, end: el.end }
            : { start: el.getStart(), end: el.end };
      elements.push({
        value,
        span: { start: el.getStart(), end: el.end },
        removal,
        literal: T.isStringLiteral(el) || T.isNumericLiteral(el),
      });
    });
    if (tooManyItems(items)) return UNKNOWN; // `[...a, ...a]` doubling, `[a, a]` nesting
    const result: Value = { kind: 'sequence', items, tuple: false };
    if (exact) result.elements = elements;
    return result;
  }

  private evalObject(node: ts.ObjectLiteralExpression): Value {
    const obj: JsObject = newObject(node);
    const put = (key: string, prop: Prop) => {
      obj.props.delete(key); // later keys win and keep source order
      obj.props.set(key, prop);
    };
    for (const p of node.properties) {
      if (T.isPropertyAssignment(p)) {
        let key: string | null = nameOf(p.name);
        if (T.isComputedPropertyName(p.name)) {
          const k = this.eval(p.name.expression);
          key = k.kind === 'string' ? k.value : k.kind === 'number' ? String(k.value) : null;
        }
        const value = this.eval(p.initializer, key ?? '');
        if (key === null) {
          obj.exact = false;
          continue;
        }
        put(key, { value, valueNode: p.initializer, propNode: p, noText: false, at: p.initializer });
      } else if (T.isShorthandPropertyAssignment(p)) {
        // `{units}`: the value is written elsewhere; replacing the name here would break the code.
        put(p.name.text, { value: this.lookup(p.name.text), valueNode: p.name, propNode: p, noText: true, at: p.name });
      } else if (T.isSpreadAssignment(p)) {
        const source = this.eval(p.expression);
        const from = asObject(source);
        if (from) {
          for (const [k, prop] of from.props) put(k, { ...prop, noText: true, at: p });
          if (!from.exact) obj.exact = false;
        } else if (source.kind !== 'none') {
          // Anything before the spread may have been overridden by it.
          for (const prop of obj.props.values()) {
            prop.value = UNKNOWN;
            prop.noText = true;
            prop.at = p;
          }
          obj.exact = false;
        }
      } else if (T.isMethodDeclaration(p) || T.isGetAccessorDeclaration(p)) {
        const f = this.newFunction(p, nameOf(p.name));
        put(nameOf(p.name), { value: fnValue(f), valueNode: null, propNode: p, noText: true, at: p });
      }
    }
    return opaque('object', obj);
  }

  evalArgs(list: ts.NodeArray<ts.Expression> | undefined, call: ts.CallExpression | ts.NewExpression): EvaluatedArgs {
    const args: EvaluatedArgs = { positional: [], opaqueSpread: false, written: list ?? [], call };
    for (const a of list ?? []) {
      if (T.isSpreadElement(a)) {
        const items = this.iterate(this.eval(a.expression));
        if (items) for (const item of items) args.positional.push({ value: item, node: a, spread: true });
        else args.opaqueSpread = true;
      } else {
        args.positional.push({ value: this.eval(a), node: a });
      }
    }
    return args;
  }

  private evalCall(node: ts.CallExpression): Value {
    const callee = node.expression;
    if (callee.kind === K.SuperKeyword) return this.callSuper(this.evalArgs(node.arguments, node));
    if (
      callee.kind === K.ImportKeyword ||
      (T.isIdentifier(callee) && callee.text === 'require' && !this.frame.scope.lookup('require'))
    ) {
      const spec = node.arguments[0];
      return spec && T.isStringLiteralLike(spec) ? this.moduleValue(spec.text) : UNKNOWN;
    }
    let target: Value;
    let self: Value = UNKNOWN;
    if (T.isPropertyAccessExpression(callee)) {
      self = this.eval(callee.expression);
      target = this.member(self, callee.name.text, callee.expression);
    } else if (T.isElementAccessExpression(callee)) {
      self = this.eval(callee.expression);
      target = this.element(self, this.eval(callee.argumentExpression), callee.expression);
    } else {
      target = this.eval(callee);
    }
    const args = this.evalArgs(node.arguments, node);
    if (target.kind === 'unknown' && T.isPropertyAccessExpression(callee) && ITERATION_METHODS.has(callee.name.text)) {
      // `sizes.forEach((units, i) => model.add(...))` over an array we cannot see: the callback
      // runs now, maybe (like a loop over an unknown iterable), so layers keep their order.
      for (const arg of args.positional) {
        if (asFunction(arg.value))
          this.flow.maybe(() => {
            this.callWith(arg.value, [UNKNOWN, UNKNOWN, UNKNOWN], node);
            return 'normal';
          });
      }
      return UNKNOWN;
    }
    return this.call(target, args, node, callee, self);
  }

  /** Calls any callable value. */
  call(target: Value, args: EvaluatedArgs, node: ts.CallExpression, callee: ts.Expression, self: Value): Value {
    const f = asFunction(target);
    if (f) return this.callFunction(f, args, self);
    const bound = opaqueData<{ self: Value; fn: FunctionData }>(target, 'bound');
    if (bound) return this.callFunction(bound.fn, args, bound.self);
    if (target.kind === 'ref') {
      if (target.path.startsWith('builtin.')) return this.callBuiltin(target.path.slice(8), args);
      return this.tfjs.callRef(target.path, args, node, callee);
    }
    const method = opaqueData<MethodData>(target, 'method');
    if (method) return this.tfjs.callMethod(method, args, node, callee);
    if (target.kind === 'opaque' && target.tag === 'then')
      return this.callWith(args.positional[0]?.value ?? UNKNOWN, [target.data as Value], node);
    const arrayMethod = opaqueData<{ receiver: Extract<Value, { kind: 'sequence' }>; name: string }>(
      target,
      'array-method',
    );
    if (arrayMethod) return this.callArrayMethod(arrayMethod.receiver, arrayMethod.name, args, node);
    // Anything else we cannot call, but functions passed to it may still run later (callbacks).
    return UNKNOWN;
  }

  /** Calls a value with plain argument values (array callbacks, `.then`, `tf.tidy`). */
  callWith(target: Value, values: Value[], node: ts.CallExpression): Value {
    const args: EvaluatedArgs = {
      positional: values.map((value) => ({ value, node })),
      opaqueSpread: false,
      written: null,
      call: node,
    };
    const f = asFunction(target);
    if (f) return this.callFunction(f, args, UNKNOWN);
    const bound = opaqueData<{ self: Value; fn: FunctionData }>(target, 'bound');
    if (bound) return this.callFunction(bound.fn, args, bound.self);
    return UNKNOWN;
  }

  private evalNew(node: ts.NewExpression): Value {
    const target = this.eval(node.expression);
    const args = this.evalArgs(node.arguments, node);
    const cls = asClass(target);
    if (cls) return this.instantiate(cls, args, node);
    // `new tf.X(...)` (a CustomCallback, an optimizer class): nothing the rules read is built this way.
    return UNKNOWN;
  }

  // ---------------------------------------------------------- member access

  /** `owner.name`. `ownerNode` is where the owner is written (for `model.add` receivers). */
  member(owner: Value, name: string, ownerNode: ts.Node | null): Value {
    if (owner.kind === 'ref') return { kind: 'ref', path: `${owner.path}.${name}` };
    // Promises are seen through, so `.then(cb)` calls cb with the value itself.
    if (name === 'then' && !opaqueData(owner, 'instance') && !asObject(owner)?.props.has('then'))
      return opaque('then', owner);
    const obj = asObject(owner);
    if (obj) return obj.props.get(name)?.value ?? (obj.exact ? NONE : UNKNOWN);
    if (owner.kind === 'sequence') {
      if (name === 'length') return owner.inexact ? UNKNOWN : num(owner.items.length);
      return opaque('array-method', { receiver: owner, name });
    }
    if (owner.kind === 'string') return name === 'length' ? num(owner.value.length) : UNKNOWN;
    const instance = opaqueData<InstanceData>(owner, 'instance');
    if (instance) {
      const own = instance.attrs.get(name);
      if (own !== undefined) return own;
      const getter = this.findMethod(instance.cls, name, 'getters');
      if (getter) return this.callFunction(getter, emptyArgs(false), owner);
      const method = this.findMethod(instance.cls, name);
      if (method) return opaque('bound', { self: owner, fn: method });
      return UNKNOWN;
    }
    const cls = asClass(owner);
    if (cls) return cls.statics.get(name) ?? UNKNOWN;
    return this.tfjs.attribute(owner, name, ownerNode);
  }

  private element(owner: Value, key: Value, ownerNode: ts.Node): Value {
    if (owner.kind === 'sequence' && key.kind === 'number') {
      const i = key.value;
      return Number.isInteger(i) && i >= 0 && !owner.inexact ? (owner.items[i] ?? NONE) : UNKNOWN;
    }
    if (owner.kind === 'string' && key.kind === 'number') return str(owner.value.charAt(key.value));
    if (key.kind === 'string') return this.member(owner, key.value, ownerNode);
    if (key.kind === 'number' && owner.kind !== 'sequence') return this.member(owner, String(key.value), ownerNode);
    return UNKNOWN;
  }

  /** The items of an iterable value when known. */
  iterate(v: Value): Value[] | null {
    if (v.kind === 'sequence') return v.inexact ? null : v.items;
    if (v.kind === 'string' && v.value.length <= MAX_UNROLL) return [...v.value].map(str);
    return null;
  }

  // ------------------------------------------------------------- built-ins

  private callArrayMethod(
    receiver: Extract<Value, { kind: 'sequence' }>,
    name: string,
    args: EvaluatedArgs,
    node: ts.CallExpression,
  ): Value {
    const a = args.positional.map((p) => p.value);
    const items = receiver.items;
    const fnArg = a[0] ?? UNKNOWN;
    switch (name) {
      case 'push':
      case 'unshift': {
        if (args.opaqueSpread) return UNKNOWN;
        if (this.flow.conditional) receiver.inexact = true;
        // Pushed by code that may not run: layers are kept (they are conditional themselves), anything else is unknown there.
        const kept = a.map((v) =>
          !this.flow.conditional || v.kind === 'layer' || v.kind === 'tensor' || v.kind === 'model' || pixelsOf(v)
            ? v
            : UNKNOWN,
        );
        if (name === 'push') items.push(...kept);
        else items.unshift(...kept);
        delete receiver.elements; // pushed items have no element text in the literal
        return num(items.length);
      }
      case 'pop':
        delete receiver.elements;
        return items.pop() ?? NONE;
      case 'concat': {
        const out = [...items];
        for (const v of a) {
          if (v.kind === 'sequence') out.push(...v.items);
          else out.push(v);
        }
        return seq(out);
      }
      case 'slice': {
        const start = a[0]?.kind === 'number' ? a[0].value : a[0] ? null : 0;
        const end = a[1]?.kind === 'number' ? a[1].value : a[1] ? null : items.length;
        return start === null || end === null ? UNKNOWN : seq(items.slice(start, end));
      }
      case 'map':
        if (items.length > MAX_UNROLL) return UNKNOWN;
        return seq(items.map((item, i) => this.callWith(fnArg, [item, num(i)], node)));
      case 'forEach':
        if (items.length > MAX_UNROLL) return NONE;
        items.forEach((item, i) => this.callWith(fnArg, [item, num(i)], node));
        return NONE;
      case 'reduce': {
        if (items.length > MAX_UNROLL) return UNKNOWN;
        // `layers.reduce((x, layer) => layer.apply(x), input)`: a common way to chain layers.
        let acc = a.length > 1 ? a[1] : (items[0] ?? UNKNOWN);
        const rest = a.length > 1 ? items : items.slice(1);
        rest.forEach((item, i) => (acc = this.callWith(fnArg, [acc, item, num(i)], node)));
        return acc;
      }
      case 'filter': {
        const out: Value[] = [];
        for (const [i, item] of items.entries()) {
          const keep = truthy(this.callWith(fnArg, [item, num(i)], node));
          if (keep === null) return UNKNOWN;
          if (keep) out.push(item);
        }
        return seq(out);
      }
      case 'includes': {
        const found = items.map((item) => strictEqual(item, a[0] ?? NONE));
        return found.includes(true) ? bool(true) : found.includes(null) ? UNKNOWN : bool(false);
      }
      case 'join': {
        const sep = a[0]?.kind === 'string' ? a[0].value : a[0] ? null : ',';
        const parts = items.map((v) => (v.kind === 'string' || v.kind === 'number' ? String(v.value) : null));
        return sep === null || parts.includes(null) ? UNKNOWN : str(parts.join(sep));
      }
      default:
        return UNKNOWN;
    }
  }

  private callBuiltin(path: string, args: EvaluatedArgs): Value {
    const a = args.positional.map((p) => p.value);
    const nums = a.map((v) => (v.kind === 'number' ? v.value : null));
    const allNums = nums.length > 0 && nums.every((n) => n !== null);
    if (Object.hasOwn(MATH, path))
      return allNums && !args.opaqueSpread ? num(MATH[path](...(nums as number[]))) : UNKNOWN;
    switch (path) {
      case 'Number':
      case 'parseInt':
      case 'parseFloat': {
        const v = a[0];
        if (v?.kind === 'number') return path === 'parseInt' ? num(Math.trunc(v.value)) : v;
        if (v?.kind === 'string') {
          const n =
            path === 'parseInt' ? parseInt(v.value, 10) : path === 'parseFloat' ? parseFloat(v.value) : Number(v.value);
          return Number.isFinite(n) ? num(n) : UNKNOWN;
        }
        return UNKNOWN;
      }
      case 'String': {
        const v = a[0];
        return v?.kind === 'string' || v?.kind === 'number' || v?.kind === 'bool' ? str(String(v.value)) : UNKNOWN;
      }
      case 'Object.assign': {
        const target = asObject(a[0] ?? UNKNOWN);
        if (!target) return UNKNOWN;
        for (const source of a.slice(1)) {
          const from = asObject(source);
          if (from) for (const [k, prop] of from.props) target.props.set(k, { ...prop, noText: true });
          if (!from?.exact) {
            target.exact = false;
            if (!from) for (const p of target.props.values()) p.value = UNKNOWN;
          }
        }
        return a[0];
      }
      case 'Object.keys': {
        const obj = asObject(a[0] ?? UNKNOWN);
        return obj?.exact ? seq([...obj.props.keys()].map(str)) : UNKNOWN;
      }
      case 'Array.from':
        return a[0]?.kind === 'sequence' && a.length === 1 ? seq([...a[0].items]) : UNKNOWN;
      case 'Promise.resolve':
        return a[0] ?? NONE;
      case 'Promise.all':
        return a[0]?.kind === 'sequence' ? seq([...a[0].items]) : UNKNOWN;
      default:
        if (path.startsWith('console.')) return NONE;
        return UNKNOWN;
    }
  }

  /** Module-level names bound to tfjs symbols (`tf`, `layers`, `sequential`…) → their `tf.` path, for fixes. */
  tfBindings(): Map<string, string> {
    const out = new Map<string, string>();
    for (const [name, v] of this.module.vars)
      if (v.kind === 'ref' && (v.path === 'tf' || v.path.startsWith('tf.'))) out.set(name, v.path);
    if (this.usesGlobalTf && !this.module.vars.has('tf')) out.set('tf', 'tf');
    return out;
  }

  modelOf(v: Value): ModelIR | null {
    return v.kind === 'model' ? v.model : null;
  }
}
