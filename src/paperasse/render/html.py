"""Dossier -> HTML with Jinja2 (autoescape on). Guide HTML is already sanitised by the reader."""

from __future__ import annotations

import re
import string
from functools import cache
from pathlib import Path

import jinja2
from markupsafe import Markup

from .. import i18n
from ..dossier import Dossier, Item
from ..guide import Guide, Link
from ..i18n import (
    deadline_text,
    describe_condition,
    details_words,
    format_date,
    labels_for,
    language_name,
    profile_details,
)
from ..resources import templates_dir
from . import plan
from .options import RenderOptions
from .qr import fits_qr, qr_image
from .template_cache import default_cache

TEMPLATE = "dossier.html.j2"
_BLOCK_START = re.compile(r"\s*<(?:blockquote|pre|hr|ul|ol|table|h[1-6]|div|p)[\s>/]", re.I)
STYLESHEET = "dossier.css"
DEFAULT_OPTIONS = RenderOptions()


@cache
def environment(folder: Path | None = None) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(folder or templates_dir())),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["date"] = format_date
    env.tests["block_html"] = lambda html: bool(_BLOCK_START.match(html or ""))
    # case-insensitive: "HTTP://" links are web links too (and get their QR code)
    env.tests["match"] = lambda value, pattern: bool(re.match(pattern, str(value or ""), re.I))
    # a link too long for a QR code is printed without one (check warns)
    env.globals["qr"] = lambda url, label="": Markup(qr_image(url, label) if fits_qr(url) else "")
    env.globals["safe_html"] = Markup  # only for HTML the guide reader produced
    env.globals["language_name"] = language_name
    env.filters["describe"] = describe_condition
    env.filters["deadline"] = _deadline_words
    env.filters["short"] = plan.short_title
    env.filters["action"] = plan.action_title
    env.filters["place_words"] = place_words
    env.filters["url_words"] = plan.url_words
    # Jinja's capitalize lowercases the rest ("1 december"): only the first letter here
    env.filters["upper_first"] = lambda text: text[:1].upper() + text[1:]
    env.globals["step_number"] = plan.step_number
    # last: the cache's key names the filters and tests above
    env.bytecode_cache = default_cache(env)
    return env


#: The part of the dossier where a QR code is drawn, as printed ("QR code: step 3").
_PLACE_LABELS = {
    "document": "documents",
    "intro": "about",
    "providers": "providers",
    "details": "details",
    "sources": "sources",
    "notes": "steps",
}


def place_words(place: plan.Place, lang: str, parts: tuple[str, ...] = ()) -> str:
    """``step 3``, ``Official sources``...: where the QR code of a link is printed; in a pack,
    a guide's part is named with the guide (``parts``: the guides' short titles, in order)."""
    labels = labels_for(lang)
    if place.part == "step":
        return labels["step_ref"].format(n=place.number)
    words = labels[_PLACE_LABELS.get(place.part, "steps")]
    if place.number and place.part != "document" and place.number <= len(parts):
        return labels["part_of_guide"].format(part=words, guide=parts[place.number - 1])
    return words


def guide_short_title(title: str) -> str:
    """A guide's title as a pack names it beside a step: before its first colon, cut short."""
    return plan.short_title(title.split(":")[0].strip(), 60)


def pack_qr_plan(dossier: Dossier, sources: list[Link]) -> plan.QrPlan:
    """The QR plan of a pack, in the order its template prints the parts: the timeline, the
    documents, then each guide's part (its notes, background, providers, details), numbered
    from 1 in the pack's order, then the sources."""
    qrs = plan.QrPlan()
    for index, item in enumerate(dossier.steps, 1):
        qrs.add(plan.Place("step", plan.step_number(item, index)), item.links)
    for index, item in enumerate(dossier.documents, 1):
        qrs.add(plan.Place("document", index), item.links)
    for number, section in enumerate(dossier.sections, 1):
        for item in (*section.procedure_notes, *section.documents_notes, *section.intro):
            qrs.add(plan.Place("intro", number), item.links)
        qrs.add(
            plan.Place("providers", number),
            [p.website for p in section.providers if p.website is not None],
        )
        for item in (*section.details, *(i for _, items in section.extra for i in items)):
            qrs.add(plan.Place("details", number), item.links)
    qrs.add(plan.Place("sources"), sources)
    return qrs


