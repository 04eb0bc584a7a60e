"""The unit directory: canonical names, aliases, towns and groups (各乡镇, 各行政执法部门 …)."""

from __future__ import annotations

from dataclasses import dataclass, field

from fzcj.data.model import Group, Unit, UnitsFile
from fzcj.data.names import did_you_mean, normalize
from fzcj.errors import UsageError


@dataclass
class UnitDirectory:
    """Resolves any spelling of a unit or group; expands groups to their member units."""

    units: dict[str, Unit] = field(default_factory=dict)
    groups: dict[str, Group] = field(default_factory=dict)
    _lookup: dict[str, str] = field(default_factory=dict)
    _expanded: dict[str, tuple[str, ...]] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def build(cls, data: UnitsFile) -> UnitDirectory:
        """Build the lookup; conflicts (an alias claimed twice) are reported by the rules, first wins."""
        directory = cls()
        for unit in data.units:
            directory.units.setdefault(unit.name, unit)
        for group in data.groups:
            directory.groups.setdefault(group.name, group)
        for unit in data.units:
            directory._lookup.setdefault(normalize(unit.name), unit.name)
        for group in data.groups:
            directory._lookup.setdefault(normalize(group.name), group.name)
        for unit in data.units:
            for alias in [*unit.aliases, *([unit.full_name] if unit.full_name else [])]:
                directory._lookup.setdefault(normalize(alias), unit.name)
        for group in data.groups:
            for alias in group.aliases:
                directory._lookup.setdefault(normalize(alias), group.name)
        return directory

    def canonical(self, name: str) -> str | None:
        """The canonical unit or group name for any spelling, or None."""
        return self._lookup.get(normalize(name))

    def unit(self, name: str) -> str | None:
        """The canonical name if ``name`` denotes a single unit (not a group)."""
        found = self.canonical(name)
        return found if found in self.units else None

    def is_group(self, name: str) -> bool:
        return self.canonical(name) in self.groups

    def expand(self, name: str) -> list[str]:
        """Member units of a group (recursively, in order, without repeats); a unit expands to itself."""
        key = self.canonical(name) or name
        cached = self._expanded.get(key)
        if cached is None:
            found: list[str] = []
            self._expand(key, found, set())
            cached = self._expanded[key] = tuple(found)
        return list(cached)

    def _expand(self, name: str, out: list[str], visiting: set[str]) -> None:
        if name in self.units:
            if name not in out:
                out.append(name)
            return
        group = self.groups.get(name)
        if group is None or name in visiting:
            return
        visiting.add(name)
        for member in group.members:
            self._expand(self.canonical(member) or member, out, visiting)
        visiting.discard(name)

    def expand_all(self, names: list[str]) -> list[str]:
        result: list[str] = []
        for name in names:
            for unit in self.expand(name):
                if unit not in result:
                    result.append(unit)
        return result

    def all_names(self) -> list[str]:
        """Every canonical name and alias (for suggestions)."""
        names = list(self.units) + list(self.groups)
        names += [a for u in self.units.values() for a in u.aliases]
        names += [a for g in self.groups.values() for a in g.aliases]
        return names

    def unknown_message(self, name: str, what: str = "单位") -> str:
        return (
            f"未知{what}「{name}」{did_you_mean(name, self.all_names())}（单位名称和简称见 data/units.yaml）"
        )

    def resolve(self, name: str) -> str:
        """The canonical unit for a name a person typed (``--unit``), or a usage error with a suggestion."""
        if not name.strip():  # `--unit "$UNIT"` with UNIT unset must not mean every unit
            raise UsageError("--unit 的值是空的：请写单位名称、简称或乡镇名，如 司法局")
        unit = self.unit(name)
        if unit is None:
            if self.is_group(name):
                raise UsageError(f"「{name}」是单位组，请指定具体单位，如 {self.expand(name)[0]}")
            raise UsageError(self.unknown_message(name))
        return unit
