from django import template

from lika.organisations.models import Membership, Role

register = template.Library()


@register.simple_tag(takes_context=True)
def plan_owners_to_ask(context) -> list:
    """The plan owners of the municipality whose identity provider the person just came from."""
    request = context.get("request")
    slug = request.session.get("lika_sso_municipality", "") if request is not None else ""
    if not slug:
        return []
    return [
        membership.user
        for membership in Membership.objects.filter(
            municipality__slug=slug, role=Role.PLAN_OWNER, user__is_active=True
        ).select_related("user").order_by("user__last_name", "user__username")
    ]
