#!/usr/bin/env bash
# Reads every microscope file (.dm3 .dm4 .emd .mrc .ser) of a folder with @sadp/micrograph and classifies it
# with `sadp classify --json` (no scale flags), and prints one Markdown table row per file: format, size,
# calibration read, warnings, outcome and time. Fetches nothing: get the files first (see
# packages/micrograph/docs/public-samples.md). Needs a build (`npm run build`).
#   bash packages/micrograph/scripts/check-public-samples.sh /tmp/samples            # from anywhere
#   SADP_CLI="npx sadp" bash packages/micrograph/scripts/check-public-samples.sh dir  # another CLI
# An optional <folder>/sources.tsv (name<TAB>repository<TAB>path<TAB>commit<TAB>licence, one line a file, no
# header) adds the provenance columns.
set -euo pipefail
[ $# -eq 1 ] && [ -d "$1" ] || {
  echo "usage: $0 <folder of .dm3/.dm4/.emd/.mrc/.ser files>" >&2
  exit 2
}
DIR=$(cd "$1" && pwd)
ROOT=$(cd "$(dirname "$0")/../../.." && pwd)
read -r -a CLI <<<"${SADP_CLI:-node $ROOT/packages/cli/bin/sadp.mjs}"
MICROGRAPH="$ROOT/packages/micrograph/dist/index.js"
[ -f "$MICROGRAPH" ] || {
  echo "no $MICROGRAPH: run npm run build first" >&2
  exit 2
}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

# One table row from the reader's view of the file and the CLI's JSON, stderr, exit code and time.
ROW=$(
  cat <<'EOF'
import { readFileSync, existsSync } from 'node:fs';
import { basename } from 'node:path';
const [micrograph, file, out, err, rc, ms, sources] = process.argv.slice(1);
const { readMicrographAsync } = await import(micrograph);
const name = basename(file);
const cell = (s) => String(s).replaceAll('|', '\\|').replaceAll('\n', ' ');
const short = (m) => m.replace(/\s*\(.*$|;.*$/, '').replace(/(\d\.\d{3})\d+/g, '$1');
const prov = existsSync(sources)
  ? readFileSync(sources, 'utf8').split('\n').map((l) => l.split('\t')).find((f) => f[0] === name)
  : undefined;
let format = '', size = '', calibration = '';
try {
  const m = await readMicrographAsync(new Uint8Array(readFileSync(file)), name);
  format = m.format;
  size = `${m.width}×${m.height}${m.frames ? ` ×${m.frames}` : ''}`;
  const c = m.calibration;
  calibration = c?.reciprocalPerPixel
    ? `${c.reciprocalPerPixel.toPrecision(4)} Å⁻¹/px`
    : c?.pixelSize
      ? `none (real space ${c.pixelSize.toPrecision(4)} Å/px)`
      : 'none';
} catch (e) {
  format = name.split('.').pop();
  calibration = '—';
}
let outcome = '', warnings = [];
try {
  const r = JSON.parse(readFileSync(out, 'utf8'));
  const image = r.images[0];
  if (image?.calibration) calibration += ` (${image.calibration.source})`;
  warnings = r.warnings.map((w) => `${w.code}: ${short(w.message)}`);
  const p = r.prediction;
  const top = p.groups[0];
  outcome = p.abstained
    ? `abstains (top ${top.spaceGroup} ${(100 * top.probability).toFixed(0)}%)`
    : `${p.best} ${(100 * top.probability).toFixed(0)}%`;
} catch {
  // stderr: `sadp: warning: <file>: <message> [W_CODE]` lines, then `sadp: <message> [E_CODE]`
  const lines = readFileSync(err, 'utf8').trim().split('\n');
  const code = (l) => l.match(/\[([EW]_\w+)\]$/)?.[1];
  const text = (l) => l.replace(/^sadp: (warning: )?/, '').replace(`${file}: `, '').replace(`${file} `, '').replace(/ \[[EW]_\w+\]$/, '');
  warnings = lines.filter((l) => l.startsWith('sadp: warning: ')).map((l) => `${code(l) ?? 'W'}: ${short(text(l))}`);
  const last = lines.filter((l) => !l.startsWith('sadp: warning: ')).pop() ?? '';
  outcome = `error ${code(last) ?? `exit ${rc}`}: ${text(last)}`;
}
const cols = [
  ...(prov ? [prov[1], prov[2], (prov[3] ?? '').slice(0, 7), prov[4]] : []),
  name,
  format,
  size,
  calibration,
  warnings.join('; ') || '—',
  outcome,
  `${(Number(ms) / 1000).toFixed(1)} s`,
];
console.log(`| ${cols.map(cell).join(' | ')} |`);
EOF
)

PROV=""
[ -f "$DIR/sources.tsv" ] && PROV="repository | path | commit | licence | " && PROVSEP="--- | --- | --- | --- | "
echo "| ${PROV}file | format | size | calibration read | warnings | classify outcome | time |"
echo "| ${PROVSEP:-}--- | --- | --- | --- | --- | --- | --- |"
find "$DIR" -type f \( -iname '*.dm3' -o -iname '*.dm4' -o -iname '*.emd' -o -iname '*.mrc' -o -iname '*.ser' \) |
  LC_ALL=C sort |
  while IFS= read -r file; do
    start=$(date +%s%N)
    rc=0
    "${CLI[@]}" classify "$file" --json >"$TMP/out.json" 2>"$TMP/err.txt" || rc=$?
    ms=$((($(date +%s%N) - start) / 1000000))
    node --input-type=module -e "$ROW" "$MICROGRAPH" "$file" "$TMP/out.json" "$TMP/err.txt" "$rc" "$ms" \
      "$DIR/sources.tsv"
  done
