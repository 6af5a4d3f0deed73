"""Fail CI when the test report shows no tests, or skipped GUI tests (GUI tests must run offscreen)."""

import sys
import xml.etree.ElementTree as ET


def main(path: str) -> int:
    cases = ET.parse(path).getroot().iter("testcase")
    total = 0
    skipped_gui = []
    for case in cases:
        total += 1
        if case.find("skipped") is not None and case.get("classname", "").startswith("tests.gui"):
            skipped_gui.append(f"{case.get('classname')}::{case.get('name')}")
    if total == 0:
        print("CI: no tests ran", file=sys.stderr)
        return 1
    if skipped_gui:
        print(f"CI: {len(skipped_gui)} GUI tests were skipped, e.g. {skipped_gui[0]}", file=sys.stderr)
        return 1
    print(f"CI: {total} test cases reported, no GUI test skipped")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
