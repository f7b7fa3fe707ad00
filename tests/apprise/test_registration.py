"""Registration with Apprise's plugin manager: complete, idempotent, and polite to other plugins."""

from __future__ import annotations

import importlib.util
import logging
from collections.abc import Iterator
from pathlib import Path

import apprise
import pytest
from apprise.plugins import N_MGR

import notify_plugins.apprise as plugins
from notify_plugins.apprise import PLUGINS, NotifyProsms, NotifySmsGateway, register, schemas

SCHEMES = {
    "prosms": plugins.NotifyProsms,
    "smsdk": plugins.NotifySmsdk,
    "smstools": plugins.NotifySmstools,
    "spryng": plugins.NotifySpryng,
    "smsgw": plugins.NotifySmsGateway,
    "smsgws": plugins.NotifySmsGateway,
}


@pytest.fixture
def restored_manager() -> Iterator[None]:
    """Leave Apprise's manager as the other tests expect it: built-ins plus ours."""
    yield
    N_MGR.unload_modules()
    assert register()


def test_importing_the_package_registers_every_scheme() -> None:
    for scheme, plugin in SCHEMES.items():
        assert N_MGR[scheme] is plugin


def test_the_plugins_serve_exactly_the_documented_schemes() -> None:
    assert {scheme for plugin in PLUGINS for scheme in schemas(plugin)} == set(SCHEMES)
    assert schemas(NotifySmsGateway) == ("smsgw", "smsgws")


def test_registering_again_changes_nothing() -> None:
    before = {scheme: N_MGR[scheme] for scheme in SCHEMES}
    assert register()
    assert register()
    assert {scheme: N_MGR[scheme] for scheme in SCHEMES} == before


def test_apprise_built_in_schemes_still_work_alongside() -> None:
    register()
    for scheme in ("json", "mailto", "seven", "bulksms"):
        assert scheme in N_MGR
        assert N_MGR[scheme] not in PLUGINS
    assert isinstance(apprise.Apprise.instantiate("json://localhost"), apprise.NotifyBase)


def test_unload_modules_then_register_restores_ours_and_apprise_own(restored_manager: None) -> None:
    N_MGR.unload_modules()
    assert "prosms" not in N_MGR
    assert register()
    assert N_MGR["prosms"] is NotifyProsms
    assert "json" in N_MGR
    assert apprise.Apprise().add("prosms://KEY@HomeAlarm/46701234567")


def test_a_scheme_owned_by_another_plugin_is_left_to_it(
    restored_manager: None, caplog: pytest.LogCaptureFixture
) -> None:
    class OtherPlugin(apprise.NotifyBase):  # type: ignore[misc]
        service_name = "Someone else's prosms"
        secure_protocol = "prosms"

        def send(self, body: str, title: str = "", **kwargs: object) -> bool:
            return True

    N_MGR.remove("prosms")
    assert N_MGR.add(OtherPlugin)
    with caplog.at_level(logging.WARNING, logger="notify_plugins.apprise"):
        assert not register()
    assert N_MGR["prosms"] is OtherPlugin
    assert N_MGR["smsdk"] is plugins.NotifySmsdk
    assert "prosms:// already belongs to another Apprise plugin" in caplog.text


def test_details_list_our_services_with_templates_and_arguments() -> None:
    details = {str(entry["service_name"]): entry for entry in apprise.Apprise().details()["schemas"]}
    for plugin in PLUGINS:
        entry = details[str(plugin.service_name)]
        assert entry["category"] == "custom"
        assert entry["setup_url"] == plugin.setup_url
        assert list(entry["details"]["templates"]) == list(plugin.templates)
        args = entry["details"]["args"]
        assert {"from", "to", "country"} <= set(args)
        assert ("api_url" in args) is (plugin is not NotifySmsGateway)


def test_plugin_path_is_the_folder_of_the_registering_module() -> None:
    folder = Path(plugins.plugin_path())
    assert folder.is_dir()
    assert (folder / "notify_plugins_sms.py").is_file()


def test_the_plugin_path_module_registers_when_apprise_imports_it(restored_manager: None) -> None:
    N_MGR.unload_modules()
    module = Path(plugins.plugin_path()) / "notify_plugins_sms.py"
    spec = importlib.util.spec_from_file_location("apprise_custom_plugin_under_test", module)
    assert spec is not None and spec.loader is not None
    spec.loader.exec_module(importlib.util.module_from_spec(spec))
    assert N_MGR["prosms"] is NotifyProsms
    assert N_MGR["smsgws"] is NotifySmsGateway
