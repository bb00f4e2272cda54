"""Pre-detection of quotations: the only package that imports spaCy."""
