#!/usr/bin/env python3
"""Reads RVTools workbooks with pandas, as an analyst would, to compare with `cargo bench --bench import`.

Usage: python3 scripts/bench_pandas.py WORKBOOK [WORKBOOK ...] [--runs N]

For each workbook it times `pandas.read_excel(path, sheet_name=None)` (every tab, openpyxl engine) and prints the
fastest and the median of N runs, in the same units as criterion. Needs `pip install pandas openpyxl`.
"""

import argparse
import statistics
import sys
import time


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("workbooks", nargs="+")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    try:
        import pandas
    except ImportError:
        print("pandas is missing: pip install pandas openpyxl", file=sys.stderr)
        return 2
    print(f"pandas {pandas.__version__}, {args.runs} runs each")
    for path in args.workbooks:
        times = []
        rows = 0
        for _ in range(args.runs):
            start = time.perf_counter()
            tabs = pandas.read_excel(path, sheet_name=None)
            times.append(time.perf_counter() - start)
            rows = sum(len(frame) for frame in tabs.values())
        print(
            f"{path}: {len(tabs)} tabs, {rows} rows; "
            f"fastest {min(times):.3f} s, median {statistics.median(times):.3f} s"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
