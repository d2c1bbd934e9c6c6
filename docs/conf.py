"""Sphinx configuration of the sklgan documentation."""

import os
import warnings

import sklgan

project = "sklgan"
author = "The sklgan developers"
release = version = sklgan.__version__

extensions = ["sphinx.ext.autodoc", "sphinx.ext.autosummary", "numpydoc",
              "sphinx_gallery.gen_gallery"]
autosummary_generate = True
numpydoc_show_class_members = False
exclude_patterns = ["_build"]
html_theme = "pydata_sphinx_theme"  # the scikit-learn look
html_theme_options = {"navigation_with_keys": False, "show_prev_next": False,
                      "secondary_sidebar_items": ["page-toc"]}
html_title = f"sklgan {version}"

# The gallery runs every example in examples/ during the build, on one
# process; the pictures it draws are what the pages show.
os.environ.setdefault("MPLBACKEND", "Agg")
warnings.filterwarnings("ignore", category=DeprecationWarning, module="skorch")
sphinx_gallery_conf = {
    "examples_dirs": "../examples",
    "gallery_dirs": "auto_examples",
    "filename_pattern": "/plot_",
    "download_all_examples": False,
    "remove_config_comments": True,
    "within_subsection_order": "FileNameSortKey",
    "image_scrapers": ("matplotlib",),
}
