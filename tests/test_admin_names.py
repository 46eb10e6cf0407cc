"""The admin's model names: real plurals, and Twitch spelt as a name."""

import re

from django.conf import settings
from django.contrib import admin

NAIVE_PLURAL = re.compile(r"(ss|[sxz]s|[^aeiou]ys)$")


def project_models():
    base = str(settings.BASE_DIR)
    return [
        model
        for model in admin.site._registry
        if model._meta.app_config.path.startswith(base)
        and ".venv" not in model._meta.app_config.path
    ]


def test_every_admin_model_has_a_real_plural():
    models = project_models()
    assert len(models) > 20, "the project's admin models were not found"
    naive = [
        f"{model._meta.label}: {model._meta.verbose_name_plural}"
        for model in models
        if NAIVE_PLURAL.search(str(model._meta.verbose_name_plural))
    ]
    assert not naive, f"pluralised by adding an s: {naive}"


def test_twitch_is_capitalised_in_model_names():
    names = [str(m._meta.verbose_name) for m in project_models()]
    names += [str(m._meta.verbose_name_plural) for m in project_models()]
    assert not [name for name in names if "twitch" in name], names


def test_the_naive_plural_check_sees_the_old_name():
    assert NAIVE_PLURAL.search("Twitch role statuss")
    assert not NAIVE_PLURAL.search("Twitch role statuses")
    assert not NAIVE_PLURAL.search("email addresses")
