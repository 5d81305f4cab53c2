import { limits } from './limits';
import type { ScatteringTable } from './scattering-factor';
import { electronWavelength } from './wavelength';

/** Profile of a reciprocal-lattice point along the beam (relrod) as a function of excitation error s. */
export type ShapeFunction = 'none' | 'sinc2' | 'lorentzian' | 'gaussian';

/** Optional noise for robustness studies, drawn from the seeded generator (`seed`). */
export interface NoiseSettings {
  /** Poisson (shot) noise: expected electron counts at image value 1. Off when absent or 0. */
  poisson?: number;
  /** Additive Gaussian noise, standard deviation in image units (0..1). Off when absent or 0. */
  gaussian?: number;
}

/** Smooth background added before noise. */
export interface BackgroundSettings {
  /** Constant level (image units), default 0. */
  constant?: number;
  /** Amplitude of a diffuse halo exp(−r/width) around the direct beam, default 0. */
  diffuse?: number;
  /** Decay length of the halo in pixels, default size/8. */
  width?: number;
}

/** Shape of a rendered spot: `'gaussian'`, `'lorentzian'` (1/(1 + r²/γ²), same FWHM) or `'voigt'` (their mean). */
export type SpotProfile = 'gaussian' | 'lorentzian' | 'voigt';

/**
 * What a recorded pattern shows and a kinematic one does not: specimen, lens and detector effects. Every field is
 * off by default; `@sadp/dataset` draws them per image so that a classifier learns the crystal, not the renderer.
 */
export interface ArtefactSettings {
  /** Standard deviation of ln(intensity) of each reflection (thickness, bending, dynamical scattering), default 0. */
  intensityJitter?: number;
  /**
   * Double diffraction: every g₁ + g₂ of two diffracted beams that is not itself a spot appears with intensity
   * `doubleDiffraction` × √(I₁ I₂) (largest over pairs; intensities relative to the strongest beam), default 0.
   * Such sums are always lattice vectors, so only screw/glide absences light up, never lattice centring ones.
   */
  doubleDiffraction?: number;
  /** Elliptical distortion of the projector lens: the axes differ by this fraction (0.02 = 2 %), default 0. */
  ellipticity?: number;
  /** Direction of the long axis of the ellipse, degrees counter-clockwise from +x, default 0. */
  ellipseAngle?: number;
  /** A beam stop: a rod of this width (px) from the image edge to just past the direct beam, default none. */
  beamStop?: { angle: number; width: number } | null;
}

/** Microscope and rendering settings of one pattern. Everything but `zone` is optional. */
export interface SimulationSettings {
  /** Zone axis [uvw], a direct-lattice direction; it points from the specimen toward the electron source. */
  zone: readonly [number, number, number];
  /** Acceleration voltage in volts, default 200e3. */
  voltage?: number;
  /** Camera length L in mm, default 300. Spot radius R = L·λ·|g|. */
  cameraLength?: number;
  /** Detector pixel size in mm, default 0.1. */
  pixelSize?: number;
  /** Direct calibration in Å⁻¹ per pixel; overrides `cameraLength` and `pixelSize`. */
  calibration?: number;
  /** Image side in pixels, default 256. */
  size?: number;
  /** Pixel position of the direct beam [x, y]; default the image centre ((size−1)/2, (size−1)/2). */
  center?: readonly [number, number];
  /** Extra in-plane rotation of the crystal about the beam in degrees, counter-clockwise on the image. */
  rotation?: number;
  /** Small crystal tilt in degrees about the detector x then y axes (changes excitation errors). */
  tilt?: readonly [number, number];
  /** Laue zones: 0 = zero-order only (default); N also includes upper zones 1..N (h·u + k·v + l·w = n). */
  laueZones?: number;
  /** Largest |g| in Å⁻¹ to consider; default: the image corner farthest from the centre plus 4 spot sigmas. */
  maxG?: number;
  /** Relrod shape, default `'lorentzian'`. */
  shapeFunction?: ShapeFunction;
  /** Crystal thickness t in Å that sets the relrod width (~1/t), default 50. */
  thickness?: number;
  /** Reflections with |s| above this (Å⁻¹) are dropped; default ∞ for ZOLZ only, 2/t with HOLZ. */
  maxExcitationError?: number;
  /** Electron scattering factors, default `'lobato'`. */
  table?: ScatteringTable;
  /** Debye–Waller damping: `true` (default, B from the structure or `defaultB`), a B in Å² for all atoms, or `false`. */
  debyeWaller?: boolean | number;
  /** B in Å² for atoms with unknown B, default 0.5. */
  defaultB?: number;
  /** Reflections weaker than this fraction of the brightest diffracted beam are dropped, default 1e-6. */
  minIntensity?: number;
  /** Include the direct beam (000) as a spot and draw it, default false. */
  directBeam?: boolean;
  /** Intensity of the direct beam relative to the brightest diffracted beam, default 1. */
  directBeamIntensity?: number;
  /** Gaussian spot standard deviation in pixels, default 1.5. */
  spotSigma?: number;
  /** Spot shape, default `'gaussian'`; `spotSigma` sets its width (same FWHM for every profile). */
  spotProfile?: SpotProfile;
  /** Spot peak value = intensity^gamma (gamma < 1 brings out weak spots), default 1. */
  gamma?: number;
  /** Specimen and detector effects (jitter, double diffraction, distortion, beam stop); all off by default. */
  artefacts?: ArtefactSettings;
  /** Background added to the image. A number is a constant level. */
  background?: number | BackgroundSettings;
  /** Noise (applied after background). */
  noise?: NoiseSettings;
  /** Seed of the pseudo-random generator for noise, default 0. */
  seed?: number;
}

