"""Sphinx configuration of the sklgan documentation."""

import sklgan

project = "sklgan"
author = "The sklgan developers"
release = version = sklgan.__version__

extensions = ["sphinx.ext.autodoc", "sphinx.ext.autosummary", "numpydoc"]
autosummary_generate = True
numpydoc_show_class_members = False
exclude_patterns = ["_build"]
html_theme = "alabaster"