def _deadline_words(item: Item, lang: str) -> str:
    assert item.deadline is not None
    return deadline_text(item.deadline, item.due, lang)


def _css_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\a ") + '"'


@cache
def language_css(lang: str) -> str:
    """Print rules made from the words of a language the stylesheet does not style itself (its
    "Page 1 of 3" footer and the colon after the profile's terms); "" for the others."""
    if lang == i18n.DEFAULT or f"html.lang-{lang} " in stylesheet_text():
        return ""
    labels = labels_for(lang)
    footer = []
    for text, name, _, _ in string.Formatter().parse(labels["page"]):
        if text:
            footer.append(_css_string(text))
        if name in ("page", "pages"):
            footer.append(f"counter({name})")
    return (
        f"html.lang-{lang} {{ page: {lang}; }}\n"
        f"@page {lang} {{ @bottom-right {{ content: {' '.join(footer)}; }} }}\n"
        f"html.lang-{lang} dl.profile dt::after {{ content: {_css_string(labels['colon'])}; }}\n"
    )


@cache
def stylesheet_text() -> str:
    return (templates_dir() / STYLESHEET).read_text(encoding="utf-8")


def guide_source(dossier: Dossier, guide: Guide | None = None) -> str:
    """The guide's origin (the dossier's first guide unless ``guide``), as printed."""
    guide = guide or dossier.guide
    meta_source = guide.meta.get("source") if isinstance(guide.meta, dict) else None
    if isinstance(meta_source, str) and meta_source.strip():
        return meta_source.strip()
    if guide.lang and guide.country:
        return f"{guide.lang}/{guide.country}/{guide.slug}.md"
    return guide.path.name


def render_html(dossier: Dossier, options: RenderOptions = DEFAULT_OPTIONS) -> str:
    """The dossier as one HTML document, shaped by ``options`` (see :class:`RenderOptions`):
    the stylesheet inlined for ``--format html``, tick boxes as checkbox inputs (PDF form
    fields) when fillable, the generation date printed on the page and used as the document's
    creation date (else the guide's date is; never the clock, so that the same inputs give the
    same bytes).
    """
    template = environment().get_template(TEMPLATE)
    profile = dossier.profile
    labels = labels_for(dossier.lang)
    tags = profile.tags()
    today = options.date
    numbers = []
    for number in (n for section in dossier.sections for n in section.guide.numbers):
        if (number.condition is None or number.condition.applies(tags)) and (
            number.label not in numbers
        ):
            numbers.append(number.label)
    web_sources = [s for s in dossier.sources if plan.is_web(s.url)]
    providers_links = [p.website for p in dossier.providers if p.website is not None]
    parts = tuple(guide_short_title(section.title) for section in dossier.sections)
    return template.render(
        plan=plan,
        parts=parts if dossier.is_pack else (),
        guide_titles=dict(zip((s.key for s in dossier.sections), parts, strict=True)),
        qrs=pack_qr_plan(dossier, web_sources)
        if dossier.is_pack
        else plan.qr_plan(
            dossier.intro,
            dossier.steps,
            dossier.procedure_notes,
            dossier.documents,
            dossier.documents_notes,
            providers_links,
            dossier.details,
            web_sources,
            [item for _, items in dossier.extra for item in items],
        ),
        start=plan.next_actions(dossier.steps, today),
        timeline=plan.timeline(dossier.steps, profile.arrival_date, today),
        first_due=plan.first_due(dossier.steps),
        today=today,
        numbers=numbers,
        sources=web_sources,
        review=options.review,
        credit=options.brand is None or options.brand.credit,
        d=dossier,
        guide=dossier.guide,
        profile=profile,
        labels=labels,
        lang=dossier.lang,
        citizenship=profile.citizenship_label(dossier.lang),
        status=labels[f"status_{profile.status}"],
        details=profile_details(profile, dossier.lang),
        details_label=details_words(dossier.lang)["label"],
        source=guide_source(dossier),
        css=Markup(stylesheet_text()) if options.inline_css else None,
        lang_css=Markup(language_css(dossier.lang)),
        brand=options.brand,
        fillable=options.fillable,
        generated=options.date,
        created=options.date or dossier.guide.date,
    )
