from django import template
from django.utils import translation

register = template.Library()


@register.inclusion_tag("followup/_measure_progress.html")
def measure_progress(node, municipality_slug):
    """On a public measure or area page: what has been done, from the published follow-up rounds only."""
    from lika.followup import public_data

    language = translation.get_language()
    return {
        "node": node,
        "municipality_slug": municipality_slug,
        "rounds": public_data.measure_progress(node, language),
        "areas": public_data.area_progress(node),
    }


@register.inclusion_tag("followup/_plan_progress.html")
def plan_progress(document, municipality_slug):
    """On a plan's public page: what the published follow-ups show, per round."""
    from lika.followup import public_data

    return {"rounds": public_data.plan_progress(document, translation.get_language()), "municipality_slug": municipality_slug}
