"""The Vietnamese catalogue covers the source (issue 15, item 4): every message `makemessages` extracts is translated
and not fuzzy, the compiled catalogue is the one the .po says, and no module hides its messages from `makemessages`
behind a name xgettext does not know (the restructuring forms' `gettext_lazy as _l` left 22 strings in English).

The extraction runs on a copy of the package, so the check never rewrites the committed catalogue. It needs GNU
gettext (xgettext, msgmerge, msgfmt), as `make messages` does; CI installs it and sets LANHDAO_REQUIRE_GETTEXT so
that the check never skips there."""

import ast
import gettext
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from lanhdao.settings.base import PACKAGE_DIR

ROOT = PACKAGE_DIR.parent
CATALOGUE = PACKAGE_DIR / "locale" / "vi" / "LC_MESSAGES"

# The functions of django.utils.translation that mark a message, and the names under which xgettext finds their
# messages with the same arguments (Python's default keywords plus those Django's makemessages adds).
TRANSLATING = {
    "gettext": {"_", "gettext", "gettext_lazy", "gettext_noop"},
    "gettext_lazy": {"_", "gettext", "gettext_lazy", "gettext_noop"},
    "gettext_noop": {"_", "gettext", "gettext_lazy", "gettext_noop"},
    "ngettext": {"ngettext", "ngettext_lazy"},
    "ngettext_lazy": {"ngettext", "ngettext_lazy"},
    "pgettext": {"pgettext", "pgettext_lazy"},
    "pgettext_lazy": {"pgettext", "pgettext_lazy"},
    "npgettext": {"npgettext", "npgettext_lazy"},
    "npgettext_lazy": {"npgettext", "npgettext_lazy"},
}


def _require_gettext():
    missing = [tool for tool in ("xgettext", "msgmerge", "msguniq", "msgfmt") if shutil.which(tool) is None]
    if missing:
        if os.environ.get("LANHDAO_REQUIRE_GETTEXT"):
            pytest.fail(f"LANHDAO_REQUIRE_GETTEXT is set but {', '.join(missing)} is missing")
        pytest.skip(f"GNU gettext is not installed here ({', '.join(missing)} missing)")


def _unquote(line: str) -> str:
    return ast.literal_eval(line)


def read_po(path: Path) -> list[dict]:
    """The entries of a .po file (without the header and obsolete `#~` ones): context, msgid, msgstr(s), flags."""
    entries, entry, key = [], None, None
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if not line.strip():
            if entry and entry.get("msgid"):
                entries.append(entry)
            entry, key = None, None
            continue
        if line.startswith("#~"):
            continue
        entry = entry if entry is not None else {"flags": set(), "msgstr": {}}
        if line.startswith("#,"):
            entry["flags"].update(flag.strip() for flag in line[2:].split(","))
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            target = entry["msgstr"] if isinstance(key, int) else entry
            target[key] = target.get(key, "") + _unquote(line)
        else:
            word, _space, rest = line.partition(" ")
            if word.startswith("msgstr["):
                key = int(word[7:-1])
                entry["msgstr"][key] = _unquote(rest)
            elif word == "msgstr":
                key = 0
                entry["msgstr"][0] = _unquote(rest)
            else:
                key = word
                entry[word] = _unquote(rest)
    return entries


def untranslated(entries: list[dict]) -> list[str]:
    """The messages of `entries` that are fuzzy or have an empty translation, as `context|msgid`."""
    return [
        f"{entry.get('msgctxt', '')}|{entry['msgid']}"
        for entry in entries
        if "fuzzy" in entry["flags"] or not entry["msgstr"] or not all(entry["msgstr"].values())
    ]


