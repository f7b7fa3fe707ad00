"""apprise-api's Django settings, with the SMS services registered before the first request.

apprise-api (github.com/caronc/apprise-api) hands its custom plugin folders
(``APPRISE_PLUGIN_PATHS``) to Apprise only in its two notify views. Until a worker has
served a ``/notify/``, its ``/details/``, ``/add/`` and ``/json/urls/`` know no custom
scheme: ``/add/`` refuses a ``prosms://`` URL and Apprise logs it whole, and the
``APPRISE_DENY_SERVICES`` / ``APPRISE_ALLOW_SERVICES`` filters, applied at the start of each
request, miss schemes registered later in that request. Django imports its settings module
once in every worker before it serves anything; naming this module as that settings module
registers the services there, so every view and both filters see them from the first
request, and apprise-api needs no plugin path for them.

This module is apprise-api's own settings (``core.settings``, from its ``apprise_api``
folder on ``sys.path``) plus that one registration; nothing else changes. Use it with
``DJANGO_SETTINGS_MODULE=notify_plugins.apprise.apprise_api_settings``. apprise-api's
``gunicorn.conf.py`` sets ``DJANGO_SETTINGS_MODULE`` itself (``raw_env``), so under gunicorn
it is given as ``GUNICORN_CMD_ARGS="--env DJANGO_SETTINGS_MODULE=..."``, which gunicorn
applies after that file; docs/apprise-api.md has the recipe.
"""

from __future__ import annotations

from importlib import import_module

from . import register

BASE_SETTINGS = "core.settings"
"""apprise-api's settings module, importable from its ``apprise_api`` folder."""

try:
    _base = import_module(BASE_SETTINGS)
except ImportError as err:
    raise ImportError(
        f"{__name__} extends apprise-api's settings ({BASE_SETTINGS}), which are not importable here; "
        "run it from apprise-api's apprise_api folder as apprise-api's gunicorn does"
    ) from err

# Django reads only upper-case names from a settings module.
globals().update({name: value for name, value in vars(_base).items() if name.isupper()})

register()
