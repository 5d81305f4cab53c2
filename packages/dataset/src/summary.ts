/**
 * The summary card of a run: counts per label and per space group, crystals per split and origin, and
 * every warning (CIFs that failed to parse with the parser's reason, duplicates, failed images).
 *
 * @packageDocumentation
 */
import type { ManifestRecord } from './manifest';
import type { ResolvedDatasetOptions, Shard } from './options';
import type { DatasetPlan, DatasetWarning } from './plan';

/** Counts of one space group. */
export interface SpaceGroupCounts {
  /** Real CIF crystals (blocks) in training / validation, synthetic crystals (training only). */
  crystals: { train: number; val: number; synthetic: number };
  /** Images in training / validation (of this shard). */
  images: { train: number; val: number };
}

/** Result of {@link generateDataset}, also written as `summary.json` (and `summary.md`). */
export interface DatasetSummary {
  outDir: string;
  manifest: string;
  shard: Shard;
  seed: number;
  /** Images listed in the manifest, and per split. */
  images: number;
  train: number;
  val: number;
  /** Images kept from an interrupted run / rendered in this session. */
  resumed: number;
  rendered: number;
  failed: number;
  /** Images of every shard together. */
  totalJobs: number;
  /** Structures read but outside `spaceGroups`. */
  filtered: number;
  /** Images per label and split, labels in sorted order. */
  perLabel: Record<string, { train: number; val: number }>;
  /** Per space group (keys are IT numbers). */
  perSpaceGroup: Record<string, SpaceGroupCounts>;
  /** Planning warnings (bad CIFs, duplicates, synthetic shortfalls) then failed images. */
  warnings: DatasetWarning[];
  options: ResolvedDatasetOptions;
  elapsedSeconds: number;
  /** Images rendered per second in this session. */
  imagesPerSecond: number;
}

/** Builds the summary from the plan and the final manifest. */
export function summarize(input: {
  plan: DatasetPlan;
  records: readonly ManifestRecord[];
  failures: readonly DatasetWarning[];
  outDir: string;
  manifest: string;
  resumed: number;
  rendered: number;
  elapsedSeconds: number;
}): DatasetSummary {
  const { plan, records } = input;
  const perLabelMap = new Map<string, { train: number; val: number }>();
  const perGroup = new Map<number, SpaceGroupCounts>();
  const group = (g: number): SpaceGroupCounts => {
    let c = perGroup.get(g);
    if (!c)
      perGroup.set(g, (c = { crystals: { train: 0, val: 0, synthetic: 0 }, images: { train: 0, val: 0 } }));
    return c;
  };
  for (const c of plan.crystals) {
    const g = group(c.spaceGroup);
    if (c.origin === 'synthetic') g.crystals.synthetic++;
    else g.crystals[c.split]++;
  }
  let train = 0;
  let val = 0;
  for (const r of records) {
    let l = perLabelMap.get(r.label);
    if (!l) perLabelMap.set(r.label, (l = { train: 0, val: 0 }));
    l[r.split]++;
    group(r.spaceGroup).images[r.split]++;
    if (r.split === 'train') train++;
    else val++;
  }
  const perLabel: Record<string, { train: number; val: number }> = {};
  for (const k of [...perLabelMap.keys()].sort()) perLabel[k] = perLabelMap.get(k)!;
  const perSpaceGroup: Record<string, SpaceGroupCounts> = {};
  for (const k of [...perGroup.keys()].sort((a, b) => a - b)) perSpaceGroup[String(k)] = perGroup.get(k)!;
  return {
    outDir: input.outDir,
    manifest: input.manifest,
    shard: plan.options.shard,
    seed: plan.options.seed,
    images: records.length,
    train,
    val,
    resumed: input.resumed,
    rendered: input.rendered,
    failed: input.failures.length,
    totalJobs: plan.totalJobs,
    filtered: plan.filtered,
    perLabel,
    perSpaceGroup,
    warnings: [...plan.warnings, ...input.failures],
    options: plan.options,
    elapsedSeconds: input.elapsedSeconds,
    imagesPerSecond: input.rendered / Math.max(input.elapsedSeconds, 1e-3),
  };
}

/** The summary as a Markdown card. */
export function renderSummaryMarkdown(s: DatasetSummary): string {
  const lines: string[] = [];
  const shard = s.shard.count > 1 ? ` (shard ${s.shard.index}/${s.shard.count})` : '';
  lines.push(`# Dataset summary${shard}`, '');
  lines.push(
    `${s.images} images (${s.train} train, ${s.val} val), seed ${s.seed}, ${s.options.zones.length} zone axes, ` +
      `${s.options.voltages.length} voltage(s), ${s.options.cameraLengths.length} camera length(s), ${s.options.size} px.`,
  );
  lines.push(
    `Rendered ${s.rendered} in ${s.elapsedSeconds.toFixed(1)} s (${s.imagesPerSecond.toFixed(1)} images/s); ` +
      `${s.resumed} kept from an interrupted run; ${s.failed} failed.`,
    '',
  );
  lines.push(
    '## Per space group',
    '',
    '| space group | real CIF blocks train | val | synthetic | images train | images val |',
    '|---|---|---|---|---|---|',
  );
  for (const [g, c] of Object.entries(s.perSpaceGroup)) {
    lines.push(
      `| ${g} | ${c.crystals.train} | ${c.crystals.val} | ${c.crystals.synthetic} | ${c.images.train} | ${c.images.val} |`,
    );
  }
  lines.push('', '## Per label', '', '| label | train | val |', '|---|---|---|');
  for (const [label, c] of Object.entries(s.perLabel)) lines.push(`| ${label} | ${c.train} | ${c.val} |`);
  lines.push('', `## Warnings (${s.warnings.length})`, '');
  if (s.warnings.length === 0) lines.push('None.');
  for (const w of s.warnings) {
    const at = w.line === undefined ? '' : `:${w.line}`;
    lines.push(`- \`${w.code}\` ${w.file}${at}: ${w.message.replace(/\s+/g, ' ')}`);
  }
  return `${lines.join('\n')}\n`;
}
