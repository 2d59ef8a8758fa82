/** Image preprocessing layers that change spatial size: Resizing, CenterCrop, RandomCrop. */
import { joinChannels, splitChannels } from './conv';
import { known, unknown, type LayerKind } from './kind';
import { NO_PARAMS } from './shape';

/**
 * Output images are `height` x `width`; channels and batch pass through.
 * Keras also takes one unbatched image (rank 3), as a Sequential of these
 * layers gets it inside `dataset.map(lambda image, label: (augment(image), label))`.
 */
export const resizeTo: LayerKind = {
  infer({ args, inputs, lastDims }) {
    const x = inputs[0];
    const format = args.dataFormat();
    if ((x?.length !== 4 && x?.length !== 3) || !format)
      return unknown(NO_PARAMS, format === 'channels_last' ? lastDims[0] : null);
    const size = [args.positiveInt('height'), args.positiveInt('width')];
    if (x.length === 3) return known(format === 'channels_last' ? [...size, x[2]] : [x[0], ...size], NO_PARAMS);
    const { channels } = splitChannels(x, format);
    return known(joinChannels(x[0], size, channels, format), NO_PARAMS);
  },
};
