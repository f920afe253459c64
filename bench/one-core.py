#!/usr/bin/env python3
"""Where a build runs on one core while the others wait, from a `perf record -g` profile.

    perf record -F 499 -g -o build.data -- .build/release/runbook build -s SITE -d /dev/shm/out
    perf script -i build.data -F tid,time,ip,sym > build.txt
    bench/one-core.py build.txt [--window 0.02] [--cores 2] [--most 25]

The run is cut into windows (20 ms by default). A window in which the samples of all threads
add up to no more than 1.2 cores' worth is one where the build ran on about one core. The
script prints how long those windows last in all, then, for the samples in them, the pipeline
step they were in: the frame just below `BuildPipeline.run` or `writeAsRendered`, or `?` for
samples outside the pipeline (start-up, exit, other threads). Frame pointers are enough for
the call chains (Swift keeps them on Linux). Nothing here is recorded in bench/RESULTS.md.
"""

import argparse
import collections
import re


def read_samples(path):
    """Each sample as (thread, time, frames innermost first)."""
    samples, header, frames = [], None, None
    with open(path, encoding="utf-8", errors="replace") as text:
        for line in text:
            line = line.rstrip("\n")
            if not line.strip():
                if header is not None:
                    samples.append((header[0], header[1], frames))
                header, frames = None, None
                continue
            # Frames start with a tab; a sample's header with its thread id (right-aligned).
            if not line.startswith("\t"):
                match = re.match(r"\s*(\d+)\s+([\d.]+):", line)
                header, frames = ((int(match.group(1)), float(match.group(2))), []) if match else (None, None)
                continue
            if frames is not None:
                parts = line.strip().split(None, 1)
                frames.append(parts[1] if len(parts) > 1 else "?")
    if header is not None:
        samples.append((header[0], header[1], frames))
    return samples


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("script", help="`perf script -F tid,time,ip,sym` output of a `perf record -g` run")
    parser.add_argument("--window", type=float, default=0.02, help="seconds per window (default 0.02)")
    parser.add_argument("--frequency", type=float, default=499, help="the -F given to perf record (default 499)")
    parser.add_argument("--most", type=int, default=25, help="how many steps to list (default 25)")
    args = parser.parse_args()

    samples = read_samples(args.script)
    if not samples:
        raise SystemExit("no samples: give the output of `perf script -F tid,time,ip,sym` of a `perf record -g` run")
    start = min(time for _, time, _ in samples)
    per_window = collections.Counter(int((time - start) / args.window) for _, time, _ in samples)
    one_core = {window for window, count in per_window.items() if count <= int(args.frequency * args.window * 1.2)}
    print(f"{len(per_window)} windows of {args.window * 1000:.0f} ms, {len(one_core)} on about one core: "
          f"{len(one_core) * args.window:.2f} s")

    steps = collections.Counter()
    for _, time, frames in samples:
        if int((time - start) / args.window) not in one_core:
            continue
        outermost_first = list(reversed(frames))
        step = "?"
        for index, frame in enumerate(outermost_first):
            if "BuildPipelineO3run" in frame or "BuildPipelineO15writeAsRendered" in frame:
                step = outermost_first[index + 1] if index + 1 < len(outermost_first) else frame
        steps[step[:110]] += 1
    for step, count in steps.most_common(args.most):
        print(f"{count:6}  {step}")


if __name__ == "__main__":
    main()
