/**
 * keras.applications, Python's spelling: a backbone constructor
 * (`ResNet50(include_top=False, input_shape=…)`) is a known layer whose output
 * and weights keras/applications.ts gives, and its module's
 * `preprocess_input(x)` on a symbolic tensor is the operations Keras 3 records
 * for it (measured on Keras 3.15.1): 'tf' mode `x / 127.5 - 1`, 'torch' mode
 * `x / 255 + (-mean) / std`, 'caffe' mode the channels reversed (three
 * `x[..., i]` stacked) plus the negated mean; 'none' returns `x`.
 */
import type { ArgInfo, Span, Value } from '../ir';
import { backboneSignature, preprocessMode } from '../keras/applications';
import type { CallTable, FrameworkCall } from './call-table';
import type { ModelConstruction } from './models';

const number = (value: number): Value => ({ kind: 'number', value, isInt: Number.isInteger(value) });

/** One operation of preprocess_input: its arguments have no text of their own. */
function step(build: ModelConstruction, at: Span, path: string, type: string, args: [string, Value][]): Value {
  const site = build.fabricatedSite(
    at,
    new Map(
      args.map(([name, value]): [string, ArgInfo] => [
        name,
        { value, span: at, removal: at, literal: false, fromSplat: true },
      ]),
    ),
  );
  return build.operation(path, type, site, ['x1', 'x2', 'x', 'xs'], at) ?? { kind: 'unknown' };
}

function preprocessInput(c: FrameworkCall, module: string): Value | undefined {
  const x = c.bind({ keywords: ['x', 'data_format'] }).args.get('x')?.value;
  if (x?.kind !== 'tensor') return undefined;
  const mode = preprocessMode(/^resnet\d+$/.test(module) ? 'resnet' : module);
  const op = (path: string, type: string, a: Value, b: Value) =>
    step(c.build, c.span, path, type, [
      ['x1', a],
      ['x2', b],
    ]);
  switch (mode) {
    case 'none':
      return x;
    case 'tf':
      return op('operator -', 'Subtract', op('operator /', 'TrueDivide', x, number(127.5)), number(1));
    case 'torch': {
      // Per-channel mean and std: scalars here, as their values do not change shapes.
      const scaled = op('operator /', 'TrueDivide', x, number(255));
      return op('operator /', 'TrueDivide', op('operator +', 'Add', scaled, number(0)), number(1));
    }
    case 'caffe': {
      const ellipsis: Value = { kind: 'opaque', tag: 'ellipsis' };
      const channels = [-1, -2, -3].map((i) =>
        step(c.build, c.span, 'operator []', 'GetItem', [
          ['x', x],
          ['key', { kind: 'sequence', items: [ellipsis, number(i)], tuple: true }],
        ]),
      );
      const stacked = step(c.build, c.span, 'keras.ops.stack', 'Stack', [
        ['x', { kind: 'sequence', items: channels, tuple: false }],
        ['axis', number(-1)],
      ]);
      return op('operator +', 'Add', stacked, number(0));
    }
    default:
      return undefined;
  }
}

/**
 * `imagenet_utils.correct_pad(x, kernel_size)`: the ZeroPadding2D amounts that
 * make a strided 'valid' convolution of `x` match 'same', a pure function of
 * x's two spatial sizes in the session's format (Keras 3.15.1:
 * ((k//2 - adjust, k//2), …) with adjust = 1 - size % 2, 1 for a None size).
 * Unknown where the analyzer does not know a size (it cannot tell a None Keras has from one it lacks).
 */
function correctPad(c: FrameworkCall): Value | undefined {
  const site = c.bind({ keywords: ['inputs', 'kernel_size'] });
  const x = site.args.get('inputs')?.value;
  const k = site.args.get('kernel_size')?.value;
  const format = c.build.imageDataFormat();
  if (x?.kind !== 'tensor' || !k || !format) return undefined;
  const kernel = k.kind === 'sequence' ? k.items : [k, k];
  const shape = c.build.tensorShape(x.node);
  const first = format === 'channels_first' ? 2 : 1;
  const sizes = shape.kind === 'sequence' ? shape.items.slice(first, first + 2) : [];
  const ints = [...kernel, ...sizes].map((v) =>
    v.kind === 'number' && Number.isSafeInteger(v.value) ? v.value : null,
  );
  if (kernel.length !== 2 || sizes.length !== 2 || ints.some((v) => v === null)) return { kind: 'unknown' };
  const [kh, kw, h, w] = ints as number[];
  const pair = (kernelSize: number, size: number): Value => {
    const correct = Math.floor(kernelSize / 2);
    return { kind: 'sequence', items: [number(correct - (1 - (size % 2))), number(correct)], tuple: true };
  };
  return { kind: 'sequence', items: [pair(kh, h), pair(kw, w)], tuple: true };
}

function applicationCall(c: FrameworkCall): Value | undefined {
  if (c.language !== 'python') return undefined;
  const parts = c.path.split('.');
  const name = parts[parts.length - 1];
  if (name === 'correct_pad' && parts[2] === 'imagenet_utils') return correctPad(c);
  if (name === 'preprocess_input' && parts.length === 4) return preprocessInput(c, parts[2]);
  const signature = backboneSignature(name);
  if (!signature) return undefined;
  return c.build.layer(name, true, c.bind({ keywords: signature.params }));
}

export function registerApplicationCalls(table: CallTable): void {
  table.onPrefix('keras.applications.', applicationCall);
}
