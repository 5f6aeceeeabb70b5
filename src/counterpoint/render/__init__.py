"""Renderers: the JSON contract (and its JSON Schema), Markdown, one self-contained HTML file, a terminal summary.

    from counterpoint.render import to_contract, render_json, render_markdown, render_html, render_summary
"""
from .contract import SCHEMA_ID, load_schema, render_json, to_contract, validate_contract
from .html import render_html
from .markdown import render_markdown
from .summary import render_summary

__all__ = ["SCHEMA_ID", "load_schema", "render_html", "render_json", "render_markdown", "render_summary",
           "to_contract", "validate_contract"]
