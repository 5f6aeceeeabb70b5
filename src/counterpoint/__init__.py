"""counterpoint: compare several news reports of the same event, with evidence."""
__version__ = "0.1.0"
PIPELINE_VERSION = "4"  # bump whenever analysis output changes: stored analyses of older versions are redone
