"""The page (build.py serve) through Starlette's test client: home, check, build, download,
save, preview, and the safety rules (CSRF, hosts, token, paths, errors)."""

from __future__ import annotations

import hashlib
import io
import json
import re
import threading
import time
import warnings
import zipfile
from pathlib import Path

import pytest

with warnings.catch_warnings():  # Starlette prefers httpx2 for its test client; httpx works
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

from trainpack.web.app import create_app
from trainpack.web.workspace import Workspace

FRAGMENT = {"x-requested-with": "trainpack"}


@pytest.fixture
def course(course_copy) -> Path:
    return course_copy("editions")


@pytest.fixture
def site(course: Path, tmp_path: Path):
    workspace = Workspace(course, tmp_path / "out")
    with TestClient(create_app(workspace, hosts=["testserver"])) as client:
        client.workspace = workspace  # type: ignore[attr-defined]
        yield client


def csrf_of(client) -> str:
    page = client.get("/").text
    return re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)


def form_of(client, edition: str = "everyone-england", **changes) -> dict:
    """The form as the page fills it for a saved edition, plus changes."""
    page = client.get(f"/?edition={edition}").text
    data: dict = {"csrf": csrf_of(client), "edition": edition}
    form = page[page.index('id="pack-form"') : page.index("</form>")]
    for name, value in re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', form):
        if name not in ("modules", "csrf", "large_print"):
            data[name] = value
    data["modules"] = re.findall(r'name="modules" value="([^"]+)"[^>]*checked', form)
    if re.search(r'name="large_print"[^>]*checked', form):
        data["large_print"] = "on"
    for name in ("audience", "country", "language", "theme", "paper"):
        select = re.search(rf'name="{name}">(.*?)</select>', form, re.S).group(1)
        data[name] = re.search(r'value="([^"]+)" selected', select).group(1)
    data.update(changes)
    return data


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&#39;", "'")


def wait_for(client, job: str, limit: float = 240) -> dict:
    start = time.time()
    while time.time() - start < limit:
        state = client.get(f"/jobs/{job}?part=state").json()
        if state["status"] in ("done", "failed"):
            return state
        time.sleep(0.3)
    raise AssertionError("the build did not finish")


def test_home_shows_the_course_editions_and_a_labelled_form(site):
    page = site.get("/").text
    assert "Sample safeguarding course" in page and "version test-1" in page
    for edition in ("Everyone, England", "Police, short"):
        assert edition in page
    for label in ("Edition", "Audience", "Country pack", "Language", "Theme", "Paper"):
        assert re.search(rf'<label for="[^"]+">{label}</label>', page), label
    assert '<label for="f-large">Large print</label>' in page
    assert "<legend>Modules</legend>" in page and "<legend>Schedule</legend>" in page
    assert "New edition…" in page
    for button in ("Check", "Build pack", "Save as edition"):
        assert f">{button}</button>" in page
    assert "minutes of content chosen" in page


def test_check_reports_problems_and_timetable_like_the_cli(site, run_cli, course):
    answer = site.post("/check", data=form_of(site), headers=FRAGMENT)
    assert answer.status_code == 200
    shown = text_of(answer.text)
    assert "No errors" in shown
    assert "Timetable" in shown and "09:00" in shown and "Break" in shown
    # A form mistake gets the message a hand-written file gets, at its line, with the hint.
    bad = form_of(site, d0_start="9:00", id="everyone-england")
    answer = site.post("/check", data=bad, headers=FRAGMENT)
    shown = text_of(answer.text)
    assert "(unsaved) editions/everyone-england.yaml:" in shown
    (course / "editions" / "everyone-england.yaml").write_text(
        (course / "editions" / "everyone-england.yaml").read_text().replace('"09:00"', '"9:00"')
    )
    code, _, err = run_cli("check", "--source", course)
    assert code == 1
    cli = next(line for line in err.splitlines() if "everyone-england.yaml:" in line)
    message = cli.split(": error: ", 1)[1]
    assert message in shown
    assert "hint:" in shown


def test_posts_without_the_csrf_token_are_refused(site):
    data = form_of(site)
    data.pop("csrf")
    assert site.post("/check", data=data).status_code == 403
    data["csrf"] = "forged"
    assert site.post("/build", data=data).status_code == 403
    assert (
        site.post("/check", data=form_of(site), headers={"origin": "http://evil.test"}).status_code
        == 403
    )


