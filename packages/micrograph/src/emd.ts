import { MicrographError } from './errors';
import type { Calibration, Micrograph } from './types';
import { calibrationFromUnits } from './units';

type H5 = typeof import('h5wasm');
type H5Group = InstanceType<H5['Group']>;
type H5Dataset = InstanceType<H5['Dataset']>;

interface H5Fs {
  writeFile(path: string, data: Uint8Array): void;
  unlink(path: string): void;
}

let loading: Promise<{ h5: H5; FS: H5Fs }> | null = null;
let counter = 0;

/** Loads h5wasm once (lazily, so the synchronous readers never pay for it). */
function loadH5(file: string): Promise<{ h5: H5; FS: H5Fs }> {
  loading ??= import('h5wasm').then(async (h5) => {
    const module = await h5.ready;
    return { h5, FS: module.FS as unknown as H5Fs };
  });
  return loading.catch((cause) => {
    loading = null;
    throw new MicrographError(
      'E_MICROGRAPH_UNSUPPORTED',
      `could not load h5wasm to read HDF5 (${String(cause)})`,
      {
        file,
        format: 'emd',
        cause,
      },
    );
  });
}

/** `true` when the bytes start with the HDF5 signature (EMD files are HDF5). */
export function looksLikeHdf5(bytes: Uint8Array): boolean {
  const sig = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];
  return bytes.length >= 8 && sig.every((b, i) => bytes[i] === b);
}

function toFloat32(
  value: unknown,
  count: number,
  fail: (m: string, c?: 'E_MICROGRAPH_UNSUPPORTED') => MicrographError,
): Float32Array {
  if (value instanceof Float32Array) return value.length === count ? value : value.slice(0, count);
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    const arr = value as unknown as ArrayLike<number | bigint>;
    const out = new Float32Array(count);
    for (let i = 0; i < count; i++) out[i] = Number(arr[i]);
    return out;
  }
  throw fail('image data is not a numeric array (complex or compound data?)', 'E_MICROGRAPH_UNSUPPORTED');
}

function attr(obj: { attrs: Record<string, { value: unknown }> }, name: string): unknown {
  const v = obj.attrs[name]?.value;
  return Array.isArray(v) || ArrayBuffer.isView(v) ? (v as ArrayLike<unknown>)[0] : v;
}

/**
 * Reads an EMD file (HDF5) with `h5wasm`: Berkeley EMD (the first group with `emd_group_type` 1 and a `data` dataset, axis calibration from
 * `dim1`..`dimN` datasets and their `units` attribute) or Velox EMD (`/Data/Image/<id>/Data`, calibration from the
 * `Metadata` JSON: `BinaryResult.PixelSize.width` with `PixelUnitX`, `1/m` for diffraction). The first image (of a
 * stack, the first frame) is returned; asynchronous because h5wasm's WebAssembly must be initialised.
 */
export async function readEmd(bytes: Uint8Array, name = 'input.emd'): Promise<Micrograph> {
  const fail = (
    message: string,
    code: 'E_MICROGRAPH_FORMAT' | 'E_MICROGRAPH_UNSUPPORTED' = 'E_MICROGRAPH_FORMAT',
  ) => new MicrographError(code, message, { file: name, format: 'emd' });
  if (!looksLikeHdf5(bytes)) throw fail('not an HDF5 file (missing the \\x89HDF signature)');
  const { h5, FS } = await loadH5(name);
  const path = `/sadp-micrograph-${++counter}.h5`;
  FS.writeFile(path, bytes);
  let file: InstanceType<H5['File']> | null = null;
  try {
    try {
      file = new h5.File(path, 'r');
    } catch (cause) {
      throw new MicrographError(
        'E_MICROGRAPH_FORMAT',
        `HDF5 library cannot open the file (${String(cause)})`,
        {
          file: name,
          format: 'emd',
          cause,
        },
      );
    }
    const opened = file;
    const velox = (() => {
      try {
        return opened.get('Data/Image'); // h5wasm throws when an intermediate group is missing
      } catch {
        return null;
      }
    })();
    if (velox instanceof h5.Group) return readVelox(h5, velox, fail);
    const berkeley = findBerkeley(h5, file, 0);
    if (berkeley) return readBerkeley(h5, berkeley, fail);
    throw fail(
      'no /Data/Image group (Velox) and no group with emd_group_type 1 holding a 2D `data` (Berkeley EMD)',
    );
  } catch (cause) {
    if (cause instanceof MicrographError) throw cause;
    throw new MicrographError('E_MICROGRAPH_FORMAT', `HDF5 library cannot read the file (${String(cause)})`, {
      file: name,
      format: 'emd',
      cause,
    });
  } finally {
    try {
      file?.close();
    } catch {
      // a file h5wasm failed to open may not close cleanly either
    }
    FS.unlink(path);
  }
}

