"""Terminal and machine-readable output: rich tables, JSON, CSV, problem lists."""
