"""The office's review of the materials: decisions kept as plain files, and the state they give.

Domain words: 审核 = review; 通过 = accept; 退回 = return (with a reason, 退回重报); 撤销 = undo. Each decision
is one small JSON file under ``reviews/`` in the workspace (:mod:`.records`), written once and never
rewritten, so that copies synced by git or a shared folder never conflict. A decision records what
was judged (:mod:`.fingerprint`); :mod:`.states` is the pure state machine over the files and the
decisions; :mod:`.book` reads the folder in one pass and judges each (item, unit) pair for the status;
:mod:`.checks` is what ``fzcj validate`` says about the records; :mod:`.actions` writes decisions.
"""
