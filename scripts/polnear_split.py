#!/usr/bin/env python3
"""Splits PolNeAR's train split (as written by ../shared/tools/polnear_train.sh)
into a part to read while developing and a part scored only in aggregate.

usage: polnear_split.py OUT   (the polnear_train.sh output folder)
Makes OUT/dev (every fifth article in name order: 168) and OUT/held (the
other 669), each with articles/ and gold/ as symbolic links. The texts stay
outside the repository (they belong to their publishers)."""
import os
import sys

out = sys.argv[1]
names = sorted(f[:-5] for f in os.listdir(os.path.join(out, "gold")))
arts = {os.path.splitext(a)[0]: a for a in os.listdir(os.path.join(out, "articles"))}
for i, n in enumerate(names):
    part = "dev" if i % 5 == 0 else "held"
    for d in ("articles", "gold"):
        os.makedirs(os.path.join(out, part, d), exist_ok=True)
    os.symlink(os.path.join(os.path.abspath(out), "gold", n + ".json"),
               os.path.join(out, part, "gold", n + ".json"))
    os.symlink(os.path.join(os.path.abspath(out), "articles", arts[n]),
               os.path.join(out, part, "articles", arts[n]))
print(f"{sum(1 for i in range(len(names)) if i % 5 == 0)} dev, "
      f"{sum(1 for i in range(len(names)) if i % 5)} held apart")
