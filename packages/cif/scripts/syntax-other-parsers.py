#!/usr/bin/python3
"""How gemmi and pymatgen treat the syntax-conformance suite (../shared/cifs/syntax): for each file, whether
the parser accepts it (no exception). Writes test/reference/syntax-other-parsers.json; the README reports the
number of invalid files each accepts silently, next to @sadp/cif's count.

Usage: /usr/bin/python3 packages/cif/scripts/syntax-other-parsers.py [../shared/cifs]
"""
import json
import os
import sys
import warnings

import gemmi
from pymatgen.io.cif import CifFile

warnings.filterwarnings('ignore')
HERE = os.path.dirname(os.path.abspath(__file__))
PKG = os.path.dirname(HERE)
# The shared folder as in vitest.shared.ts: ../shared next to the repository, or SADP_SHARED.
SHARED = os.environ.get('SADP_SHARED') or os.path.join(PKG, '..', '..', '..', 'shared')
ROOT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(SHARED, 'cifs')

expected = {}
with open(os.path.join(ROOT, 'INDEX.tsv'), encoding='utf-8') as f:
    for line in f:
        cols = line.rstrip('\n').split('\t')
        if cols[0].startswith('syntax/') and len(cols) > 7 and cols[7].startswith('expected='):
            expected[cols[0][len('syntax/'):]] = cols[7].split(';')[0].split('=')[1]


def accepts(fn):
    try:
        fn()
        return True
    except Exception:  # noqa: BLE001
        return False


result = {}
for name in sorted(expected):
    path = os.path.join(ROOT, 'syntax', name)
    result[name] = {
        'expected': expected[name],
        'gemmi': accepts(lambda: gemmi.cif.read(path)),
        'pymatgen': accepts(lambda: CifFile.from_file(path)),
    }
summary = {}
for parser in ('gemmi', 'pymatgen'):
    summary[parser] = {
        'invalid_accepted': sum(1 for r in result.values() if r['expected'] == 'invalid' and r[parser]),
        'valid_rejected': sum(1 for r in result.values() if r['expected'] == 'valid' and not r[parser]),
    }
with open(os.path.join(PKG, 'test', 'reference', 'syntax-other-parsers.json'), 'w') as f:
    json.dump({'generator': f'gemmi {gemmi.__version__}, pymatgen (Debian)', 'summary': summary, 'files': result}, f, indent=1, sort_keys=True)
    f.write('\n')
print(json.dumps(summary))
