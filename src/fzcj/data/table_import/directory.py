"""The units a table names, and how its short forms resolve to them.

Nothing here knows a place: the level prefix (区/县/市/旗) is read off the table's own unit names, and
the only built-in knowledge is how Chinese government bodies are commonly abbreviated (住房城乡建设 →
住建, 办公室 → 办) and which department answers for an enforcement field (安全生产 → 应急管理). A field
resolves only when exactly one unit of the table matches it.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from fzcj.data.names import normalize

LEVEL_CHARS = "区县市旗州盟"
# Longest first; applied to both the table's text and the unit names before comparing.
ABBREVIATIONS = (
    ("人力资源和社会保障", "人社"),
    ("人力资源社会保障", "人社"),
    ("住房和城乡建设", "住建"),
    ("住房城乡建设", "住建"),
    ("市场监督管理", "市场监管"),
    ("工业和信息化", "工信"),
    ("发展和改革", "发改"),
    ("发展改革", "发改"),
    ("卫生和健康", "卫健"),
    ("卫生健康", "卫健"),
    ("文化和旅游", "文旅"),
    ("全面依法治", "依法治"),
    ("办公室", "办"),
)
# Enforcement fields (领域) and the words of the department that answers for each.
FIELD_UNITS: dict[str, tuple[str, ...]] = {
    "安全生产": ("应急管理", "应急"),
    "城市管理": ("综合执法", "城市管理", "城管"),
    "交通运输": ("交通",),
    "教育培训": ("教育",),
    "文化旅游": ("文旅", "旅游", "文化"),
    "文化市场": ("文旅", "文化", "旅游"),
    "劳动保障": ("人社", "社会保障", "社保", "劳动", "社"),
    "生态环境保护": ("生态环境",),
    "审判机关": ("法院",),
    "法院": ("法院",),
    "检察机关": ("检察院",),
    "检察院": ("检察院",),
    "公安机关": ("公安",),
}
GOVERNMENT_DEPARTMENTS = "政府工作部门"
"""The group a table means by a government's ``所属部门`` (its own working departments)."""
UNIT_SUFFIX = re.compile(r"(分局|局|办公室|办|委员会|委|部|院|中心|室|所|队|站|镇|乡|街道|街道办事处)$")
TOWN = re.compile(r"^[^、，,各]{1,8}(镇|乡|街道|街道办事处)$")
_BRACKETS = re.compile(r"[（(][^）)]*[）)]")


def abbreviate(text: str) -> str:
    value = normalize(text)
    for long, short in ABBREVIATIONS:
        value = value.replace(long, short)
    return value


def group_key(text: str) -> str:
    """各行政执法部门 / 各执法部门 / 重点执法部门 / 行政执法机关 → 执法部门; 各部门（单位）/各政府部门 → 部门."""
    value = normalize(text)
    value = re.sub(r"\(.*?\)", "", value)
    value = re.sub(r"^(各|所属|本级|有关|相关)+", "", value)
    value = value.replace("重点", "").replace("行政", "").replace("机关", "部门").replace("政府部门", "部门")
    return value


