import type { Writable } from 'node:stream';

/** Where a command writes: results to `out`, progress and diagnostics to `err`. */
export interface Io {
  out: Writable;
  err: Writable;
  /** `--json`: print one JSON document on `out` and nothing else there. */
  json: boolean;
}

/** Prints a result: the JSON form under `--json`, else the human-readable lines. */
export function printResult(io: Io, value: unknown, human: () => string): void {
  io.out.write(io.json ? `${JSON.stringify(value, null, 2)}\n` : `${human()}\n`);
}

/** A one-line progress bar on `err` (a TTY redraws it in place; elsewhere a line every few percent). */
export function progressBar(io: Io, label: string): (done: number, total: number) => void {
  const started = Date.now();
  const tty = Boolean((io.err as { isTTY?: boolean }).isTTY);
  let lastPercent = -1;
  return (done, total) => {
    const fraction = total > 0 ? done / total : 1;
    const percent = Math.floor(fraction * 100);
    if (!tty && percent < lastPercent + 5 && done !== total) return;
    lastPercent = percent;
    const seconds = (Date.now() - started) / 1000;
    const rate = seconds > 0 ? done / seconds : 0;
    const eta = rate > 0 ? (total - done) / rate : 0;
    const width = 24;
    const filled = Math.round(fraction * width);
    const line = `${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${rate.toFixed(1)}/s ETA ${eta.toFixed(0)}s`;
    io.err.write(tty ? `\r${line}${done === total ? '\n' : ''}` : `${line}\n`);
  };
}
