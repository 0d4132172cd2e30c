"""Screenshots of every widget with realistic data, for review by eye.

Run inside the desktop session (a real tray host is needed for the tray shots):
    scripts/desktop-session.sh env PYTHONPATH=. python -m tests.ui.screenshots [OUT_DIR]
PNGs go to OUT_DIR (default /tmp/dn-artifacts/). `tests/ui/test_desktop.py` runs it too.
"""

from __future__ import annotations

import asyncio
import sys
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import QColor, QCursor, QGuiApplication, QImage, QPainter
from PySide6.QtWidgets import QApplication, QMenu, QSystemTrayIcon, QTabWidget, QWidget

from desktop_notifier.alerts import Alert, AlertKind, Urgency
from desktop_notifier.events import Call, CallRules
from desktop_notifier.events.comment import Comment
from desktop_notifier.events.day import DayCall, day_stats, newest_first
from desktop_notifier.profile.settings import Settings
from desktop_notifier.ui import app_text
from desktop_notifier.ui.call_window import CallWindow
from desktop_notifier.ui.calls_list_window import CallsListWindow
from desktop_notifier.ui.comments_panel import CommentsPanel
from desktop_notifier.ui.dashboard_window import DashboardWindow
from desktop_notifier.ui.diagnostics_action import DiagnosticsAction
from desktop_notifier.ui.history_window import HistoryWindow
from desktop_notifier.ui.icons import tray_icon
from desktop_notifier.ui.settings_dialog import SettingsDialog
from desktop_notifier.ui.translation import install_language
from desktop_notifier.ui.tray import TrayController, TrayState

DEFAULT_OUT = Path("/tmp/dn-artifacts")
NOW = datetime.now(UTC).replace(microsecond=0)

TRANSCRIPTION = "\n\n".join(
    [
        "Carlos (vendedor): Bom dia, Marina! Aqui é o Carlos, da Calls. Tudo bem com você?",
        "Marina (cliente): Tudo ótimo, Carlos. Recebi o material de ontem, obrigada.",
        "Carlos: Que bom! Queria entender como vocês organizam hoje os pedidos das três lojas.",
        "Marina: Hoje é tudo na planilha, e no fim do mês a gente perde muito tempo conferindo.",
        "Carlos: Faz sentido. Com o plano anual, cada loja tem o próprio painel e o fechamento "
        "sai automático. Posso te mostrar em uma demo rápida com o seu sócio?",
        "Marina: Pode ser na sexta às 10h? Aí já vejo a proposta com ele.",
    ]
    * 6
)


def realistic_call() -> Call:
    return Call(
        id=str(uuid.uuid4()),
        company_name="Padaria Pão & Cia Ltda",
        status="completed",
        ai_status="completed",
        score=92,
        scorecard={
            "abertura": {"score": 9, "max": 10},
            "rapport": {"score": 8, "max": 10},
            "descoberta_de_necessidades": {
                "score": 9,
                "comment": "Boas perguntas abertas sobre as três lojas; faltou explorar orçamento.",
            },
            "apresentacao_da_solucao": {"score": 10, "max": 10},
            "tratamento_de_objecoes": {"score": 8, "max": 10},
            "proximo_passo_definido": True,
        },
        insights={
            "resumo": "Cliente quer centralizar pedidos de 3 lojas; interesse no plano anual.",
            "sentimento": "positivo",
            "pontos_fortes": ["Abertura cordial", "Escuta ativa", "Próximo passo claro"],
            "pontos_de_melhoria": ["Confirmar orçamento e decisor antes da demo"],
            "proximos_passos": ["Demo com o sócio na sexta às 10h", "Enviar proposta anual"],
        },
        transcription=TRANSCRIPTION,
    )


def realistic_alerts() -> list[Alert]:
    rows = [
        (AlertKind.NEW_CALL, "Nova call de Mercado Bom Preço", "Status: nova", "Mercado Bom Preço"),
        (AlertKind.HIGH_SCORE, "🎉 Score excelente: 92!", "Padaria Pão & Cia Ltda",
         "Padaria Pão & Cia Ltda"),
        (AlertKind.ANALYSIS_DONE, "Análise completada para Padaria Pão & Cia Ltda", "Score: 92",
         "Padaria Pão & Cia Ltda"),
        (AlertKind.MISSED_CALL, "Call perdida: Auto Peças Rodrigues", "Ninguém atendeu esta call.",
         "Auto Peças Rodrigues"),
        (AlertKind.LOW_SCORE, "⚠️ Score baixo: 24", "Clínica Sorriso Feliz",
         "Clínica Sorriso Feliz"),
        (AlertKind.NEW_CALL, "Nova call de Clínica Sorriso Feliz", "Status: em andamento",
         "Clínica Sorriso Feliz"),
        (AlertKind.NEW_CALL, "Nova call de Construtora Alicerce", "Status: nova",
         "Construtora Alicerce"),
        (AlertKind.ANALYSIS_DONE, "Análise completada para Construtora Alicerce", "Score: 67",
         "Construtora Alicerce"),
    ]  # fmt: skip
    return [
        Alert(
            kind=kind,
            call_id=str(uuid.uuid4()),
            title=title,
            body=body,
            urgency=Urgency.NORMAL,
            dedupe_key=f"{kind.value}:{index}",
            at=NOW - timedelta(seconds=7 + index * 95),
            company=company,
        )
        for index, (kind, title, body, company) in enumerate(rows)
    ]


