"""The example bank's index: the terms each example of the follow-up is found by (terms.py).

Kept in step with the examples lazily: a search first indexes the examples saved since they
were last indexed (search.refresh), so no follow-up action needs to know the bank exists."""

from django.db import models

from lika.followup.models import Example


class IndexedExample(models.Model):
    example = models.OneToOneField(Example, on_delete=models.CASCADE, primary_key=True, related_name="search_index")
    indexed_at = models.DateTimeField()


class ExampleTerm(models.Model):
    example = models.ForeignKey(Example, on_delete=models.CASCADE, related_name="search_terms", db_index=False)
    term = models.CharField(max_length=100)

    class Meta:
        indexes = [models.Index(fields=["term", "example"], name="example_term_lookup")]
