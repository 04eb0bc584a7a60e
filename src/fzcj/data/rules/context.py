"""What every rule gets: both files, their node trees (for positions) and the problem list."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from fzcj.data.loading import Parsed
from fzcj.data.model import IndicatorsFile, Task, UnitsFile
from fzcj.data.units import UnitDirectory
from fzcj.problems import Problem, Severity

Loc = tuple[int | str, ...]


@dataclass
class RuleContext:
    indicators: IndicatorsFile
    units: UnitsFile
    directory: UnitDirectory
    indicators_parsed: Parsed
    units_parsed: Parsed
    indicators_rel: str
    units_rel: str
    problems: list[Problem]

    def indicators_problem(
        self, loc: Loc, code: str, message: str, severity: Severity = Severity.error
    ) -> None:
        pos = self.indicators_parsed.position(loc)
        self.problems.append(Problem(self.indicators_rel, pos.line, pos.column, code, message, severity))

    def units_problem(self, loc: Loc, code: str, message: str, severity: Severity = Severity.error) -> None:
        pos = self.units_parsed.position(loc)
        self.problems.append(Problem(self.units_rel, pos.line, pos.column, code, message, severity))

    def tasks(self) -> Iterator[tuple[Loc, Task]]:
        """Every task with its location in indicators.yaml."""
        for i, indicator in enumerate(self.indicators.indicators):
            for j, section in enumerate(indicator.sections):
                for k, task in enumerate(section.tasks):
                    yield ("indicators", i, "sections", j, "tasks", k), task
