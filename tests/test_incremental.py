"""Incremental and parallel builds: an output is rebuilt only when its inputs change, the
manifest records what each was built from, and a pool writes the same bytes as one job."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from trainpack.cli.main import main


def _build(source: Path, out: Path, *extra: str) -> None:
    assert main(["build", "--source", str(source), "--out", str(out), "--quiet", *extra]) == 0


def _snapshot(folder: Path) -> dict[str, tuple[int, bytes]]:
    """path -> (inode, bytes): a kept file is the same file, a rebuilt one a new one."""
    return {
        p.relative_to(folder).as_posix(): (p.stat().st_ino, p.read_bytes())
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _rewritten(before: dict, after: dict) -> set[str]:
    return {k for k in after if k != "manifest.json" and before.get(k, (0,))[0] != after[k][0]}


@pytest.fixture
def built(course_copy, tmp_path: Path) -> tuple[Path, Path, dict]:
    source = course_copy("full")
    out = tmp_path / "out"
    _build(source, out, "--jobs", "1")
    folder = out / "everyone"
    return source, folder, _snapshot(folder)


def test_nothing_changed_keeps_every_file(built, capsys) -> None:
    source, folder, before = built
    main(["build", "--source", str(source), "--out", str(folder.parent), "--jobs", "1"])
    after = _snapshot(folder)
    assert _rewritten(before, after) == set()
    assert {k: v[1] for k, v in after.items()} == {k: v[1] for k, v in before.items()}
    assert "0 rebuilt" in capsys.readouterr().out


def test_a_handout_sentence_rebuilds_only_that_handout(built) -> None:
    source, folder, before = built
    prose = source / "01-basics" / "handout.md"
    prose.write_text(prose.read_text("utf-8").replace("has an *act*", "has an *action*"))
    _build(source, folder.parent, "--jobs", "1")
    assert _rewritten(before, _snapshot(folder)) == {"handouts/01-basics.pdf"}


def test_a_slide_edit_rebuilds_that_deck_and_what_shows_it(built) -> None:
    source, folder, before = built
    module = source / "02-responding" / "module.yaml"
    text = module.read_text("utf-8")
    module.write_text(text.replace("title: ", "title: Now ", 1))
    _build(source, folder.parent, "--jobs", "1")
    changed = _rewritten(before, _snapshot(folder))
    assert "slides/02-responding.pptx" in changed
    assert not any("01-basics" in path for path in changed)


def test_a_changed_template_rebuilds_what_uses_it(built) -> None:
    source, folder, before = built
    ours = Path(__file__).resolve().parents[1] / "templates" / "handout" / "handout.html.j2"
    own = source / "templates" / "handout" / "handout.html.j2"
    own.parent.mkdir(parents=True)
    shutil.copy(ours, own)
    own.write_text(own.read_text("utf-8") + "\n<!-- our organisation's handout -->\n")
    _build(source, folder.parent, "--jobs", "1")
    changed = _rewritten(before, _snapshot(folder))
    assert changed == {"handouts/01-basics.pdf", "handouts/02-responding.pdf"}


def test_a_changed_theme_rebuilds_what_uses_it(built) -> None:
    source, folder, before = built
    theme = source / "themes" / "default"
    shutil.copytree(Path(__file__).resolve().parents[1] / "themes" / "default", theme)
    logo = theme / "logo.png"
    shutil.copy(
        source
        / "01-basics"
        / "images"
        / next(p.name for p in (source / "01-basics" / "images").iterdir() if p.suffix == ".png"),
        logo,
    )
    (theme / "theme.yaml").write_text(
        (theme / "theme.yaml").read_text("utf-8") + "logo: logo.png\n"
    )
    _build(source, folder.parent, "--jobs", "1")
    changed = _rewritten(before, _snapshot(folder))
    assert {"slides/01-basics.pptx", "slides/02-responding.pptx"} <= changed


def test_force_rebuilds_everything_with_the_same_bytes(built) -> None:
    source, folder, before = built
    _build(source, folder.parent, "--jobs", "1", "--force")
    after = _snapshot(folder)
    assert _rewritten(before, after) == set(after) - {"manifest.json"}
    assert {k: v[1] for k, v in after.items()} == {k: v[1] for k, v in before.items()}


def test_the_manifest_records_each_outputs_inputs(built) -> None:
    _, folder, _ = built
    manifest = json.loads((folder / "manifest.json").read_text("utf-8"))
    files = {f["path"] for f in manifest["files"]}
    assert set(manifest["outputs"]) == files
    assert all(len(o["inputs"]) == 64 for o in manifest["outputs"].values())


def test_a_tampered_output_is_rebuilt(built) -> None:
    source, folder, before = built
    deck = folder / "slides" / "01-basics.pptx"
    deck.write_bytes(deck.read_bytes()[:-10] + b"0123456789")
    _build(source, folder.parent, "--jobs", "1")
    after = _snapshot(folder)
    assert after["slides/01-basics.pptx"][1] == before["slides/01-basics.pptx"][1]


def test_a_pool_writes_the_same_bytes_as_one_job(course_copy, tmp_path: Path) -> None:
    source = course_copy("editions")
    _build(source, tmp_path / "one", "--all-editions", "--jobs", "1")
    _build(source, tmp_path / "two", "--all-editions", "--jobs", "2")
    one, two = tmp_path / "one", tmp_path / "two"
    files = sorted(
        p.relative_to(one) for p in one.rglob("*") if p.is_file() and ".cache" not in p.parts
    )
    assert len(files) > 4
    for rel in files:
        assert (one / rel).read_bytes() == (two / rel).read_bytes(), rel


def test_a_cached_parse_is_a_fresh_copy_for_every_caller(tmp_path: Path) -> None:
    """Validation may change what it is given: the next load must still see the file."""
    from trainpack.load.yamlsource import load_yaml

    path = tmp_path / "module.yaml"
    path.write_text("id: welcome\nsummary: Hello\nsections: [a, b]\n", "utf-8")
    first = load_yaml(path)
    first.data["sumary"] = first.data.pop("summary")
    first.data["sections"].append("c")
    second = load_yaml(path)
    assert second.data == {"id": "welcome", "summary": "Hello", "sections": ["a", "b"]}
    assert second.where(("summary",)).line == 2


def test_the_parse_cache_on_disk_is_data_never_code(tmp_path: Path) -> None:
    """A cache folder under --out may come from anyone: a planted file is read as JSON or
    ignored, and a pickle is never loaded."""
    import hashlib

    from trainpack.load import yamlsource

    source = tmp_path / "course.yaml"
    source.write_bytes(b"title: Real title\n")
    cache = tmp_path / "cache"
    cache.mkdir()
    digest = hashlib.sha256(yamlsource._FORMAT + source.read_bytes()).hexdigest()
    (cache / f"{digest}.pickle").write_bytes(b"cos\nsystem\n(S'touch pwned'\ntR.")
    (cache / f"{digest}.json").write_text("{not json", "utf-8")
    yamlsource._PARSED.clear()
    yamlsource.use_parse_cache(cache)
    try:
        assert yamlsource.load_yaml(source).data == {"title": "Real title"}
    finally:
        yamlsource.use_parse_cache(None)
        yamlsource._PARSED.clear()
    assert not (tmp_path / "pwned").exists()
