#!/usr/bin/env python3
"""Runs a command N times and prints the least CPU time (user + system, in seconds) it
used. CPU time, unlike wall-clock time, does not grow when other work shares the cores,
so ratios measured on a busy machine stay meaningful.

Usage: cputime.py RUNS COMMAND [ARGS...]
       cputime.py --rusage JSON   (JSON: a list of argv lists, run in sequence once; prints
                                  their total CPU seconds and the peak RSS in KiB of any)
"""
import json
import resource
import subprocess
import sys


def cpu_seconds(cmd):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(cmd, stdout=subprocess.DEVNULL, check=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main():
    if sys.argv[1] == "--rusage":
        # This process runs nothing else, so RUSAGE_CHILDREN covers exactly these commands.
        for argv in json.loads(sys.argv[2]):
            subprocess.run(argv, stdout=subprocess.DEVNULL, check=True)
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        print(usage.ru_utime + usage.ru_stime, usage.ru_maxrss)
        return
    runs, cmd = int(sys.argv[1]), sys.argv[2:]
    print("%.3f" % min(cpu_seconds(cmd) for _ in range(runs)))


if __name__ == "__main__":
    sys.exit(main())
