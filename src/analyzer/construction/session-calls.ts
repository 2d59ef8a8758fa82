/**
 * Calls that set or read Keras session state: the image data format
 * (`K.set_image_data_format('channels_first')`, Keras 1/2's
 * `K.set_image_dim_ordering('th')`, `K.image_data_format()` in the mnist_cnn
 * idiom). The state lives in the construction layer, which stamps it on each
 * layer it builds (keras/image-data-format.ts says what Keras does).
 */
import { formatValue, imageDataFormatCall } from '../keras/image-data-format';
import type { Value } from '../ir';
import type { CallTable, FrameworkCall } from './call-table';

function imageDataFormat(c: FrameworkCall): Value | undefined {
  if (c.language !== 'python') return undefined;
  const call = imageDataFormatCall(c.path, c.positional[0]);
  if (!call) return undefined;
  if (call.kind === 'get') return formatValue(call, c.build.imageDataFormat());
  c.build.setImageDataFormat(c.opaqueArgs && !c.positional.length ? null : call.format);
  return { kind: 'none' };
}

export function registerSessionCalls(table: CallTable): void {
  table.onPrefix('keras.backend.', imageDataFormat).onPrefix('keras.config.', imageDataFormat);
}