function imageFrom(
  data: H5Dataset,
  layout: 'velox' | 'berkeley',
  fail: (m: string, c?: 'E_MICROGRAPH_UNSUPPORTED') => MicrographError,
): { width: number; height: number; frames: number; data: Float32Array } {
  const shape = data.shape ?? [];
  if (shape.length < 2)
    throw fail(`image dataset has shape [${shape.join(', ')}], expected 2 or more dimensions`);
  if (shape.some((n) => !Number.isSafeInteger(n) || n <= 0))
    throw fail(`image dataset has shape [${shape.join(', ')}]`);
  // Velox stores (height, width, frames); Berkeley EMD (…, height, width) in C order.
  const [height, width, frames] =
    layout === 'velox'
      ? [shape[0] as number, shape[1] as number, shape.slice(2).reduce((a, b) => a * b, 1)]
      : [
          shape[shape.length - 2] as number,
          shape[shape.length - 1] as number,
          shape.slice(0, -2).reduce((a, b) => a * b, 1),
        ];
  let value: unknown;
  if (frames === 1) value = data.value;
  else if (layout === 'velox') {
    value = data.slice([[], [], [0, 1], ...shape.slice(3).map(() => [0, 1] as [number, number])]);
  } else value = data.slice([...shape.slice(0, -2).map(() => [0, 1] as [number, number]), [], []]);
  return { width, height, frames, data: toFloat32(value, width * height, fail) };
}

/** The micrograph of an EMD image: its first frame, with a warning when the dataset holds more. */
function emdMicrograph(
  image: ReturnType<typeof imageFrom>,
  calibration: Calibration | null,
  warnings: string[],
  metadata: Record<string, unknown>,
): Micrograph {
  if (image.frames > 1) warnings.push(`image holds ${image.frames} frames; returning the first`);
  return {
    ...image,
    frames: image.frames > 1 ? image.frames : undefined,
    format: 'emd',
    calibration,
    warnings,
    metadata,
  } as Micrograph;
}

function readVelox(h5: H5, images: H5Group, fail: (m: string) => MicrographError): Micrograph {
  const id = images.keys()[0];
  const group = id === undefined ? null : images.get(id);
  if (!(group instanceof h5.Group)) throw fail('/Data/Image holds no image group');
  const ds = group.get('Data');
  if (!(ds instanceof h5.Dataset)) throw fail(`/Data/Image/${id} has no Data dataset`);
  const image = imageFrom(ds, 'velox', fail);
  const warnings: string[] = [];
  const metadata: Record<string, unknown> = {
    layout: 'velox',
    imageId: id,
    images: images.keys().length,
    shape: ds.shape,
    dtype: ds.dtype,
  };
  let calibration: Calibration | null = null;
  const meta = group.get('Metadata');
  if (meta instanceof h5.Dataset) {
    const shape = meta.shape ?? [];
    const raw = shape.length === 2 ? meta.slice([[], [0, 1]]) : meta.value;
    const text = new TextDecoder().decode(Uint8Array.from(raw as ArrayLike<number>)).replace(/\0+$/, '');
    try {
      const json = JSON.parse(text.slice(0, text.lastIndexOf('}') + 1)) as Record<
        string,
        Record<string, unknown>
      >;
      const result = json.BinaryResult ?? {};
      const size = Number((result.PixelSize as { width?: unknown } | undefined)?.width);
      const units = String(result.PixelUnitX ?? '');
      calibration = calibrationFromUnits(size, units, warnings);
      const optics = json.Optics ?? {};
      const voltage = Number(optics.AccelerationVoltage);
      const cameraLength = Number(optics.CameraLength) * 1000;
      if (voltage > 0) calibration = { ...calibration, voltage };
      if (cameraLength > 0) calibration = { ...calibration, cameraLength };
      metadata.binaryResult = result;
    } catch {
      warnings.push('Metadata is not readable JSON; no calibration');
    }
  }
  return emdMicrograph(image, calibration, warnings, metadata);
}

/** The first group (depth-first, at most 6 levels) with `emd_group_type` 1 and a `data` dataset of 2+ dimensions. */
function findBerkeley(h5: H5, group: H5Group, depth: number): { group: H5Group; path: string } | null {
  if (depth > 6) return null;
  for (const key of group.keys()) {
    const child = group.get(key);
    if (!(child instanceof h5.Group)) continue;
    const ds = child.get('data');
    if (
      Number(attr(child, 'emd_group_type')) === 1 &&
      ds instanceof h5.Dataset &&
      (ds.shape ?? []).length >= 2
    )
      return { group: child, path: child.path };
    const deeper = findBerkeley(h5, child, depth + 1);
    if (deeper) return deeper;
  }
  return null;
}

function readBerkeley(
  h5: H5,
  found: { group: H5Group; path: string },
  fail: (m: string) => MicrographError,
): Micrograph {
  const { group } = found;
  const ds = group.get('data') as H5Dataset;
  const image = imageFrom(ds, 'berkeley', fail);
  const n = (ds.shape ?? []).length;
  const warnings: string[] = [];
  let calibration: Calibration | null = null;
  const dim = group.get(`dim${n}`);
  const axis: Record<string, unknown> = {};
  if (dim instanceof h5.Dataset) {
    const values = dim.value as ArrayLike<number> | null;
    const units = String(attr(dim, 'units') ?? '');
    axis.units = units;
    axis.name = attr(dim, 'name');
    if (values && values.length >= 2) {
      const scale = Number(values[1]) - Number(values[0]);
      axis.scale = scale;
      calibration = calibrationFromUnits(scale, units.replace(/[[\]_]/g, ''), warnings);
    }
  }
  const metadata: Record<string, unknown> = {
    layout: 'berkeley',
    dataset: `${found.path}/data`,
    shape: ds.shape,
    dtype: ds.dtype,
    xAxis: axis,
  };
  return emdMicrograph(image, calibration, warnings, metadata);
}
