"""Text shaping for widgets: single-line menu text, escaped mnemonics, readable JSON."""

from __future__ import annotations

from desktop_notifier.ui.json_text import compact, humanize, readable, scorecard_rows
from desktop_notifier.ui.plain import breakable, menu_text, single_line, without_leading_symbols


def test_menu_text_is_one_escaped_shortened_line() -> None:
    assert menu_text("Pão & Cia") == "Pão && Cia"
    assert menu_text("linha 1\nlinha\t2") == "linha 1 linha 2"
    long = menu_text("x" * 500)
    assert len(long) <= 60 and long.endswith("…")
    assert single_line(None) == ""


def test_leading_emoji_are_dropped_but_text_kept() -> None:
    assert without_leading_symbols("🎉 Score excelente: 95!") == "Score excelente: 95!"
    assert without_leading_symbols("⚠️ Score baixo: 20") == "Score baixo: 20"
    assert without_leading_symbols("Nova call de 🎉") == "Nova call de 🎉"
    assert without_leading_symbols("🎉") == "🎉"


def test_breakable_lets_long_words_wrap() -> None:
    text = breakable("a" * 60 + " ok")
    assert "\u200b" in text and text.replace("\u200b", "") == "a" * 60 + " ok"


def test_scorecard_shapes() -> None:
    assert scorecard_rows(None) == []
    assert scorecard_rows({"abertura": 9, "rapport": {"score": 8, "max": 10}}) == [
        ("Abertura", "9"),
        ("Rapport", "8 / 10"),
    ]
    rows = scorecard_rows([{"criterion": "Fechamento", "score": 7}, {"x": 1}, 5])
    assert rows == [("Fechamento", "7"), ("2", "X: 1"), ("3", "5")]
    assert scorecard_rows('{"nota_geral": 7.0}') == [("Nota geral", "7")]
    assert scorecard_rows(42) == [("", "42")]
    nested = scorecard_rows({"descoberta": {"score": 7, "comment": "faltou orçamento"}})
    assert nested == [("Descoberta", "7 — faltou orçamento")]
    other = scorecard_rows({"x": {"score": 7, "weight": 2}})
    assert other == [("X", "Score: 7 · Weight: 2")]


def test_compact_is_bounded_and_handles_depth() -> None:
    deep: object = 1
    for _ in range(60):
        deep = {"a": deep}
    assert "…" in compact(deep)  # type: ignore[arg-type]
    assert len(compact({"t": "x" * 1000})) <= 240
    assert compact([True, None, 1.5]) == "yes, —, 1.5"


def test_readable_insights() -> None:
    text = readable(
        {
            "resumo": "Cliente quer\nplano anual.",
            "proximos_passos": ["Enviar proposta", {"quem": "Ana"}],
            "vazio": [],
        }
    )
    assert text.splitlines() == [
        "Resumo: Cliente quer",
        "        plano anual.",
        "",
        "Proximos passos:",
        "  • Enviar proposta",
        "  •",
        "    Quem: Ana",
        "Vazio: —",
    ]
    assert readable("texto simples") == "texto simples"
    assert humanize("next_steps") == "Next steps"


def test_json_text_nested_too_deeply_stays_text() -> None:
    """A jsonb string holding a document 1000 levels deep (Python's json raises
    RecursionError, not ValueError) is shown as the text it is, at once."""
    deep = "[" * 1000 + "1" + "]" * 1000
    assert readable(deep) == deep
    assert scorecard_rows({"abertura": deep}) == [("Abertura", deep[:239] + "…")]
    assert readable({"resumo": deep, "ok": "sim"}).splitlines()[-1] == "Ok: sim"
