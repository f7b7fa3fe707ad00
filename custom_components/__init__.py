"""Home Assistant integrations of notify-plugins: copy the folders you need into your
configuration's ``custom_components/``. This file makes the folder a regular package, so
the test suite imports these integrations and not a namespace merged with another copy."""
