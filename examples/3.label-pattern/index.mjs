// Label silicon's zone-axis patterns two ways and show which (space group, zone axis) pairs look the same.
import { simulate, spotList } from '@sadp/diffraction-sim';
import {
  CUBIC_ZONES,
  cubicRegistry,
  formatZoneAxis,
  labelFromSpots,
  labelOf,
  labelsOfGroup,
  latticeOfImage,
  representativeStructure,
} from '@sadp/lattice-labels';

const si = representativeStructure('227-2'); // diamond-type Si; any Structure from @sadp/cif works too

console.log(
  'zone   structure route   spot route (rotated 23°, shifted, 20 % of spots dropped)   look-alikes',
);
for (const zone of CUBIC_ZONES) {
  const fromStructure = labelOf(si, zone);
  const spots = spotList(si, { zone: [...zone], calibration: 0.03, rotation: 23, center: [140, 101] });
  // Drop every fifth spot, as if they were too faint to measure.
  const keep = [...Array(spots.count).keys()].filter((i) => i % 5 !== 4);
  const fromSpots = labelFromSpots({
    x: keep.map((i) => spots.x[i]),
    y: keep.map((i) => spots.y[i]),
    intensity: keep.map((i) => spots.intensity[i]),
  });
  const others = fromSpots.candidates
    .filter((m) => m.variant !== '227-2')
    .map((m) => `${m.variant} ${formatZoneAxis(m.zone)}`);
  console.log(
    `${formatZoneAxis(zone).padEnd(6)} ${String(fromStructure.name).padEnd(17)} ${String(fromSpots.label).padEnd(58)} ${others.join(', ') || '(unique)'}`,
  );
}

console.log(`\n${cubicRegistry.labels.length} labels in the cubic registry; Si (227-2) produces:`);
for (const l of labelsOfGroup(cubicRegistry, '227-2'))
  console.log(`  ${l.name.padEnd(6)} ${l.zones.map(formatZoneAxis).join(' ')}`);

// The image route: spots found in a rendered image, the beam, the lattice, then the faint spots at its nodes that the
// spot finder's thresholds left out. β-Mn (P4₁32) in a linear display has many weak reflections; its screw axis
// keeps the h00 rows with h ≠ 4n empty, and probing must not fill them.
const betaMn = representativeStructure('213');
const image = simulate(betaMn, {
  zone: [0, 0, 1],
  size: 256,
  calibration: 1 / (betaMn.cell.a * 12),
  gamma: 1,
  rotation: 23,
});
const picture = { width: image.size, height: image.size, data: image.image };
const fit = latticeOfImage(picture);
const blind = latticeOfImage(picture, { probe: false });
console.log(
  `\nimage route, β-Mn [001], linear display: ${fit?.label} from ${fit?.spots.x.length} spots (${blind?.spots.x.length} found blindly, the rest at the fitted lattice's nodes)`,
);