def test_every_message_of_the_source_is_in_the_vietnamese_catalogue(tmp_path):
    _require_gettext()
    copy = tmp_path / "lanhdao"
    shutil.copytree(PACKAGE_DIR, copy, ignore=shutil.ignore_patterns("tests", "__pycache__", "static", "*.mo", "*.pyc"))
    # The same settings, but no LOCALE_PATHS: makemessages then writes only the copy's catalogue.
    (tmp_path / "catalogue_settings.py").write_text("from lanhdao.settings.base import *\nLOCALE_PATHS = []\n")
    env = os.environ | {"PYTHONPATH": os.pathsep.join([str(tmp_path), str(ROOT)]), "LANHDAO_DATA_DIR": str(tmp_path)}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    command = ["makemessages", "-l", "vi", "-i", "tests/*", "--settings=catalogue_settings", "--verbosity=0"]
    subprocess.run(
        [sys.executable, "-P", "-m", "django", *command],
        cwd=copy,
        env=env,
        check=True,
        capture_output=True,
        timeout=120,
    )
    extracted = read_po(copy / "locale" / "vi" / "LC_MESSAGES" / "django.po")
    assert len(extracted) > 2000  # the extraction really read the source
    assert untranslated(extracted) == []


def test_the_compiled_catalogue_is_the_one_the_po_file_says(tmp_path):
    _require_gettext()
    compiled = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "-o", str(compiled), str(CATALOGUE / "django.po")], check=True, capture_output=True)
    with compiled.open("rb") as fresh, (CATALOGUE / "django.mo").open("rb") as committed:
        assert gettext.GNUTranslations(committed)._catalog == gettext.GNUTranslations(fresh)._catalog


def test_the_catalogue_check_sees_fuzzy_and_empty_translations(tmp_path):
    po = tmp_path / "django.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Language: vi\\n"\n\n'
        'msgid "Done"\nmsgstr "Xong"\n\n'
        '#, fuzzy\nmsgid "Members moved"\nmsgstr "Đảng viên"\n\n'
        'msgctxt "people"\nmsgid "from"\nmsgstr ""\n\n'
        'msgid "%(n)s unit"\nmsgid_plural "%(n)s units"\nmsgstr[0] ""\n\n'
        '#~ msgid "Old"\n#~ msgstr ""\n',
        encoding="utf-8",
    )
    assert untranslated(read_po(po)) == ["|Members moved", "people|from", "|%(n)s unit"]


def hidden_aliases(source: str) -> list[str]:
    """The names under which `source` binds a translation function that xgettext would not read with its arguments
    (`gettext_lazy as _l`, `_l = gettext_lazy`, `pgettext_lazy as _`), as `line: name = function`."""
    tree = ast.parse(source)
    bound: dict[str, str] = {}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("django.utils.translation"):
            for alias in node.names:
                if alias.name in TRANSLATING:
                    name = alias.asname or alias.name
                    bound[name] = alias.name
                    if name not in TRANSLATING[alias.name]:
                        found.append(f"{node.lineno}: {name} = {alias.name}")
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Name) and node.value.id in bound:
            function = bound[node.value.id]
            for target in node.targets:
                if isinstance(target, ast.Name) and target.id not in TRANSLATING[function]:
                    found.append(f"{node.lineno}: {target.id} = {function}")
    return found


def test_no_module_marks_messages_under_a_name_makemessages_does_not_read():
    found = [
        f"{path.relative_to(ROOT)}:{hit}"
        for path in sorted(PACKAGE_DIR.rglob("*.py"))
        if "tests" not in path.relative_to(PACKAGE_DIR).parts
        for hit in hidden_aliases(path.read_text(encoding="utf-8"))
    ]
    assert found == []


@pytest.mark.parametrize(
    ("source", "found"),
    [
        ("from django.utils.translation import gettext_lazy as _l", ["1: _l = gettext_lazy"]),
        ("from django.utils.translation import pgettext_lazy as _", ["1: _ = pgettext_lazy"]),
        ("from django.utils.translation import gettext as _\nlabel = _", ["2: label = gettext"]),
        ("from django.utils.translation import gettext_lazy as _, ngettext, pgettext_lazy", []),
        ("from django.utils import translation\nfrom x import y as _l", []),
    ],
)
def test_the_alias_check_sees_what_makemessages_would_miss(source, found):
    assert hidden_aliases(source) == found
