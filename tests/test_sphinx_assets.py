"""aebook.sphinx_assets: each script of a page is written once."""

from sphinx.builders.html._assets import _JavaScript

from aebook.sphinx_assets import _drop_duplicate_scripts, unique_scripts


def test_inline_script_named_none_or_empty_is_kept_once():
    # Sphinx 7.4 holds the same inline script once as None and once as ''.
    first = _JavaScript(None, body="const THEBE_JS_URL = 'x'")
    again = _JavaScript("", body="const THEBE_JS_URL = 'x'")
    assert unique_scripts([first, again]) == [first]


def test_different_scripts_keep_their_order():
    scripts = [
        _JavaScript("_static/a.js"),
        _JavaScript(None, body="let a = 1"),
        _JavaScript(None, body="let b = 2"),
        _JavaScript("_static/a.js", **{"async": "async"}),
        _JavaScript("_static/b.js", priority=200),
    ]
    assert unique_scripts(scripts) == scripts


def test_hook_edits_the_page_list_in_place():
    scripts = [_JavaScript(None, body="x"), _JavaScript("", body="x"), _JavaScript("a.js")]
    context = {"script_files": scripts}
    _drop_duplicate_scripts(None, "page", "page.html", context, None)
    assert context["script_files"] is scripts
    assert [s.filename for s in scripts] == [None, "a.js"]
