import { readFileSync } from 'node:fs';
import { readStructures } from '@sadp/cif';
import { labelFromSpots, labelOf } from '@sadp/lattice-labels';
import { type ForeignCrystal, projectZone } from './render';

const set = JSON.parse(readFileSync('evaluation/foreign/spots.json', 'utf8')) as {
  crystals: ForeignCrystal[];
};
let same = 0,
  diff = 0;
const ex: string[] = [];
for (const c of set.crystals.filter((c) => c.kind === 'held-out')) {
  const st = readStructures(readFileSync(`/work/shared/cifs/${c.source}`, 'utf8'), {
    mode: 'lenient',
    skipInvalid: true,
  })[0]!;
  for (const zone of Object.keys(c.zones)) {
    const s = projectZone(c, zone);
    const fit = labelFromSpots({ x: s.u, y: s.v, intensity: s.intensity }, { yAxis: 'up', center: [0, 0] });
    const ours = labelOf(st, [...zone].map(Number) as [number, number, number]).name;
    if (fit.label === ours) same++;
    else {
      diff++;
      if (ex.length < 30)
        ex.push(`${c.id} ${zone}: pymatgen-fit ${fit.label} (mirror ${fit.mirrorLabel}) vs labelOf ${ours}`);
    }
  }
}
console.log(same, diff);
console.log(ex.join('\n'));
