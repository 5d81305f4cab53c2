#!/usr/bin/python3
"""Reference values for the shared CIF corpus, computed with gemmi AND pymatgen (run once; not at test time).

For every CIF under ../shared/cifs/cubic and ../shared/cifs/odd (paths relative to the repository root),
and for every data block that gemmi or pymatgen turns into a structure, records:

  gemmi:    space group resolved with gemmi's own tables in the issue's order of trust (operators via
            find_spacegroup_by_ops, Hall via symops_from_hall, H-M via find_spacegroup_by_name, IT number;
            gemmi 0.5.7's SmallStructure.find_spacegroup() only reads H-M symbols), cell, and the number of
            atoms in the conventional cell (len(get_all_unit_cell_sites()) after setup_cell_images() in that
            group; None when gemmi has no setting for the group).
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
# The shared folder as in vitest.shared.ts: ../shared next to the repository, or SADP_SHARED.
SHARED = os.environ.get('SADP_SHARED') or os.path.join(PKG, '..', '..', '..', 'shared')
ROOT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(SHARED, 'cifs')


class Timeout(Exception):
    pass


def on_alarm(signum, frame):
    raise Timeout()


signal.signal(signal.SIGALRM, on_alarm)


def cell_of(c):
    return [round(c.a, 6), round(c.b, 6), round(c.c, 6), round(c.alpha, 6), round(c.beta, 6), round(c.gamma, 6)]


OPS_TAGS = ['_space_group_symop_operation_xyz', '_symmetry_equiv_pos_as_xyz', '_space_group_symop.operation_xyz']
HALL_TAGS = ['_space_group_name_Hall', '_symmetry_space_group_name_Hall', '_space_group.name_Hall']
HM_TAGS = ['_space_group_name_H-M_alt', '_symmetry_space_group_name_H-M', '_space_group.name_H-M_alt']
NUMBER_TAGS = ['_space_group_IT_number', '_symmetry_Int_Tables_number', '_space_group.IT_number']


def first_value(block, tags):
    for tag in tags:
        v = block.find_value(tag)
        if v is not None and v not in ('?', '.'):
            return gemmi.cif.as_string(v)
    return None


def gemmi_spacegroup(block):
    """gemmi's own tables, in the issue's order of trust: operators, Hall, H-M, IT number."""
    for tag in OPS_TAGS:
        col = block.find_values(tag)
        if len(col) > 0:
            try:
                ops = gemmi.GroupOps([gemmi.Op(gemmi.cif.as_string(t).replace(' ', '')) for t in col])
                ops.add_missing_elements()
                sg = gemmi.find_spacegroup_by_ops(ops)
                return sg, 'operators' if sg else 'operators (no gemmi setting)'
            except Exception as e:  # noqa: BLE001
                return None, f'operators: {e}'
    hall = first_value(block, HALL_TAGS)
    if hall:
        try:
            sg = gemmi.find_spacegroup_by_ops(gemmi.symops_from_hall(hall))
            if sg:
                return sg, 'hall'
        except Exception:  # noqa: BLE001
            pass
    hm = first_value(block, HM_TAGS)
    if hm:
        sg = gemmi.find_spacegroup_by_name(hm)
        if sg:
            return sg, 'hm'
    number = first_value(block, NUMBER_TAGS)
    if number:
        try:
            sg = gemmi.find_spacegroup_by_number(int(number))
            if sg:
                return sg, 'number'
        except Exception:  # noqa: BLE001
            pass
    return None, 'none'


def first_line(e, path):
    """First line of an error message, with the file named relative to the corpus (no machine paths)."""
    text = str(e).replace(path, os.path.relpath(path, ROOT))
    return text.splitlines()[0][:200]


def gemmi_blocks(path):
    out = {}
    try:
        doc = gemmi.cif.read(path)
    except Exception as e:  # noqa: BLE001
        return {'error': first_line(e, path)}
    for block in doc:
        try:
            st = gemmi.make_small_structure_from_block(block)
        except Exception as e:  # noqa: BLE001
            out[block.name] = {'error': str(e).splitlines()[0][:200]}
            continue
        if len(st.sites) == 0:
            continue
        sg, method = gemmi_spacegroup(block)
        entry = {'number': sg.number if sg else None, 'hm': sg.xhm() if sg else None, 'method': method,
                 'cell': cell_of(st.cell), 'atoms': None}
        if sg is not None:
            st.spacegroup_hm = sg.xhm()
            st.setup_cell_images()
            entry['atoms'] = len(st.get_all_unit_cell_sites())
        out[block.name] = entry
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
