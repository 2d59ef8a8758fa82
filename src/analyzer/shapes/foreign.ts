/**
 * Shapes of the third-party layers keras/foreign-layers.ts lists: the output
 * shape their documentation gives; the weights stay unknown (not checked
 * against an install of the library).
 */
import { foreignLayer } from '../keras/foreign-layers';
import { known, unknown, type LayerKind } from './kind';

/** The inference for the third-party layer class at canonical `path`, or undefined when not modelled. */
export function foreignLayerKind(path: string): LayerKind | undefined {
  const shape = foreignLayer(path)?.shape;
  if (!shape) return undefined;
  switch (shape.rule) {
    case 'same':
      return { infer: ({ inputs, lastDims }) => (inputs[0] ? known(inputs[0], null) : unknown(null, lastDims[0])) };
    case 'wrapped':
      return {
        infer({ args, inputs, lastDims, inferInner }) {
          const inner = args.layer.inner;
          if (!inner) return unknown();
          const out = inferInner(inner, inputs, lastDims);
          return { ...out, params: null };
        },
      };
    case 'last-axis':
      return {
        infer({ args, inputs }) {
          const x = inputs[0];
          const size = args.positiveInt(shape.size);
          if (size === null) return unknown();
          return x && x.length >= 2 ? known([...x.slice(0, -1), size], null) : unknown(null, size);
        },
      };
    case 'append-axis':
      return {
        infer({ args, inputs }) {
          const x = inputs[0];
          const size = args.positiveInt(shape.size);
          if (size === null) return unknown();
          return x && x.length >= 2 ? known([...x, size], null) : unknown(null, size);
        },
      };
  }
}
