"""Reading the method library: what someone may see, for a municipality or one measure."""

from django.db.models import Q
from django.utils import timezone

from lika.organisations.access import Access

from .models import Material, Visibility


def visible_material(access: Access, municipality_id: int, *, measure=None):
    """Public material for everyone; internal material too for the municipality's members. Each item
    carries `past_review` (its review date has passed). Two queries with the tags prefetched."""
    found = Material.objects.filter(municipality_id=municipality_id)
    if not access.is_member(municipality_id):
        found = found.filter(visibility=Visibility.PUBLIC)
    if measure is not None:
        found = found.filter(Q(measures=measure))
    found = list(found.select_related("owner").prefetch_related("measures", "perspectives").order_by("title", "pk"))
    today = timezone.localdate()
    for material in found:
        material.past_review = material.review_by < today
    return found
