import { main } from './main';

// A command whose work stops without settling (a promise nothing resolves) would let Node exit with 0 and print
// nothing: report it and exit with the internal-error code instead.
let settled = false;
process.once('beforeExit', () => {
  if (settled) return;
  process.stderr.write('sadp: unexpected error: the command stopped before finishing (no result)\n');
  process.exitCode = 70;
});
main(process.argv.slice(2)).then((code) => {
  settled = true;
  process.exitCode = code;
});
