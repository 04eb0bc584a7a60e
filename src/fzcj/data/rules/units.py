"""Rules for data/units.yaml: unique names, unambiguous aliases, groups that resolve and do not loop."""

from __future__ import annotations

from fzcj.data.names import normalize
from fzcj.data.rules.context import RuleContext


def check(ctx: RuleContext) -> None:
    owner: dict[str, str] = {}
    entries = [("units", i, u.name, u.aliases) for i, u in enumerate(ctx.units.units)]
    entries += [("groups", i, g.name, g.aliases) for i, g in enumerate(ctx.units.groups)]
    for section, i, name, _ in entries:
        key = normalize(name)
        if key in owner:
            ctx.units_problem((section, i, "name"), "duplicate-unit", _duplicate_message(name, owner[key]))
        else:
            owner[key] = name
    for section, i, name, aliases in entries:
        for n, alias in enumerate(aliases):
            key = normalize(alias)
            if key in owner and owner[key] != name:
                ctx.units_problem(
                    (section, i, "aliases", n),
                    "alias-conflict",
                    f"简称「{alias}」同时属于「{owner[key]}」和「{name}」，无法判断指哪个单位",
                )
            else:
                owner[key] = name
    for i, group in enumerate(ctx.units.groups):
        for n, member in enumerate(group.members):
            if ctx.directory.canonical(member) is None:
                ctx.units_problem(
                    ("groups", i, "members", n),
                    "unknown-member",
                    f"单位组「{group.name}」的成员：{ctx.directory.unknown_message(member)}",
                )
        if _loops(ctx, group.name, []):
            ctx.units_problem(
                ("groups", i, "members"), "group-cycle", f"单位组「{group.name}」直接或间接包含了自己"
            )


def _loops(ctx: RuleContext, name: str, path: list[str]) -> bool:
    if name in path:
        return path[0] == name
    group = ctx.directory.groups.get(name)
    if group is None:
        return False
    return any(
        _loops(ctx, ctx.directory.canonical(m) or m, [*path, name])
        for m in group.members
        if (ctx.directory.canonical(m) or m) in ctx.directory.groups
    )


def _duplicate_message(name: str, earlier: str) -> str:
    if earlier == name:
        return f"名称「{name}」重复出现：每个单位和单位组只能写一次"
    return f"名称「{name}」与「{earlier}」重复（全角、半角或空格不同也算同一个名称）"
