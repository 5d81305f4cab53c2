// A third-party program that classifies the space group of a crystal from several diffraction patterns,
// using only the public APIs of the sadp packages. Its "microscope" here is the simulator: it records
// silicon along three zone axes, rendered the way the shipped model's training images were.
import { readStructures } from '@sadp/cif';
import { analysisEvidence, loadClassifier, matchingSimulation } from '@sadp/classifier';
import { simulate } from '@sadp/diffraction-sim';
import { ensemble } from '@sadp/ensemble';
import { cubicRegistry, membersOf } from '@sadp/lattice-labels';

const SILICON = `data_Si
_cell_length_a 5.4307
_cell_length_b 5.4307
_cell_length_c 5.4307
_cell_angle_alpha 90
_cell_angle_beta 90
_cell_angle_gamma 90
_space_group_name_H-M_alt 'F d -3 m'
_space_group_IT_number 227
loop_
_atom_site_label
_atom_site_fract_x
_atom_site_fract_y
_atom_site_fract_z
Si1 0.125 0.125 0.125
`;

const classifier = await loadClassifier(); // the model shipped with @sadp/classifier, on the fastest backend available
const [silicon] = readStructures(SILICON, { file: 'silicon.cif' });
const settings = matchingSimulation(classifier.rendering, silicon.cell); // as the model's training images

const evidence = [];
for (const zone of [
  [0, 0, 1],
  [0, 1, 1],
  [1, 1, 2],
]) {
  const pattern = simulate(silicon, { ...settings, zone, rotation: 23 });
  // analyse = classify + what the lattice fit measured: each image's shortest spot spacing (pixels)
  const analysis = classifier.analyse([{ width: pattern.size, height: pattern.size, data: pattern.image }]);
  // One camera length for all three images: the spacings (as a fraction of the image width) are comparable and
  // separate look-alike groups.
  const [one] = analysisEvidence(classifier.labels, analysis, { spacing: { width: pattern.size } });
  const byLabel = one.probabilities;
  const best = Object.entries(byLabel).sort((a, b) => b[1] - a[1])[0];
  const lookAlikes = membersOf(cubicRegistry, best[0]).map((m) => `${m.variant}[${m.zone.join('')}]`);
  console.log(
    `[${zone.join('')}] → ${best[0]} (${(100 * best[1]).toFixed(0)}%), looks like ${lookAlikes.join(' ')}`,
  );
  evidence.push(one);
}

const verdict = ensemble(evidence, cubicRegistry, { mode: 'bayes' });
console.log(
  'space group:',
  verdict.groups.map((g) => `${g.spaceGroup} ${(100 * g.probability).toFixed(1)}%`).join(', '),
  verdict.abstained ? '(not sure)' : '',
);
