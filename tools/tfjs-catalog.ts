/**
 * Reads from the installed TensorFlow.js what the analyzer must know without
 * running anything: the names `compile()` and the layer factories accept, which
 * Keras class each `tf.layers.*` factory builds, optimizer parameters and
 * default learning rates, and the names `fit()` logs for each metric.
 *
 * Names come from tfjs-layers' own registries (parsed from its sources with the
 * TypeScript compiler API); what only shows at run time (logged metric names,
 * learning rates picked for optimizer strings, callback defaults) comes from
 * calling tfjs itself. Nothing here is typed in by hand.
 *
 * `npx tsx tools/extract-tfjs-catalog.ts` writes src/analyzer/tfjs/catalog.json;
 * test/unit/tfjs-catalog.test.ts checks the JSON still matches the package.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';
import type { TfjsCatalog } from '../src/analyzer/tfjs/catalog';

const root = path.resolve(__dirname, '..');
const layersDist = path.join(root, 'node_modules/@tensorflow/tfjs-layers/dist');
const coreDist = path.join(root, 'node_modules/@tensorflow/tfjs-core/dist');

function parse(file: string): ts.SourceFile {
  return ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
}

function walk(node: ts.Node, visit: (n: ts.Node) => void): void {
  visit(node);
  node.forEachChild((c) => walk(c, visit));
}

function jsFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    if (e.isDirectory() && e.name !== 'miniprogram') out.push(...jsFiles(full));
    else if (e.name.endsWith('.js') && !e.name.endsWith('_test.js') && !e.name.startsWith('tf-layers')) out.push(full);
  }
  return out;
}

/** `Foo.className = 'Bar'` assignments in a file: class identifier → registered name. */
function classNames(sf: ts.SourceFile): Map<string, string> {
  const out = new Map<string, string>();
  walk(sf, (n) => {
    if (
      ts.isBinaryExpression(n) &&
      n.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
      ts.isPropertyAccessExpression(n.left) &&
      n.left.name.text === 'className' &&
      ts.isIdentifier(n.left.expression) &&
      ts.isStringLiteral(n.right)
    ) {
      out.set(n.left.expression.text, n.right.text);
    }
  });
  return out;
}

/** Keys of `export const <name> = { a, b: c, ... }`. */
function objectKeys(sf: ts.SourceFile, name: string): string[] {
  let keys: string[] | null = null;
  walk(sf, (n) => {
    if (
      ts.isVariableDeclaration(n) &&
      ts.isIdentifier(n.name) &&
      n.name.text === name &&
      n.initializer &&
      ts.isObjectLiteralExpression(n.initializer)
    ) {
      keys = n.initializer.properties
        .map((p) => (p.name && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) ? p.name.text : ''))
        .filter(Boolean);
    }
  });
  if (!keys) throw new Error(`${sf.fileName}: no object literal ${name}`);
  return keys;
}

function layerFactories(): Record<string, string> {
  const classes = new Map<string, string>();
  for (const file of jsFiles(layersDist)) for (const [k, v] of classNames(parse(file))) classes.set(k, v);
  const sf = parse(path.join(layersDist, 'exports_layers.js'));
  const direct = new Map<string, string>();
  const forwards = new Map<string, string>();
  for (const stmt of sf.statements) {
    if (ts.isFunctionDeclaration(stmt) && stmt.name && stmt.body) {
      const ret = stmt.body.statements.find(ts.isReturnStatement)?.expression;
      if (ret && ts.isNewExpression(ret) && ts.isIdentifier(ret.expression))
        direct.set(stmt.name.text, ret.expression.text);
      else if (ret && ts.isCallExpression(ret) && ts.isIdentifier(ret.expression))
        forwards.set(stmt.name.text, ret.expression.text);
    } else if (ts.isVariableStatement(stmt)) {
      for (const d of stmt.declarationList.declarations) {
        if (ts.isIdentifier(d.name) && d.initializer && ts.isIdentifier(d.initializer))
          forwards.set(d.name.text, d.initializer.text);
      }
    }
  }
  const out: Record<string, string> = {};
  const resolve = (name: string, depth = 0): string | undefined => {
    if (direct.has(name)) return classes.get(direct.get(name)!);
    const next = forwards.get(name);
    return next && depth < 8 ? resolve(next, depth + 1) : undefined;
  };
  for (const name of [...direct.keys(), ...forwards.keys()].sort()) {
    const cls = resolve(name);
    if (cls) out[name] = cls;
  }
  return out;
}

