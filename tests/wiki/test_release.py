from wiki import release


def _tree(root, files):
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


def test_a_change_of_code_or_template_is_a_new_release(tmp_path):
    root = _tree(tmp_path, {"wiki/views.py": "a = 1\n", "templates/page.html": "<p>"})
    before = release.digest(root)
    assert release.digest(root) == before
    (root / "templates/page.html").write_text("<p>!")
    assert release.digest(root) != before


def test_a_renamed_file_is_a_new_release(tmp_path):
    root = _tree(tmp_path, {"wiki/a.py": "x = 1\n"})
    before = release.digest(root)
    (root / "wiki/a.py").rename(root / "wiki/b.py")
    assert release.digest(root) != before


def test_what_the_code_writes_or_runs_beside_is_not_the_release(tmp_path):
    root = _tree(tmp_path, {"wiki/a.py": "x = 1\n"})
    before = release.digest(root)
    _tree(root, {"media/photo.svg": "<svg/>", ".venv/lib/x.py": "y = 2\n"})
    _tree(root, {"staticfiles/site.css": "body{}", "wiki/notes.md": "text"})
    assert release.digest(root) == before
