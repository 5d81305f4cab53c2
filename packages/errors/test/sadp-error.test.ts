import { describe, expect, it } from 'vitest';
import { errorMessage, fileErrorReason, isSadpError, SadpError } from '../src/index';

class ThingError extends SadpError {
  override name = 'ThingError';
}

describe('SadpError', () => {
  it('carries a code, file, line and cause', () => {
    const cause = new Error('low level');
    const e = new ThingError('E_THING_BAD', 'bad thing', { file: 'a.txt', line: 3, cause });
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('ThingError');
    expect([e.code, e.file, e.line, e.cause, e.message]).toEqual([
      'E_THING_BAD',
      'a.txt',
      3,
      cause,
      'bad thing',
    ]);
  });

  it('is recognised by isSadpError, by code, and also as a copy from elsewhere', () => {
    const e = new ThingError('E_THING_BAD', 'bad');
    expect(isSadpError(e)).toBe(true);
    expect(isSadpError(e, 'E_THING_BAD')).toBe(true);
    expect(isSadpError(e, 'E_OTHER')).toBe(false);
    expect(isSadpError(new Error('plain'))).toBe(false);
    expect(isSadpError({ code: 'E_THING_BAD' })).toBe(false);
    const copy = Object.assign(new Error('from another copy'), {
      code: 'E_X',
      [Symbol.for('sadp.error')]: true,
    });
    expect(isSadpError(copy, 'E_X')).toBe(true);
  });
});

describe('fileErrorReason', () => {
  it('says what a file-system error means in a few words', () => {
    expect(fileErrorReason(Object.assign(new Error('x'), { code: 'ENOENT' }))).toBe('no such file');
    expect(fileErrorReason(Object.assign(new Error('x'), { code: 'EISDIR' }))).toBe('is a directory');
    expect(fileErrorReason(new Error('EACCES: permission denied'))).toBe('EACCES: permission denied');
  });
});

describe('errorMessage', () => {
  it("gives an Error's message and anything else thrown as a string", () => {
    expect(errorMessage(new RangeError('out of range'))).toBe('out of range');
    expect(errorMessage(new ThingError('E_THING_BAD', 'bad thing'))).toBe('bad thing');
    expect(errorMessage('plain string')).toBe('plain string');
    expect(errorMessage(42)).toBe('42');
    expect(errorMessage(undefined)).toBe('undefined');
  });
});
