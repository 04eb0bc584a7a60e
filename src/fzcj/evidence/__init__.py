"""The evidence tree → an :class:`~fzcj.evidence.index.EvidenceIndex`; and what comes into it.

What a name means (:mod:`.filenames`, :mod:`.links`) → one folder read (:mod:`.listing`) → files
attributed to (task, unit, item) (:mod:`.walk`) → the index (:mod:`.index`). :mod:`.scaffold` makes
the folders (for ``init``, and for ``pack``'s zip, :mod:`.pack`). Intake reads what a unit sent
(:mod:`.archive`, :mod:`.archive_members`, :mod:`.archive_names`), places each file by the walk's own rules
(:mod:`.intake`), stores it (:mod:`.intake_apply`) and keeps a record (:mod:`.intake_record`). Nothing here
writes to the evidence tree except :mod:`.scaffold` and :mod:`.intake_apply`, which only add.
"""
