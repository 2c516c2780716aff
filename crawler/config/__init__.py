"""The configuration: pydantic models of config.yaml, composed in `model`.

Importing it loads no crawl or extraction code, so every layer can read it.
"""