/** Settings with every default filled in, plus derived quantities. */
export interface ResolvedSettings {
  zone: [number, number, number];
  voltage: number;
  /** Relativistic electron wavelength in Å. */
  wavelength: number;
  /** Camera length in mm; absent when a direct `calibration` was given. */
  cameraLength?: number;
  /** Pixel size in mm; absent when a direct `calibration` was given. */
  pixelSize?: number;
  /** Å⁻¹ per pixel. */
  calibration: number;
  size: number;
  center: [number, number];
  rotation: number;
  tilt: [number, number];
  laueZones: number;
  maxG: number;
  shapeFunction: ShapeFunction;
  thickness: number;
  maxExcitationError: number;
  table: ScatteringTable;
  debyeWaller: boolean | number;
  defaultB: number;
  minIntensity: number;
  directBeam: boolean;
  directBeamIntensity: number;
  spotSigma: number;
  spotProfile: SpotProfile;
  gamma: number;
  artefacts: Required<ArtefactSettings>;
  background: Required<BackgroundSettings>;
  noise: Required<NoiseSettings>;
  seed: number;
}

const SHAPES: readonly ShapeFunction[] = ['none', 'sinc2', 'lorentzian', 'gaussian'];
const PROFILES: readonly SpotProfile[] = ['gaussian', 'lorentzian', 'voigt'];

function resolveArtefacts(a: ArtefactSettings = {}): Required<ArtefactSettings> {
  const ellipticity = nonNegative('artefacts.ellipticity', a.ellipticity ?? 0);
  if (ellipticity >= 0.5) throw new RangeError(`artefacts.ellipticity must be below 0.5, got ${ellipticity}`);
  const stop = a.beamStop ?? null;
  return {
    intensityJitter: nonNegative('artefacts.intensityJitter', a.intensityJitter ?? 0),
    doubleDiffraction: nonNegative('artefacts.doubleDiffraction', a.doubleDiffraction ?? 0),
    ellipticity,
    ellipseAngle: finite('artefacts.ellipseAngle', a.ellipseAngle ?? 0),
    beamStop:
      stop === null
        ? null
        : {
            angle: finite('artefacts.beamStop.angle', stop.angle),
            width: positive('artefacts.beamStop.width', stop.width),
          },
  };
}

function positive(name: string, value: number): number {
  if (!(value > 0) || !Number.isFinite(value))
    throw new RangeError(`${name} must be a positive number, got ${value}`);
  return value;
}

function nonNegative(name: string, value: number): number {
  if (!(value >= 0) || !Number.isFinite(value)) throw new RangeError(`${name} must be ≥ 0, got ${value}`);
  return value;
}

function finite(name: string, value: number): number {
  if (!Number.isFinite(value)) throw new RangeError(`${name} must be a finite number, got ${value}`);
  return value;
}

function profileOf(profile: SpotProfile | undefined): SpotProfile {
  const p = profile ?? 'gaussian';
  if (!PROFILES.includes(p))
    throw new TypeError(`unknown spotProfile "${p}" (expected ${PROFILES.join(', ')})`);
  return p;
}

/** The zone axis: three integers, not all zero. */
function resolveZone(zone: SimulationSettings['zone'] | undefined): [number, number, number] {
  if (zone?.length !== 3 || !zone.every((v) => Number.isInteger(v))) {
    throw new TypeError(`zone must be three integers [u, v, w], got ${JSON.stringify(zone)}`);
  }
  if (zone[0] === 0 && zone[1] === 0 && zone[2] === 0)
    throw new RangeError('zone axis [000] is not a direction');
  return [zone[0], zone[1], zone[2]];
}

/**
 * The calibration in Å⁻¹/px: given, or pixelSize / (L·λ) from the camera length (default 300 mm, within
 * limits) and pixel size (default 0.1 mm); camera length and pixel size as given or used.
 */
function resolveCalibration(
  settings: SimulationSettings,
  wavelength: number,
): { calibration: number; cameraLength: number | undefined; pixelSize: number | undefined } {
  if (settings.calibration !== undefined) {
    const calibration = positive('calibration', settings.calibration);
    return {
      calibration,
      cameraLength:
        settings.cameraLength !== undefined ? positive('cameraLength', settings.cameraLength) : undefined,
      pixelSize: settings.pixelSize !== undefined ? positive('pixelSize', settings.pixelSize) : undefined,
    };
  }
  const cameraLength = positive('cameraLength', settings.cameraLength ?? 300);
  if (cameraLength < limits.minCameraLength || cameraLength > limits.maxCameraLength) {
    throw new RangeError(
      `cameraLength must be ${limits.minCameraLength}-${limits.maxCameraLength} mm, got ${cameraLength}`,
    );
  }
  const pixelSize = positive('pixelSize', settings.pixelSize ?? 0.1);
  return { calibration: pixelSize / (cameraLength * wavelength), cameraLength, pixelSize };
}

