"""Apprise custom-plugin module: registers notify-plugins' SMS services.

Apprise imports every module on its plugin path (``apprise -P DIR``,
``APPRISE_PLUGIN_PATH``, apprise-api's ``APPRISE_PLUGIN_PATHS``); this one hands over to
the installed ``notify_plugins`` package, which holds the plugins themselves.
"""

import logging

try:
    from notify_plugins.apprise import register
except ImportError as err:  # Apprise hides import errors of plugin modules below DEBUG
    logging.getLogger("apprise").warning("notify-plugins is not importable here (%s); pip install notify-plugins", err)
    raise

register()
