/**
 * The Python front end's interpreter: it runs the module body over abstract
 * values (constants, imports, user functions and classes, Keras objects)
 * without executing anything. Where it cannot know a value it says `unknown`,
 * and rules stay silent on unknowns.
 *
 * This file only translates Python syntax. Frames, the step budget, branches
 * and loops nobody can decide, and running the functions nobody calls are the
 * flow engine's (../engine/flow.ts); what Keras calls mean is keras-calls.ts
 * over the shared construction layer (../construction/).
 */
import { initializerOutput } from '../construction/concrete-tensors';
import { FRAMEWORK_CALLS } from '../construction/framework-calls';
import { MODEL_PARAMS } from '../construction/model-calls';
import { mathConstant } from './math-module';
import { arrayOf, arrayValue, MAX_SCHEDULE_LENGTH } from '../array-data';
import { FlowEngine, type UncalledRun } from '../engine/flow';
import type { Signal } from '../engine/signal';
import { mergeValues } from '../engine/merge';
import type { ModelIR, Span, TensorNode, Value } from '../ir';
import type { ParamCount } from '../rules/rule';
import { UNKNOWN } from '../ir';
import { MAX_VALUE_ITEMS, tooManyItems } from '../value-limits';
import type { ModelBuilder } from '../model-builder';
import { BareNames } from './bare-names';
import { bindCallSite, type EvaluatedArg, type EvaluatedArgs } from './call-site';
import { canonicalName } from './canonical';
import { BUILTINS, callBuiltin, forgetSetMembers } from './builtins';
import { callPlainMethod, isPlainMethod } from './plain-values';
import { labelsDivided } from './data-sources';
import { pixelsOf } from '../pixel-data';
import { KerasSemantics } from './keras-calls';
import { binaryOperation, compare, operatorOf, unescapePython, withOrigin } from './operators';
import { childByField, namedChildren, type SyntaxNode } from './syntax-node';
import {
  asClass,
  asFunction,
  equal,
  fn,
  generator,
  datasetItem,
  generatorItem,
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
import { OUTPUT_SHAPE_METHODS } from '../keras/subclassed-layers';

/** `super()` inside a method: the instance, and the class whose method is running. */
interface SuperData {
  self: Value;
  owner: ClassData;
}

/** Binding of a module-level name created by an import, for fixes that add imports. */
export interface ImportBinding {
  statement: SyntaxNode;
  /** `from X import ...`: X as written; `import X`: null. */
  fromModule: string | null;
  canonical: string;
}

const MAX_EXPR_DEPTH = 200;

/** List methods that change the list in place. */
const LIST_METHODS = new Set(['append', 'extend', 'insert', 'pop']);
/** Dict methods that read it (the feature-name dicts of structured-data models are iterated this way). */
const DICT_METHODS = new Set(['keys', 'values', 'items', 'get']);

interface DictMethod {
  dict: Extract<Value, { kind: 'dict' }>;
  name: string;
}

/** A string's method read off it (plain-values.ts). */
interface PlainMethod {
  receiver: Value;
  name: string;
}

interface ListMethod {
  list: Extract<Value, { kind: 'sequence' }>;
  name: string;
}
const MAX_UNROLL = 256;
const NONE: Value = Object.freeze({ kind: 'none' }) as Value;

/** Modules whose star imports cannot hide a Keras name the file uses bare. */
const FRAMEWORK_MODULES = new Set(['keras', 'tf', 'np', 'pd', 'math', 'os', 'sys']);

/** Exceptions a failed import raises: handlers for them are the other way to import the same names. */
const IMPORT_ERRORS = new Set(['ImportError', 'ModuleNotFoundError']);

export class PythonInterpreter {
  readonly flow: FlowEngine<Scope, FunctionData>;
  readonly module = new Scope(null, 'module', 1);
  readonly imports = new Map<string, ImportBinding>();
  private readonly starImports: string[] = [];
  /** Keras names used without an import (pasted snippets, notebooks without their import cell). */
  readonly bare: BareNames;
  /** A `from … import *` of a module that is not a framework's: any unbound name may come from it. */
  private unknownStarImport = false;
  private exprDepth = 0;
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
    this.flow = new FlowEngine({
      budget: Math.max(200_000, source.length * 5),
      maxCallDepth: 8,
      maxUnroll: MAX_UNROLL,
    });
    this.keras = new KerasSemantics(this);
    this.bare = new BareNames(source);
    this.module.vars.set('__name__', str('__main__'));
  }

  get conditional(): boolean {
    return this.flow.conditional;
  }

  text(node: SyntaxNode | Span): string {
    return this.source.slice(node.start, node.end);
  }

  /** Runs the module's top-level statements (streamed: each may be copied only when reached). */
  run(statements: Iterable<SyntaxNode>): void {
    this.flow.inFrame(this.module, null, UNKNOWN, () => {
      this.execBlock(statements);
      this.flow.runUncalled(() => this.uncalled());
    });
  }

  /**
   * Module-level helpers nobody called: functions, classes never instantiated
   * (custom layers aside), and the methods of helper classes (an Experiment
   * with a build() method).
   */
  private uncalled(): UncalledRun[] {
    const runs: UncalledRun[] = [];
    for (const cls of this.definedClasses) {
      const methods =
        cls.kerasModel || cls.kerasLayer
          ? []
          : [...cls.scope.vars.values()]
              .map(asFunction)
              .filter((m): m is FunctionData => !!m && !this.flow.wasCalled(m.node));
      const instantiate = !this.instantiated.has(cls) && !cls.kerasLayer;
      if (!instantiate && methods.length === 0) continue;
      runs.push({
        pos: cls.node.start,
        run: () => {
          if (!this.instantiated.has(cls) && !cls.kerasLayer) this.instantiate(cls, emptyArgs(), cls.node);
          const self = this.instances.get(cls);
          for (const m of methods)
            if (self && !this.flow.wasCalled(m.node)) this.callFunction(m, emptyArgs(), self, m.node);
        },
      });
    }
    for (const f of this.definedFunctions) {
      if (!this.flow.wasCalled(f.node))
        runs.push({ pos: f.node.start, run: () => this.callFunction(f, emptyArgs(), null, f.node) });
    }
    return runs;
  }

  private get frame() {
    return this.flow.frame;
  }

  /** Writes a variable of `scope` (through the engine, so undecided branches can be merged). */
  private setVar(scope: Scope, name: string, value: Value): void {
    this.flow.write(scope.vars, name, value, scope.depth);
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
    this.flow.tick();
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
      case 'while_statement':
        return this.execWhile(node);
      case 'try_statement':
        return this.execTry(node);
      case 'with_statement':
        return this.execWith(node);
      case 'match_statement':
        return this.execMatch(node);
      case 'return_statement': {
        const value = namedChildren(node)[0];
        this.frame.returns.push(value ? this.eval(value) : NONE);
        return 'return';
      }
      case 'raise_statement':
        for (const child of namedChildren(node)) this.eval(child);
        return 'throw';
      case 'break_statement':
        return 'break';
      case 'continue_statement':
        return 'continue';
      case 'global_statement':
        for (const id of namedChildren(node)) this.frame.scope.globals.add(this.text(id));
        return 'normal';
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

  /** Runs `body` as code that may or may not execute (an operand nobody knows is evaluated). */
  private underCondition<T>(body: () => T): T {
    return this.flow.underCondition(body);
  }

  private block(node: SyntaxNode | undefined): () => Signal {
    return () => (node ? this.execBlock(node.children) : 'normal');
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
    // Decide arms in order while conditions are known.
    let i = 0;
    for (; i < arms.length; i++) {
      const arm = arms[i];
      if (!arm.cond) return this.block(arm.body)();
      const t = truthy(this.eval(arm.cond));
      if (t === true) return this.block(arm.body)();
      if (t === null) break;
    }
    if (i >= arms.length) return 'normal';
    // From arm i on, nobody can tell which arm runs: each later condition is
    // asked in the state before the `if` (it is another path, not a sequel).
    const paths = [this.block(arms[i].body)];
    let exhaustive = false;
    for (let j = i + 1; j < arms.length && !exhaustive; j++) {
      const arm = arms[j];
      const t = arm.cond ? truthy(this.underCondition(() => this.eval(arm.cond!))) : true;
      if (t === false) continue;
      paths.push(this.block(arm.body));
      if (t === true) exhaustive = true;
    }
    return this.flow.runArms(paths, !exhaustive);
  }

  /** A loop's `else:` runs when the loop ends without `break`: for sure when its body has none, else maybe. */
  private loopElse(node: SyntaxNode, body: SyntaxNode): Signal {
    const alternative = node.children.find((c) => c.type === 'else_clause');
    const block = alternative && childByField(alternative, 'body');
    if (!block) return 'normal';
    if (!this.text(body).includes('break')) return this.execBlock(block.children);
    return this.flow.maybe(this.block(block));
  }

  private execFor(node: SyntaxNode): Signal {
    const left = childByField(node, 'left');
    const right = childByField(node, 'right');
    const body = childByField(node, 'body');
    if (!left || !right || !body) return 'normal';
    const iterable = this.eval(right);
    const generated = generatorItem(iterable) ?? datasetItem(iterable);
    const signal = this.flow.forEach(
      this.iterate(iterable),
      (item) => this.assign(left, generated ?? item),
      this.block(body),
      null,
    );
    return signal === 'normal' ? this.loopElse(node, body) : signal;
  }

  private execWhile(node: SyntaxNode): Signal {
    const condition = childByField(node, 'condition');
    const body = childByField(node, 'body');
    if (!condition || !body) return 'normal';
    const signal = this.flow.loop(
      () => truthy(this.eval(condition)),
      this.block(body),
      () => {},
      null,
    );
    return signal === 'normal' ? this.loopElse(node, body) : signal;
  }

  /**
   * `try`: the body may stop anywhere and hand over to a handler, so the body
   * (then `else`) and each handler are paths nobody can choose between.
   * Handlers of failed imports are not paths: the analysis assumes imports work.
   */
  private execTry(node: SyntaxNode): Signal {
    const body = childByField(node, 'body');
    const elseBlock = node.children.find((c) => c.type === 'else_clause');
    const finallyBlock = node.children
      .find((c) => c.type === 'finally_clause')
      ?.children.find((c) => c.type === 'block');
    const handlers = node.children.filter(
      (c) => (c.type === 'except_clause' || c.type === 'except_group_clause') && !this.catchesOnlyImportErrors(c),
    );
    const happy = (): Signal => {
      const signal = this.block(body)();
      const alternative = elseBlock && childByField(elseBlock, 'body');
      return signal === 'normal' && alternative ? this.execBlock(alternative.children) : signal;
    };
    let signal =
      handlers.length === 0
        ? happy()
        : this.flow.runArms([happy, ...handlers.map((h) => () => this.execHandler(h))], false);
    if (finallyBlock) {
      const f = this.execBlock(finallyBlock.children);
      if (f !== 'normal') signal = f;
    }
    return signal;
  }

  private catchesOnlyImportErrors(clause: SyntaxNode): boolean {
    let caught = namedChildren(clause).find((c) => c.type !== 'block' && c.type !== 'comment');
    if (!caught) return false;
    if (caught.type === 'as_pattern') caught = namedChildren(caught)[0];
    const names =
      caught?.type === 'tuple' || caught?.type === 'parenthesized_expression' ? namedChildren(caught) : [caught];
    return names.length > 0 && names.every((n) => !!n && IMPORT_ERRORS.has(this.text(n).replace(/^builtins\./, '')));
  }

  private execHandler(clause: SyntaxNode): Signal {
    const caught = namedChildren(clause).find((c) => c.type === 'as_pattern');
    const target = caught && namedChildren(caught).find((c) => c.type === 'as_pattern_target');
    const alias = target && namedChildren(target)[0];
    if (alias) this.assign(alias, UNKNOWN);
    return this.block(namedChildren(clause).find((c) => c.type === 'block'))();
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

  /**
   * `match`: cases whose pattern is decided against a known subject (literals,
   * `_`, a capture) are picked or skipped; the others are paths nobody can
   * choose between, like the arms of an `if`.
   */
  private execMatch(node: SyntaxNode): Signal {
    const subjects = node.children.filter((c) => c.field === 'subject');
    const subject = subjects.length === 1 ? this.eval(subjects[0]) : UNKNOWN;
    for (const s of subjects.slice(subjects.length === 1 ? 1 : 0)) this.eval(s);
    const body = childByField(node, 'body') ?? node;
    const paths: (() => Signal)[] = [];
    let exhaustive = false;
    for (const clause of namedChildren(body)) {
      if (clause.type !== 'case_clause') continue;
      const patterns = namedChildren(clause).filter((c) => c.type === 'case_pattern');
      const guard = childByField(clause, 'guard');
      const block = childByField(clause, 'consequence') ?? namedChildren(clause).find((c) => c.type === 'block');
      let matched: boolean | null = patterns.length === 1 ? this.patternMatches(patterns[0], subject) : null;
      if (matched === false) continue;
      if (guard) matched = null;
      const path = () => {
        if (patterns.length === 1) this.bindCaptures(patterns[0], subject);
        if (guard) this.eval(namedChildren(guard)[0] ?? guard);
        return this.block(block)();
      };
      if (matched === true && paths.length === 0) return path();
      paths.push(path);
      if (matched === true) {
        exhaustive = true;
        break;
      }
    }
    return paths.length ? this.flow.runArms(paths, !exhaustive) : 'normal';
  }

  /** Whether a case pattern matches the subject: known for `_`, captures and literals; else null. */
  private patternMatches(pattern: SyntaxNode, subject: Value): boolean | null {
    const [inner, ...rest] = namedChildren(pattern);
    if (!inner) return true; // `case _:`
    if (rest.length) return null;
    if (inner.type === 'dotted_name') return namedChildren(inner).length === 1 ? true : null; // a capture
    const alternatives = inner.type === 'union_pattern' ? namedChildren(inner) : [inner];
    let result: boolean | null = false;
    for (const alt of alternatives) {
      if (!/^(string|concatenated_string|integer|float|true|false|none|unary_operator)$/.test(alt.type)) return null;
      const eq = equal(subject, this.eval(alt));
      if (eq === true) return true;
      if (eq === null) result = null;
    }
    return result;
  }

  /** Names a case pattern binds: the subject for a plain capture, unknown inside structures. */
  private bindCaptures(pattern: SyntaxNode, subject: Value): void {
    const [inner, ...rest] = namedChildren(pattern);
    if (!inner) return;
    if (!rest.length && inner.type === 'dotted_name' && namedChildren(inner).length === 1) {
      this.assign(namedChildren(inner)[0], subject);
      return;
    }
    const visit = (n: SyntaxNode) => {
      if (n.type === 'case_pattern') {
        const only = namedChildren(n);
        if (only.length === 1 && only[0].type === 'dotted_name' && namedChildren(only[0]).length === 1) {
          this.assign(namedChildren(only[0])[0], UNKNOWN);
          return;
        }
      }
      for (const c of namedChildren(n)) visit(c);
    };
    for (const n of [inner, ...rest]) if (n.type !== 'dotted_name') visit(n);
  }

  // ------------------------------------------------------------------ imports

  private bindImport(local: string, canonical: string, statement: SyntaxNode, fromModule: string | null): void {
    this.setVar(this.frame.scope, local, { kind: 'ref', path: canonical });
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
        const canonical = canonicalName(moduleText);
        if (!relative) this.starImports.push(canonical);
        if (relative || !FRAMEWORK_MODULES.has(canonical.split('.')[0])) this.unknownStarImport = true;
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
        this.setVar(this.frame.scope, local, UNKNOWN); // another file of the user's: not visible here
      else this.bindImport(local, canonicalName(`${moduleText}.${this.text(name)}`), node, moduleText);
    }
  }

  // ------------------------------------------------------- functions, classes

  private defineFunction(node: SyntaxNode): FunctionData | null {
    const nameNode = childByField(node, 'name');
    if (!nameNode) return null;
    const data: FunctionData = { node, name: this.text(nameNode), closure: this.frame.scope };
    this.setVar(this.frame.scope, data.name, fn(data));
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
    const kerasBase = bases
      .map((b) => (b.kind === 'ref' ? this.keras.shapeKeepingBase(b.path) : asClass(b)?.kerasBase))
      .find((b) => b !== undefined && b !== null);
    const data: ClassData = {
      node,
      name: this.text(nameNode),
      scope: new Scope(this.frame.scope, 'class', this.flow.depth + 1),
      bases,
      kerasModel: bases.some(
        (b) =>
          (b.kind === 'ref' && isKeras(b.path, ['keras.Model', 'keras.Sequential'])) || asClass(b)?.kerasModel === true,
      ),
      kerasLayer:
        !!kerasBase ||
        bases.some(
          (b) => (b.kind === 'ref' && isKeras(b.path, ['keras.layers.Layer'])) || asClass(b)?.kerasLayer === true,
        ),
      ...(kerasBase ? { kerasBase } : {}),
      kerasBatches: bases.some(
        (b) =>
          (b.kind === 'ref' && isKeras(b.path, ['keras.utils.Sequence', 'keras.utils.PyDataset'])) ||
          asClass(b)?.kerasBatches === true,
      ),
    };
    const outer = this.frame.scope;
    this.setVar(outer, data.name, { kind: 'callable', name: data.name, internal: data });
    const body = childByField(node, 'body');
    if (body) {
      this.flow.inFrame(data.scope, null, UNKNOWN, () => {
        for (const stmt of body.children) {
          if (!stmt.named) continue;
          const def = stmt.type === 'decorated_definition' ? childByField(stmt, 'definition') : stmt;
          if (def?.type === 'function_definition') {
            const f = this.defineFunction(def);
            if (f) {
              f.owner = data;
              f.closure = outer;
            }
          } else {
            this.exec(stmt);
          }
        }
      });
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
    const init = this.findMethod(cls, '__init__');
    if (cls.kerasModel && !init && functionalInitArgs(args)) {
      // `class Net(keras.Model)` without an `__init__` of its own, given inputs and outputs:
      // Keras builds a functional model of that class (Model.__init__ checks for them).
      const site = this.site(call, childByField(call, 'function') ?? call, args, MODEL_PARAMS);
      const model = this.keras.build.functionalOfClass(cls.name, site, { start: call.start, end: call.end });
      if (model.kind === 'model') {
        instance.model = model.model;
        this.noteTrainStep(instance);
        return self;
      }
    }
    if (cls.kerasModel) {
      const nameNode = childByField(cls.node, 'name') ?? cls.node;
      instance.model = this.keras.build.subclassed(cls.name, { start: nameNode.start, end: nameNode.end });
      this.noteTrainStep(instance);
    }
    if (init) this.callFunction(init, args, self, call);
    const subclassed = cls.kerasBase ? this.subclassedLayer(cls, cls.kerasBase, instance, init, args, call) : null;
    if (subclassed) return subclassed;
    if (instance.model?.kind === 'subclassed') {
      const callMethod = this.findMethod(cls, 'call');
      if (callMethod) this.keras.traceSubclassedCall(instance.model, callMethod, self);
      else instance.model.complete = false;
    }
    return self;
  }

  /**
   * An instance of a user's subclass of a built-in layer is that layer, built
   * from the arguments its `super().__init__(...)` passed (or the call's, with
   * no `__init__` of its own), shown under the subclass's name: Keras 3 takes
   * its output shape from the parent's compute_output_shape
   * (keras/subclassed-layers.ts). Null, leaving a plain instance, when the
   * subclass computes its shape itself or its parent's arguments are unknown.
   */
  private subclassedLayer(
    cls: ClassData,
    base: string,
    instance: InstanceData,
    init: FunctionData | null,
    args: EvaluatedArgs,
    call: SyntaxNode,
  ): Value | null {
    if (OUTPUT_SHAPE_METHODS.some((m) => this.findMethod(cls, m))) return null;
    const given = init ? instance.baseInit : { args, node: call, callee: childByField(call, 'function') ?? call };
    if (!given) return null;
    // Its own build(), add_weight or sublayers: weights the parent's count does not have.
    const sublayers = [...instance.attrs.values()].some(
      (v) => v.kind === 'layer' || v.kind === 'model' || opaqueData<InstanceData>(v, 'instance')?.cls.kerasLayer,
    );
    const ownWeights = instance.ownWeights === true || sublayers || this.findMethod(cls, 'build') !== null;
    return this.keras.subclassedLayer(cls.name, { base, ownWeights }, given.args, given.node, given.callee);
  }

  /**
   * `super()` in a method of a user's class: the instance seen from the class
   * after the method's owner. Null outside a method whose first parameter is an instance.
   */
  private superOf(): Value | null {
    const f = this.enclosingFunction();
    const params = f?.owner ? childByField(f.node, 'parameters') : null;
    const first = params ? namedChildren(params)[0] : null;
    if (!f?.owner || first?.type !== 'identifier') return null;
    const self = this.frame.scope.lookup(this.text(first));
    if (!self || !opaqueData<InstanceData>(self, 'instance')) return null;
    return opaque<SuperData>('super', { self, owner: f.owner });
  }

  /** `super().name`: the method of the next user class that has it, or a built-in layer's `__init__`. */
  private superAttribute({ self, owner }: SuperData, name: string): Value {
    for (const base of owner.bases) {
      const cls = asClass(base);
      const method = cls ? this.findMethod(cls, name) : null;
      if (method) return opaque('bound', { self, fn: method });
    }
    const instance = opaqueData<InstanceData>(self, 'instance');
    if (name === '__init__' && instance && owner.kerasBase && !owner.bases.some((b) => asClass(b)?.kerasBase))
      return opaque('base-init', instance);
    if (name === '__init__' && instance?.model) return opaque('model-init', instance);
    return UNKNOWN;
  }

  private noteTrainStep(instance: InstanceData): void {
    const trainStep = this.findMethod(instance.cls, 'train_step');
    if (!trainStep || !instance.model) return;
    const name = childByField(trainStep.node, 'name') ?? trainStep.node;
    instance.model.ownTrainStep = { start: name.start, end: name.end };
  }

  /**
   * The first batch of a generator or of a keras.utils.Sequence / PyDataset
   * defined in the file, as Keras reads it (`__getitem__(0)`); null for any
   * other value. Every batch
   * has the shapes of the first but the last one's row count, which Keras
   * leaves variable anyway.
   */
  firstBatch(v: Value, node: SyntaxNode): Value | null {
    const generated = generatorItem(v);
    if (generated) return generated;
    const instance = opaqueData<InstanceData>(v, 'instance');
    const getItem = instance?.cls.kerasBatches ? this.findMethod(instance.cls, '__getitem__') : null;
    if (!getItem) return null;
    const index: EvaluatedArgs = {
      positional: [{ value: num(0), node, full: node }],
      keyword: new Map(),
      written: [],
      argList: null,
      opaqueSplat: false,
    };
    return this.callFunction(getItem, index, v, node);
  }

  /** Inlines a user function: binds parameters, runs the body, returns the join of its returns. */
  callFunction(f: FunctionData, args: EvaluatedArgs, self: Value | null, _callNode: SyntaxNode): Value {
    if (!this.flow.canCall(f)) {
      this.flow.markCalled(f.node);
      return UNKNOWN;
    }
    const scope = new Scope(f.closure, 'function', this.flow.depth + 1);
    this.bindParameters(f, scope, args, self);
    const body = childByField(f.node, 'body');
    if (f.node.type === 'lambda') {
      return this.flow.call(f.node, f, scope, UNKNOWN, NONE, (frame) => {
        frame.returns.push(body ? this.eval(body) : UNKNOWN);
        return 'return';
      });
    }
    if (body && isGenerator(f.node, this.text(f.node))) {
      // Python runs a generator's body as it is iterated; running it here gives the items it hands out.
      let yields: Value[] = [];
      this.flow.call(f.node, f, scope, UNKNOWN, NONE, (frame) => {
        const signal = this.execBlock(body.children);
        yields = [...(frame.yields?.values() ?? [])];
        return signal;
      });
      return generator(yields.length > 0 ? mergeValues(yields) : UNKNOWN);
    }
    return this.flow.call(f.node, f, scope, UNKNOWN, NONE, () => (body ? this.execBlock(body.children) : 'normal'));
  }

  private bindParameters(f: FunctionData, scope: Scope, args: EvaluatedArgs, self: Value | null): void {
    const params = childByField(f.node, 'parameters');
    const positional = [...args.positional.map((a) => a.value)];
    if (self) positional.unshift(self);
    let index = 0;
    const named = new Set<string>();
    let kwargs: string | null = null;
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
        case 'list_splat_pattern': {
          const id = namedChildren(p)[0];
          if (id) scope.vars.set(this.text(id), UNKNOWN);
          continue;
        }
        case 'dictionary_splat_pattern': {
          const id = namedChildren(p)[0];
          if (id) kwargs = this.text(id);
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
      named.add(name);
      scope.vars.set(name, value);
    }
    // `**kwargs`: the keywords no named parameter took (`Conv2D(**kwargs)` in a wrapper's __init__).
    if (kwargs !== null) {
      const entries = new Map<string, Value>();
      for (const [key, arg] of args.keyword) if (!named.has(key)) entries.set(key, arg.value);
      scope.vars.set(kwargs, args.opaqueSplat ? UNKNOWN : { kind: 'dict', entries });
    }
  }

  private evalIn(scope: Scope, node: SyntaxNode): Value {
    return this.flow.inFrame(scope, null, UNKNOWN, () => this.eval(node));
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
    const value = this.binary(this.text(op).replace('=', ''), current, this.eval(right), node);
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
        this.setVar(scope, name, value);
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
        const star = targets.findIndex((t) => t.type === 'list_splat_pattern');
        const items = this.unpacked(value, star < 0 ? targets.length : null);
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
        if (instance) this.flow.write(instance.attrs, this.text(attr), value);
        else if (this.text(attr) === 'trainable') this.keras.build.setTrainable(owner, value);
        return;
      }
      case 'subscript': {
        const object = childByField(target, 'value');
        const index = childByField(target, 'subscript');
        if (!object || !index) return;
        const owner = this.eval(object);
        const key = this.eval(index);
        if (owner.kind === 'dict' && key.kind === 'string') this.flow.write(owner.entries, key.value, value);
        else if (owner.kind === 'dict') {
          // Unknown key: forget what we knew, and that we knew which keys there are.
          owner.entries.clear();
          owner.inexact = true;
        } else if (owner.kind === 'sequence' && !owner.tuple) this.setListItem(owner, key, value);
        return;
      }
      default:
        return;
    }
  }

  /**
   * `outputs[-1] = head(outputs[-1])`: the list changes in place. An index
   * that cannot be read, or a write that may not happen, leaves the item
   * unknown (a layer or tensor stays, as list methods keep it).
   */
  private setListItem(list: Extract<Value, { kind: 'sequence' }>, key: Value, value: Value): void {
    const n = list.items.length;
    const i = key.kind === 'number' && key.isInt ? (key.value < 0 ? key.value + n : key.value) : -1;
    if (list.inexact || i < 0 || i >= n) {
      list.inexact = true;
      return;
    }
    if (this.flow.conditional) {
      // Either the old item or the new one: kept only when they merge (the same value, or tensors).
      list.items[i] = mergeValues([list.items[i], value]);
      return;
    }
    list.items[i] = value;
  }

  /**
   * The items `a, b, c = value` binds: a sequence's, or the tensors of a layer
   * call that gives several (`out, h, c = LSTM(..., return_state=True)(x)`).
   */
  private unpacked(value: Value, count: number | null): Value[] | null {
    if (value.kind === 'tensor' && count !== null && count > 1) {
      const nodes = this.keras.build.outputsOf(value.node, count);
      return nodes ? nodes.map((node): Value => ({ kind: 'tensor', node })) : null;
    }
    return this.iterate(value);
  }

  // -------------------------------------------------------------- expressions

  eval(node: SyntaxNode): Value {
    if (this.exprDepth > MAX_EXPR_DEPTH) return UNKNOWN;
    this.exprDepth++;
    this.flow.tick();
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
      case 'ellipsis':
        // `x[..., None]`: data subscripts read it (data-sources.ts); anything else treats it as unknown.
        return opaque('ellipsis', null);
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
        return this.binary(this.text(op), this.eval(left), this.eval(right), node);
      }
      case 'unary_operator': {
        const arg = childByField(node, 'argument');
        const op = operatorOf(node);
        const v = arg ? this.eval(arg) : UNKNOWN;
        if (v.kind !== 'number' || !op) return op ? this.unaryOfTensor(this.text(op), v, node) : UNKNOWN;
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
        return this.underCondition(() => mergeValues([this.eval(a), this.eval(b)]));
      }
      case 'subscript':
        return this.evalSubscript(node);
      case 'lambda':
        return fn({ node, name: '<lambda>', closure: this.frame.scope });
      case 'list_comprehension':
      case 'generator_expression':
      case 'dictionary_comprehension':
        return this.evalComprehension(node);
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
      case 'yield': {
        const inner = namedChildren(node)[0];
        const delegated = node.children.some((c) => c.type === 'from');
        const item = inner ? this.eval(inner) : NONE;
        const yields = (this.frame.yields ??= new Map());
        if (!yields.has(node)) yields.set(node, delegated ? UNKNOWN : item);
        // What the caller sends in (`x = yield ...`) is not known.
        return UNKNOWN;
      }
      case 'assignment':
        return this.execAssignment(node);
      default:
        return UNKNOWN;
    }
  }

  private parseInteger(text: string): Value {
    // Plain decimal digits (almost every literal) need no clean-up.
    if (/^[1-9]\d*$|^0$/.test(text)) return { kind: 'number', value: Number(text), isInt: true };
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
    // A plain literal is copied without its parts (parser.ts): its value is the text between the quotes.
    if (node.children.length === 0) {
      const q =
        node.end - node.start >= 6 && this.source.startsWith(this.source[node.start].repeat(3), node.start) ? 3 : 1;
      return str(this.source.slice(node.start + q, node.end - q));
    }
    // A literal that starts with its quote has no prefix (r, b, f, u).
    const first = this.source.charCodeAt(node.start);
    const start = first === 34 || first === 39 ? undefined : node.children.find((c) => c.type === 'string_start');
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
    const bare = this.unknownStarImport ? null : this.bare.resolve(name);
    return bare ? { kind: 'ref', path: bare } : UNKNOWN;
  }

  private evalAttribute(node: SyntaxNode): Value {
    const object = childByField(node, 'object');
    const attr = childByField(node, 'attribute');
    if (!object || !attr) return UNKNOWN;
    const owner = this.eval(object);
    const name = this.text(attr);
    if (owner.kind === 'ref') {
      const path = canonicalName(`${owner.path}.${name}`);
      // np.newaxis and tf.newaxis are None (a new axis in a subscript).
      if (path === 'np.newaxis' || path === 'tf.newaxis') return NONE;
      return mathConstant(path) ?? { kind: 'ref', path };
    }
    if (owner.kind === 'sequence' && !owner.tuple && LIST_METHODS.has(name))
      return opaque<ListMethod>('list-method', { list: owner, name });
    if (owner.kind === 'dict' && DICT_METHODS.has(name))
      return opaque<DictMethod>('dict-method', { dict: owner, name });
    if (forgetSetMembers(owner)) return UNKNOWN;
    if (isPlainMethod(owner, name)) return opaque<PlainMethod>('plain-method', { receiver: owner, name });
    const parent = opaqueData<SuperData>(owner, 'super');
    if (parent) return this.superAttribute(parent, name);
    const instance = opaqueData<InstanceData>(owner, 'instance');
    if (instance) {
      const own = instance.attrs.get(name);
      if (own !== undefined) return own;
      const method = this.findMethod(instance.cls, name);
      if (method) return opaque('bound', { self: owner, fn: method });
      if (name === 'add_weight' && instance.cls.kerasLayer) {
        instance.ownWeights = true;
        return opaque('add-weight', instance);
      }
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

  /**
   * `super().__init__(inputs=inputs, outputs=outputs)` for a keras.Model
   * subclass: Keras makes the instance a functional model of its class
   * (Model.__init__ checks for inputs and outputs). Other arguments leave it subclassed.
   */
  private modelInit(instance: InstanceData, args: EvaluatedArgs, node: SyntaxNode, callee: SyntaxNode): Value {
    if (instance.model?.kind !== 'subclassed' || !functionalInitArgs(args)) return NONE;
    const site = this.site(node, callee, args, MODEL_PARAMS);
    const model = this.keras.build.functionalOfClass(instance.cls.name, site, { start: node.start, end: node.end });
    if (model.kind !== 'model') return NONE;
    this.keras.build.builder.discard(instance.model);
    instance.model = model.model;
    this.noteTrainStep(instance);
    return NONE;
  }

  /** Calls any callable value. */
  call(target: Value, args: EvaluatedArgs, node: SyntaxNode, callee: SyntaxNode): Value {
    if (target.kind === 'ref' && target.path === 'builtins.super') return this.superOf() ?? UNKNOWN;
    const baseInit = opaqueData<InstanceData>(target, 'base-init');
    if (baseInit) {
      baseInit.baseInit = { args, node, callee };
      return NONE;
    }
    const modelInit = opaqueData<InstanceData>(target, 'model-init');
    if (modelInit) return this.modelInit(modelInit, args, node, callee);
    const f = asFunction(target);
    if (f) return this.callFunction(f, args, null, node);
    const cls = asClass(target);
    if (cls) return this.instantiate(cls, args, node);
    const bound = opaqueData<{ self: Value; fn: FunctionData }>(target, 'bound');
    if (bound) {
      // `layer.build(shape)` called by the code: Keras's first call does not build the layer again.
      const built = bound.fn.name === 'build' ? opaqueData<InstanceData>(bound.self, 'instance') : null;
      if (built?.cls.kerasLayer) built.built = true;
      return this.callFunction(bound.fn, args, bound.self, node);
    }
    if (target.kind === 'ref') {
      if (target.path.startsWith('builtins.')) return callBuiltin(target.path.slice(9), args, (v) => this.iterate(v));
      return this.keras.callRef(target.path, args, node, callee);
    }
    const listMethod = opaqueData<ListMethod>(target, 'list-method');
    if (listMethod) return this.callListMethod(listMethod, args);
    if (target.kind === 'opaque' && target.tag === 'add-weight') {
      const weight = this.keras.addWeight(args, node);
      const owner = opaqueData<InstanceData>(target, 'add-weight');
      if (owner) owner.weights = this.conditional ? null : addedWeight(owner.weights, weight, args);
      return weight;
    }
    if (target.kind === 'opaque' && target.tag === 'initializer' && !args.opaqueSplat)
      return (
        initializerOutput(args.keyword.get('shape')?.value ?? args.positional[0]?.value, {
          start: node.start,
          end: node.end,
        }) ?? UNKNOWN
      );
    const dictMethod = opaqueData<DictMethod>(target, 'dict-method');
    if (dictMethod) return callDictMethod(dictMethod, args);
    const plain = opaqueData<PlainMethod>(target, 'plain-method');
    if (plain) return callPlainMethod(plain.receiver, plain.name, args, (v) => this.iterate(v));
    const method = opaqueData<MethodData>(target, 'method');
    if (method) return this.keras.callMethod(method, args, node, callee);
    if (target.kind === 'layer' || target.kind === 'model') return this.keras.applyLayer(target, args, node);
    const instance = opaqueData<InstanceData>(target, 'instance');
    if (instance) {
      const custom = this.findMethod(instance.cls, '__call__');
      const callMethod = custom ?? (instance.model ? null : this.findMethod(instance.cls, 'call'));
      if (callMethod) {
        if (instance.cls.kerasLayer && !instance.model) {
          this.buildOnFirstCall(instance, target, args, node);
          const declared = this.declaredOutput(instance, target, args, node);
          if (declared) return declared;
        }
        const result = this.callFunction(callMethod, args, target, node);
        return instance.cls.kerasLayer && !instance.model
          ? this.customLayerResult(instance.cls, result, args, node)
          : result;
      }
      if (instance.model) return this.keras.applyLayer({ kind: 'model', model: instance.model }, args, node);
      // A built-in layer's subclass not resolved to its parent (subclassedLayer): Keras's call, unknown here.
      if (instance.cls.kerasLayer) return this.customLayerResult(instance.cls, UNKNOWN, args, node);
    }
    return UNKNOWN;
  }

  /**
   * A user's layer object in a Sequential, run on the previous layer's output
   * `input` as Keras runs it when it builds the model (see
   * ModelConstructionHost.traceUserLayer). Null for anything but a custom
   * layer with a `call()`, or when the call gives no tensor.
   */
  traceUserLayer(item: Value, input: TensorNode): { output: TensorNode; ownWeights: ParamCount | null } | null {
    const instance = opaqueData<InstanceData>(item, 'instance');
    const statement = this.currentStatement;
    if (!instance?.cls.kerasLayer || instance.model || !statement) return null;
    if (!this.findMethod(instance.cls, 'call') && !this.findMethod(instance.cls, '__call__')) return null;
    const arg: EvaluatedArg = { value: { kind: 'tensor', node: input }, node: statement, full: statement };
    const args: EvaluatedArgs = {
      positional: [arg],
      keyword: new Map(),
      written: [],
      argList: null,
      opaqueSplat: false,
    };
    const result = this.call(item, args, statement, statement);
    // A call that gave no tensor stands as one opaque layer of the class (customLayerResult): nothing learnt.
    if (result.kind !== 'tensor') return null;
    if (!result.node.declaredShape && !result.node.layer.known && result.node.layer.type === instance.cls.name)
      return null;
    return { output: result.node, ownWeights: ownWeightsOf(instance) };
  }

  /**
   * A custom layer that defines `compute_output_shape`, called on one tensor:
   * Keras 3 gives its output the shape that method returns for the input's
   * shape, without running `call()` (keras/src/layers/layer.py
   * `compute_output_spec`). One layer of the class whose output has that
   * shape (TensorNode.declaredShape), unknown when the method's result cannot
   * be read. Null for a class without the method, or a call on anything but one tensor.
   */
  private declaredOutput(instance: InstanceData, self: Value, args: EvaluatedArgs, node: SyntaxNode): Value | null {
    const method = this.findMethod(instance.cls, 'compute_output_shape');
    const first = args.positional[0] ?? args.keyword.get('inputs');
    if (!method || first?.value.kind !== 'tensor') return null;
    const shapeArgs: EvaluatedArgs = {
      positional: [{ value: this.keras.build.tensorShape(first.value.node), node: first.node, full: first.full }],
      keyword: new Map(),
      written: [],
      argList: null,
      opaqueSplat: false,
    };
    const returned = this.callFunction(method, shapeArgs, self, node);
    const result = this.customLayerResult(instance.cls, UNKNOWN, args, node);
    if (result.kind !== 'tensor') return result;
    // Only a shape given as integers and None (a tuple with unknown items says nothing).
    if (
      returned.kind === 'sequence' &&
      !returned.inexact &&
      returned.items.length > 0 &&
      returned.items.every((d) => (d.kind === 'number' && d.isInt && d.value >= 0) || d.kind === 'none')
    )
      result.node.declaredShape = returned.items.map((d) => (d.kind === 'number' ? d.value : null));
    const sublayers = [...instance.attrs.values()].some(
      (v) => v.kind === 'layer' || v.kind === 'model' || opaqueData<InstanceData>(v, 'instance')?.cls.kerasLayer,
    );
    // Keras does not run call(): sublayers it would apply stay unbuilt, so their weights are not known here.
    result.node.layer.userClass = { ownWeights: sublayers ? null : ownWeightsOf(instance) };
    return result;
  }

  /**
   * Keras runs a layer's `build(input_shape)` once, before its first `call()`,
   * with the static shape of what it is called on: layers and sizes made there
   * (`self.dense = Dense(input_shape[-1])`) are then there when `call()` runs.
   */
  /** Subclassed-model traces on an input of unknown shape running (keras-calls.ts traceSubclassedCall). */
  provisionalTraces = 0;
  /** Custom layers built during such a trace: built again when the model is traced on data. */
  private provisionallyBuilt: InstanceData[] = [];

  forgetProvisionalBuilds(): void {
    for (const instance of this.provisionallyBuilt) instance.built = false;
    this.provisionallyBuilt = [];
  }

  private buildOnFirstCall(instance: InstanceData, self: Value, args: EvaluatedArgs, node: SyntaxNode): void {
    if (instance.built) return;
    instance.built = true;
    if (this.provisionalTraces > 0) this.provisionallyBuilt.push(instance);
    const build = this.findMethod(instance.cls, 'build');
    const first = args.positional[0] ?? args.keyword.get('inputs');
    if (!build || !first) return;
    const shapeOf = (v: Value): Value => (v.kind === 'tensor' ? this.keras.build.tensorShape(v.node) : UNKNOWN);
    const value = first.value;
    const shape =
      value.kind === 'sequence' && !value.inexact ? seq(value.items.map(shapeOf), value.tuple) : shapeOf(value);
    const buildArgs: EvaluatedArgs = {
      positional: [{ value: shape, node: first.node, full: first.full }],
      keyword: new Map(),
      written: [],
      argList: null,
      opaqueSplat: false,
    };
    this.callFunction(build, buildArgs, self, node);
  }

  /**
   * A custom layer applied to tensors whose `call()` did not give a tensor the
   * analyzer could follow (TensorFlow signal ops, another library): Keras
   * records it as one layer of the graph, so it stands there under its class
   * name with an unknown output, and the layers before it stay in the model.
   */
  private customLayerResult(cls: ClassData, result: Value, args: EvaluatedArgs, node: SyntaxNode): Value {
    if (holdsTensor(result)) return result;
    const first = args.positional[0] ?? args.keyword.get('inputs');
    if (!first || !holdsTensor(first.value)) return result;
    const at = { start: node.start, end: node.end };
    const layer = this.keras.build.opaqueLayer(cls.name, at);
    return this.keras.build.apply({ kind: 'layer', layer }, first.value, at, null, 'unknown');
  }

  /**
   * `layers.append(Dense(...))` and friends change the list in place. Changed
   * by code that may not run, or by an unknown number of items, the list is
   * inexact (its length is unknown); an item added there is kept when it is a
   * layer or tensor (it is conditional itself, so rules do not trust models
   * built from it), and is unknown otherwise.
   */
  private callListMethod({ list, name }: ListMethod, args: EvaluatedArgs): Value {
    if (this.flow.conditional) list.inexact = true;
    if (list.items.length >= MAX_VALUE_ITEMS && name !== 'pop') {
      // A list grown past the bound in a loop: its items are unknown from then on.
      list.inexact = true;
      return NONE;
    }
    const kept = (v: Value) =>
      !this.flow.conditional ||
      v.kind === 'layer' ||
      v.kind === 'tensor' ||
      v.kind === 'model' ||
      // Images read in a loop: a list of them is pixels whatever its length (data-sources.ts).
      pixelsOf(v)
        ? v
        : UNKNOWN;
    const a = args.positional.map((p) => p.value);
    if (args.opaqueSplat) {
      list.items.push(UNKNOWN);
      list.inexact = true;
      delete list.elements;
      return UNKNOWN;
    }
    switch (name) {
      case 'append':
        list.items.push(kept(a[0] ?? UNKNOWN));
        break;
      case 'extend': {
        const items = a[0] ? this.iterate(a[0]) : null;
        if (items) list.items.push(...items.map(kept));
        else {
          list.items.push(UNKNOWN);
          list.inexact = true;
        }
        break;
      }
      case 'insert': {
        const at = a[0]?.kind === 'number' && a[0].isInt ? a[0].value : null;
        if (at === null) {
          list.items.push(UNKNOWN);
          list.inexact = true;
        } else list.items.splice(at < 0 ? Math.max(0, list.items.length + at) : at, 0, kept(a[1] ?? UNKNOWN));
        break;
      }
      case 'pop': {
        delete list.elements;
        if (list.inexact) {
          // Which item is last is unknown; a conditional layer or tensor still stands for it (graphs stay connected).
          const last = list.items[list.items.length - 1];
          return last && (last.kind === 'tensor' || last.kind === 'layer') && a.length === 0 ? last : UNKNOWN;
        }
        if (a.length === 0) return list.items.pop() ?? UNKNOWN;
        const at = a[0]?.kind === 'number' && a[0].isInt ? a[0].value : null;
        if (at === null || list.items.length === 0) return UNKNOWN;
        return list.items.splice(at < 0 ? list.items.length + at : at, 1)[0] ?? UNKNOWN;
      }
    }
    // Added items have no element text in the literal.
    delete list.elements;
    return NONE;
  }

  /** Binds arguments by the given parameter names (for framework calls). */
  site(node: SyntaxNode, callee: SyntaxNode, args: EvaluatedArgs, params: readonly string[]) {
    return bindCallSite(node, callee, args, params, this.source);
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
    const keys = subs.map((s) =>
      s.type === 'slice' ? this.evalSlice(s) : s.type === 'ellipsis' ? opaque('ellipsis', null) : this.eval(s),
    );
    const special = this.keras.subscript(owner, keys, node);
    if (special) return special;
    if (owner.kind === 'tensor') {
      // `x[:, 0]`, `x[..., ::-1]`: an operation of the graph (Keras's GetItem).
      const framework = FRAMEWORK_CALLS.operator({
        op: '[]',
        left: owner,
        right: seq(keys, true),
        language: 'python',
        span: { start: node.start, end: node.end },
        build: this.keras.build,
      });
      if (framework !== undefined) return framework;
    }
    if (keys.length !== 1) return UNKNOWN;
    const key = keys[0];
    if (owner.kind === 'sequence') {
      if (owner.inexact) return UNKNOWN;
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
    const scope = new Scope(this.frame.scope, 'function', this.flow.depth + 1);
    const out: Value[] = [];
    // `{k: v for …}`: each key must be a string the analyzer reads, or which keys there are is unknown.
    const pairs = node.type === 'dictionary_comprehension' ? new Map<string, Value>() : null;
    let known = true;
    const run = (i: number): void => {
      if (!known) return;
      if (i === clauses.length) {
        if (!pairs) out.push(this.eval(body));
        else {
          const key = childByField(body, 'key');
          const value = childByField(body, 'value');
          const k = key ? this.eval(key) : UNKNOWN;
          if (k.kind === 'string') pairs.set(k.value, value ? this.eval(value) : UNKNOWN);
          else known = false;
        }
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
    this.flow.inFrame(scope, this.frame.fn, UNKNOWN, () => run(0));
    if (!known) return UNKNOWN;
    return pairs ? { kind: 'dict', entries: pairs } : seq(out, false);
  }

  /** `-x` of a symbolic tensor (Keras's Negative) or of a concrete one (the same shape); unknown for anything else. */
  private unaryOfTensor(op: string, v: Value, at: SyntaxNode): Value {
    if ((op === '-' || op === '+') && arrayOf(v)) return v;
    if (v.kind !== 'tensor' || op === 'not') return UNKNOWN;
    if (op === '+') return v;
    const framework = FRAMEWORK_CALLS.operator({
      op: `unary ${op}`,
      left: v,
      right: UNKNOWN,
      language: 'python',
      span: { start: at.start, end: at.end },
      build: this.keras.build,
    });
    return framework ?? UNKNOWN;
  }

  /** `l op r`; with a tensor operand, the call table's operator handlers decide first (tensor arithmetic). */
  private binary(op: string, l: Value, r: Value, at: SyntaxNode): Value {
    if (l.kind === 'tensor' || r.kind === 'tensor') {
      const framework = FRAMEWORK_CALLS.operator({
        op,
        left: l,
        right: r,
        language: 'python',
        span: { start: at.start, end: at.end },
        build: this.keras.build,
      });
      if (framework !== undefined) return framework;
    }
    const left = at.type === 'binary_operator' ? childByField(at, 'left') : undefined;
    const removal = left ? { start: left.end, end: at.end } : undefined;
    return labelsDivided(op, l, r, { start: at.start, end: at.end }, removal) ?? binaryOperation(op, l, r);
  }

  /** The items of an iterable value when known. */
  iterate(v: Value): Value[] | null {
    if (v.kind === 'sequence') return v.inexact ? null : v.items;
    if (v.kind === 'dict') return v.inexact ? null : [...v.entries.keys()].map(str);
    if (v.kind === 'string' && v.value.length <= MAX_UNROLL) return [...v.value].map(str);
    return concreteTensorItems(v);
  }

  /** The innermost user function (not lambda) whose body is running. */
  enclosingFunction(): FunctionData | null {
    return this.flow.enclosingFunction((f) => f.name !== '<lambda>');
  }

  modelOf(v: Value): ModelIR | null {
    if (v.kind === 'model') return v.model;
    return opaqueData<InstanceData>(v, 'instance')?.model ?? null;
  }
}

/**
 * `[x for x in tf.linspace(0.0, rate, depth)]` (a drop-path schedule): the
 * items of a tensor the framework made from numbers (concrete-tensors.ts), each
 * of the remaining axes, or the numbers themselves where the array keeps its
 * values (a linspace of numbers, NumPy's too: ArrayData.values). Other data
 * arrays (NumPy, loaded files) are not unrolled.
 */
function concreteTensorItems(v: Value): Value[] | null {
  const data = arrayOf(v);
  const n = data?.shape[0];
  // A schedule whose values are known (np.linspace of numbers): its numbers.
  if (data?.values && data.shape.length === 1 && data.values.length === n)
    return data.values.map((value) => ({ kind: 'number', value, isInt: false }));
  if (!data || data.weight || !data.description.startsWith('a tensor from ') || n == null || n > MAX_SCHEDULE_LENGTH)
    return null;
  const item = arrayValue({ shape: data.shape.slice(1), origin: data.origin, description: data.description });
  return Array.from({ length: n }, () => item);
}

const generators = new WeakMap<SyntaxNode, boolean>();

/** A `def` whose own body (not a nested function's) yields; `source` is its text. */
function isGenerator(def: SyntaxNode, source: string): boolean {
  let known = generators.get(def);
  if (known === undefined) {
    const yields = (node: SyntaxNode): boolean =>
      node.type === 'yield' ||
      (node.type !== 'function_definition' &&
        node.type !== 'lambda' &&
        node.type !== 'class_definition' &&
        node.children.some((child) => child.named && yields(child)));
    const body = childByField(def, 'body');
    // Most functions do not mention yield at all: no walk for them.
    known = def.type === 'function_definition' && body !== undefined && source.includes('yield') && yields(body);
    generators.set(def, known);
  }
  return known;
}

function emptyArgs(): EvaluatedArgs {
  return { positional: [], keyword: new Map(), written: [], argList: null, opaqueSplat: true };
}

/** Keras's test for a Model built functionally (`functional_init_arguments`): inputs and outputs given. */
function functionalInitArgs(args: EvaluatedArgs): boolean {
  const n = args.positional.length;
  return (
    n === 2 || (n === 1 && args.keyword.has('outputs')) || (args.keyword.has('inputs') && args.keyword.has('outputs'))
  );
}

/** A tensor, or a list or tuple holding one (a layer's inputs or outputs). */
function holdsTensor(v: Value): boolean {
  return v.kind === 'tensor' || (v.kind === 'sequence' && v.items.some((item) => item.kind === 'tensor'));
}

/** `d.keys()`, `d.values()`, `d.items()` as lists (a view iterates the same), `d.get(k, default)`. */
function callDictMethod({ dict, name }: DictMethod, args: EvaluatedArgs): Value {
  if (name === 'get') {
    const key = args.positional[0]?.value;
    if (args.opaqueSplat || key?.kind !== 'string') return UNKNOWN;
    const found = dict.entries.get(key.value);
    if (found !== undefined) return found;
    return dict.inexact ? UNKNOWN : (args.positional[1]?.value ?? NONE);
  }
  if (dict.inexact) return UNKNOWN;
  const entries = [...dict.entries];
  switch (name) {
    case 'keys':
      return seq(
        entries.map(([k]) => str(k)),
        false,
      );
    case 'values':
      return seq(
        entries.map(([, v]) => v),
        false,
      );
    default:
      return seq(
        entries.map(([k, v]) => seq([str(k), v], true)),
        false,
      );
  }
}

/** The weights a custom layer made with add_weight: zero when none, null when unknown. */
function ownWeightsOf(instance: InstanceData): ParamCount | null {
  if (!instance.ownWeights) return { trainable: 0, nonTrainable: 0 };
  return instance.weights ?? null;
}

/**
 * `soFar` plus the weight one add_weight call made (`trainable=` as written,
 * True by default); null when its shape or trainability is unknown.
 */
function addedWeight(soFar: ParamCount | null | undefined, weight: Value, args: EvaluatedArgs): ParamCount | null {
  if (soFar === null) return null;
  const shape = arrayOf(weight)?.shape;
  if (!shape || shape.some((d) => d === null) || args.opaqueSplat) return null;
  const size = (shape as number[]).reduce((a, b) => a * b, 1);
  const flag = args.keyword.get('trainable')?.value;
  if (flag && flag.kind !== 'bool') return null;
  const trainable = flag ? flag.value : true;
  const base = soFar ?? { trainable: 0, nonTrainable: 0 };
  return trainable
    ? { trainable: base.trainable + size, nonTrainable: base.nonTrainable }
    : { trainable: base.trainable, nonTrainable: base.nonTrainable + size };
}
