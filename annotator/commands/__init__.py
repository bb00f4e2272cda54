"""Command modules: each a thin ``*_cli`` over plain functions that return values (weasel's
``cli/`` keeps one module per command the same way).  ``annotator.cli`` parses the command line
and calls them; the work itself lives in the core modules they import."""