def settle(app: QApplication, rounds: int = 20, seconds: float = 0.0) -> None:
    """Process events `rounds` times and for at least `seconds` (the X server needs real time
    to map and paint a popup)."""
    deadline = time.monotonic() + seconds
    for _ in range(rounds):
        app.processEvents()
    while time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.01)


def grab(app: QApplication, widget: QWidget, path: Path) -> Path:
    widget.show()
    widget.raise_()
    settle(app, seconds=0.05)
    widget.grab().save(str(path))
    return path


def open_menu(app: QApplication, menu: QMenu, position: QPoint) -> None:
    """Pop the menu up and wait until it is really on screen; an earlier click still in
    flight can close a fresh popup, so try again a few times."""
    for _ in range(5):
        menu.popup(position)
        settle(app, 40, seconds=0.3)
        if menu.isVisible():
            return
    raise RuntimeError("the tray menu did not stay open")


def icon_sheet(path: Path) -> Path:
    """Every tray state at 22 px on a dark and a light panel, actual size and zoomed 4x."""
    states = list(TrayState)
    cell, zoom = 22, 4
    sheet = QImage(QSize(len(states) * 2 * (cell * zoom + 12) + 12, 2 * (cell * zoom + 12) + 12),
                   QImage.Format.Format_ARGB32)  # fmt: skip
    sheet.fill(QColor("#9aa0a6"))
    painter = QPainter(sheet)
    for row, background in enumerate(("#2b2f38", "#f3f4f6")):
        for column, (state, unread) in enumerate((s, u) for s in states for u in (0, 3)):
            tile = QImage(cell, cell, QImage.Format.Format_ARGB32_Premultiplied)
            tile.fill(QColor(background))
            inner = QPainter(tile)
            inner.drawPixmap(0, 0, tray_icon(state, unread).pixmap(cell, cell))
            inner.end()
            big = tile.scaled(cell * zoom, cell * zoom, Qt.AspectRatioMode.IgnoreAspectRatio,
                              Qt.TransformationMode.FastTransformation)  # fmt: skip
            step = cell * zoom + 12
            painter.drawImage(QPoint(12 + column * step, 12 + row * step), big)
    painter.end()
    sheet.save(str(path))
    return path


def tray_shots(app: QApplication, out: Path) -> list[Path]:
    controller = TrayController()
    diagnostics = DiagnosticsAction(controller, lambda: asyncio.sleep(0, "report"))
    controller.set_state(TrayState.LIVE)
    controller.set_source(app_text.source_line("broadcast"))
    controller.set_counts(active_calls=3, unread=2)
    controller.set_inbox(realistic_alerts()[:4])
    controller.show()
    deadline = time.monotonic() + 5
    while controller.tray.geometry().x() <= 0 and time.monotonic() < deadline:
        settle(app, 2)  # wait until the tray host has embedded the icon
        time.sleep(0.02)
    icon_rect = controller.tray.geometry()
    screen = QGuiApplication.primaryScreen()
    menu = controller.menu
    size = menu.sizeHint()
    top_left = QPoint(icon_rect.right() - size.width(), icon_rect.bottom() + 4)
    QCursor.setPos(screen.geometry().center())  # keep the pointer off the icon and the menu
    open_menu(app, menu, top_left)
    paths = []
    full = screen.grabWindow(0)
    full.save(str(out / "tray-menu-screen.png"))
    paths.append(out / "tray-menu-screen.png")
    area = QRect(menu.geometry()).united(icon_rect).adjusted(-24, -8, 24, 24)
    full.copy(area.intersected(screen.geometry())).save(str(out / "tray-menu.png"))
    paths.append(out / "tray-menu.png")
    menu.hide()

    def menu_shot(name: str) -> None:
        open_menu(app, menu, top_left)
        screen.grabWindow(0).copy(
            QRect(menu.geometry()).united(icon_rect).adjusted(-24, -8, 24, 24)
        ).save(str(out / name))
        paths.append(out / name)
        menu.hide()

    controller.set_paused_until(NOW + timedelta(hours=1))
    controller.set_inbox([])
    controller.set_counts(active_calls=0, unread=0)
    menu_shot("tray-menu-paused-empty.png")
    controller.set_paused_until(None)
    controller.set_state(TrayState.LIMITED, app_text.limited_detail(5))
    menu_shot("tray-menu-limited.png")
    controller.dispose()
    diagnostics.deleteLater()
    settle(app)
    return paths


