"""The public read API at /api/v1/ (decision 10): only what the public pages show."""
