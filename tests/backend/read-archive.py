#!/usr/bin/env python3
# read-archive.py — reads an evaluation archive as an evaluator's own tools would
# (tests/backend/test-server-reports.c, /server-reports/archive): every CSV file with
# Python's csv module, every column looked up in data-dictionary.csv. Prints the folder,
# the README's period, kiosks and funnels, and one line per CSV file, "PATH ROWS", sorted; exits
# non-zero naming what is wrong.
#
# SPDX-License-Identifier: GPL-3.0-or-later
import csv
import io
import sys
import zipfile


def fail(message):
    print(f"read-archive.py: {message}", file=sys.stderr)
    sys.exit(1)


def main(path):
    with zipfile.ZipFile(path) as archive:
        if archive.testzip() is not None:
            fail("a file of the archive is damaged")
        names = archive.namelist()
        folders = {name.split("/", 1)[0] for name in names}
        if len(folders) != 1:
            fail(f"files outside one folder: {sorted(folders)}")
        folder = folders.pop()
        files = {name.split("/", 1)[1]: name for name in names}
        for needed in ("README.txt", "data-dictionary.csv", "events.csv", "daily-counts.csv"):
            if needed not in files:
                fail(f"no {needed}")
        documented = set()
        with archive.open(files["data-dictionary.csv"]) as raw:
            for row in csv.DictReader(io.TextIOWrapper(raw, encoding="utf-8", newline="")):
                if not row["meaning"]:
                    fail(f"{row['file']} {row['column']} has no meaning")
                documented.add((row["file"], row["column"]))
        counts = []
        for name in sorted(files):
            if not name.endswith(".csv"):
                continue
            with archive.open(files[name]) as raw:
                reader = csv.reader(io.TextIOWrapper(raw, encoding="utf-8", newline=""))
                header = next(reader)
                rows = list(reader)
            for column in header:
                if (name, column) not in documented:
                    fail(f"{name}: column {column} is not in data-dictionary.csv")
            for row in rows:
                if len(row) != len(header):
                    fail(f"{name}: a row of {len(row)} cells under {len(header)} columns")
            counts.append(f"{name} {len(rows)}")
        readme = archive.read(files["README.txt"]).decode("utf-8")
        print(f"folder {folder}")
        for line in readme.splitlines():
            if line.startswith(("Period:", "Kiosks:", "  - ", "funnels/funnel-")):
                print(f"readme {line}")
        for line in counts:
            print(line)


if __name__ == "__main__":
    main(sys.argv[1])
