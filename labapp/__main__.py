"""`python -m labapp` is the same as the `labapp` console script."""

import sys

from labapp.cli import main

if __name__ == "__main__":
    sys.exit(main())