def signin_shots(app: QApplication, out: Path) -> list[Path]:
    """The first run and the e-mail code and browser sign-ins, at their telling moments."""
    paths = []
    dialog = SettingsDialog()
    dialog.set_first_run(True)
    paths.append(grab(app, dialog, out / "first-run.png"))
    dialog.set_settings(Settings(url="https://acme-vendas.supabase.co"))
    dialog.set_anon_key("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.demo")
    dialog.account.set_providers([("azure", "Microsoft"), ("google", "Google")])
    choices = dialog.account.choices
    choices.method.setCurrentIndex(choices.method.findData("code"))
    choices.email.setText("ana@acme.com.br")
    paths.append(grab(app, dialog, out / "signin-code-ask.png"))
    dialog.account.set_code_sent(True)
    dialog.account.set_note("Código enviado para ana@acme.com.br. Digite os 6 números do e-mail.")
    choices.code.setText("482 913")
    paths.append(grab(app, dialog, out / "signin-code-typed.png"))
    choices.code.clear()
    dialog.set_error(
        "Código incorreto ou expirado. Peça um novo código e digite os 6 números do e-mail "
        "mais recente."
    )
    paths.append(grab(app, dialog, out / "signin-code-wrong.png"))
    dialog.set_error(None)
    choices.method.setCurrentIndex(choices.method.findData("oauth:google"))
    paths.append(grab(app, dialog, out / "signin-browser.png"))
    dialog.set_busy(True, "Continue no navegador…")
    paths.append(grab(app, dialog, out / "signin-browser-waiting.png"))
    dialog.close()
    return paths


def realistic_day() -> list[DayCall]:
    """Sixty calls of today, in every state, spread over the hours so far."""
    start = NOW.astimezone().replace(hour=8, minute=0, second=0)
    companies = ["Padaria Pão & Cia Ltda", "Mercado Bom Preço", "Auto Peças Rodrigues",
                 "Clínica Sorriso Feliz", "Construtora Alicerce", "Farmácia Vida",
                 "شركة النور للتجارة", "Escola Aprender+"]  # fmt: skip
    statuses = ["completed", "completed", "in_progress", "processing", "missed", "new"]
    calls = []
    for i in range(60):
        status = statuses[i % len(statuses)]
        scores = (92, 67, 24, 81, 55, 97, 12, 73)
        score = None if status in ("new", "in_progress", "missed") else scores[i % 8]
        ai = {"completed": "completed", "processing": "processing"}.get(status)
        created = start + timedelta(minutes=7 * i + (i * i) % 11)
        calls.append(DayCall(str(uuid.uuid4()), companies[i % len(companies)], status, score,
                             ai, None, created, created))  # fmt: skip
    return calls


def views_shots(app: QApplication, out: Path, language: str) -> list[Path]:
    """The dashboard and the calls list, as they look with a busy day, in `language`."""
    install_language(app, language)
    calls = realistic_day()
    zone = NOW.astimezone().tzinfo
    assert zone is not None
    paths = []
    dashboard = DashboardWindow()
    dashboard.resize(760, 560)
    stats = day_stats(calls, CallRules(), 30, 90, zone)
    dashboard.set_stats(stats, calls[-1].created_at.astimezone().hour if calls[-1].created_at
                        else None, NOW)  # fmt: skip
    paths.append(grab(app, dashboard, out / f"dashboard-{language}.png"))
    dashboard.close()
    window = CallsListWindow(zone)
    window.model.set_rows(newest_first(calls[:-3]))
    window.refresh_statuses()
    window.model.upsert(newest_first(calls[-3:])[::-1], highlight=True)
    window.set_unread(3)
    paths.append(grab(app, window, out / f"calls-list-{language}.png"))
    window.band.setCurrentIndex(window.band.findData("high"))
    paths.append(grab(app, window, out / f"calls-list-filtered-{language}.png"))
    window.close()
    call_window = CallWindow()
    call_window.set_call(realistic_call(), NOW)
    panel = CommentsPanel()
    tabs = call_window.findChild(QTabWidget)
    assert tabs is not None
    tabs.addTab(panel, panel.title())
    panel.set_comments(realistic_comments())
    panel.set_others(["bruno@acme.com.br", "carla@acme.com.br"])
    tabs.setTabText(tabs.indexOf(panel), panel.title())
    tabs.setCurrentWidget(panel)
    panel.input.setPlainText("Mandei a proposta anual agora há pouco.")
    paths.append(grab(app, call_window, out / f"call-window-comments-{language}.png"))
    call_window.close()
    install_language(app, "pt_BR")
    return paths


