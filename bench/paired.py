#!/usr/bin/env python3
"""Times two commands in turn, the order swapped every other pair (A B B A A B ...): on
short runs the command run first in a pair gains (two copies of one binary read 0.85×),
and alternating cancels that. Prints one TSV line: name, runs, A's median
wall seconds, B's, the median of the per-pair ratios A/B, their min and max, A's peak RSS
(KiB), and the 1-minute load average when it ended. Pairing keeps the ratio meaningful on a machine whose speed drifts during the run
(other work on a shared machine). Standard library only.

paired.py NAME RUNS A... -- B...

Exit codes 0 and 1 count as success (git diff exits 1 when the files differ).
"""

import os
import statistics
import subprocess
import sys
import time

name, runs, *rest = sys.argv[1:]
split = rest.index("--")
a, b = rest[:split], rest[split + 1:]


def run(cmd):
    """Wall seconds and peak RSS (KiB) of one run of cmd, its output thrown away."""
    start = time.perf_counter()
    child = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        sys.exit(f"error: {' '.join(cmd)} failed with status {code}")
    return seconds, usage.ru_maxrss


def pair(i):
    """One run of each, A first in even pairs, B first in odd ones: (A's, B's)."""
    if i % 2 == 0:
        x = run(a)
        return x, run(b)
    y = run(b)
    return run(a), y


run(a), run(b)  # warm-up: the files in the page cache, the binaries loaded
pairs = [pair(i) for i in range(int(runs))]
ratios = [x[0] / y[0] for x, y in pairs]
print("\t".join([
    name, runs,
    f"{statistics.median(x[0] for x, _ in pairs):.6f}",
    f"{statistics.median(y[0] for _, y in pairs):.6f}",
    f"{statistics.median(ratios):.4f}", f"{min(ratios):.4f}", f"{max(ratios):.4f}",
    str(max(x[1] for x, _ in pairs)), f"{os.getloadavg()[0]:.1f}",
]))
