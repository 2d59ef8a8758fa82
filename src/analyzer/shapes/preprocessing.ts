/** Image preprocessing layers that change spatial size: Resizing, CenterCrop, RandomCrop. */
import { joinChannels, splitChannels } from './conv';
import { known, unknown, type LayerKind } from './kind';
import { NO_PARAMS } from './shape';

/** Output images are `height` x `width`; channels and batch pass through. */
export const resizeTo: LayerKind = {
  infer({ args, inputs, lastDims }) {
    const x = inputs[0];
    const format = args.dataFormat();
    // Keras also takes unbatched rank-3 images; inside a model the input is batched (rank 4).
    if (x?.length !== 4 || !format) return unknown(NO_PARAMS, format === 'channels_last' ? lastDims[0] : null);
    const { channels } = splitChannels(x, format);
    return known(
      joinChannels(x[0], [args.positiveInt('height'), args.positiveInt('width')], channels, format),
      NO_PARAMS,
    );
  },
};
