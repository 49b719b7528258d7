#!/usr/bin/env python3
"""Counts test cases in meson's testlog.json and prints "N passed, N failed".

A TAP program counts each of its "ok"/"not ok" lines; a program that failed
without reporting a failing case (a crash, a timeout) counts one failure more.
Any other test counts once, by its result.
"""
import json
import re
import sys

TAP_LINE = re.compile(r"^(ok|not ok)\b(.*)$")


def main(path):
    passed = failed = skipped = 0
    with open(path, encoding="utf-8") as log:
        for line in log:
            entry = json.loads(line)
            result = entry.get("result")
            stdout = entry.get("stdout") or ""
            cases = [TAP_LINE.match(l) for l in stdout.splitlines()]
            cases = [m for m in cases if m]
            if cases:
                bad = 0
                for m in cases:
                    directive = m.group(2)
                    if "# SKIP" in directive.upper():
                        skipped += 1
                    elif m.group(1) == "ok":
                        passed += 1
                    elif "# TODO" in directive.upper():
                        skipped += 1
                    else:
                        failed += 1
                        bad += 1
                if result not in ("OK", "SKIP", "EXPECTEDFAIL") and bad == 0:
                    failed += 1
            elif result in ("OK", "EXPECTEDFAIL"):
                passed += 1
            elif result == "SKIP":
                skipped += 1
            else:
                failed += 1
    line = f"{passed} passed, {failed} failed"
    if skipped:
        line += f", {skipped} skipped"
    print(line)
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
