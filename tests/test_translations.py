"""Every user-facing string is marked for translation, so the portal can ship in other languages.

Templates: each template is split with Django's own Lexer; the text outside template tags,
`{% blocktranslate %}` blocks and `{% comment %}` blocks is parsed as HTML, and any visible text
(data outside <script>/<style>) or user-visible attribute value that still holds letters is
reported as file:line: text. Python: a string literal handed straight to `messages.*()`,
`message_user()`, `ValidationError()`, a field's label or help text or an admin description is
reported as file:line: code.
"""

import ast
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.template.base import Lexer, TokenType
from django.urls import reverse

BASE_DIR = Path(settings.BASE_DIR)

# Being rewritten on other branches right now; the lead removes these after merging them.
PENDING = {}

# Visible text that is not language (symbols such as "·" and "—" hold no letters, so pass anyway).
ALLOWED_TEXT = {
    "(/c/ /)",  # a channel's address, /c/<slug>/, in the admin's suspend confirmation
}

# data-label is shown by CSS (table.stack-on-phone td[data-label]::before) on phones.
VISIBLE_ATTRIBUTES = {"alt", "title", "placeholder", "aria-label", "aria-description", "data-label"}
BUTTON_INPUT_TYPES = {"submit", "button", "reset"}
TAG_PLACEHOLDER = "\x00"  # stands for a {{ variable }} or {% tag %}: never literal text
LETTERS = re.compile(r"[^\W\d_]")
BLOCKTRANSLATE = {"blocktranslate", "blocktrans"}
CLASS_BLOCKS = {"main_class"}  # {% block %}s that fill a class attribute, not text
END_BLOCKTRANSLATE = {"endblocktranslate", "endblocktrans"}


def is_pending(relative: str) -> bool:
    return any(relative == p or (p.endswith("/") and relative.startswith(p)) for p in PENDING)


def template_files() -> list[Path]:
    folders = [Path(folder) for engine in settings.TEMPLATES for folder in engine["DIRS"]]
    folders += [
        Path(config.path) / "templates"
        for config in apps.get_app_configs()
        if Path(config.path).is_relative_to(BASE_DIR) and ".venv" not in Path(config.path).parts
    ]
    return sorted(
        path
        for folder in folders
        if folder.is_dir()
        for path in folder.rglob("*")
        if path.suffix in {".html", ".txt"}
    )


def untranslated_markup(source: str) -> str:
    """The template with every tag replaced by a placeholder and untranslatable-here text
    (blocktranslate and comment blocks) blanked, lines kept where they were."""
    parts = []
    skip = None  # the end tag we wait for while blanking
    for token in Lexer(source).tokenize():
        bits = token.split_contents() if token.token_type == TokenType.BLOCK else []
        name = bits[0] if bits else ""
        if skip:
            if name in skip:
                skip = None
            parts.append("\n" * token.contents.count("\n"))
            continue
        if token.token_type == TokenType.TEXT:
            parts.append(token.contents)
            continue
        if name in BLOCKTRANSLATE:
            skip = END_BLOCKTRANSLATE
        elif name == "comment" or (name == "block" and bits[1:2] and bits[1] in CLASS_BLOCKS):
            skip = {"end" + name}
        # A tag that names an element (<{% if %}a{% else %}button{% endif %}>) stays a tag name.
        building_tag = parts and parts[-1].endswith(("<", "</"))
        parts.append("tpl-tag" if building_tag else TAG_PLACEHOLDER)
    return "".join(parts)


class VisibleText(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str]] = []
        self.raw_text = 0  # inside <script> or <style>

    def report(self, text: str, line: int) -> None:
        literal = " ".join(text.replace(TAG_PLACEHOLDER, " ").split())
        if LETTERS.search(literal) and literal not in ALLOWED_TEXT:
            self.found.append((line, literal))

    def handle_starttag(self, tag, attrs):
        if tag in {"script", "style"}:
            self.raw_text += 1
        values = dict(attrs)
        for attribute, value in attrs:
            visible = attribute in VISIBLE_ATTRIBUTES or (
                attribute == "value"
                and (
                    tag == "button"
                    or (tag == "input" and (values.get("type") or "") in BUTTON_INPUT_TYPES)
                )
            )
            if visible and value:
                self.report(value, self.getpos()[0])

    def handle_endtag(self, tag):
        if tag in {"script", "style"} and self.raw_text:
            self.raw_text -= 1

    def handle_data(self, data):
        if self.raw_text:
            return
        for offset, text in enumerate(data.split("\n")):
            self.report(text, self.getpos()[0] + offset)


def untranslated_template_strings() -> list[str]:
    found = []
    for path in template_files():
        relative = path.relative_to(BASE_DIR).as_posix()
        if is_pending(relative):
            continue
        parser = VisibleText()
        parser.feed(untranslated_markup(path.read_text()))
        parser.close()
        found += [f"{relative}:{line}: {text}" for line, text in parser.found]
    return found


MESSAGE_FUNCTIONS = {"debug", "info", "success", "warning", "error"}
# Keyword arguments whose text people read: form and model fields, admin columns and actions.
TEXT_KEYWORDS = {"label", "help_text", "empty_label", "verbose_name", "verbose_name_plural"}
ADMIN_DECORATORS = {"display", "action"}  # admin.display(description=…), admin.action(…)


