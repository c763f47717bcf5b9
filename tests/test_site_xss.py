"""No script from content runs on the site: every free-text field of the model, every payload class.

The content for this test is made from the model, not written by hand: each free-text string
field of every content file (:func:`tests.model_fields.free_text_fields`) gets a payload
appended, one modification per payload class, and the objectives catalogue gets one too. The
site is built with ``mkdocs build`` and every page is loaded in real Chromium: no
dialog may open, no element may carry an event-handler attribute or a script URL, no iframe may
appear, and a click on every link runs nothing. A field added to the model is planted without
editing this test.
"""

from __future__ import annotations

import copy
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.content_yaml import read_yaml, write_yaml
from tests.model_fields import FieldPath, content_models, free_text_fields, planted
from tests.site_fixtures import CONTENT, BuiltSite, build, served

pytest_plugins = ["tests.site_fixtures"]

#: One payload per class; ``{m}`` is a marker naming the field, so a dialog says which leaked.
PAYLOADS: dict[str, str] = {
    "script": "<script>alert('{m}')</script>",
    "img-onerror": "<img src=x onerror=alert('{m}')>",
    "svg-onload": "<svg onload=alert('{m}')>",
    "iframe": "<iframe src=\"javascript:alert('{m}')\"></iframe>",
    "entity-encoded-scheme": (
        "[a](&#x6A;avascript:alert('{m}')) [b](java&#115;cript:alert('{m}')) "
        "[c](javascript&colon;alert('{m}')) ![d](&#x6A;avascript:alert('{m}'))"
    ),
    "data-url": (
        "[e](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==) "
        "![f](data:image/svg+xml,<svg onload=alert('{m}')>)"
    ),
    "attribute-breakout": "\" onmouseover=\"alert('{m}')\" x=\"' onfocus='alert(1)' autofocus='",
    "reference-link": "[g][r{m}]\n\n[r{m}]: javascript:alert('{m}')",
}
CLASSES = list(PAYLOADS)

#: The same classes without digits, for the legal text, where the checker requires every number
#: in a clause to be tied to a rule parameter. TODO(issue 10): drop once prose numbers pass there.
LEGAL_PAYLOADS: dict[str, str] = {
    **PAYLOADS,
    "entity-encoded-scheme": (
        "[a](jav&Tab;ascript&colon;alert('{m}')) [c](javascript&colon;alert('{m}')) "
        "![d](javascript&colon;alert('{m}'))"
    ),
    "data-url": "[e](data:text/html,<script>alert('{m}')</script>) ![f](data:image/svg+xml,x)",
    "attribute-breakout": "\" onmouseover=\"alert('{m}')\" x=\"' onfocus='alert(x)' autofocus='",
}

#: Fields not planted, with the reason (printed by the test that checks the planting).
NOT_PLANTED: dict[tuple[str, FieldPath], str] = {
    ("legal-text.yaml", ("clauses", "[]", "states", "[]", "text")): (
        "a tie's text is a phrase of its clause (checked to be one) and is never shown on its "
        "own; the clause's text is planted"
    ),
    ("legal-text.yaml", ("clauses", "[]", "states_before", "[]", "text")): (
        "as for states: a phrase of the clause's before-text, which is planted"
    ),
}
FIRST_ID = 9000

_DOM_PROBLEMS = """() => {
  const bad = [];
  const urlAttributes = ['href', 'src', 'action', 'formaction', 'xlink:href', 'data', 'srcdoc'];
  for (const el of document.querySelectorAll('*')) {
    for (const a of el.attributes) {
      if (a.name.toLowerCase().startsWith('on')) bad.push(`${el.tagName} ${a.name}=${a.value}`);
      if (urlAttributes.includes(a.name.toLowerCase())) {
        const v = a.value.replace(/[\\x00-\\x20]/g, '').toLowerCase();
        if (/^(javascript|vbscript|data):/.test(v)) bad.push(`${el.tagName} ${a.name}=${a.value}`);
      }
    }
    if (['IFRAME', 'EMBED', 'OBJECT', 'FRAME'].includes(el.tagName)) bad.push(el.tagName);
  }
  for (const s of document.scripts) {
    if (s.textContent.includes('alert(')) bad.push('SCRIPT ' + s.textContent.slice(0, 80));
  }
  return bad;
}"""


def _plant_modification(folder: Path, mod_id: str, payload_class: str) -> dict[str, int]:
    """Append the payload of ``payload_class`` to every free-text field of every file of the
    modification in ``folder``; returns how many values of each field were planted."""
    counts: dict[str, int] = {}
    for name, model in content_models().items():
        path = folder / name
        if name == "objectives.yaml" or not path.exists():
            continue
        data = read_yaml(path)
        if name == "modification.yaml":
            data["id"] = mod_id
        for n, field in enumerate(free_text_fields(model)):
            if (name, field) in NOT_PLANTED:
                continue
            if name == "legal-text.yaml":
                suffix = " " + LEGAL_PAYLOADS[payload_class].format(m="legal")
            else:
                suffix = " " + PAYLOADS[payload_class].format(m=f"{mod_id}-{name}-{n}")
            key = f"{name}: {'.'.join(field)}"
            counts[key] = counts.get(key, 0) + planted(data, field, lambda o, s=suffix: o + s)
        write_yaml(path, data)
    return counts


