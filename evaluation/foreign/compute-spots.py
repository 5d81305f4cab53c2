#!/usr/bin/python3
"""Spot lists of the foreign evaluation set, computed with an independent calculator.

pymatgen's TEMCalculator (kinematic, zero-order Laue zone, its own scattering factors and conventions) lists the
reflections (h k l, intensity relative to the strongest) of held-out crystals along the 16 zone axes, and of
non-cubic crystals along [001], [011] and [111]. The output is committed as `spots.json`; nothing at test or use
time needs Python. Run from the repository root with Debian's pymatgen (`apt-get install python3-pymatgen`):

    /usr/bin/python3 evaluation/foreign/compute-spots.py runs/conv/data/manifest.jsonl > evaluation/foreign/spots.json

The held-out cubic crystals are (1) the validation crystals of the dataset whose manifest is given (split from the
training crystals by compound) and (2) textbook crystals built here from their Wyckoff sites, none of whose
compounds is among the training crystals.
"""
import json
import os
import sys
import warnings
from importlib.metadata import version

from pymatgen.analysis.diffraction.tem import TEMCalculator
from pymatgen.core import Lattice, Structure
from pymatgen.io.cif import CifParser

warnings.filterwarnings("ignore")
ZONES = ["001", "011", "111", "012", "112", "122", "013", "113", "023", "123", "223", "014", "114", "133", "124", "233"]
NONCUBIC_ZONES = ["001", "011", "111"]
MIN_INTENSITY = 1e-4

# (name, space group symbol, number, a in Å, [(species, fractional coordinates)], expected atoms per cell)
TEXTBOOK = [
    ("Mo3Al2C", "P4_132", 213, 6.866, [("Mo", (0.125, 0.2022, 0.4522)), ("Al", (0.068, 0.068, 0.068)), ("C", (0.375, 0.375, 0.375))], 24),
    ("ReO3", "Pm-3m", 221, 3.75, [("Re", (0, 0, 0)), ("O", (0.5, 0, 0))], 4),
    ("Cu3Au", "Pm-3m", 221, 3.75, [("Au", (0, 0, 0)), ("Cu", (0, 0.5, 0.5))], 4),
    ("NiAl", "Pm-3m", 221, 2.887, [("Ni", (0, 0, 0)), ("Al", (0.5, 0.5, 0.5))], 2),
    ("CsBr", "Pm-3m", 221, 4.29, [("Cs", (0, 0, 0)), ("Br", (0.5, 0.5, 0.5))], 2),
    ("TiC", "Fm-3m", 225, 4.33, [("Ti", (0, 0, 0)), ("C", (0.5, 0.5, 0.5))], 8),
    ("LiF", "Fm-3m", 225, 4.03, [("Li", (0, 0, 0)), ("F", (0.5, 0.5, 0.5))], 8),
    ("NaF", "Fm-3m", 225, 4.63, [("Na", (0, 0, 0)), ("F", (0.5, 0.5, 0.5))], 8),
    ("MgCu2", "Fd-3m", 227, 7.05, [("Mg", (0.125, 0.125, 0.125)), ("Cu", (0.5, 0.5, 0.5))], 24),
    ("H3S", "Im-3m", 229, 3.09, [("S", (0, 0, 0)), ("H", (0.5, 0, 0))], 8),
]


def spots(structure, zones):
    out = {}
    for zone in zones:
        uvw = tuple(int(c) for c in zone)
        calc = TEMCalculator(voltage=200, beam_direction=uvw, camera_length=160)
        df = calc.get_pattern(structure)
        rows = []
        for hkl, intensity in zip(df["(hkl)"], df["Intensity (norm)"]):
            if intensity >= MIN_INTENSITY and any(hkl):
                rows.append([int(hkl[0]), int(hkl[1]), int(hkl[2]), float(f"{intensity:.4g}")])
        rows.sort(key=lambda r: (-r[3], r[0], r[1], r[2]))
        out[zone] = rows
    return out


def entry(name, source, group, structure, zones, kind):
    lat = structure.lattice
    return {
        "id": name,
        "source": source,
        "kind": kind,
        "formula": structure.composition.reduced_formula,
        "spaceGroup": group,
        "lattice": [round(x, 5) for x in (lat.a, lat.b, lat.c, lat.alpha, lat.beta, lat.gamma)],
        "zones": spots(structure, zones),
    }


def read_cif(path):
    return CifParser(path).get_structures(primitive=False)[0]


def main():
    manifest = sys.argv[1]
    shared = os.path.normpath(os.path.join(os.path.dirname(manifest), "..", "..", "..", "..", "shared", "cifs"))
    if len(sys.argv) > 2:
        shared = sys.argv[2]
    val = {}
    with open(manifest) as f:
        for line in f:
            r = json.loads(line)
            if r["split"] == "val" and r["origin"] == "real":
                val[os.path.basename(r["source"])] = r["spaceGroup"]
    crystals = []
    failures = []
    for base, group in sorted(val.items()):
        try:
            crystals.append(entry(base.removesuffix(".cif"), f"cubic/{base}", group, read_cif(os.path.join(shared, "cubic", base)), ZONES, "held-out"))
        except Exception as e:  # noqa: BLE001 - reported, not fatal
            failures.append(f"{base}: {e}")
        print(f"{len(crystals)} crystals", file=sys.stderr)
    for name, symbol, number, a, sites, atoms in TEXTBOOK:
        s = Structure.from_spacegroup(symbol, Lattice.cubic(a), [sp for sp, _ in sites], [c for _, c in sites])
        if len(s) != atoms:
            raise SystemExit(f"{name}: {len(s)} atoms, expected {atoms} (wrong setting?)")
        crystals.append(entry(name, f"textbook {symbol} a={a}", number, s, ZONES, "textbook"))
    noncubic = sorted(f for f in os.listdir(os.path.join(shared, "noncubic")) if f.endswith(".cif"))
    for base in noncubic:
        try:
            s = read_cif(os.path.join(shared, "noncubic", base))
            if len(s) > 400:
                failures.append(f"{base}: {len(s)} atoms, skipped")
                continue
            group = s.get_space_group_info()[1]
            crystals.append(entry(base.removesuffix(".cif"), f"noncubic/{base}", group, s, NONCUBIC_ZONES, "non-cubic"))
        except Exception as e:  # noqa: BLE001
            failures.append(f"{base}: {e}")
        print(f"{len(crystals)} crystals", file=sys.stderr)
    json.dump(
        {
            "tool": f"pymatgen {version('pymatgen')} TEMCalculator (200 kV, zero-order Laue zone, intensities relative to the strongest reflection, below {MIN_INTENSITY} dropped)",
            "skipped": failures,
            "crystals": crystals,
        },
        sys.stdout,
        separators=(",", ":"),
    )
    print(file=sys.stdout)


if __name__ == "__main__":
    main()
