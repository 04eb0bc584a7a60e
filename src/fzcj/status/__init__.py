"""Plan + evidence index → :class:`~fzcj.status.types.StatusReport` (pure), and selections of it."""
