/** A decoded image: 8-bit samples, row-major, `channels` per pixel. */
export interface DecodedImage {
  width: number;
  height: number;
  /** 1 gray, 2 gray+alpha, 3 RGB, 4 RGBA. */
  channels: 1 | 2 | 3 | 4;
  data: ArrayLike<number>;
}

export interface ImageDecoder {
  readonly name: 'tfjs-node' | 'pure-js';
  /** Decodes the first frame; throws on data it cannot decode. */
  decode(bytes: Buffer): DecodedImage;
}
