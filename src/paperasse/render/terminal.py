"""Terminal presentations, the other output beside HTML and PDF: ``paperasse explain`` (what
applies to a profile, and why the rest is left out) and ``paperasse guides`` (the guides there
are to choose from).

Both print with rich: styled in a terminal, plain text (no escape codes) when piped.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..conditions import CITIZENSHIP_PREFIX
from ..dossier import Dossier, Excluded, Item
from ..errors import one_line
from ..guide import Block, Provider
from ..guide.summaries import GuideSummary
from ..i18n import (
    deadline_text,
    describe_condition,
    labels_for,
    profile_details,
    tag_word,
    terminal_words,
)

MAX_TEXT = 110


def make_console() -> Console:
    """Styled in a terminal; plain text, never wrapped by us, when not."""
    return Console(highlight=False, soft_wrap=True)


def _short(text: str, limit: int = MAX_TEXT) -> str:
    text = _safe(text)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _safe(text: str) -> str:
    """Every string from a guide, a profile or a file name goes through here before it reaches
    the terminal: one line, control characters and escape sequences (ESC, C1, bidi overrides)
    shown as ``\\xNN`` (rich would pass ESC through: a guide could clear the screen, set the
    window title, fake a hyperlink or write to the clipboard)."""
    return one_line(text)


def _condition(block: Block | Provider, lang: str, words: Mapping[str, str]) -> Text:
    """``only for non-EU + student (when: non-eu and student)``."""
    condition = block.condition
    if condition is None:
        return Text()
    text = Text(words["only_for"].format(who=describe_condition(condition, lang)), style="yellow")
    text.append(words["raw"].format(source=_safe(condition.source)), style="dim")
    return text


def print_explanation(dossier: Dossier, console: Console) -> None:
    """Which steps and documents apply to the dossier's profile, and, for every part left out,
    the condition that left it out: in the profile's language, and as written in the guide."""
    from .html import guide_source

    lang = dossier.lang
    words = terminal_words(lang)
    labels = labels_for(lang)
    profile = dossier.profile

    console.print(Text(_safe(dossier.title), style="bold"))
    console.print(
        Text(
            words["for"].format(
                name=_safe(profile.name),
                citizenship=profile.citizenship_label(lang),
                status=labels[f"status_{profile.status}"],
            )
        )
    )
    details = profile_details(profile, lang)
    if details:
        console.print(Text(words["details"].format(details=_safe(" · ".join(details)))))
    shown = [t for t in profile.tags() if not t.startswith(CITIZENSHIP_PREFIX)]  # on "For"
    tags = " + ".join(tag_word(tag, lang) for tag in sorted(shown, key=_tag_order))
    console.print(Text(words["tags"].format(tags=tags), style="dim"))
    if dossier.is_pack:
        for section in dossier.sections:
            source = words["guide"].format(source=_safe(guide_source(dossier, section.guide)))
            console.print(Text(f"{source} ({_safe(section.title)})", style="dim"))
    else:
        source = _safe(guide_source(dossier))
        console.print(Text(words["guide"].format(source=source), style="dim"))
    for notice in dossier.notices:
        console.print(Text(_safe(notice), style="yellow"))

    _print_items(
        console,
        words["steps"].format(n=len(dossier.steps)),
        dossier.steps,
        numbered=True,
        lang=lang,
        words=words,
        dossier=dossier,
    )
    _print_items(
        console,
        words["documents"].format(n=len(dossier.documents)),
        dossier.documents,
        numbered=False,
        lang=lang,
        words=words,
        dossier=dossier,
    )

    console.print()
    if not dossier.excluded:
        console.print(Text(words["nothing_left_out"], style="green"))
        return
    console.print(Text(words["left_out"].format(n=len(dossier.excluded)), style="bold"))
    for excluded in dossier.excluded:
        line = _excluded_line(excluded, lang, words)
        if dossier.is_pack and excluded.guide:
            guide = _safe(excluded.guide)
            line.append(f"\n      {words['from_guide'].format(guide=guide)}", style="dim")
        console.print(line)