def test_build_lists_files_and_the_zip_holds_the_pack_with_its_manifest(site, tmp_path):
    answer = site.post("/build", data=form_of(site), headers=FRAGMENT)
    job = answer.json()["job"]
    state = wait_for(site, job)
    assert state["status"] == "done", site.get(f"/jobs/{job}?part=fragment").text
    assert [s["name"].split()[0] for s in state["stages"]] == ["Rendering", "Writing"]
    assert all(s["done"] == s["total"] for s in state["stages"])
    panel = site.get(f"/jobs/{job}?part=fragment").text
    assert ">Download pack</a>" in panel and 'href="/packs/everyone-england.zip"' in panel
    assert "slides/01-basics.pptx" in panel and "facilitator-guide.pdf" in panel
    deck = site.get("/packs/everyone-england/slides/01-basics.pptx")
    assert deck.status_code == 200 and deck.content[:2] == b"PK"
    download = site.get("/packs/everyone-england.zip")
    assert download.headers["content-type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(download.content))
    manifest = json.loads(archive.read("everyone-england/manifest.json"))
    listed = {f"everyone-england/{f['path']}": f["sha256"] for f in manifest["files"]}
    assert set(archive.namelist()) == set(listed) | {"everyone-england/manifest.json"}
    for name, digest in listed.items():
        assert hashlib.sha256(archive.read(name)).hexdigest() == digest


def test_two_builds_at_once_give_a_consistent_pack(site, tmp_path):
    data = form_of(site)
    jobs = [site.post("/build", data=data, headers=FRAGMENT).json()["job"] for _ in range(2)]
    assert [wait_for(site, job)["status"] for job in jobs] == ["done", "done"]
    folder = tmp_path / "out" / "everyone-england"
    manifest = json.loads((folder / "manifest.json").read_text())
    for item in manifest["files"]:
        assert hashlib.sha256((folder / item["path"]).read_bytes()).hexdigest() == item["sha256"]
    assert not list((tmp_path / "out").glob(".staging-*"))


def test_a_failed_build_shows_the_error_and_keeps_the_previous_pack(site, course, tmp_path):
    data = form_of(site)
    assert (
        wait_for(site, site.post("/build", data=data, headers=FRAGMENT).json()["job"])["status"]
        == "done"
    )
    folder = tmp_path / "out" / "everyone-england"
    before = (folder / "manifest.json").read_text()
    broken = course / "templates" / "handout"
    broken.mkdir(parents=True)
    (broken / "handout.html.j2").write_text("<p>{{ no_such_thing.title }}</p>\n")
    site.workspace.reload()
    job = site.post("/build", data=form_of(site), headers=FRAGMENT).json()["job"]
    assert wait_for(site, job)["status"] == "failed"
    panel = text_of(site.get(f"/jobs/{job}?part=fragment").text)
    assert "handout.html.j2:1" in panel and "previous pack" in panel
    assert (folder / "manifest.json").read_text() == before
    assert site.get("/").status_code == 200  # still serving


def test_save_as_edition_validates_writes_and_asks_before_replacing(site, course):
    data = form_of(site, edition="__new__", id="evening-session", name="Evening session")
    answer = site.post("/save", data=data, headers=FRAGMENT)
    assert "Saved as" in answer.text
    saved = course / "editions" / "evening-session.yaml"
    assert 'id: "evening-session"' in saved.read_text()
    assert "evening-session" in site.get("/").text  # the course was reloaded
    again = site.post("/save", data={**data, "name": "Changed"}, headers=FRAGMENT)
    assert "already exists" in again.text and "Replace evening-session" in again.text
    assert "Evening session" in saved.read_text()
    replaced = site.post(
        "/save", data={**data, "name": "Changed", "overwrite": "yes"}, headers=FRAGMENT
    )
    assert "Saved as" in replaced.text and 'name: "Changed"' in saved.read_text()
    wrong = site.post("/save", data={**data, "id": "Bad Id"}, headers=FRAGMENT)
    shown = text_of(wrong.text)
    assert "Not saved" in shown and "error: 'Bad Id' is not a valid id" in shown
    misspelt = site.post(
        "/save", data={**data, "id": "late", "audience": "polcie"}, headers=FRAGMENT
    )
    shown = text_of(misspelt.text)
    assert "editions/late.yaml:4:11: error: unknown audience 'polcie'" in shown
    assert "hint: did you mean 'police'?" in shown
    assert sorted(p.name for p in (course / "editions").iterdir()) == [
        "evening-session.yaml",
        "everyone-england.yaml",
        "police-short.yaml",
    ]


@pytest.mark.parametrize(
    "path",
    [
        "/packs/../../etc/passwd",
        "/packs/everyone-england/../../../etc/passwd",
        "/packs/everyone-england/%2e%2e/%2e%2e/etc/passwd",
        "/packs/everyone-england/..%2f..%2fcourse.yaml",
        "/packs/..%2f..%2fetc/manifest.json",
        "/static/../../pyproject.toml",
        "/static/%2e%2e%2fapp.py",
        "/assets/..%2f..%2fetc%2fpasswd",
        "/preview/everyone-england/..%2f..%2fcourse.yaml",
        "/preview/../../etc/passwd/x",
    ],
)
def test_paths_outside_the_outputs_and_static_files_are_not_found(site, path):
    assert site.get(path).status_code == 404


def test_other_hosts_are_refused_and_a_token_guards_a_public_server(course, tmp_path):
    workspace = Workspace(course, tmp_path / "out")
    with TestClient(create_app(workspace, hosts=["testserver"])) as client:
        assert client.get("/", headers={"host": "rebound.example"}).status_code == 400
    token = "s3cret-token-for-the-test"
    with TestClient(create_app(workspace, hosts=["*"], token=token)) as client:
        assert client.get("/").status_code == 401
        assert client.get("/?token=wrong").status_code == 401
        first = client.get(f"/?token={token}", follow_redirects=False)
        assert first.status_code == 303 and "token" not in first.headers["location"]
        assert client.get("/").status_code == 200  # the cookie now carries it


def test_serve_refuses_a_public_address_without_a_token(run_cli, course, monkeypatch):
    monkeypatch.delenv("TRAINPACK_TOKEN", raising=False)
    code, _, err = run_cli("serve", "--source", course, "--host", "0.0.0.0")
    assert code == 2 and "without an access token" in err


def test_preview_draws_every_slide_with_notes_and_shows_problems_in_place(site, course):
    page = site.get("/preview/everyone-england/basics")
    assert page.status_code == 200
    assert page.text.count('class="slide ') >= 5 and "Speaker notes" in page.text
    assert 'src="/preview/everyone-england/basics/handout"' in page.text
    handout = site.get("/preview/everyone-england/basics/handout").text
    assert "file://" not in handout and "/assets/" in handout
    module = course / "01-basics" / "module.yaml"
    text = module.read_text()
    title = re.search(r"^title: (.+)$", text, re.M).group(1)
    module.write_text(text.replace(f"title: {title}", "title: A fresh module title", 1))
    site.workspace.reload()
    slides = site.get("/preview/everyone-england/basics?part=slides").text
    assert "A fresh module title" in slides
    lines = module.read_text().splitlines()
    number = next(i for i, line in enumerate(lines) if "layout: bullets" in line)
    lines[number] = lines[number].replace("layout: bullets", "layout: bulets")
    module.write_text("\n".join(lines) + "\n")
    site.workspace.reload()
    slides = site.get("/preview/everyone-england/basics?part=slides").text
    assert 'class="slide-problem"' in slides and f"module.yaml:{number + 1}" in slides
    assert "A fresh module title" in slides  # the other slides stay


def test_the_server_keeps_answering_after_a_fault(course, tmp_path, monkeypatch):
    workspace = Workspace(course, tmp_path / "out")
    app = create_app(workspace, hosts=["testserver"])
    with TestClient(app, raise_server_exceptions=False) as client:
        import trainpack.web.app as web_app

        def broken(*args, **kwargs):
            raise RuntimeError("a bug of ours")

        monkeypatch.setattr(web_app, "audience_minutes", broken)
        answer = client.get("/")
        assert answer.status_code == 500 and "Traceback" not in answer.text
        assert "went wrong on our side" in answer.text
        monkeypatch.undo()
        assert client.get("/").status_code == 200


def test_events_stream_tells_of_a_change(site):
    workspace = site.workspace

    def later() -> None:
        time.sleep(0.5)
        workspace.reload()

    threading.Thread(target=later).start()
    with site.stream("GET", "/events") as stream:
        seen = []
        for line in stream.iter_lines():
            seen.append(line)
            if line.startswith("event: change"):
                break
    assert "event: hello" in seen[0]
