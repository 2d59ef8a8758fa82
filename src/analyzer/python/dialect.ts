/** How fixes are written in Python, using the file's own imports and quote style. */
import type { Dialect, NameSet } from '../dialect';
import type { Edit } from '../findings';
import type { LayerNode, Span, TensorNode } from '../ir';
import {
  catalog,
  isKerasActivationString,
  isKerasLossString,
  isKerasMetricString,
  isKerasOptimizerString,
  kerasNames,
  lossIdFor,
} from '../keras/catalog';
import { insertLayerEdit, type ModelBuilder } from '../model-builder';
import { type BareNames, kerasBareName } from './bare-names';
import type { ImportBinding } from './interpreter';
import { dominantQuote, indentAt } from '../text-index';

function nameSet(has: (name: string) => boolean, all: readonly string[]): NameSet {
  return { has, all: () => all };
}

export const KERAS_NAME_SETS = {
  loss: nameSet(isKerasLossString, kerasNames.loss),
  activation: nameSet(isKerasActivationString, kerasNames.activation),
  optimizer: nameSet(isKerasOptimizerString, kerasNames.optimizer),
  metric: nameSet(isKerasMetricString, kerasNames.metric),
};

export class PythonDialect implements Dialect {
  readonly language = 'python' as const;
  readonly framework = 'Keras';
  readonly names = KERAS_NAME_SETS;

  constructor(
    private readonly text: string,
    private readonly builder: ModelBuilder,
    private readonly imports: Map<string, ImportBinding>,
    /** Keras names the file uses without importing them. */
    private readonly bare?: BareNames,
  ) {}

  private fileQuote: string | undefined;

  string(value: string, like?: Span): string {
    const quote =
      (like ? /^[rRuU]?(['"])/.exec(this.text.slice(like.start, like.end))?.[1] : undefined) ??
      (this.fileQuote ??= dominantQuote(this.text));
    return quote + value.replace(/\\/g, '\\\\').replace(new RegExp(quote, 'g'), `\\${quote}`) + quote;
  }

  keywordArg(name: string, valueCode: string): string {
    return `${name}=${valueCode}`;
  }

  argName(kerasName: string): string {
    return kerasName;
  }

  lossName(id: string): string | null {
    return isKerasLossString(id) ? id : null;
  }

  /** A name in this file that refers to canonical `path`, e.g. `keras` or `tf` + `.keras`. */
  private reference(path: string): string | null {
    for (const [local, binding] of this.imports) if (binding.canonical === path) return local;
    const [head, ...rest] = path.split('.');
    if (head === 'keras') {
      for (const [local, binding] of this.imports) {
        if (binding.canonical === 'keras') return [local, ...rest].join('.');
        if (binding.canonical === 'tf') return [local, 'keras', ...rest].join('.');
      }
      // `keras.losses.X` through `from keras import losses`
      for (let i = rest.length - 1; i > 0; i--) {
        const prefix = ['keras', ...rest.slice(0, i)].join('.');
        for (const [local, binding] of this.imports) {
          if (binding.canonical === prefix) return [local, ...rest.slice(i)].join('.');
        }
      }
    }
    return this.bareReference(path);
  }

  /**
   * In a snippet that uses Keras names without imports, a new name is written
   * the same way: bare when Keras exports it under that name (and the file
   * binds nothing by it), else through a module the snippet uses bare.
   */
  private bareReference(path: string): string | null {
    if (!this.bare?.used.size) return null;
    const last = path.slice(path.lastIndexOf('.') + 1);
    if (kerasBareName(last) === path && !this.bare.binds(last)) return last;
    const [head, ...rest] = path.split('.');
    if (head === 'keras' && this.bare.used.has('keras')) return path;
    if (head === 'keras' && this.bare.used.has('tf')) return ['tf', 'keras', ...rest].join('.');
    return null;
  }

  lossObject(id: string, fromLogits: boolean, near: Span): string | null {
    void near;
    const className = Object.keys(catalog.losses.classes).find(
      (c) => lossIdFor(c) === id && catalog.losses.canonical[c] === id && /^[A-Z][a-z]/.test(c),
    );
    if (!className) return null;
    const ref = this.reference(`keras.losses.${className}`);
    return ref ? `${ref}(from_logits=${fromLogits ? 'True' : 'False'})` : null;
  }

  layerExpression(type: string, like: LayerNode, argsCode = ''): { code: string; extraEdits: Edit[] } | null {
    const callee = this.text.slice(like.call.calleeSpan.start, like.call.calleeSpan.end);
    const dot = callee.lastIndexOf('.');
    if (dot >= 0) return { code: `${callee.slice(0, dot + 1)}${type}(${argsCode})`, extraEdits: [] };
    // `Dense(...)` imported by name: reuse an import of `type`, or add one beside the import of `like`.
    for (const [local, binding] of this.imports) {
      if (binding.canonical === `keras.layers.${type}`) return { code: `${local}(${argsCode})`, extraEdits: [] };
    }
    const qualified = this.reference(`keras.layers.${type}`);
    if (qualified) return { code: `${qualified}(${argsCode})`, extraEdits: [] };
    const source = this.imports.get(callee);
    if (!source?.fromModule) return null;
    const statement = source.statement;
    const lineEnd = this.text.indexOf('\n', statement.end);
    const at = lineEnd < 0 ? this.text.length : lineEnd + 1;
    const newline = lineEnd < 0 ? '\n' : '';
    return {
      code: `${type}(${argsCode})`,
      extraEdits: [
        {
          span: { start: at, end: at },
          newText: `${newline}${indentAt(this.text, statement.start)}from ${source.fromModule} import ${type}\n`,
        },
      ],
    };
  }

  insertLayerBefore(node: TensorNode, type: string): Edit[] | null {
    const attach = this.builder.attachPoints.get(node);
    const expr = attach && this.layerExpression(type, node.layer);
    if (!attach || !expr) return null;
    return [insertLayerEdit(this.text, attach, expr.code, (code, input) => `${code}(${input})`), ...expr.extraEdits];
  }
}
