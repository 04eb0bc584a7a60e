"""The evidence tree → an :class:`~fzcj.evidence.index.EvidenceIndex`.

What a name means (:mod:`.filenames`, :mod:`.links`) → one folder read (:mod:`.listing`) → files
attributed to (task, unit, item) (:mod:`.walk`) → the index (:mod:`.index`). :mod:`.scaffold` makes
the folders. Nothing here writes to the evidence tree except :mod:`.scaffold`, which only adds.
"""
