#!/usr/bin/python3
"""Reference values for the shared CIF corpus, computed with gemmi AND pymatgen (run once; not at test time).

For every CIF under ../shared/cifs/cubic and ../shared/cifs/odd (paths relative to the repository root),
and for every data block that gemmi or pymatgen turns into a structure, records:

  gemmi:    space-group number of the symmetry gemmi resolves for the block (symbol/Hall via
            SmallStructure.find_spacegroup(); None when gemmi finds none), cell, and the number of atoms
            in the conventional cell (len(SmallStructure.get_all_unit_cell_sites())).
  pymatgen: CifParser(...).get_structures(primitive=False) per block: cell, number of atoms in the
            conventional cell counted per species (a Ti/Zr mixed site counts 2, as in gemmi), number of
            distinct positions, and the space-group number that spglib finds in that structure
            (SpacegroupAnalyzer, symprec 0.01), i.e. the symmetry of the atoms pymatgen built.

Writes packages/cif/test/reference/<category>.json. Usage (Debian packages python3-gemmi, python3-pymatgen):
  /usr/bin/python3 packages/cif/scripts/reference-check.py [../shared/cifs]
"""
import json
import os
import signal
import sys
import warnings

import gemmi
from pymatgen.io.cif import CifParser
from pymatgen.symmetry.analyzer import SpacegroupAnalyzer

warnings.filterwarnings('ignore')
HERE = os.path.dirname(os.path.abspath(__file__))
PKG = os.path.dirname(HERE)
ROOT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(PKG, '..', '..', '..', 'shared', 'cifs')


class Timeout(Exception):
    pass


def on_alarm(signum, frame):
    raise Timeout()


signal.signal(signal.SIGALRM, on_alarm)


def cell_of(c):
    return [round(c.a, 6), round(c.b, 6), round(c.c, 6), round(c.alpha, 6), round(c.beta, 6), round(c.gamma, 6)]


def gemmi_blocks(path):
    out = {}
    try:
        doc = gemmi.cif.read(path)
    except Exception as e:  # noqa: BLE001
        return {'error': str(e).splitlines()[0][:200]}
    for block in doc:
        try:
            st = gemmi.make_small_structure_from_block(block)
        except Exception as e:  # noqa: BLE001
            out[block.name] = {'error': str(e).splitlines()[0][:200]}
            continue
        if len(st.sites) == 0:
            continue
        sg = st.find_spacegroup()
        out[block.name] = {
            'number': sg.number if sg else None,
            'hm': sg.xhm() if sg else None,
            'cell': cell_of(st.cell),
            'atoms': len(st.get_all_unit_cell_sites()),
        }
    return out


def pymatgen_blocks(path):
    out = {}
    try:
        parser = CifParser(path)
    except Exception as e:  # noqa: BLE001
        return {'error': str(e).splitlines()[0][:200] if str(e) else type(e).__name__}
    for name, block in parser._cif.data.items():  # noqa: SLF001
        try:
            structure = parser._get_structure(block, primitive=False, symmetrized=False)  # noqa: SLF001
        except Exception as e:  # noqa: BLE001
            out[name] = {'error': (str(e).splitlines() or [type(e).__name__])[0][:200]}
            continue
        if structure is None:
            continue
        lat = structure.lattice
        entry = {
            'cell': [round(v, 6) for v in (lat.a, lat.b, lat.c, lat.alpha, lat.beta, lat.gamma)],
            'atoms': sum(len(site.species) for site in structure),
            'positions': len(structure),
        }
        try:
            entry['spglib_number'] = SpacegroupAnalyzer(structure, symprec=0.01).get_space_group_number()
        except Exception:  # noqa: BLE001
            entry['spglib_number'] = None
        out[name] = entry
    return out


def main():
    for category in ('cubic', 'odd'):
        folder = os.path.join(ROOT, category)
        result = {}
        for name in sorted(os.listdir(folder)):
            path = os.path.join(folder, name)
            entry = {}
            for key, fn in (('gemmi', gemmi_blocks), ('pymatgen', pymatgen_blocks)):
                signal.alarm(120)
                try:
                    entry[key] = fn(path)
                except Timeout:
                    entry[key] = {'error': 'timeout (120 s)'}
                finally:
                    signal.alarm(0)
            result[name] = entry
            print(category, name, flush=True)
        with open(os.path.join(PKG, 'test', 'reference', f'{category}.json'), 'w') as f:
            json.dump(
                {'generator': f'gemmi {gemmi.__version__}, pymatgen (Debian python3-pymatgen)', 'files': result},
                f,
                indent=1,
                sort_keys=True,
            )
            f.write('\n')


if __name__ == '__main__':
    main()