@dataclass
class Directory:
    """Units (canonical name → type) and groups, with every spelling seen in the table."""

    prefix: str = ""
    units: dict[str, str] = field(default_factory=dict)  # canonical → type
    groups: dict[str, list[str]] = field(default_factory=dict)  # canonical → members
    aliases: dict[str, list[str]] = field(default_factory=dict)  # canonical (unit or group) → seen spellings
    origin: dict[str, str] = field(default_factory=dict)  # canonical → where it was found (for notes)
    _forms: dict[str, str] = field(default_factory=dict)
    _ambiguous: set[str] = field(default_factory=set)

    # ── building ──

    def detect_prefix(self, names: list[str], fallback: str = "") -> None:
        counts = Counter(n[0] for n in names if len(n) > 2 and n[0] in LEVEL_CHARS)
        self.prefix = (
            counts.most_common(1)[0][0] if counts else (fallback[-1:] if fallback[-1:] in LEVEL_CHARS else "")
        )

    def add_unit(self, name: str, origin: str) -> str:
        if name not in self.units:
            self.units[name] = guess_type(name, self.prefix)
            self.origin[name] = origin
            self.aliases.setdefault(name, [])
            self._index()
        return name

    def add_group(self, name: str) -> str:
        if name not in self.groups:
            self.groups[name] = []
            self.aliases.setdefault(name, [])
            self._index()
        return name

    def _index(self) -> None:
        forms: dict[str, set[str]] = {}
        for name in self.units:
            for form in self._unit_forms(name):
                forms.setdefault(form, set()).add(name)
        for name, spellings in self.aliases.items():
            for spelling in spellings:
                forms.setdefault(abbreviate(spelling), set()).add(name)
        for name in self.units:
            forms[abbreviate(name)] = {name}  # a full name always wins
        self._forms = {k: next(iter(v)) for k, v in forms.items() if len(v) == 1}
        self._ambiguous = {k for k, v in forms.items() if len(v) > 1}

    def _unit_forms(self, name: str) -> set[str]:
        full = abbreviate(_BRACKETS.sub("", name))
        forms = {full, full.replace("和", "")}
        bare = self.strip_prefix(full)
        if bare != full and len(bare) >= 2 and bare not in ("办", "委办", "政府办"):
            forms |= {bare, bare.replace("和", "")}
            stem = re.sub(r"(分局|局)$", "", bare)
            if stem != bare and len(stem) >= 2:
                forms |= {stem, stem.replace("和", ""), self.prefix + stem}
        return {f for f in forms if f}

    def strip_prefix(self, name: str) -> str:
        """县司法局 → 司法局, 县委宣传部 → 宣传部 (the level prefix and 委 of party bodies)."""
        if not self.prefix or not name.startswith(self.prefix):
            return name
        rest = name[len(self.prefix) :]
        if rest.startswith("委") and len(rest) > 2 and not rest.startswith(("委员会",)):
            rest = rest[1:]
        return rest

    # ── resolving ──

    def resolve(self, token: str) -> str | None:
        """The unit or group a spelling names, or None (also when it could be several units)."""
        value = normalize(token).strip("：:，,。；;")
        if not value:
            return None
        if value in self.units or value in self.groups:
            return value
        key = abbreviate(value)
        for candidate in (key, _BRACKETS.sub("", key), key.replace("和", "")):
            if candidate in self._forms:
                return self._forms[candidate]
        wanted = group_key(value)
        for group in self.groups:
            keys = {group_key(group), *(group_key(a) for a in self.aliases.get(group, []))}
            inner = re.search(r"[（(](.+?)[）)]", group)
            if inner:
                keys.add(group_key(inner.group(1)))
            if wanted in keys:
                return group
        return self._field(value)

    def _field(self, value: str) -> str | None:
        words = FIELD_UNITS.get(value)
        if words is None:
            return None
        for word in words:  # the first word that picks exactly one unit
            found = [u for u in self.units if word in abbreviate(self.strip_prefix(u))]
            if len(found) == 1:
                return found[0]
        return None

    def is_field(self, value: str) -> bool:
        """A field or a body named by its function (检察机关), not a plain short name (法院)."""
        return normalize(value) in FIELD_UNITS and normalize(value) not in ("法院", "检察院")

    def seen(self, spelling: str, canonical: str) -> None:
        """Remember a spelling the table uses for ``canonical`` (becomes an alias in units.yaml)."""
        spelling = "".join(spelling.split())
        known = {normalize(a) for a in self.aliases.setdefault(canonical, [])}
        if normalize(spelling) != normalize(canonical) and normalize(spelling) not in known:
            self.aliases[canonical].append(spelling)

    def unit_aliases(self, name: str) -> list[str]:
        """Spellings seen in the table, plus the name without its level prefix when that is unique."""
        result = list(self.aliases.get(name, []))
        bare = self.strip_prefix(name)
        is_party = name.startswith(self.prefix + "委") if self.prefix else False
        unique = abbreviate(bare) in self._forms
        if bare != name and not is_party and len(bare) >= 3 and unique and bare not in result:
            result.insert(0, bare)
        return [a for a in result if a != name]


def guess_type(name: str, prefix: str) -> str:
    """单位类型 from the name alone (a draft: 请核对)."""
    if TOWN.match(name):
        return "乡镇"
    if "依法治" in name:
        return "党委议事协调机构办事机构"
    if "纪委" in name or "监委" in name:
        return "纪检监察机关"
    if "人大" in name:
        return "人大机关"
    if "政协" in name:
        return "政协机关"
    if "法院" in name or "检察院" in name:
        return "司法机关"
    if any(word in name for word in ("税务", "海关", "气象", "烟草", "邮政", "金融监管", "统计调查")):
        return "垂直管理"
    if name.endswith("分局"):
        return "分局"
    if name.startswith("党委") or (name[:1] in LEVEL_CHARS and name[1:2] == "委"):
        return "党委部门"
    if name.endswith("中心"):
        return "政府直属单位"
    if UNIT_SUFFIX.search(name):
        return "政府部门"
    return "其他"
