/**
 * Shapes of the third-party layers keras/foreign-layers.ts lists: the output
 * shape their documentation gives; the weights stay unknown (not checked
 * against an install of the library) unless the layer holds none.
 */
import { foreignLayer } from '../keras/foreign-layers';
import { known, unknown, type LayerKind } from './kind';
import { NO_PARAMS } from './shape';

/** The inference for the third-party layer class at canonical `path`, or undefined when not modelled. */
export function foreignLayerKind(path: string): LayerKind | undefined {
  const layer = foreignLayer(path);
  if (!layer) return undefined;
  const { shape } = layer;
  switch (shape.rule) {
    case 'same': {
      const params = layer.weightless ? NO_PARAMS : null;
      return { infer: ({ inputs, lastDims }) => (inputs[0] ? known(inputs[0], params) : unknown(params, lastDims[0])) };
    }
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
