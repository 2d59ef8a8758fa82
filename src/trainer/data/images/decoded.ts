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
  /**
   * Whether {@link decode} can decode a JPEG at 1/2, 1/4 or 1/8 of its size (libjpeg's DCT
   * scaling), which needs that much less memory: how a photo too large to decode whole is read.
   */
  readonly reducesJpeg: boolean;
  /** Decodes the first frame, a JPEG at 1/`reduce` of its size when asked; throws on data it cannot decode. */
  decode(bytes: Buffer, reduce?: JpegReduction): DecodedImage;
}

/** The sizes libjpeg can decode a JPEG at directly: 1/1, 1/2, 1/4, 1/8. */
export type JpegReduction = 1 | 2 | 4 | 8;
