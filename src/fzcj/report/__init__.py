"""What the weekly report and the notices say (pure) and writing them; python-docx only in :mod:`.docx`."""