#: The fixture modifications that between them hold a value for every free-text field (the
#: planting test below fails if a field is added that none of them holds).
PLANTED_FIXTURES = ("SECMP0059", "MP112")


def _fixture_modifications() -> list[Path]:
    return [CONTENT / name for name in PLANTED_FIXTURES]


def hostile_content(target: Path) -> tuple[Path, list[str]]:
    """A content folder with a copy of every fixture modification per payload class, every
    free-text field planted; returns it with the fields no fixture holds a value for."""
    target.mkdir(parents=True)
    objectives = read_yaml(CONTENT / "objectives.yaml")
    for n, item in enumerate(objectives["objectives"]):
        item["text"] += " " + PAYLOADS[CLASSES[n % len(CLASSES)]].format(m=f"objective-{n}")
    write_yaml(target / "objectives.yaml", objectives)
    shutil.copy(CONTENT / "releases.yaml", target / "releases.yaml")
    counts: dict[str, int] = {}
    for n, payload_class in enumerate(CLASSES):
        for j, source in enumerate(_fixture_modifications()):
            mod_id = f"SECMP{FIRST_ID + 10 * n + j}"
            shutil.copytree(source, target / mod_id)
            for key, count in _plant_modification(target / mod_id, mod_id, payload_class).items():
                counts[key] = counts.get(key, 0) + count
    fields = [
        f"{name}: {'.'.join(field)}"
        for name, model in content_models().items()
        if name != "objectives.yaml"
        for field in free_text_fields(model)
        if (name, field) not in NOT_PLANTED
    ]
    return target, [f for f in fields if not counts.get(f)]


@pytest.fixture(scope="module")
def xss_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    folder = tmp_path_factory.mktemp("xss")
    content, missing = hostile_content(folder / "content")
    assert not missing, f"the fixture has no value to plant for: {missing}"
    # Not --strict: MkDocs warns of the script URLs as links it does not recognise; what it
    # publishes regardless is what is tested.
    return build(folder, content, strict=False)


@pytest.fixture(scope="module")
def xss_server(xss_site: BuiltSite) -> Iterator[str]:
    with served(xss_site.site) as url:
        yield url


def test_every_free_text_field_of_the_model_is_planted(tmp_path: Path) -> None:
    """The planting reaches every field the model declares (the test's own premise)."""
    content, missing = hostile_content(tmp_path / "content")
    assert missing == []
    fields = {name: free_text_fields(model) for name, model in content_models().items()}
    assert ("title",) in fields["modification.yaml"]
    assert ("abbreviation",) in fields["guidance.yaml"]
    assert ("[]", "comments") in [f[1:] for f in fields["responses.yaml"]]
    for (name, field), reason in NOT_PLANTED.items():
        assert field in fields[name], f"{name}: {field} is no longer in the model"
        print(f"not planted: {name}: {'.'.join(field)}: {reason}")
    for name, paths in fields.items():
        if name == "objectives.yaml":
            continue
        for path in paths:
            if (name, path) in NOT_PLANTED:
                continue
            values: list[Any] = []

            def record(old: str, found: list[Any] = values) -> str:
                found.append(old)
                return ""

            for folder in sorted(content.glob("SECMP*")):
                if (folder / name).exists():
                    planted(copy.deepcopy(read_yaml(folder / name)), path, record)
            assert values and all("alert(" in str(v) for v in values), (name, path)


def _pages(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))


def test_no_payload_runs_on_any_page(xss_site: BuiltSite, xss_server: str, browser: Any) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    dialogs: list[str] = []
    tab.on("dialog", lambda d: (dialogs.append(f"{tab.url}: {d.message}"), d.dismiss()))
    target = {"url": ""}

    def gate(route: Any) -> None:
        request = route.request
        if request.is_navigation_request() and request.url != target["url"]:
            # A link's navigation gets "204 No Content", so the page under test stays loaded
            # while every link is clicked (a javascript: URL would still run, in this page).
            route.fulfill(status=204, body="")
        else:
            route.continue_()

    tab.route("**/*", gate)
    problems: dict[str, list[str]] = {}
    shown: dict[str, bool] = {}
    pages = _pages(xss_site.site)
    mods = [p.name for p in (xss_site.content).iterdir() if p.name.startswith("SECMP")]
    assert len(pages) >= 2 * len(mods)  # at least an overview and a paper each
    for uri in pages:
        target["url"] = xss_server + uri
        tab.goto(target["url"])
        found, text, clicked = tab.evaluate(
            "() => { const found = (" + _DOM_PROBLEMS + ")(); const text = document.body.innerText;"
            " const all = [...document.querySelectorAll('a')]; for (const a of all) a.click();"
            " return [found, text, all.length]; }"
        )
        if found:
            problems[uri] = found
        assert clicked > 0, uri
        tab.wait_for_timeout(100)  # a script URL's navigation runs after the click's task
        for mod_id in re.findall(r"(SECMP9\d{3})-modification\.yaml-", text):
            shown[mod_id] = True
    context.close()
    assert dialogs == []
    assert problems == {}
    # The payloads reached the pages (as text): the test did not pass by showing nothing.
    assert sorted(shown) == sorted(mods)
