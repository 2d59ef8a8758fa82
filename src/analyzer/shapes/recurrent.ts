/** SimpleRNN, LSTM and GRU: (batch, timesteps, features) in, last state or every step out. */
import type { LayerArgs } from './args';
import { known, lastAxis, rankProblem, unknown, type LayerKind } from './kind';
import { exact, params, type Dim, type Shape } from './shape';

export type RecurrentCell = 'SimpleRNN' | 'LSTM' | 'GRU';

const SEQUENCE_AXES = '(batch, timesteps, features)';

/** Trainable weights of one direction: kernel, recurrent kernel and biases per gate. */
function cellParams(cell: RecurrentCell, args: LayerArgs, features: Dim, units: number | null): number | null {
  const bias = args.bool('use_bias');
  if (features === null || units === null || bias === null) return null;
  const perGate = units * (features + units);
  switch (cell) {
    case 'SimpleRNN':
      return exact(perGate + (bias ? units : 0));
    case 'LSTM':
      return exact(4 * (perGate + (bias ? units : 0)));
    case 'GRU': {
      // reset_after (Keras 3's default, the cuDNN convention) keeps separate input and recurrent biases.
      const resetAfter = args.bool('reset_after');
      if (resetAfter === null) return null;
      return exact(3 * perGate + (bias ? (resetAfter ? 6 : 3) * units : 0));
    }
  }
}

export function recurrent(cell: RecurrentCell): LayerKind {
  return {
    infer({ args, inputs, lastDims }) {
      const units = args.positiveInt('units');
      const x = inputs[0];
      if (x && x.length !== 3) return rankProblem(x, 3, false, SEQUENCE_AXES, 'last');
      const weights = params(cellParams(cell, args, lastAxis(x, lastDims[0]), units));
      const sequences = args.bool('return_sequences');
      const state = args.bool('return_state');
      if (sequences === null || state === null) return unknown(weights);
      const output: Shape | null = x
        ? sequences
          ? [x[0], x[1], units]
          : [x[0], units]
        : sequences
          ? null
          : [null, units];
      if (state) {
        // A list: the output, then the last state (an LSTM's h and c), each (batch, units).
        const last: Shape = [x ? x[0] : null, units];
        return { shape: null, params: weights, outputs: [output, ...Array(cell === 'LSTM' ? 2 : 1).fill(last)] };
      }
      if (!output) return unknown(weights, units);
      return known(output, weights);
    },
  };
}
