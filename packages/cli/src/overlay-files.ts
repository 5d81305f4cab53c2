/**
 * Where `sadp classify --overlay` writes each image's overlay, and writing it.
 *
 * @packageDocumentation
 */
import { existsSync, statSync } from 'node:fs';
import { basename, dirname, join, sep } from 'node:path';
import { type GreyImage, type OverlayContent, overlayPng, overlaySvg } from '@sadp/classifier';
import { usageError } from './errors';
import { ensureOutputDir, writeFileAtomic } from './inputs';

/** An image file's name without folder and extension: `data/p1.dm4` → `p1`. */
export function stemOf(file: string): string {
  return basename(file).replace(/\.[^.]+$/, '');
}

/**
 * The overlay file of each image from `--overlay <spec>`: a `{name}` pattern (`out/{name}.svg`, the image's
 * name without extension), a folder (`out/`, ending in `/` or existing: `<name>.png` in it), or, for one image,
 * a file. The extension chooses the format: `.png` or `.svg`.
 */
export function overlayPaths(spec: string, files: readonly string[]): string[] {
  const folder =
    spec.endsWith('/') || spec.endsWith(sep) || (existsSync(spec) && statSync(spec).isDirectory());
  if (!spec.includes('{name}') && !folder && files.length > 1) {
    throw usageError(
      `--overlay ${spec}: ${files.length} images need a folder (out/) or a {name} pattern (out/{name}.svg)`,
    );
  }
  const paths = files.map((file) =>
    spec.includes('{name}')
      ? spec.replaceAll('{name}', stemOf(file))
      : folder
        ? join(spec, `${stemOf(file)}.png`)
        : spec,
  );
  for (const path of paths)
    if (!/\.(png|svg)$/i.test(path)) throw usageError(`--overlay ${path}: expected a .png or .svg file name`);
  const seen = new Set<string>();
  for (const [i, path] of paths.entries()) {
    if (seen.has(path)) throw usageError(`--overlay: two images would write ${path} (${files[i]})`);
    seen.add(path);
  }
  return paths;
}

/** Writes an overlay as PNG or SVG by the path's extension, creating its folder. */
export function writeOverlay(path: string, image: GreyImage, content: OverlayContent): void {
  ensureOutputDir(dirname(path));
  writeFileAtomic(path, /\.svg$/i.test(path) ? overlaySvg(image, content) : overlayPng(image, content));
}
