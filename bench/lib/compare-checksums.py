#!/usr/bin/env python3
"""Compares two `bin/pipeline checksums` outputs (table, rows, sum of row hashes per line) table by table.

Usage: compare-checksums.py LABEL_A FILE_A LABEL_B FILE_B
Prints one line per table and a summary (with the gold tables counted apart); exits 1 when any table differs,
is missing on one side, or when there is no table at all.
"""
import sys


def load(path):
    rows = {}
    with open(path) as lines:
        for line in lines:
            parts = line.split()
            if len(parts) >= 3:
                rows[parts[0]] = (parts[1], parts[2])
    return rows


def main(label_a, path_a, label_b, path_b):
    a_rows, b_rows = load(path_a), load(path_b)
    names = sorted(set(a_rows) | set(b_rows))
    print(f"{'table':44} {label_a + ' rows':>14} {label_b + ' rows':>14}  {label_a + ' hash sum':>22}  "
          f"{label_b + ' hash sum':>22}  same")
    different = []
    for name in names:
        a, b = a_rows.get(name, ('-', '-')), b_rows.get(name, ('-', '-'))
        same = a == b and a[0] != '-'
        if not same:
            different.append(name)
        print(f"{name:44} {a[0]:>14} {b[0]:>14}  {a[1]:>22}  {b[1]:>22}  {'yes' if same else 'NO'}")
    gold = [n for n in names if n.startswith('gold.')]
    print(f"\n{len(names) - len(different)} of {len(names)} tables identical "
          f"({len([n for n in gold if n not in different])} of {len(gold)} gold tables)")
    if different:
        print("different: " + ", ".join(different))
    return 1 if different or not names else 0


if __name__ == '__main__':
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    sys.exit(main(*sys.argv[1:]))
