"""Fail CI when the test report shows no tests, or any skipped test.

CI installs everything the tests need (Qt offscreen, poppler, zbar, NSS tools, PostgreSQL, the
../shared fixtures beside the clone), so a skip there means a check silently did not run: GUI tests
in particular must never pass by skipping.
"""

import sys
import xml.etree.ElementTree as ET


def main(path: str) -> int:
    total = 0
    skipped = []
    for case in ET.parse(path).getroot().iter("testcase"):
        total += 1
        skip = case.find("skipped")
        if skip is not None:
            skipped.append(f"{case.get('classname')}::{case.get('name')}: {skip.get('message', '')}")
    if total == 0:
        print("CI: no tests ran", file=sys.stderr)
        return 1
    if skipped:
        gui = sum(1 for line in skipped if line.startswith("tests.gui"))
        print(f"CI: {len(skipped)} tests were skipped ({gui} of them GUI tests):", file=sys.stderr)
        for line in skipped[:20]:
            print(f"  {line}", file=sys.stderr)
        return 1
    print(f"CI: {total} test cases reported, none skipped")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