def python_files() -> list[Path]:
    # scripts/ are developer tools and tests/ assert English: neither is shown to users.
    skip = {".venv", "node_modules", "migrations", "tests", "scripts", ".tools", "staticfiles"}
    return sorted(
        path
        for path in BASE_DIR.rglob("*.py")
        if not skip.intersection(path.relative_to(BASE_DIR).parts)
    )


def literal_text(node: ast.expr) -> str:
    """The literal characters of a plain or f-string, or of one built with + or %."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(literal_text(value) for value in node.values)
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Mod)):
        return literal_text(node.left) + literal_text(node.right)
    return ""


def shown_text(call: ast.Call) -> list[ast.expr]:
    """The arguments of this call that end up in front of a person."""
    name = getattr(call.func, "attr", None) or getattr(call.func, "id", None)
    owner = getattr(call.func, "value", None)
    shown = [k.value for k in call.keywords if k.arg in TEXT_KEYWORDS]
    if name in MESSAGE_FUNCTIONS | {"add_message"} and getattr(owner, "id", None) == "messages":
        shown += call.args[2 if name == "add_message" else 1 :][:1]
        shown += [k.value for k in call.keywords if k.arg == "message"]
    elif name == "message_user":  # ModelAdmin.message_user(request, message, level)
        shown += call.args[1:2]
    elif name == "ValidationError":
        shown += call.args[:1]
    elif name in ADMIN_DECORATORS and getattr(owner, "id", None) == "admin":
        shown += [k.value for k in call.keywords if k.arg == "description"]
    return shown


def assigned_text(node: ast.Assign) -> list[ast.expr]:
    """`verbose_name = "…"` in a class, `field.label = "…"` in a form's __init__ (a class's
    bare `label`, as in an AppConfig, is an identifier, not text)."""
    for target in node.targets:
        if isinstance(target, ast.Attribute) and target.attr in TEXT_KEYWORDS:
            return [node.value]
        if isinstance(target, ast.Name) and target.id in {"verbose_name", "verbose_name_plural"}:
            return [node.value]
    return []


def untranslated_python(tree: ast.AST) -> list[tuple[int, str]]:
    return [
        (node.lineno, ast.unparse(text))
        for node in ast.walk(tree)
        if isinstance(node, (ast.Call, ast.Assign))
        for text in (shown_text(node) if isinstance(node, ast.Call) else assigned_text(node))
        if LETTERS.search(literal_text(text))
    ]


def untranslated_python_strings() -> list[str]:
    found = []
    for path in python_files():
        relative = path.relative_to(BASE_DIR).as_posix()
        tree = ast.parse(path.read_text(), filename=str(path))
        found += [f"{relative}:{line}: {text}" for line, text in untranslated_python(tree)]
    return found


def test_template_text_is_marked_for_translation():
    found = untranslated_template_strings()
    assert not found, f"{len(found)} untranslated template strings:\n" + "\n".join(found)


def test_python_text_is_marked_for_translation():
    found = untranslated_python_strings()
    assert not found, f"{len(found)} untranslated Python strings:\n" + "\n".join(found)


def test_the_check_sees_untranslated_text_and_attributes():
    """The checker itself: text, attributes and buttons are seen; translated text is not."""
    source = (
        "{% load i18n %}<h1>Hello {{ name }}</h1>\n"
        '<img alt="A cat" src="{% url "x" %}"><input type="submit" value="Save">\n'
        "<p>{% translate 'Fine' %}</p>{% blocktranslate trimmed with n=name %}\n"
        "Hi {{ n }}{% endblocktranslate %}{% comment %}Note{% endcomment %}"
        "<script>let a = 1;</script><p>{{ x }} &middot; —</p><button>Go</button>"
    )
    parser = VisibleText()
    parser.feed(untranslated_markup(source))
    assert parser.found == [(1, "Hello"), (2, "A cat"), (2, "Save"), (4, "Go")]


def test_the_check_sees_untranslated_python_strings():
    source = (
        'messages.success(request, "Saved.")\n'
        'messages.error(request, _("Fine."))\n'
        'self.message_user(request, f"Suspended {count}.", messages.SUCCESS)\n'
        'self.message_user(request, f"{channel}: {error}", messages.ERROR)\n'
        'raise ValidationError("Too long.")\n'
        'field = forms.CharField(help_text="Shown to all.", label=_("Name"))\n'
        '@admin.display(boolean=True, description="suspended")\n'
        "def f(): pass\n"
        'self.fields["login"].label = "Username or email"\n'
        'verbose_name = _("Training resources")\n'
        'label = "resources"\n'
    )
    assert sorted(line for line, _ in untranslated_python(ast.parse(source))) == [1, 3, 5, 6, 7, 9]


@pytest.mark.django_db
def test_each_request_picks_its_language(client):
    """LocaleMiddleware chooses per request; a language the portal doesn't ship falls back."""
    response = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="de-DE,de;q=0.9")
    assert response.status_code == 200
    assert response["Content-Language"] == "de"
    assert '<html lang="de" dir="ltr">' in response.content.decode()
    assert "Accept-Language" in response["Vary"]
    response = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="fr-FR,fr;q=0.9")
    assert response["Content-Language"] == "en"
