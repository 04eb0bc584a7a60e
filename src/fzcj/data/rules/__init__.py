"""Cross-record checks of the data files, one small module per subject."""

from __future__ import annotations

from fzcj.data.rules import materials, paths, tasks, units
from fzcj.data.rules.context import RuleContext

ALL = (units.check, tasks.check, materials.check, paths.check)


def run_all(ctx: RuleContext) -> None:
    for rule in ALL:
        rule(ctx)


__all__ = ["ALL", "RuleContext", "run_all"]
