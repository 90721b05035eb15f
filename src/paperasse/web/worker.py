"""What runs in the render pool's worker processes (never in the server's event loop).

Each worker holds one :class:`~paperasse.build.Builder` per format (stylesheets parsed once, one
font configuration, guides read once, QR codes cached). Results travel back as plain values;
a user's error comes back as ``("error", message)``, never as a pickled exception.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..errors import UserError

_builders: dict[str, Any] = {}


def init(guides_dirs: tuple[Path, ...], brand: Any, warm_up: bool = True) -> None:
    """Once per worker: the builders, and the PDF renderer made now (WeasyPrint imported
    here), so the first request does not pay for it."""
    import contextlib

    from ..build import Builder
    from ..render.collection import freeze_long_lived
    from ..render.options import RenderOptions

    for fmt in ("pdf", "html"):
        options = RenderOptions(fmt=fmt, brand=brand)
        _builders[fmt] = Builder(guides_dirs=guides_dirs, options=options)
    if warm_up:
        with contextlib.suppress(UserError):  # reported by the first request
            _builders["pdf"].warm_up()
    freeze_long_lived()  # what the worker holds from now on is not walked at every collection


#: What the parent chose for a profile: the guide files (one, or a pack's in order), notices
#: for the reader, and the pack (None for one guide).
Choice = tuple[tuple[Path, ...], tuple[str, ...], Any]


def _dossier(builder: Any, profile: Any, choice: Choice) -> Any:
    from ..dossier import select_pack

    paths, notices, pack = choice
    return select_pack([builder.read_guide(path) for path in paths], profile, notices, pack)


def render(profile: Any, choice: Choice, fmt: str) -> tuple[str, bytes | str]:
    """``("ok", bytes)`` of one dossier, or ``("error", message)``."""
    builder = _builders[fmt]
    try:
        return "ok", builder.render(_dossier(builder, profile, choice))
    except UserError as err:
        return "error", str(err)


def explain(profile: Any, choice: Choice) -> tuple[str, dict[str, Any] | str]:
    """``("ok", explanation)``: what applies to the profile and why the rest is left out, as
    plain values for the page's template (see :func:`explanation`)."""
    builder = _builders["html"]
    try:
        return "ok", explanation(_dossier(builder, profile, choice))
    except UserError as err:
        return "error", str(err)


def explanation(dossier: Any) -> dict[str, Any]:
    """The same facts ``paperasse explain`` prints, as a dictionary of text."""
    from ..guide import Provider
    from ..i18n import deadline_text, describe_condition, labels_for

    lang = dossier.lang

    def condition(block: Any) -> dict[str, Any] | None:
        cond = block.condition
        if cond is None:
            return None
        return {"who": describe_condition(cond, lang), "source": cond.source, "line": block.line}

    titles = {section.key: section.title for section in dossier.sections}

    def items(part: Any) -> list[dict[str, Any]]:
        return [
            {
                "text": item.text,
                # In a pack, the guide each step comes from.
                "guide": titles.get(item.guide) if dossier.is_pack else None,
                "deadline": deadline_text(item.deadline, item.due, lang) if item.deadline else None,
                "condition": condition(item.block),
            }
            for item in part
        ]

    left_out = []
    for excluded in dossier.excluded:
        block = excluded.block
        is_provider = isinstance(block, Provider)
        left_out.append(
            {
                "kind": "provider" if is_provider else block.kind,
                "text": block.name if is_provider else block.text,
                "line": block.line,
                "condition": condition(block),
            }
        )
    profile = dossier.profile
    return {
        "lang": lang,
        "title": dossier.title,
        "name": profile.name,
        "citizenship": profile.citizenship_label(lang),
        "status": labels_for(lang)[f"status_{profile.status}"],
        "notices": list(dossier.notices),
        "steps": items(dossier.steps),
        "documents": items(dossier.documents),
        "left_out": left_out,
    }


def merge(items: list[tuple[str, Path]], target: Path) -> tuple[str, int | str]:
    """Join a batch's dossiers into one pack: ``("ok", pages)``."""
    from ..batch.pack import merge_pdfs

    try:
        return "ok", merge_pdfs(items, target)
    except UserError as err:
        return "error", str(err)
