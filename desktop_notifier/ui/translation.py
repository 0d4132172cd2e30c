"""`install_language(app, language)`: switch the UI language at run time.

Installs (or replaces) two translators on the application: ours, compiled from
`desktop_notifier/i18n/calls_notifier_<lang>.qm`, and Qt's own `qtbase_<lang>.qm` for standard
buttons and context menus. Installing a translator makes Qt send `LanguageChange` to every
widget, and each widget retranslates itself, so no restart is needed.
"""

from __future__ import annotations

import logging
from importlib import resources

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QObject, QTranslator

from desktop_notifier.common.languages import DEFAULT_LANGUAGE, LANGUAGES

log = logging.getLogger(__name__)

I18N_PACKAGE = "desktop_notifier.i18n"
CATALOG = "calls_notifier"
# The installed translators hang on the application object itself (no module-level state).
# PySide6 6.12 crashes at exit if objects found through findChildren() are deleteLater()'d, so
# the references are kept rather than looked up.
_ATTRIBUTE = "_calls_notifier_translators"


class _PackagedTranslator(QTranslator):
    """A translator loaded from bytes; it keeps the bytes alive, as Qt does not copy them."""

    def __init__(self, data: bytes, parent: QObject) -> None:
        super().__init__(parent)
        self._data = data
        self.ok = self.load(self._data)


def catalog_bytes(language: str) -> bytes:
    """The compiled catalog of `language` from the package (works in wheels and bundles)."""
    return resources.files(I18N_PACKAGE).joinpath(f"{CATALOG}_{language}.qm").read_bytes()


def _qt_translator(language: str, parent: QObject) -> QTranslator | None:
    translator = QTranslator(parent)
    directory = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if translator.load(f"qtbase_{language}", directory):
        return translator
    translator.deleteLater()
    return None


def install_language(app: QCoreApplication, language: str) -> None:
    """Make `language` ("pt_BR" or "en") the UI language; unknown values fall back to pt_BR."""
    if language not in LANGUAGES:
        log.warning("unsupported language %r; using %s", language, DEFAULT_LANGUAGE)
        language = DEFAULT_LANGUAGE
    old: list[QTranslator] = getattr(app, _ATTRIBUTE, [])
    for translator in old:
        app.removeTranslator(translator)
        translator.deleteLater()
    installed: list[QTranslator] = []
    QLocale.setDefault(QLocale(language))
    if language != "en":  # Qt's own strings are English already
        qt = _qt_translator(language, app)
        if qt is not None:
            installed.append(qt)
    ours = _PackagedTranslator(catalog_bytes(language), app)
    if ours.ok:
        installed.append(ours)
    else:
        log.warning("the %s translation could not be loaded; the UI stays in English", language)
        ours.deleteLater()
    for translator in installed:
        app.installTranslator(translator)
    setattr(app, _ATTRIBUTE, installed)


def current_language(app: QCoreApplication) -> str | None:
    """The language installed by `install_language`, if any."""
    for translator in getattr(app, _ATTRIBUTE, []):
        if isinstance(translator, _PackagedTranslator):
            return translator.language().replace("-", "_") or None
    return None
