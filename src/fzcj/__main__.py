"""``python -m fzcj`` and the ``fzcj`` console script.

For commands that walk the evidence tree, listing it starts here, before the command-line library
and the data models are imported (:mod:`fzcj.prefetch`); the two overlap on a machine with more
than one CPU.
"""

import sys


def main() -> None:
    from fzcj import prefetch

    prefetch.begin_from_argv(sys.argv[1:])
    try:
        from fzcj.cli import main as run

        run()  # ends the process; listers are stopped there, or below if anything escapes
    finally:
        prefetch.discard()


if __name__ == "__main__":
    main()
