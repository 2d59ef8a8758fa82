/**
 * The size and colour mode images are loaded at: what the code says
 * (image_size / target_size, color_mode), else what the model's input says,
 * else Keras' defaults (256×256, RGB). When the code and the model disagree,
 * the user's training would fail the same way, so that is an error.
 */
import { DataError, shapeText } from '../errors';

export type ColorMode = 'grayscale' | 'rgb' | 'rgba';

export interface ImageGeometry {
  height: number;
  width: number;
  channels: 1 | 3 | 4;
  /** Where the size came from, for the report. */
  sizeFrom: 'code' | 'model' | 'default';
  channelsFrom: 'code' | 'model' | 'default';
}

/** Keras' default image_size (image_dataset_from_directory) and target_size (flow_from_directory). */
const KERAS_DEFAULT_SIZE: [number, number] = [256, 256];

const CHANNELS: Record<ColorMode, 1 | 3 | 4> = { grayscale: 1, rgb: 3, rgba: 4 };
const MODE_OF: Record<number, ColorMode> = { 1: 'grayscale', 3: 'rgb', 4: 'rgba' };

export function imageGeometry(
  code: { imageSize: [number, number] | null; colorMode: ColorMode | null },
  inputShape: readonly (number | null)[] | undefined,
): ImageGeometry {
  const model = inputShape && inputShape.length > 0 ? inputShape : undefined;
  if (model && model.length !== 3) {
    const size = code.imageSize ?? KERAS_DEFAULT_SIZE;
    const channels = code.colorMode ? CHANNELS[code.colorMode] : 3;
    throw new DataError(
      'shape-mismatch',
      `the images are ${shapeText([size[0], size[1], channels])} (height × width × channels) but the model's input is ${shapeText(model)}: ` +
        `an image model's input needs three axes, e.g. Input(shape=(${size[0]}, ${size[1]}, ${channels}))`,
    );
  }
  const [modelHeight, modelWidth, modelChannels] = model ?? [null, null, null];

  let channels: 1 | 3 | 4 = 3;
  let channelsFrom: ImageGeometry['channelsFrom'] = 'default';
  if (code.colorMode) {
    channels = CHANNELS[code.colorMode];
    channelsFrom = 'code';
  } else if (modelChannels === 1 || modelChannels === 3 || modelChannels === 4) {
    channels = modelChannels;
    channelsFrom = 'model';
  }
  if (modelChannels !== null && modelChannels !== channels) {
    throw new DataError(
      'shape-mismatch',
      modelChannels in MODE_OF
        ? `the images are loaded as ${code.colorMode ?? 'rgb'} (${channels} channel${channels > 1 ? 's' : ''}) but the model's input has ${modelChannels}: use color_mode='${MODE_OF[modelChannels]}' or change the input shape`
        : `the model's input has ${modelChannels} channels; images have 1 (grayscale), 3 (rgb) or 4 (rgba)`,
    );
  }

  let size: [number, number] = KERAS_DEFAULT_SIZE;
  let sizeFrom: ImageGeometry['sizeFrom'] = 'default';
  if (code.imageSize) {
    size = code.imageSize;
    sizeFrom = 'code';
    if ((modelHeight !== null && modelHeight !== size[0]) || (modelWidth !== null && modelWidth !== size[1])) {
      throw new DataError(
        'shape-mismatch',
        `the code loads images at ${size[0]}×${size[1]} but the model's input is ${shapeText(model!)}: make image_size/target_size and the input shape agree`,
      );
    }
  } else if (modelHeight !== null && modelWidth !== null) {
    size = [modelHeight, modelWidth];
    sizeFrom = 'model';
  }
  return { height: size[0], width: size[1], channels, sizeFrom, channelsFrom };
}
