import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sharedCifDir, sharedCifs, sharedSuite } from '../../../vitest.shared';
import { CifError, parseCif } from '../src/index';

/**
 * Line of the first error in each invalid file, read off the files by hand (not from this parser):
 * for a loop with the wrong number of values, the line of its last value; for a loop without data names
 * or values, the loop_ line; for unclosed text fields and quotes, the opening line.
 */
const EXPECTED_ERROR_LINE: Record<string, number> = {
  'cif11_Merkys2016_dos-ctrl-z.cif': 10,
  'cif11_Merkys2016_duplicate-tags-different-cases.cif': 3,
  'cif11_Merkys2016_duplicate-tags-different-values.cif': 3,
  'cif11_Merkys2016_duplicate-tags-same-values.cif': 3,
  'cif11_Merkys2016_long-line.cif': 2,
  'cif11_Merkys2016_loop-without-tags.cif': 2,
  'cif11_Merkys2016_loop-without-values.cif': 2,
  'cif11_Merkys2016_missing-closing-quote.cif': 2,
  'cif11_Merkys2016_missing-data-header.cif': 1,
  'cif11_Merkys2016_non-ascii.cif': 2,
  'cif11_Merkys2016_null-symbol.cif': 2,
  'cif11_Merkys2016_stray-values-at-start.cif': 1,
  'cif11_Merkys2016_tag-immediately-following-textfield.cif': 5,
  'cif11_Merkys2016_textfield-no-closing-semicolon.cif': 3,
  'cif11_Merkys2016_value-immediately-following-textfield.cif': 6,
  'cif11_Merkys2016_value-starting-with-bracket.cif': 2,
  'cif11_Merkys2016_value-starting-with-dollar.cif': 2,
  'cif11_Merkys2016_wrong-number-of-loop-values.cif': 6,
  'cif11_cif_api_10.cif': 2, // form feed after data_10
  'cif11_cif_api_bom.cif': 1,
  'cif11_cif_api_cif1_invalid.cif': 5,
  'cif11_ciftest1_ciftest10.cif': 13, // control-G in a text field
  'cif11_ciftest1_ciftest5.cif': 109, // vertical tab in data_test3
  'cif11_ciftest1_ciftest6.cif': 3, // _d1 before any data_
  'cif11_ciftest1_ciftest7.cif': 6, // quote not closed
  'cif11_ciftest1_ciftest8.cif': 7, // data name longer than 75 characters
  'cif11_ciftest1_ciftest9.cif': 24, // 10 values for 3 data names
  'cif11_local_ascii-127.cif': 2,
  'cif11_local_byte-order-mark.cif': 1,
  'cif11_local_closing-bracket.cif': 2,
  'cif11_local_empty-datablock-name.cif': 1,
  'cif11_local_form-feed.cif': 9,
  'cif11_local_global.cif': 2,
  'cif11_local_non-ascii-in-comment.cif': 2,
  'cif11_local_value-starting-with-closing-bracket.cif': 2,
  'cif11_local_vertical-tab.cif': 9,
  'cif20_cif_api_nested.cif': 9,
  'cif20_local_U+D800.cif': 4,
  'cif20_local_five-quotes.cif': 3,
  'cif20_local_space-before-table-sep.cif': 2,
};

interface Row {
  file: string;
  valid: boolean;
}

function syntaxRows(): Row[] {
  const index = readFileSync(join(sharedCifDir, 'INDEX.tsv'), 'utf8').split('\n');
  const rows: Row[] = [];
  for (const line of index) {
    const cols = line.split('\t');
    if (!cols[0]?.startsWith('syntax/')) continue;
    const note = cols[7] ?? '';
    const m = /^expected=(valid|invalid)/.exec(note);
    if (!m) continue;
    rows.push({ file: cols[0].slice('syntax/'.length), valid: m[1] === 'valid' });
  }
  return rows;
}

const corpus = sharedSuite(sharedCifs, 'syntax conformance');
describe.skipIf(corpus.skip)(corpus.title, () => {
  const rows = corpus.skip ? [] : syntaxRows();

  it('finds the suite', () => {
    expect(rows.length).toBe(75);
  });

  it('accepts every valid file in strict mode', () => {
    const rejected: string[] = [];
    for (const row of rows.filter((r) => r.valid)) {
      const bytes = readFileSync(join(sharedCifDir, 'syntax', row.file));
      try {
        parseCif(bytes, { file: row.file, mode: 'strict' });
      } catch (error) {
        rejected.push(`${row.file}: ${(error as Error).message}`);
      }
    }
    expect(rejected).toEqual([]);
  });

  it('rejects every invalid file in strict mode, at the right line', () => {
    const wrong: string[] = [];
    for (const row of rows.filter((r) => !r.valid)) {
      const bytes = readFileSync(join(sharedCifDir, 'syntax', row.file));
      const expected = EXPECTED_ERROR_LINE[row.file];
      try {
        parseCif(bytes, { file: row.file, mode: 'strict' });
        wrong.push(`${row.file}: accepted`);
      } catch (error) {
        if (!(error instanceof CifError)) wrong.push(`${row.file}: ${String(error)}`);
        else if (error.line !== expected)
          wrong.push(`${row.file}: line ${error.line}, expected ${expected} (${error.message})`);
      }
    }
    expect(wrong).toEqual([]);
  });
});
