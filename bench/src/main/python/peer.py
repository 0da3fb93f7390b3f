"""The Python peers of the benchmark harness: asyncio, or uvloop's loop with "uvloop" first;
"aiohttp" and "httpx" are asyncio running the workloads of that client library.

Usage: peer.py asyncio|uvloop|aiohttp|httpx --list
       peer.py asyncio|uvloop|aiohttp|httpx WORKLOAD N WARMUPS RUNS [SERVICE]

The workloads live in the workloads_*.py modules beside this file, each with a WORKLOADS dict
from the workload's name to "async def body(n, service)" returning a checksum; a module whose
imports fail (a library not installed) is left out. Prints the harness's line protocol:
"supports ID" per workload for --list; else "run SECONDS" per measured run, then "rss_kb",
"base_kb", "check"; or "na REASON".
"""
import asyncio
import gc
import importlib
import pathlib
import sys
import time


def workloads(flavour):
    found = {}
    for path in sorted(pathlib.Path(__file__).parent.glob("workloads_*.py")):
        try:
            module = importlib.import_module(path.stem)
        except ImportError as e:
            print("%s left out: %s" % (path.name, e), file=sys.stderr)
            continue
        # a module for one client library names its peers; the rest are asyncio's and uvloop's
        if flavour in getattr(module, "FLAVOURS", {"asyncio", "uvloop"}):
            found.update(module.WORKLOADS)
    return found


def status_kb(field):
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return -1


def runner(flavour):
    if flavour == "uvloop":
        import uvloop
        if hasattr(uvloop, "run"):
            return uvloop.run
        return lambda c: (uvloop.install(), asyncio.run(c))[1]
    return asyncio.run


def main():
    sys.path.insert(0, str(pathlib.Path(__file__).parent))
    flavour = sys.argv[1]
    if sys.argv[2:] == ["--list"]:
        for name in workloads(flavour):
            print("supports " + name)
        return
    workload, n, runs = sys.argv[2], int(sys.argv[3]), int(sys.argv[5])
    # WARMUPS: a count, or COUNT/SECONDS (at least COUNT runs, more until SECONDS have passed)
    warm = sys.argv[4].split("/", 1)
    warmups, warm_seconds = int(warm[0]), float(warm[1]) if len(warm) == 2 else 0.0
    service = sys.argv[6] if len(sys.argv) > 6 else None
    base = status_kb("VmRSS")
    body = workloads(flavour).get(workload)
    if body is None:
        print("na not written for this peer: " + workload)
        return
    run = runner(flavour)
    check = 0
    warm_start, done = time.perf_counter(), 0
    while done < warmups or time.perf_counter() - warm_start < warm_seconds:
        check += run(body(n, service))
        gc.collect()
        done += 1
    for _ in range(runs):
        t0 = time.perf_counter()
        check += run(body(n, service))
        print("run %.6f" % (time.perf_counter() - t0), flush=True)
        gc.collect()
    print("rss_kb %d" % status_kb("VmHWM"))
    print("base_kb %d" % base)
    print("check %d" % check)


if __name__ == "__main__":
    main()