/** Activation classes (subclasses of `Activation`) and the names they register. */
function activationNames(): string[] {
  const sf = parse(path.join(layersDist, 'activations.js'));
  const bases = new Map<string, string>();
  walk(sf, (n) => {
    if (ts.isClassDeclaration(n) && n.name) {
      const ext = n.heritageClauses?.find((h) => h.token === ts.SyntaxKind.ExtendsKeyword)?.types[0]?.expression;
      if (ext && ts.isIdentifier(ext)) bases.set(n.name.text, ext.text);
    }
  });
  const isActivation = (cls: string, depth = 0): boolean => {
    const base = bases.get(cls);
    return base === 'Activation' || (!!base && depth < 8 && isActivation(base, depth + 1));
  };
  return [...classNames(sf)]
    .filter(([cls]) => isActivation(cls))
    .map(([, name]) => name)
    .sort();
}

/** Strings `compile` treats specially before looking metrics up (`['accuracy', 'acc', ...].indexOf(metric)`). */
function specialMetricStrings(): string[] {
  const sf = parse(path.join(layersDist, 'engine/training.js'));
  const found = new Set<string>();
  walk(sf, (n) => {
    if (
      ts.isCallExpression(n) &&
      ts.isPropertyAccessExpression(n.expression) &&
      n.expression.name.text === 'indexOf' &&
      ts.isArrayLiteralExpression(n.expression.expression) &&
      n.arguments.length === 1 &&
      ts.isIdentifier(n.arguments[0]) &&
      n.arguments[0].text === 'metric'
    ) {
      for (const e of n.expression.expression.elements) if (ts.isStringLiteral(e)) found.add(e.text);
    }
  });
  return [...found];
}

function optimizerStrings(): string[] {
  const sf = parse(path.join(layersDist, 'optimizers.js'));
  const names = new Set<string>();
  walk(sf, (n) => {
    if (
      ts.isVariableDeclaration(n) &&
      ts.isIdentifier(n.name) &&
      n.name.text === 'optimizerMap' &&
      n.initializer &&
      ts.isObjectLiteralExpression(n.initializer)
    ) {
      for (const p of n.initializer.properties)
        if (p.name && (ts.isStringLiteral(p.name) || ts.isIdentifier(p.name))) names.add(p.name.text);
    }
    if (
      ts.isBinaryExpression(n) &&
      n.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
      ts.isElementAccessExpression(n.left) &&
      ts.isIdentifier(n.left.expression) &&
      n.left.expression.text === 'optimizerMap' &&
      ts.isStringLiteral(n.left.argumentExpression)
    ) {
      names.add(n.left.argumentExpression.text);
    }
  });
  return [...names].sort();
}

function literal(expr: ts.Expression): number | boolean | null | undefined {
  if (ts.isNumericLiteral(expr)) return Number(expr.text);
  if (expr.kind === ts.SyntaxKind.TrueKeyword) return true;
  if (expr.kind === ts.SyntaxKind.FalseKeyword) return false;
  if (expr.kind === ts.SyntaxKind.NullKeyword) return null;
  if (
    ts.isPrefixUnaryExpression(expr) &&
    expr.operator === ts.SyntaxKind.MinusToken &&
    ts.isNumericLiteral(expr.operand)
  )
    return -Number(expr.operand.text);
  return undefined;
}

function trainFactories(): TfjsCatalog['trainFactories'] {
  const sf = parse(path.join(coreDist, 'optimizers/optimizer_constructors.js'));
  const out: TfjsCatalog['trainFactories'] = {};
  walk(sf, (n) => {
    if (
      ts.isMethodDeclaration(n) &&
      n.modifiers?.some((m) => m.kind === ts.SyntaxKind.StaticKeyword) &&
      ts.isIdentifier(n.name)
    ) {
      const params: string[] = [];
      const defaults: Record<string, number | boolean | null> = {};
      for (const p of n.parameters) {
        if (!ts.isIdentifier(p.name)) continue;
        params.push(p.name.text);
        const v = p.initializer ? literal(p.initializer) : undefined;
        if (v !== undefined) defaults[p.name.text] = v;
      }
      out[n.name.text] = { params, defaults };
    }
  });
  return out;
}

