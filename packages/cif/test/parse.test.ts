import { readFileSync } from 'node:fs';
import { isSadpError } from '@sadp/errors';
import { describe, expect, it } from 'vitest';
import { CifError, isCifError, parseCif, parseCifNumber, ValueKind } from '../src/index';

const fixture = (name: string): string =>
  readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

function errorOf(fn: () => unknown): CifError {
  try {
    fn();
  } catch (error) {
    if (error instanceof CifError) return error;
    throw error;
  }
  throw new Error('expected a CifError');
}

describe('parseCifNumber', () => {
  it('reads values with standard uncertainties', () => {
    const a = parseCifNumber('5.4307(2)')!;
    expect(a.value).toBe(5.4307);
    expect(a.su).toBe(0.0002);
    expect(parseCifNumber('1.2e3(4)')).toEqual({ value: 1200, su: 400 });
    expect(parseCifNumber('-12(3)')).toEqual({ value: -12, su: 3 });
    expect(parseCifNumber('.5')!.value).toBe(0.5);
    expect(Number.isNaN(parseCifNumber('0.25')!.su)).toBe(true);
  });
  it('rejects what is not a CIF number', () => {
    for (const s of ['?', '.', '1/4', 'one', '1.2(3', '1.2(3)x', 'e5', '1e', ''])
      expect(parseCifNumber(s), s).toBeUndefined();
  });
});

describe('parseCif: CIF 1.1 grammar', () => {
  it('reads blocks, items, loops, quotes, text fields and comments', () => {
    const doc = parseCif(
      [
        'data_test # comment',
        "_a 'some aren't half tricky'",
        '_b "with # inside"',
        '_c',
        ';line 1',
        'line 2',
        ';',
        '_d ?',
        "_e '?'",
        '_f .',
        'loop_ _x _y',
        '1 2',
        '3 ;not-a-text-field',
        '',
      ].join('\n'),
      { mode: 'strict' },
    );
    expect(doc.version).toBe('1.1');
    const b = doc.blocks[0]!;
    expect(b.name).toBe('test');
    expect(b.items.get('_a')!.values).toEqual(["some aren't half tricky"]);
    expect(b.items.get('_b')!.values).toEqual(['with # inside']);
    expect(b.items.get('_c')!.values).toEqual(['line 1\nline 2']);
    expect(b.items.get('_c')!.kinds[0]).toBe(ValueKind.TextField);
    expect(b.items.get('_d')!.kinds[0]).toBe(ValueKind.Unknown);
    expect(b.items.get('_e')!.kinds[0]).toBe(ValueKind.SingleQuoted);
    expect(b.items.get('_f')!.kinds[0]).toBe(ValueKind.Inapplicable);
    expect(b.items.get('_y')!.values).toEqual(['2', ';not-a-text-field']);
    expect(Array.from(b.items.get('_y')!.lines)).toEqual([12, 13]);
    expect(b.loops).toEqual([{ tags: ['_x', '_y'], rows: 2, line: 11, column: 1 }]);
  });

  it('looks data names up case-insensitively and keeps save frames', () => {
    const doc = parseCif('data_d\nsave_frame\n_Inner 1\nsave_\n_OUTER 2\n', { mode: 'strict' });
    const b = doc.blocks[0]!;
    expect(b.items.get('_outer')!.tag).toBe('_OUTER');
    expect(b.frames[0]!.name).toBe('frame');
    expect(b.frames[0]!.items.get('_inner')!.values).toEqual(['1']);
  });

  it('counts CR, LF and CRLF line ends', () => {
    const e = errorOf(() => parseCif('data_x\r\n_a 1\r_b 2\n_c\n', { mode: 'strict' }));
    expect(e.line).toBe(4);
    expect(e.reason).toMatch(/_c has no value/);
  });

  it('accepts UTF-8 bytes and reports invalid bytes with their line', () => {
    const good = parseCif(new TextEncoder().encode('data_x\n_a 1\n'));
    expect(good.blocks[0]!.items.get('_a')!.values).toEqual(['1']);
    const bytes = new Uint8Array([...new TextEncoder().encode('data_x\n_a 1\n_b '), 0xc3, 0x28, 10]);
    const e = errorOf(() => parseCif(bytes, { mode: 'strict' }));
    expect(e.code).toBe('E_CIF_ENCODING');
    expect([e.line, e.column]).toEqual([3, 4]);
    // lenient: read as Windows-1252 with a warning at the same place
    const doc = parseCif(bytes, { mode: 'lenient' });
    expect(doc.blocks[0]!.items.get('_b')!.values).toEqual(['\u00c3(']);
    expect(doc.warnings.map((w) => [w.code, w.line, w.column])).toContainEqual(['W_CIF_ENCODING', 3, 4]);
  });
});

