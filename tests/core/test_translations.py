"""English is the UI's second language: no visible Chinese outside translate tags in the templates of
the translated apps, and every entry of the English catalogue translated (docs/i18n.md)."""

import re
from pathlib import Path

import polib
import pytest
from django.template.base import Lexer, TokenType

ROOT = Path(__file__).resolve().parents[2] / "onestop"
CATALOGUE = ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po"

TRANSLATED_APPS = ["accounts", "appointments", "bundles", "business", "certs", "core", "exchange", "kiosk",
                   "notifications", "processes", "rules", "window"]
# Not wrapped yet; the next change that translates one moves it to TRANSLATED_APPS.
NOT_YET_TRANSLATED = ["assistant", "cases", "catalog", "complaints", "console", "halls", "portal", "ratings",
                      "stats", "news", "proactive"]
# Text that stays Chinese in every language: each language's name in the switch, and the sample of
# the holiday import file, whose column values are data.
ALLOWED = {("core/templates/core/_language_switch.html", "中文"),
           ("core/templates/admin/core/calendaryear/import.html", "元旦")}

# Han characters and full-width punctuation; U+3000 (the ideographic space used as a spacer) is not text.
CHINESE = re.compile(r"[\u3400-\u9fff\uff01-\uff5e\u3001-\u303f]")
HTML_COMMENT = re.compile(r"<!--.*?-->", re.S)
TRANSLATE_LITERAL = re.compile(r"""^(?:translate|trans)\s+(["'])(.*?)\1""")


def untranslated_text(source: str):
    """(line, text) of each piece of visible Chinese outside {% translate %} / {% blocktranslate %}."""
    in_block = in_comment = False
    for token in Lexer(source).tokenize():
        if token.token_type == TokenType.BLOCK:
            name = token.contents.split()[0] if token.contents else ""
            in_comment = {"comment": True, "endcomment": False}.get(name, in_comment)
            in_block = {"blocktranslate": True, "blocktrans": True, "endblocktranslate": False,
                        "endblocktrans": False}.get(name, in_block)
        elif token.token_type == TokenType.TEXT and not (in_block or in_comment):
            text = HTML_COMMENT.sub("", token.contents)
            match = CHINESE.search(text)
            if match:
                yield token.lineno + text[:match.start()].count("\n"), text[match.start():match.start() + 24].strip()


def templates_of(apps):
    for app in apps:
        yield from sorted((ROOT / app).rglob("templates/**/*.html"))


def test_the_lint_finds_chinese_outside_translate_tags():
    source = '{% load i18n %}<h1>{% translate "登录" %}</h1>\n<p title="提示">{% blocktranslate %}共{{ n }}件{% endblocktranslate %}</p>'
    assert [line for line, _ in untranslated_text(source)] == [2]
    assert list(untranslated_text('{# 注释 #}{% comment %}说明{% endcomment %}<!-- 备注 -->')) == []
    # A translate tag split over two lines is not a tag for Django: it is shown as text, and caught.
    assert list(untranslated_text('{% translate "第一行\n第二行" %}'))


@pytest.mark.parametrize("app", TRANSLATED_APPS)
def test_templates_of_translated_apps_have_no_untranslated_text(app):
    found = []
    for path in templates_of([app]):
        relative = str(path.relative_to(ROOT))
        for line, text in untranslated_text(path.read_text(encoding="utf-8")):
            if not any(relative == allowed_path and allowed in text for allowed_path, allowed in ALLOWED):
                found.append(f"{relative}:{line}: {text}")
    assert not found, "Chinese text outside translate tags:\n" + "\n".join(found)


def test_every_entry_of_the_english_catalogue_is_translated():
    catalogue = polib.pofile(str(CATALOGUE))
    assert catalogue.metadata.get("Language") == "en"
    missing = [entry.msgid for entry in catalogue if not entry.obsolete and not entry.translated()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
    assert not missing, f"{len(missing)} untranslated, e.g. {missing[:5]}"
    assert not fuzzy, f"{len(fuzzy)} fuzzy, e.g. {fuzzy[:5]}"


def test_placeholders_survive_translation():
    placeholder = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}")
    wrong = [entry.msgid for entry in polib.pofile(str(CATALOGUE)) if entry.msgstr
             and sorted(placeholder.findall(entry.msgid)) != sorted(placeholder.findall(entry.msgstr))]
    assert not wrong, f"placeholders changed in {wrong[:5]}"


def test_every_translate_tag_of_translated_apps_is_in_the_catalogue():
    """`make messages` was run after the templates last changed (blocktranslate bodies aside)."""
    msgids = {entry.msgid for entry in polib.pofile(str(CATALOGUE))}
    absent = set()
    for path in templates_of(TRANSLATED_APPS):
        for token in Lexer(path.read_text(encoding="utf-8")).tokenize():
            match = TRANSLATE_LITERAL.match(token.contents) if token.token_type == TokenType.BLOCK else None
            if match and match.group(2) not in msgids:
                absent.add(f"{path.relative_to(ROOT)}: {match.group(2)}")
    assert not absent, "run `make messages` and translate:\n" + "\n".join(sorted(absent)[:20])
