"""The ``fzcj`` command line: typer is imported here and nowhere else.

:mod:`.core` holds the application, the error-to-exit-code mapping and the entry point; :mod:`.commands`
registers one thin command per :mod:`fzcj.api` function.
"""

from fzcj.cli import commands as commands  # registers the commands on the app
from fzcj.cli import export as export
from fzcj.cli import intake as intake
from fzcj.cli import new as new  # fzcj new
from fzcj.cli import pack as pack
from fzcj.cli import package as package
from fzcj.cli import review as review  # fzcj review
from fzcj.cli.core import app, main

__all__ = ["app", "main"]
