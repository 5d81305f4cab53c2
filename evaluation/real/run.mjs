#!/usr/bin/env node
/**
 * Classifies the real patterns (crops made by fetch-real.mjs) with `sadp classify` and prints markdown tables:
 * each pattern alone (at the stated scale, and with the scale left to `classify`), then every crystal's patterns
 * ensembled. `--model dir` selects another model; `--json file` also writes the raw results.
 *
 * "Stated scale" passes what the source states: `--calibration` when it gives one, with `--lattice` when the
 * lattice parameter is known too; a pattern without a calibration has no stated-scale columns ("–"). For a
 * crystal outside the five groups (`outOfScope`), "group right" means that no supported group was named
 * ("not sure", or "not one of the five" ahead of every group).
 *
 *   node evaluation/real/run.mjs [--model dir] [--json results.json]
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const here = dirname(fileURLToPath(import.meta.url));
const { values } = parseArgs({
  options: {
    model: { type: 'string' },
    data: { type: 'string', default: join(here, 'data') },
    json: { type: 'string' },
  },
});
const manifest = JSON.parse(readFileSync(join(here, 'patterns.json'), 'utf8'));
const sadp = join(here, '..', '..', 'node_modules', '.bin', 'sadp');

function classify(files, extra = []) {
  const args = ['classify', ...files, '--json', ...extra];
  if (values.model) args.push('--model', values.model);
  return JSON.parse(execFileSync(sadp, args, { encoding: 'utf8', maxBuffer: 64 << 20 }));
}

const fileOf = (p) => join(values.data, `${p.id}.${p.decode === 'image' ? 'npy' : 'png'}`); // as fetch-real.mjs
for (const p of manifest.patterns) {
  if (!existsSync(fileOf(p))) throw new Error(`${fileOf(p)} missing: run fetch-real.mjs first`);
}
/** The scale the source states: calibration (each pattern's), with the lattice parameter when known; or none. */
const stated = (ps) => ps.every((p) => p.calibration != null);
const scaleArgs = (ps) => {
  if (!stated(ps)) return [];
  const calibration = ['--calibration', ps.map((p) => p.calibration).join(',')];
  return ps[0].lattice != null ? ['--lattice', String(ps[0].lattice), ...calibration] : calibration;
};
const pct = (x) => `${(100 * x).toFixed(1)} %`;
const labels = (image) => image.labels.map((l) => `${l.label} ${pct(l.probability)}`).join(', ');
/** The top supported group; "not one of the five" with its probability when that comes first, as `classify` says. */
const noneFirst = (prediction) => prediction.outOfScope > prediction.groups[0].probability;
const verdict = (prediction) => {
  const [top] = prediction.groups;
  const word = prediction.abstained ? 'not sure' : 'verdict';
  const none = noneFirst(prediction) ? `; not one of the five ${pct(prediction.outOfScope)}` : '';
  return `${top.spaceGroup} ${pct(top.probability)} (${word}${none})`;
};
const mark = (ok) => (ok ? 'yes' : 'no');

const results = { model: null, patterns: [], ensembles: [] };
const rows = [];
for (const p of manifest.patterns) {
  const free = classify([fileOf(p)]);
  const scaled = stated([p]) ? classify([fileOf(p)], scaleArgs([p])) : null;
  results.model = free.model;
  const entry = { id: p.id, scaled, free };
  const imageS = scaled?.images[0];
  const [imageF] = free.images;
  const labelOk = (image) =>
    p.expectedLabel
      ? mark(image.labels[0].label === p.expectedLabel)
      : p.zoneAxis
        ? 'n/a (no label)'
        : 'n/a (off zone)';
  const groupOk = (prediction) =>
    p.outOfScope
      ? mark(prediction.abstained || noneFirst(prediction))
      : mark(prediction.groups[0].spaceGroup === p.spaceGroup);
  let withZone = '';
  if (p.zone) {
    entry.withZone = classify([fileOf(p)], [...scaleArgs([p]), '--zone', p.zone.replace(/[[\]]/g, '')]);
    withZone = verdict(entry.withZone.prediction);
  }
  results.patterns.push(entry);
  const zone = p.zone ?? (p.zoneAxis ? 'not stated' : 'off zone');
  const stateds = scaled
    ? `${labels(imageS)} | ${labelOk(imageS)} | ${verdict(scaled.prediction)} | ${groupOk(scaled.prediction)}`
    : '– (no calibration) | – | – | –';
  rows.push(
    `| ${p.id} | ${p.crystal} (${p.spaceGroup}) | ${zone} | ${p.expectedLabel ?? '–'} | ${stateds} | ` +
      `${labels(imageF)} | ${labelOk(imageF)} | ${verdict(free.prediction)} | ${groupOk(free.prediction)} | ` +
      `${withZone || '–'} |`,
  );
}

console.log(`Model: \`${results.model}\`\n`);
console.log('### Each pattern alone\n');
console.log(
  '| pattern | crystal (group) | zone | expected label | top-3 labels, stated scale | label right | group, stated scale | group right | top-3 labels, scale from spots | label right | group, scale from spots | group right | group, stated scale and zone |',
);
console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|');
for (const row of rows) console.log(row);

console.log('\n### Patterns of one crystal ensembled (stated scale)\n');
console.log('| crystal (group) | patterns | verdict | right | next zone suggested |');
console.log('|---|---|---|---|---|');
const crystals = [...new Set(manifest.patterns.map((p) => `${p.source}:${p.crystal}`))];
for (const key of crystals) {
  const all = manifest.patterns.filter((p) => `${p.source}:${p.crystal}` === key);
  const sets = [
    ['zone-axis patterns', all.filter((p) => p.zoneAxis)],
    ['all patterns (off-zone ones included)', all],
  ];
  for (const [what, ps] of sets) {
    if (ps.length < 2) continue;
    const out = classify(ps.map(fileOf), scaleArgs(ps));
    results.ensembles.push({ crystal: key, what, ids: ps.map((p) => p.id), out });
    const next = out.prediction.nextZone ? `[${out.prediction.nextZone.zone.join('')}]` : '–';
    console.log(
      `| ${ps[0].crystal} (${ps[0].spaceGroup}) | ${what}: ${ps.length} | ${verdict(out.prediction)} | ` +
        `${mark(out.prediction.groups[0].spaceGroup === ps[0].spaceGroup)} | ${next} |`,
    );
  }
}
if (values.json) writeFileSync(values.json, `${JSON.stringify(results, null, 2)}\n`);
