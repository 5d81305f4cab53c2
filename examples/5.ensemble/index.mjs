// The ensemble example of Ra et al. (RSC Adv. 2021, 11, 38307, section 3.2), on a small hand-built registry:
// at [001], 221, 225, 227 and 229 all give the label A1-0 (213 gives A1-1); at [013] ("[103]") the label
// D12-0 comes only from 225. The last part uses `cubicRegistry` from @sadp/lattice-labels, the full 5-group registry.
import { ensemble, PAPER_LOOK_ALIKE_FAMILIES } from '@sadp/ensemble';
import { cubicRegistry } from '@sadp/lattice-labels';

const zone = (u, v, w) => [u, v, w];
const members = (z, ...who) => who.map((w) => ({ spaceGroup: Number(w.slice(0, 3)), zone: z, variant: w }));
const registry = {
  version: 1,
  spaceGroups: [213, 221, 225, 227, 229],
  zones: [zone(0, 0, 1), zone(0, 1, 1), zone(0, 1, 3)],
  labels: [
    {
      name: 'A1-0',
      lattice: 'A',
      members: members(zone(0, 0, 1), '221', '225', '227-1', '227-2', '227-3', '229'),
    },
    { name: 'A1-1', lattice: 'A', members: members(zone(0, 0, 1), '213') },
    { name: 'B1-0', lattice: 'B', members: members(zone(0, 1, 1), '221', '229', '213') },
    { name: 'D1-0', lattice: 'D', members: members(zone(0, 1, 1), '225', '227-1', '227-2', '227-3') },
    { name: 'D12-0', lattice: 'D', members: members(zone(0, 1, 3), '225') },
    { name: 'D12-1', lattice: 'D', members: members(zone(0, 1, 3), '221', '227-1', '227-2', '227-3') },
    { name: 'D12-2', lattice: 'D', members: members(zone(0, 1, 3), '229', '213') },
  ],
};

const show = (title, p) => {
  console.log(`\n${title} (mode ${p.mode})`);
  for (const g of p.groups) console.log(`  ${g.spaceGroup}: ${(100 * g.probability).toFixed(1)}%`);
  console.log(`  best: ${p.best ?? 'abstain'}, entropy ${p.entropy.toFixed(3)} bits`);
  console.log(`  cannot tell apart: ${JSON.stringify(p.unresolved)}`);
  if (p.nextZone)
    console.log(
      `  record next: [${p.nextZone.zone.join('')}] (${p.nextZone.informationGain.toFixed(2)} bits)`,
    );
  for (const h of p.hiddenLookAlikes ?? [])
    console.log(
      h.cause === 'double diffraction'
        ? `  same patterns: ${h.spaceGroup} if double diffraction lights its (${h.example.join('')}) (${h.weak})`
        : `  same patterns: ${h.spaceGroup} if its (${h.example.join('')}) reflections (${h.weak}) are too weak`,
    );
};

// A classifier saw a [001] pattern: mostly A1-0.
const first = { probabilities: { 'A1-0': 0.97, 'A1-1': 0.03 }, zone: [0, 0, 1] };
show('[001] only', ensemble([first], registry, { mode: 'mean' }));

// A second pattern at [103] reads D12-0, which only 225 gives.
const second = { label: 'D12-0', zone: [1, 0, 3] };
show(
  '[001] + [103], the paper: 62.5% / 12.5%',
  ensemble([{ label: 'A1-0' }, second], registry, { mode: 'mean' }),
);
show(
  '[001] + [103], evidence multiplied',
  ensemble([first, second], registry, { families: PAPER_LOOK_ALIKE_FAMILIES }),
);

// With the real registry, whose members carry their shortest spot spacing in units of 1/a: one [001] square
// pattern alone fits Pm-3m (100 at 1/a), Fm-3m (200 at 2/a), Fd-3m (220 at 2√2/a) and Im-3m (110 at √2/a) alike.
// Measured at 2/a of a lattice parameter the user knows (within 3 %), only Fm-3m is left.
const square = { label: 'A1-0', zone: [0, 0, 1], spacing: 2 };
show('[001] square at 2/a, a unknown', ensemble([square], cubicRegistry));
show('[001] square at 2/a, a known', ensemble([square], cubicRegistry, { knownLattice: 0.03 }));

// Im-3m's [001], [011], [111] at a known a: no zone or spacing separates an ordered Pm-3m crystal (B2, NiAl-type)
// whose 100-type superlattice reflections are too weak to see; the verdict names it.
const bcc = [
  { label: 'A1-0', zone: [0, 0, 1], spacing: Math.SQRT2 },
  { label: 'B14-0', zone: [0, 1, 1], spacing: Math.SQRT2 },
  { label: 'C1-0', zone: [1, 1, 1], spacing: Math.SQRT2 },
];
show('W [001], [011], [111], a known', ensemble(bcc, cubicRegistry, { knownLattice: 0.03 }));