def realistic_comments() -> list[Comment]:
    rows = [
        ("ana@acme.com.br", "Cliente pediu desconto no plano anual; vale falar com o Bruno."),
        ("bruno@acme.com.br", "Posso dar até 10%. <b>Sem</b> frete grátis & sem brinde."),
        ("سارة@acme.com.br", "مرحبا — لقد اتصلت بالعميل ‮ok‬"),
        ("carla@acme.com.br", "Demo marcada para sexta às 10h."),
    ]
    return [
        Comment(str(uuid.uuid4()), "c", author, body, NOW - timedelta(minutes=40 - 9 * i))
        for i, (author, body) in enumerate(rows)
    ]


def capture(out: Path = DEFAULT_OUT) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    install_language(app, "pt_BR")
    paths = [icon_sheet(out / "tray-icons.png")]
    if QSystemTrayIcon.isSystemTrayAvailable():
        paths += tray_shots(app, out)

    paths += signin_shots(app, out)
    window = CallWindow()
    window.set_call(realistic_call(), NOW)
    paths.append(grab(app, window, out / "call-window.png"))
    tabs = window.findChild(QTabWidget)
    assert tabs is not None
    for index, name in ((1, "insights"), (2, "transcription")):
        tabs.setCurrentIndex(index)
        paths.append(grab(app, window, out / f"call-window-{name}.png"))
    tabs.setCurrentIndex(0)
    window.set_call(
        Call(id=str(uuid.uuid4()), company_name="Mercado Bom Preço", status="in_progress"), NOW
    )
    paths.append(grab(app, window, out / "call-window-pending.png"))
    window.close()

    dialog = SettingsDialog()
    dialog.set_settings(Settings(url="https://acme-vendas.supabase.co", email="ana@acme.com.br"))
    dialog.set_anon_key("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.demo")
    dialog.set_error("E-mail ou senha incorretos. Confira os dados e tente de novo.")
    paths.append(grab(app, dialog, out / "settings-account.png"))
    dialog.set_error(None)
    dialog.set_settings(Settings(url="http://calls.intranet:8000", allow_insecure_http=True))
    paths.append(grab(app, dialog, out / "settings-account-insecure-http.png"))
    dialog.set_settings(Settings(url="https://acme-vendas.supabase.co", email="ana@acme.com.br"))
    dialog.clear_password()
    dialog.set_signed_in("ana@acme.com.br")
    dialog.set_catchup_mode("xid")
    paths.append(grab(app, dialog, out / "settings-account-signed-in.png"))
    dialog.set_catchup_mode("timestamp")
    paths.append(grab(app, dialog, out / "settings-account-timestamp-fallback.png"))
    dialog.set_catchup_mode("xid")
    dialog.tabs.setCurrentIndex(1)
    dialog.alerts.low_score.setValue(95)
    paths.append(grab(app, dialog, out / "settings-alerts-invalid.png"))
    dialog.alerts.low_score.setValue(30)
    paths.append(grab(app, dialog, out / "settings-alerts.png"))
    dialog.tabs.setCurrentIndex(2)
    dialog.set_autostart_available(True)
    paths.append(grab(app, dialog, out / "settings-general.png"))
    dialog.set_settings(
        Settings(proxy_mode="manual", proxy_url="http://proxy.acme.com.br:3128", proxy_user="ana")
    )
    dialog.proxy.set_test_result(app_text.proxy_verdict(websocket_works=False))
    paths.append(grab(app, dialog, out / "settings-general-proxy.png"))
    dialog.set_settings(Settings(source="broadcast"))
    paths.append(grab(app, dialog, out / "settings-general-broadcast.png"))
    dialog.set_settings(Settings(source="ably"))
    paths.append(grab(app, dialog, out / "settings-general-ably.png"))
    dialog.close()

    history = HistoryWindow()
    history.set_alerts(realistic_alerts())
    paths.append(grab(app, history, out / "history-window.png"))
    history.search.setText("padaria")
    paths.append(grab(app, history, out / "history-window-search.png"))
    history.close()
    for language in ("pt_BR", "en"):
        paths += views_shots(app, out, language)
    return paths


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_OUT
    for written in capture(target):
        print(written)
