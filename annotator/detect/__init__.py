"""Pre-detection of quotations: the only package that imports spaCy (this module does not)."""

LONG = 100_000  # characters: a longer article is parsed in pieces, and the app drafts it apart
