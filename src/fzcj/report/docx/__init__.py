"""The Word documents: the only modules that import python-docx."""
