"""Sphinx extension: write each of a page's scripts once.

Sphinx 7.4 writes twice every inline script (``app.add_js_file(None, body=...)``) that an
extension adds after the html builder has started: the builder keeps one copy with the file
name ``None`` and, when it prepares to write, adds the registry's copy again as ``''``, which
compares unequal. sphinx-thebe's ``const THEBE_JS_URL = ...`` is such a script, so every page
threw "Identifier 'THEBE_JS_URL' has already been declared" in the browser. This hook drops the
second copy of any script before the page is written. The browser test
(``tests/test_browser.py``) fails on the error, so it shows when the hook is no longer needed.

Enabled in ``_config.yml`` under ``sphinx.extra_extensions``.
"""


def _script_key(script) -> tuple:
    # An inline script's name is None or ''; both mean "no file".
    filename = getattr(script, "filename", script) or ""
    attributes = getattr(script, "attributes", {})
    return (filename, getattr(script, "priority", None), tuple(sorted(attributes.items())))


def unique_scripts(scripts: list) -> list:
    """The scripts in their order, each one once.

    Parameters
    ----------
    scripts : list of sphinx.builders.html._assets._JavaScript or str
        A page's ``script_files``, as Sphinx passes them to the page template.

    Returns
    -------
    list
        The same objects, without the later copies of any script with the same file name
        (``None`` and ``''`` counted alike), priority and attributes (``body`` included).
    """
    seen: set[tuple] = set()
    unique = []
    for script in scripts:
        key = _script_key(script)
        if key not in seen:
            seen.add(key)
            unique.append(script)
    return unique


def _drop_duplicate_scripts(app, pagename, templatename, context, doctree):
    scripts = context.get("script_files")
    if isinstance(scripts, list):
        # In place: the list is the builder's own, which other extensions' hooks append to.
        scripts[:] = unique_scripts(scripts)


def setup(app):
    """Connect the hook, late, so that it also sees the scripts other hooks add to a page."""
    app.connect("html-page-context", _drop_duplicate_scripts, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
