"""``python -m fzcj`` and the ``fzcj`` console script.

For commands that load the data files, parsing them (:mod:`fzcj.preparse`) and listing the evidence
tree (:mod:`fzcj.prefetch`) start here in other processes, before the command-line library and the
data models are imported; they overlap on a machine with more than one CPU.
"""

import sys


def main() -> None:
    from fzcj import prefetch, preparse

    prefetch.begin_from_argv(sys.argv[1:])
    try:
        from fzcj.cli import main as run

        run()  # ends the process; listers are stopped there, or below if anything escapes
    finally:
        prefetch.discard()
        preparse.discard()


if __name__ == "__main__":
    main()