def _print_items(
    console: Console,
    heading: str,
    items: tuple[Item, ...],
    *,
    numbered: bool,
    lang: str,
    words: Mapping[str, str],
    dossier: Dossier | None = None,
) -> None:
    console.print()
    console.print(Text(heading, style="bold"))
    if not items:
        console.print(Text(f"  {words['none']}", style="dim"))
    for number, item in enumerate(items, 1):
        line = Text("  ")
        line.append("✓ ", style="green")
        if numbered:
            line.append(f"{item.number or number}. ", style="bold")
        line.append(_short(item.text))
        details: list[Text] = []
        if item.deadline is not None:
            text = deadline_text(item.deadline, item.due, lang)
            details.append(Text(words["deadline"].format(text=text), style="red"))
        if item.condition is not None:
            details.append(_condition(item.block, lang, words))
        if dossier is not None and dossier.is_pack:
            if numbered:
                title = _safe(dossier.section(item.guide).title)
                details.append(Text(words["from_guide"].format(guide=title), style="dim"))
            else:
                titles = _safe(", ".join(dossier.section(g).title for g in item.guides))
                steps = ", ".join(str(n) for n in item.needed_for)
                text = words["needed_for"].format(guides=titles, steps=steps or "-")
                details.append(Text(text, style="dim"))
        for detail in details:
            line.append("\n      ")
            line.append_text(detail)
        console.print(line)


def _excluded_line(excluded: Excluded, lang: str, words: Mapping[str, str]) -> Text:
    block = excluded.block
    kind = "provider" if isinstance(block, Provider) else block.kind
    what = block.name if isinstance(block, Provider) else block.text
    line = Text("  ")
    line.append("✗ ", style="red")
    line.append(f"{words.get(kind, kind)}, {words['line'].format(line=block.line)}: ", style="dim")
    line.append(_short(what))
    line.append("\n      ")
    line.append_text(_condition(block, lang, words))
    return line


_TAG_ORDER = {"eu": 0, "non-eu": 0, "worker": 1, "student": 1}


def _tag_order(tag: str) -> tuple[int, str]:
    return (_TAG_ORDER.get(tag, 2), tag)


# ------------------------------------------------------------------- paperasse guides


def print_guides(
    summaries: list[GuideSummary], console: Console, packs: list[GuideSummary] | None = None
) -> None:
    """A table in a terminal (then one of the packs); tab-separated lines with a header line
    when piped, the packs' lines after the guides' (their title says "pack of N guides")."""

    def day(value: dt.date | None) -> str:
        return value.isoformat() if value else "-"

    packs = packs or []
    if console.is_terminal:
        for title, rows in (("Guides", summaries), ("Packs (--pack)", packs)):
            if not rows:
                continue
            table = Table(title=title, show_lines=False, highlight=False)
            for column in ("translationKey", "lang", "title", "dated", "last checked", "from"):
                table.add_column(column, overflow="fold", no_wrap=column != "title")
            for s in rows:
                text = (
                    Text(_safe(s.title))
                    if s.problem is None
                    else Text(_safe(s.problem), style="red")
                )
                if s.guides and s.problem is None:
                    text.append("\n" + _safe(", ".join(s.guides)), style="dim")
                cells = (_safe(s.key), _safe(s.lang), text, day(s.date), day(s.last_checked))
                table.add_row(*cells, _safe(s.origin))
            console.print(table)
        return
    out = console.file  # tabs as they are (rich would expand them)
    out.write("translationKey\tlang\ttitle\tdated\tlast_checked\tfrom\n")
    for s in [*summaries, *packs]:
        line_title = s.title if s.problem is None else f"ERROR: {s.problem}"
        fields = (s.key, s.lang, line_title, day(s.date), day(s.last_checked), s.origin)
        out.write("\t".join(_safe(field) for field in fields) + "\n")
