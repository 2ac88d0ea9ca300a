from django import template
from django.utils import translation

register = template.Library()


@register.inclusion_tag("followup/_measure_progress.html", takes_context=True)
def measure_progress(context, node, municipality_slug):
    """On a public measure or area page: what has been done, from the published follow-up rounds only."""
    from lika.followup import public_data
    from lika.plans.queries import leaf_words

    language = translation.get_language()
    return {
        # "strategi" where the plan has strategies; the item's page has read it already
        **({"leaf": context["leaf"], "leaves": context["leaves"]} if context.get("leaves") else leaf_words(node.document)),
        "node": node,
        "municipality_slug": municipality_slug,
        "rounds": public_data.measure_progress(node, language),
        "areas": public_data.area_progress(node),
    }


def _status_chart(title: str, statuses: list[tuple[str, int]], description: str):
    """The statuses as one bar split into shares; its description lists every figure, the table beside repeats them."""
    from django.utils.safestring import mark_safe

    from lika.lib import svgchart

    if not statuses:
        return ""
    return mark_safe(
        svgchart.stacked_share_bar(
            title=title,
            parts=statuses,
            width=360,  # drawn at about its own size on a phone, so the legend stays readable
            description=description,
        )
    )


@register.inclusion_tag("followup/_plan_progress.html")
def plan_progress(document, municipality_slug):
    """On a plan's public page: what the published follow-ups show, per round, the newest as a chart and table."""
    from django.utils.translation import gettext as _

    from lika.core.localized import localized
    from lika.followup import public_data
    from lika.plans.queries import leaf_words

    language = translation.get_language()
    rounds = public_data.plan_progress(document, language)
    newest = rounds[0] if rounds else None
    words = leaf_words(document)  # the plan's own word for its items: "strategier" in Halmstad
    chart = ""
    if newest:
        title = _("How far the %(leaves)s have come: %(round)s") % {
            "leaves": words["leaves"], "round": localized(newest.round, "title", language),
        }
        description = _(
            "Each department's status for each %(leaf)s it implements, as approved in the published follow-up."
        ) % words
        chart = _status_chart(title, newest.statuses, description)
    return {**words, "rounds": rounds, "newest": newest, "chart": chart, "municipality_slug": municipality_slug}


@register.inclusion_tag("followup/_municipality_progress.html")
def municipality_progress(documents, municipality_slug):
    """On the municipality's public page: each plan's newest published follow-up, and all their statuses as one chart."""
    from collections import Counter

    from django.utils.translation import gettext as _

    from lika.followup import public_data

    language = translation.get_language()
    rows = []
    totals: Counter = Counter()
    for document in documents:
        if document.is_historical:
            continue
        rounds = public_data.plan_progress(document, language)
        if rounds:
            rows.append((document, rounds[0]))
            totals.update(dict(rounds[0].statuses))
    order = [label for label, _count in public_data.ordered_status_labels()]
    statuses = [(label, totals[label]) for label in order if totals[label]]
    # Several plans, each with its own word for its items: a neutral word here.
    description = _("Each department's status for each item of a plan it implements, as approved in the published follow-up.")
    chart = _status_chart(_("How far the plans' items have come in the newest follow-ups"), statuses, description)
    return {"rows": rows, "statuses": statuses, "chart": chart, "municipality_slug": municipality_slug}
