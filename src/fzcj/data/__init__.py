"""The two data files (``data/indicators.yaml``, ``data/units.yaml``) → a checked :class:`Workspace`.

YAML text (:mod:`.yamlsource`, or the parse cache :mod:`.cache`) → pydantic models (:mod:`.loading`,
:mod:`.model`) → cross-record rules (:mod:`.rules`) → the compiled plan (:mod:`.plan`).
"""
