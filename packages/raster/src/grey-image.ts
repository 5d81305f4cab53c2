/**
 * A grey image: `width × height` values, row-major. What every sadp package passes images as (the classifier's
 * decoded files, the spot finder's input, the simulator's patterns when not square-only).
 *
 * @example
 * const image: GreyImage = { width: 2, height: 1, data: new Float32Array([0, 1]) };
 * const pixel = image.data[y * image.width + x];
 */
export interface GreyImage<Data extends ArrayLike<number> = ArrayLike<number>> {
  width: number;
  height: number;
  /** `data[y · width + x]`; any value range unless the consumer says otherwise. */
  data: Data;
}
