"""``python -m fzcj``: the same as the ``fzcj`` command."""

from fzcj.cli import main

if __name__ == "__main__":
    main()