/** Everything that needs tfjs running: logged metric names, optimizer learning rates, callback defaults. */
function runtimeFacts(metricStrings: string[], optimizerNames: string[]) {
  const tf = require('@tensorflow/tfjs') as typeof import('@tensorflow/tfjs');
  const quiet = { log: console.log, warn: console.warn };
  console.log = console.warn = () => {};
  try {
    void tf.setBackend('cpu');
    const model = () =>
      tf.sequential({ layers: [tf.layers.dense({ units: 3, inputShape: [2], activation: 'softmax' })] });
    const loggedName = (metric: string | ((a: unknown, b: unknown) => unknown)): string => {
      const m = model();
      m.compile({ optimizer: 'sgd', loss: 'categoricalCrossentropy', metrics: [metric as never] });
      if (m.metricsNames.length !== 2) throw new Error(`unexpected metric names ${m.metricsNames}`);
      return m.metricsNames[1];
    };
    const metrics: Record<string, string> = {};
    for (const name of metricStrings) metrics[name] = loggedName(name);
    const metricFunctions: Record<string, string> = {};
    for (const [name, fn] of Object.entries(tf.metrics)) {
      if (typeof fn === 'function') metricFunctions[name] = loggedName(fn as never);
    }
    const optimizers: TfjsCatalog['optimizers'] = {};
    for (const name of optimizerNames) {
      const m = model();
      m.compile({ optimizer: name, loss: 'categoricalCrossentropy' });
      const opt = m.optimizer as unknown as { learningRate: number; getClassName(): string };
      // The factory is the tf.train function building the same class (`RMSPropOptimizer` → rmsprop).
      const factory = Object.keys(tf.train).find((f) => {
        try {
          return (
            (tf.train as unknown as Record<string, (lr: number) => { getClassName(): string }>)
              [f](0.1)
              .getClassName() === opt.getClassName()
          );
        } catch {
          return false;
        }
      });
      if (!factory) throw new Error(`no tf.train factory for ${opt.getClassName()}`);
      optimizers[name] = { factory, learningRate: opt.learningRate };
    }
    const callbacks: TfjsCatalog['callbacks'] = {};
    for (const [name, make] of Object.entries(tf.callbacks)) {
      const cb = (make as unknown as (args?: object) => { monitor?: string; constructor: { name: string } })();
      if (typeof cb.monitor === 'string') callbacks[name] = { className: cb.constructor.name, monitor: cb.monitor };
    }
    return {
      metrics,
      metricFunctions,
      optimizers,
      callbacks,
      lossFunctions: Object.keys(tf.losses).sort(),
      version: tf.version.tfjs,
    };
  } finally {
    console.log = quiet.log;
    console.warn = quiet.warn;
  }
}

export function extractTfjsCatalog(): TfjsCatalog {
  const losses = objectKeys(parse(path.join(layersDist, 'losses.js')), 'lossesMap');
  const metricStrings = [
    ...specialMetricStrings(),
    ...objectKeys(parse(path.join(layersDist, 'metrics.js')), 'metricsMap'),
  ];
  const run = runtimeFacts(metricStrings, optimizerStrings());
  return {
    tfjsVersion: run.version,
    generatedBy: 'tools/extract-tfjs-catalog.ts',
    layers: layerFactories(),
    losses,
    lossFunctions: run.lossFunctions,
    metrics: run.metrics,
    metricFunctions: run.metricFunctions,
    activations: activationNames(),
    optimizers: run.optimizers,
    trainFactories: trainFactories(),
    callbacks: run.callbacks,
  };
}

export const CATALOG_PATH = path.join(root, 'src/analyzer/tfjs/catalog.json');

export function catalogText(catalog: TfjsCatalog): string {
  return `${JSON.stringify(catalog, null, 1)}\n`;
}
