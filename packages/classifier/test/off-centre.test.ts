import { ensemble } from '@sadp/ensemble';
import { cubicRegistry, type ZoneAxis } from '@sadp/lattice-labels';
import { describe, expect, it } from 'vitest';
import { analysisEvidence, argmax, type GreyImage, loadClassifier } from '../src/node';
import { cameraPattern } from './camera-pattern';

/** The image moved by (dx, dy) pixels: padded with 0 on one side, cropped on the other (same size). */
function shifted(image: GreyImage, dx: number, dy: number): GreyImage {
  const { width, height } = image;
  const data = new Float32Array(width * height);
  for (let y = Math.max(0, dy); y < Math.min(height, height + dy); y++)
    for (let x = Math.max(0, dx); x < Math.min(width, width + dx); x++)
      data[y * width + x] = image.data[(y - dy) * width + (x - dx)]!;
  return { width, height, data };
}

const zones: ZoneAxis[] = [
  [0, 0, 1],
  [0, 1, 1],
  [1, 1, 1],
];
const shifts = [
  [40, 40],
  [-40, 40],
  [40, -40],
  [-40, -40],
  [40, 0],
  [0, -40],
] as const;

// Cu (225) and Si (227) at 256 px, 1/a = 18 px (the middle of the model's training scale ×4), beam moved by 40 px
// in x and/or y with the spots beyond the edge cut: the beam found from the lattice fit re-centres the network's
// view, and the verdict of the three zones together must not change.
describe('patterns recorded off-centre', () => {
  for (const variant of ['225', '227-1'])
    it(`${variant}: same labels and verdict with the beam 40 px off-centre`, async () => {
      const classifier = await loadClassifier();
      const n = classifier.labels.length;
      const centred = zones.map((zone) => cameraPattern(variant, zone, 18).image);
      const verdict = (images: GreyImage[]) => {
        const analysis = classifier.analyse(images);
        const evidence = analysisEvidence(classifier.labels, analysis, {
          spacing: { width: images.map((i) => i.width) },
        });
        return {
          labels: images.map(
            (_, i) => classifier.labels[argmax(analysis.probabilities.subarray(i * n, (i + 1) * n))],
          ),
          group: ensemble(evidence, cubicRegistry).groups[0]!.spaceGroup,
          centres: analysis.centres,
        };
      };
      const reference = verdict(centred);
      expect(reference.group).toBe(Number(variant.slice(0, 3)));
      for (const [dx, dy] of shifts) {
        const moved = verdict(centred.map((image) => shifted(image, dx, dy)));
        expect({ shift: [dx, dy], group: moved.group }).toEqual({ shift: [dx, dy], group: reference.group });
        expect(moved.labels).toEqual(reference.labels);
        // the beam found where it was moved to
        for (const [i, c] of moved.centres.entries()) {
          expect(c).not.toBeNull();
          expect(
            Math.hypot(c![0] - reference.centres[i]![0] - dx, c![1] - reference.centres[i]![1] - dy),
          ).toBeLessThan(1);
        }
      }
    }, 120_000);
});
