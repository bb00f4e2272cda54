"""quote-annotator: annotate quotations and who said them in news text."""

__version__ = "0.1.0"