/**
 * Thickness, Laue zones and the excitation-error cut-off (default: none for the ZOLZ alone, else 2 / thickness).
 */
function resolveExcitation(settings: SimulationSettings): {
  thickness: number;
  laueZones: number;
  maxExcitationError: number;
} {
  const thickness = positive('thickness', settings.thickness ?? 50);
  const laueZones = settings.laueZones ?? 0;
  if (!Number.isInteger(laueZones) || laueZones < 0 || laueZones > 20) {
    throw new RangeError(`laueZones must be an integer 0-20, got ${laueZones}`);
  }
  const maxExcitationError =
    settings.maxExcitationError !== undefined
      ? positive('maxExcitationError', settings.maxExcitationError)
      : laueZones === 0
        ? Number.POSITIVE_INFINITY
        : 2 / thickness;
  return { thickness, laueZones, maxExcitationError };
}

/**
 * Fills in defaults, validates, and derives the wavelength and the calibration (Å⁻¹/px =
 * pixelSize / (L·λ)). Throws `RangeError`/`TypeError` for bad values.
 */
export function resolveSettings(settings: SimulationSettings): ResolvedSettings {
  const zone = resolveZone(settings.zone);
  const voltage = settings.voltage ?? 200e3;
  if (!(voltage >= limits.minVoltage && voltage <= limits.maxVoltage)) {
    throw new RangeError(
      `voltage must be ${limits.minVoltage / 1e3}-${limits.maxVoltage / 1e3} kV (${limits.minVoltage}-${limits.maxVoltage} V), got ${voltage} V`,
    );
  }
  const wavelength = electronWavelength(voltage);
  const size = settings.size ?? 256;
  if (!Number.isInteger(size) || size < 1 || size > limits.maxSize)
    throw new RangeError(`size must be an integer 1-${limits.maxSize}, got ${size}`);
  const { calibration, cameraLength, pixelSize } = resolveCalibration(settings, wavelength);
  const c = (size - 1) / 2;
  const center: [number, number] = settings.center
    ? [finite('center[0]', settings.center[0]), finite('center[1]', settings.center[1])]
    : [c, c];
  const spotSigma = positive('spotSigma', settings.spotSigma ?? 1.5);
  const far = Math.hypot(
    Math.max(center[0], size - 1 - center[0]),
    Math.max(center[1], size - 1 - center[1]),
  );
  const maxG =
    settings.maxG !== undefined ? positive('maxG', settings.maxG) : (far + 4 * spotSigma) * calibration;
  const shapeFunction = settings.shapeFunction ?? 'lorentzian';
  if (!SHAPES.includes(shapeFunction)) throw new TypeError(`unknown shapeFunction "${shapeFunction}"`);
  const { thickness, laueZones, maxExcitationError } = resolveExcitation(settings);
  const bg =
    typeof settings.background === 'number' ? { constant: settings.background } : (settings.background ?? {});
  const tilt = settings.tilt ?? [0, 0];
  const debyeWaller = settings.debyeWaller ?? true;
  if (typeof debyeWaller === 'number') nonNegative('debyeWaller', debyeWaller);
  const out: ResolvedSettings = {
    zone,
    voltage,
    wavelength,
    calibration,
    size,
    center,
    rotation: finite('rotation', settings.rotation ?? 0),
    tilt: [finite('tilt[0]', tilt[0]), finite('tilt[1]', tilt[1])],
    laueZones,
    maxG,
    shapeFunction,
    thickness,
    maxExcitationError,
    table: settings.table ?? 'lobato',
    debyeWaller,
    defaultB: nonNegative('defaultB', settings.defaultB ?? 0.5),
    minIntensity: nonNegative('minIntensity', settings.minIntensity ?? 1e-6),
    directBeam: settings.directBeam ?? false,
    directBeamIntensity: nonNegative('directBeamIntensity', settings.directBeamIntensity ?? 1),
    spotSigma,
    spotProfile: profileOf(settings.spotProfile),
    gamma: positive('gamma', settings.gamma ?? 1),
    artefacts: resolveArtefacts(settings.artefacts),
    background: {
      constant: nonNegative('background.constant', bg.constant ?? 0),
      diffuse: nonNegative('background.diffuse', bg.diffuse ?? 0),
      width: positive('background.width', bg.width ?? size / 8),
    },
    noise: {
      poisson: nonNegative('noise.poisson', settings.noise?.poisson ?? 0),
      gaussian: nonNegative('noise.gaussian', settings.noise?.gaussian ?? 0),
    },
    seed: finite('seed', settings.seed ?? 0),
  };
  if (cameraLength !== undefined) out.cameraLength = cameraLength;
  if (pixelSize !== undefined) out.pixelSize = pixelSize;
  return out;
}
