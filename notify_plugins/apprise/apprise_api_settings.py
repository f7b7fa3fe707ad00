"""apprise-api's Django settings, with the SMS services known to every worker from its start.

apprise-api (github.com/caronc/apprise-api) hands its custom plugin folders
(``APPRISE_PLUGIN_PATHS``) to Apprise only in its two notify views, and applies
``APPRISE_DENY_SERVICES`` / ``APPRISE_ALLOW_SERVICES`` only in those and in ``/details/``, each
time before the plugins load. A worker that has not yet served a ``/notify/`` knows no custom
scheme: ``/add/`` refuses a ``prosms://`` URL (and Apprise logs it whole), and the first
request through a scheme escapes the service filters; a worker that has served nothing yet
also stores any URL through ``/add/``, denied or not.

Django imports its settings once in every worker and then runs each installed app's
``ready()``, all before the worker serves anything. This module is apprise-api's own settings
(``core.settings``, importable from its ``apprise_api`` folder) with one app added,
:class:`SmsServices`, whose ``ready()`` registers the services and applies apprise-api's own
service filters (``api.utils.apply_global_filters``). Every view then sees the services, and
the filters hold from the first request; the plugin folder is not needed.

Use it with ``DJANGO_SETTINGS_MODULE=notify_plugins.apprise.apprise_api_settings``.
apprise-api's ``gunicorn.conf.py`` sets that variable itself (``raw_env``), so under gunicorn
it is given as ``GUNICORN_CMD_ARGS="--env DJANGO_SETTINGS_MODULE=..."``, which gunicorn
applies after that file; docs/apprise-api.md has the recipe.
"""

from __future__ import annotations

import logging
from importlib import import_module

from django.apps import AppConfig  # type: ignore[import-not-found]

from . import register

BASE_SETTINGS = "core.settings"
"""apprise-api's settings module, importable from its ``apprise_api`` folder."""

_LOGGER = logging.getLogger(__name__)

try:
    _base = import_module(BASE_SETTINGS)
except ImportError as err:
    raise ImportError(
        f"{__name__} extends apprise-api's settings ({BASE_SETTINGS}), which are not importable here; "
        "run it from apprise-api's apprise_api folder as apprise-api's gunicorn does"
    ) from err

# Django reads only upper-case names from a settings module.
globals().update({name: value for name, value in vars(_base).items() if name.isupper()})
INSTALLED_APPS = [*_base.INSTALLED_APPS, f"{__name__}.SmsServices"]


class SmsServices(AppConfig):  # type: ignore[misc]
    """The SMS services in a worker of apprise-api, set up once Django has loaded its apps."""

    name = "notify_plugins.apprise"
    label = "notify_plugins_sms"
    verbose_name = "notify-plugins SMS services"

    def ready(self) -> None:
        register()
        try:
            from api.utils import apply_global_filters  # type: ignore[import-not-found]
        except ImportError as err:
            # An apprise-api without it still filters in its own views, from their first use.
            _LOGGER.warning("apprise-api's service filters are not applied at start-up: %s", err)
            return
        apply_global_filters()
