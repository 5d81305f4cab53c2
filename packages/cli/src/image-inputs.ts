import {
  type CalibratedImage,
  type GreyImage,
  type ImageCheck,
  isClassifierError,
  MAX_PIXELS,
  readCalibratedImage,
} from '@sadp/classifier';
import type { OptionValues } from './command';
import { CliError, usageError } from './errors';
import { countOption, type Warnings } from './inputs';

/** `--max-pixels` of the commands that read images: the limit, default `MAX_PIXELS` (64 MP). */
export function maxPixelsOption(options: OptionValues): number {
  return countOption(options, 'max-pixels') ?? MAX_PIXELS;
}

/**
 * Reads pattern files of any supported format with their calibration (sizes checked from their headers against
 * `maxPixels` before decoding); what a reader read differently from the file's meaning (pages skipped, EXIF
 * orientation applied, NaN read as 0, a real-space calibration) becomes a warning naming the file.
 */
export async function readImages(
  files: readonly string[],
  maxPixels: number,
  warnings: Warnings,
): Promise<CalibratedImage[]> {
  const images: CalibratedImage[] = [];
  for (const file of files) {
    let image: CalibratedImage;
    try {
      image = await readCalibratedImage(file, { maxPixels });
    } catch (error) {
      if (isClassifierError(error, 'E_CLASSIFIER_LIMIT')) {
        throw new CliError(`${error.message}; pass --max-pixels to raise it`, {
          code: 'E_CLI_LIMIT',
          cause: error,
        });
      }
      throw error;
    }
    for (const w of image.warnings) warnings.add(w.code, w.message, { file });
    images.push(image);
  }
  return images;
}

/**
 * Warns about every image that contributes nothing (blank, empty, pure noise, repeated), naming the file and why;
 * returns each image's reason, or `null` for a usable one, for the per-image output.
 */
export function reportChecks(
  files: readonly string[],
  checks: readonly ImageCheck[],
  warnings: Warnings,
): (string | null)[] {
  return checks.map((check, i) => {
    if (check.usable) return null;
    const reason =
      check.duplicateOf === undefined
        ? `${check.reason}; left out of the verdict`
        : `same pixels as ${files[check.duplicateOf]} (image ${check.duplicateOf + 1}); counted once`;
    warnings.add(check.code ?? 'W_IMAGE_UNUSABLE', reason, { file: files[i]! });
    return reason;
  });
}

/**
 * Checks the pixels spanned by 1/a given for each image: at least 1 (a finer reciprocal cell cannot be resolved)
 * and at most the image's shorter side (a coarser one puts no spot but the direct beam in the field), so that
 * no value makes the network's view larger than the image it is taken from.
 */
export function checkCellPixels(
  cellPixels: readonly number[] | undefined,
  images: readonly GreyImage[],
  files: readonly string[],
  option: string,
): void {
  cellPixels?.forEach((value, i) => {
    const image = images[i]!;
    const side = Math.min(image.width, image.height);
    if (!(value >= 1 && value <= side)) {
      throw usageError(
        `${option}: 1/a would span ${value} px in ${files[i]}, expected 1 to ${side} px (the image's shorter side)`,
      );
    }
  });
}
