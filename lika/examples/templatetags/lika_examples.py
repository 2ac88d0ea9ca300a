from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def example_bank_nav_link(context):
    """A nav item for the example bank, for every member of a municipality."""
    from django.utils.translation import gettext as _

    from lika.core.navigation import nav_item

    return nav_item(context, lambda access, municipality: True, "examples:search", _("Example bank"))


@register.inclusion_tag("examples/_similar_box.html", takes_context=True)
def similar_examples(context, report, example=None):
    """'Others who did something similar' on a reporter's example form: examples of the same measure,
    or like the example's text when it has one; refreshed by static/lika/suggest.js as the reporter writes."""
    from django.urls import reverse

    from lika.organisations.access import access_for
    from lika.plans.queries import leaf_words

    from ..views import suggestions_for

    text = f"{example.title} {example.what_was_done}" if example else ""
    request = context["request"]
    return {
        "result": suggestions_for(report, access_for(request.user), text),
        "url": f"{reverse('examples:similar')}?report={report.pk}",
        "request": request,
        # The round's pages set the plan's word for its items; "strategi 1.1.1" in a plan of strategies.
        "leaf": context.get("leaf") or leaf_words(report.measure.document)["leaf"],
        "code": report.measure.code,
    }
