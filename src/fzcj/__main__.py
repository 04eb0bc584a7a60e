"""``python -m fzcj`` and the ``fzcj`` console script.

For commands that load the data files, parsing them (:mod:`fzcj.preparse`) and listing the evidence
tree (:mod:`fzcj.prefetch`) start here in other processes, before the command-line library and the
data models are imported; they overlap on a machine with more than one CPU.

The cycle collector is off: a command runs once and exits, and what it makes is freed by reference
counting (peak memory of status, validate and report on 10,000 and 100,000 files is the same within
1%), while the collector would rescan the tens of thousands of objects the imports made some ninety
times (about 17 ms of a 0.24 s ``status --unit``, 26 ms of a 100,000-file ``status``).
"""

import gc
import os
import sys


def main() -> None:
    gc.disable()
    # pydantic looks through every installed package's entry points for plugins (observers of
    # validation) before it builds its first validator; fzcj has no use for them. pydantic's own
    # switch spares the scan, and any plugin's import (some pull in a whole telemetry SDK).
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    try:
        _run()
    except KeyboardInterrupt:  # Ctrl-C while still starting up (a running command says so itself)
        sys.stderr.write("已中断。\n")
        sys.exit(130)


def _run() -> None:
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
