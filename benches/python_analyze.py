"""The national `analyze` from Python, as a dashboard script runs it: import, run, write the
files (the same work as the command line), and, with --tables, the time to hand every table
to polars after the run (median of 7 fresh results).

Usage: python benches/python_analyze.py COMMUNES CPTS OUT [--tables]"""

import statistics
import sys
import time

import zones_blanches as zb

communes, cpts, out = sys.argv[1:4]
result = zb.analyze(communes, cpts)
result.write(out)
if "--tables" in sys.argv:
    times = []
    for _ in range(7):
        fresh = zb.analyze(communes, cpts)
        start = time.perf_counter()
        tables = fresh.tables
        times.append(time.perf_counter() - start)
    rows = sum(frame.height for frame in tables.values())
    print(f"tables: {len(tables)} tables, {rows} rows, median {statistics.median(times) * 1e3:.1f} ms "
          f"(min {min(times) * 1e3:.1f}, max {max(times) * 1e3:.1f}; target ≤ 20 ms)")