describe('parseCif: errors name file, line and column', () => {
  const cases: [string, string, number, number][] = [
    ['invalid-unterminated-quote.cif', 'E_CIF_SYNTAX', 3, 23],
    ['invalid-duplicate-tag.cif', 'E_CIF_DUPLICATE', 4, 1],
    ['invalid-loop-count.cif', 'E_CIF_SYNTAX', 7, 13],
    ['invalid-text-field.cif', 'E_CIF_SYNTAX', 3, 1],
  ];
  for (const [name, code, line, column] of cases) {
    it(`${name} → ${code} at ${line}:${column}`, () => {
      const e = errorOf(() => parseCif(fixture(name), { file: name, mode: 'strict' }));
      expect(isCifError(e)).toBe(true);
      expect(isSadpError(e, code)).toBe(true); // the shared base of every sadp error
      expect(e.code).toBe(code);
      expect([e.file, e.line, e.column]).toEqual([name, line, column]);
      expect(e.message.startsWith(`${name}:${line}:${column}: `)).toBe(true);
    });
  }

  it('rejects CIF 1.1 grammar violations in strict mode', () => {
    const bad: [string, number][] = [
      ['_a 1\n', 1], // before data_
      ['data_x\n_a [b]\n', 2],
      ['data_x\n_a $b\n', 2],
      ['data_x\nloop_\n_a\n', 2],
      ['data_x\nloop_\n1 2\n', 2],
      ['data_x\n_a global_\n', 2],
      ['data_x\n_a\n', 2],
      ['data_x\n_a 1\ndata_X\n', 3],
      ['data_x\n_a é\n', 2],
      ['data_x\n_a\x0bb\n', 2],
      [`data_x\n_${'a'.repeat(80)} 1\n`, 2],
      [`data_x\n_a ${'b'.repeat(2100)}\n`, 2],
      ['\ufeffdata_x\n', 1],
      ['data_x\nsave_a\nsave_b\n', 3],
      ['data_x\n_t\n;\nv\n;x\n', 5],
      ['data_x\n_ 1\n', 2],
    ];
    for (const [text, line] of bad) {
      const e = errorOf(() => parseCif(text, { mode: 'strict' }));
      expect(e.line, JSON.stringify(text.slice(0, 40))).toBe(line);
    }
  });

  it('accepts common deviations in lenient mode with a warning each', () => {
    const doc = parseCif("data_x\n_a 1\n_a 2\n_b 'O’Keeffe'\n_c 'Yaghi',\n_d 'two\n lines'\n_e [1]\n", {
      mode: 'lenient',
    });
    const b = doc.blocks[0]!;
    expect(b.items.get('_a')!.values).toEqual(['1']);
    expect(b.items.get('_c')!.values).toEqual(['Yaghi']);
    expect(b.items.get('_d')!.values).toEqual(['two\n lines']);
    expect(b.items.get('_e')!.values).toEqual(['[1]']);
    const codes = doc.warnings.map((w) => w.code).sort();
    expect(codes).toEqual(
      [
        'W_CIF_BAD_QUOTE',
        'W_CIF_DUPLICATE_TAG',
        'W_CIF_MULTILINE_QUOTE',
        'W_CIF_NON_ASCII',
        'W_CIF_RESERVED_CHARACTER',
      ].sort(),
    );
    expect(doc.warnings.find((w) => w.code === 'W_CIF_DUPLICATE_TAG')!.line).toBe(3);
  });
});

describe('parseCif: CIF 2.0', () => {
  it('parses lists, tables and triple-quoted strings', () => {
    const doc = parseCif(fixture('cif2-list.cif'), { mode: 'strict' });
    expect(doc.version).toBe('2.0');
    const b = doc.blocks[0]!;
    expect(b.items.get('_extra_list')!.values[0]).toEqual(['1', '2', ['3', 'four'], { k: 'v' }]);
    expect(b.items.get('_extra_list')!.kinds[0]).toBe(ValueKind.List);
    expect(b.items.get('_extra_text')!.values[0]).toBe('triple\nquoted');
  });
  it('rejects CIF 2.0 with a clear error when asked to', () => {
    const e = errorOf(() => parseCif(fixture('cif2-list.cif'), { cif2: 'reject' }));
    expect(e.code).toBe('E_CIF_UNSUPPORTED');
    expect(e.line).toBe(1);
  });
  it('never reads CIF 2.0 syntax as CIF 1.1 without the magic line', () => {
    const text = fixture('cif2-list.cif').replace('#\\#CIF_2.0\n', '');
    const e = errorOf(() => parseCif(text, { mode: 'strict' }));
    expect(e.line).toBe(9);
  });
  it('applies the text-field prefix and line-folding protocols', () => {
    const text = [
      '#\\#CIF_2.0',
      'data_t',
      '_folded',
      ';\\',
      'A (not so) long\\',
      ' line.',
      'A normal line.\\  ',
      ';',
      '_prefixed',
      ';pfx>\\',
      'pfx>_embedded',
      'pfx>;',
      ';',
      '_both',
      ';> \\\\',
      '> line 1 \\',
      '> is folded',
      ';',
      '_plain',
      ';\\\\',
      'two\\',
      ';',
      '',
    ].join('\n');
    const b = parseCif(text, { mode: 'strict' }).blocks[0]!;
    expect(b.items.get('_folded')!.values[0]).toBe('A (not so) long line.\nA normal line.');
    expect(b.items.get('_prefixed')!.values[0]).toBe('_embedded\n;');
    expect(b.items.get('_both')!.values[0]).toBe('line 1 is folded');
    expect(b.items.get('_plain')!.values[0]).toBe('\\\\\ntwo\\');
  });

  it('bounds nesting depth', () => {
    const deep = `#\\#CIF_2.0\ndata_x\n_a ${'['.repeat(50)}${']'.repeat(50)}\n`;
    expect(parseCif(deep).blocks.length).toBe(1);
    expect(errorOf(() => parseCif(deep, { maxDepth: 20 })).code).toBe('E_CIF_LIMIT');
  });
});
