/**
 * The per-image step (structure → simulated pattern → label → optional augmentation → PNG bytes),
 * behind an interface so that workers can run the built-in one or a module named in the options.
 *
 * @packageDocumentation
 */
import type { Structure } from '@sadp/cif';
import { encodePng } from '@sadp/diffraction-sim';
import { type AugmentParams, augmentImage } from './augment';
import type { ResolvedDatasetOptions } from './options';
import type { DatasetJob, PlannedCrystal } from './plan';
import { createRng, hashSeed } from './random';

/** What a worker knows about the crystal of a job (a {@link PlannedCrystal} without heavy fields). */
export type CrystalInfo = Omit<PlannedCrystal, 'structure'>;

/** One rendering request. */
export interface RenderRequest {
  structure: Structure;
  crystal: CrystalInfo;
  job: DatasetJob;
  options: ResolvedDatasetOptions;
}

/** One rendered image. */
export interface RenderedImage {
  /** Complete PNG file bytes; must depend only on the request (same request, same bytes). */
  png: Uint8Array;
  /** Class label; the image goes to `<split>/<label>/`. Must be a safe folder name. */
  label: string;
  /** Augmentation applied, if any. */
  augment: AugmentParams | null;
  /** Image side in px after augmentation. */
  size: number;
}

/** The per-image step. Implementations may cache per structure (e.g. labels per zone). */
export interface PatternRenderer {
  render(request: RenderRequest): RenderedImage;
}

/** A simulated image before labelling and encoding: the part a simulator provides. */
export interface SimulatedImage {
  image: Float32Array;
  size: number;
}

/**
 * Builds a {@link PatternRenderer} from a simulate function and a label function: applies the generation-time
 * augmentation (seeded from the job seed) and encodes an 8/16-bit PNG carrying the job's metadata as tEXt.
 * Labels are cached per (structure, zone).
 */
export function composeRenderer(
  simulateImage: (request: RenderRequest) => SimulatedImage,
  labelFor: (structure: Structure, zone: readonly [number, number, number]) => string,
): PatternRenderer {
  const labels = new WeakMap<Structure, Map<string, string | Error>>();
  return {
    render(request) {
      const { structure, job, options, crystal } = request;
      let perZone = labels.get(structure);
      if (!perZone) labels.set(structure, (perZone = new Map()));
      const zk = job.zone.join(',');
      let label = perZone.get(zk);
      if (label === undefined) {
        // failures are cached too: every voltage / camera length of the zone fails the same way
        try {
          label = labelFor(structure, job.zone);
          if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(label)) {
            throw new Error(`label ${JSON.stringify(label)} is not a safe folder name`);
          }
        } catch (error) {
          label = error instanceof Error ? error : new Error(String(error));
        }
        perZone.set(zk, label);
      }
      if (label instanceof Error) throw label;
      let { image, size } = simulateImage(request);
      let augment: AugmentParams | null = null;
      if (options.augment) {
        const a = augmentImage(image, size, createRng(hashSeed(job.seed, 'augment')), options.augment);
        image = a.image;
        size = a.size;
        augment = a.params;
      }
      const png = encodePng(
        { image, size },
        {
          bitDepth: options.bitDepth,
          metadata: {
            'sadp:id': job.id,
            'sadp:label': label,
            'sadp:space-group': String(crystal.spaceGroup),
            'sadp:zone': `[${job.zone.join(' ')}]`,
            'sadp:voltage-kV': String(job.voltage / 1000),
            ...(job.cameraLength === null ? {} : { 'sadp:camera-length-mm': String(job.cameraLength) }),
            'sadp:source':
              crystal.source === null ? `synthetic ${crystal.block}` : `${crystal.source}#${crystal.block}`,
            'sadp:seed': String(job.seed),
            ...(augment === null
              ? {}
              : {
                  'sadp:augment': `rotation=${augment.rotation.toFixed(4)} scale=${augment.scale.toFixed(4)} offset=${augment.offsetX},${augment.offsetY}`,
                }),
          },
        },
      );
      return { png, label, augment, size };
    },
  };
}
