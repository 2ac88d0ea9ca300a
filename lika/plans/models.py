from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lika.core.localized import localized
from lika.organisations.models import Municipality, OrganisationUnit, UnitKind
from lika.reference.models import SustainableDevelopmentGoal

identifier_validator_message = _("Use lower-case letters a–z, digits and single hyphens.")


class DocumentKind(models.TextChoices):
    # Helsingborg's taxonomy: programmes and plans activate (change and develop),
    # policies and guidelines are normative (regulate what exists).
    PROGRAMME = "programme", _("Programme")
    PLAN = "plan", _("Plan")
    POLICY = "policy", _("Policy")
    GUIDELINE = "guideline", _("Guideline")


ACTIVATING_KINDS = {DocumentKind.PROGRAMME, DocumentKind.PLAN}


class DocumentStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ADOPTED = "adopted", _("Adopted")


class SteeringDocumentQuerySet(models.QuerySet):
    def public(self):
        return self.filter(status=DocumentStatus.ADOPTED)


class SteeringDocument(models.Model):
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="documents")
    identifier = models.SlugField(_("identifier"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=DocumentKind.choices)
    status = models.CharField(_("status"), max_length=20, choices=DocumentStatus.choices, default=DocumentStatus.DRAFT)
    title_sv = models.CharField(_("title (Swedish)"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    description_sv = models.TextField(_("description (Swedish)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    # An easy-to-read (lättläst) summary for residents, written by the plan owner; not part of the adopted text.
    easy_read_sv = models.TextField(_("easy-to-read summary (Swedish)"), blank=True)
    easy_read_en = models.TextField(_("easy-to-read summary (English)"), blank=True)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    adopted_by = models.CharField(_("adopted by"), max_length=200, blank=True)
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    reference_number = models.CharField(_("reference number"), max_length=100, blank=True)
    owner = models.ForeignKey(
        OrganisationUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="owned_documents",
        verbose_name=_("document owner"),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("builds on"),
    )
    revision_of = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="revisions",
        verbose_name=_("revision of"),
        help_text=_("The earlier version of the same document that this one revises."),
    )
    superseded_on = models.DateField(
        _("replaced on"),
        null=True,
        blank=True,
        help_text=_("The day a revision of this document was adopted in its place; the document is then historical."),
    )

    objects = SteeringDocumentQuerySet.as_manager()

    class Meta:
        ordering = ["municipality__name", "kind", "title_sv"]
        verbose_name = _("steering document")
        verbose_name_plural = _("steering documents")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="document_validity_in_order",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return localized(self, "title")

    @property
    def is_activating(self) -> bool:
        return self.kind in ACTIVATING_KINDS

    @property
    def is_historical(self) -> bool:
        return self.superseded_on is not None

    def clean(self):
        if self.valid_to and self.valid_from and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": _("The end of the validity period is before its start.")})
        if self.owner_id and self.owner.municipality_id != self.municipality_id:
            raise ValidationError({"owner": _("The owner belongs to another municipality.")})
        if self.parent_id and self.parent.municipality_id != self.municipality_id:
            raise ValidationError({"parent": _("The parent document belongs to another municipality.")})


class DocumentLevel(models.Model):
    """The document's own name for the nodes at one depth (Area, Measure, ...)."""

    document = models.ForeignKey(SteeringDocument, on_delete=models.CASCADE, related_name="levels")
    depth = models.PositiveSmallIntegerField(_("depth"))
    name_sv = models.CharField(_("name (Swedish)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100, blank=True)
    plural_sv = models.CharField(_("plural (Swedish)"), max_length=100)
    plural_en = models.CharField(_("plural (English)"), max_length=100, blank=True)

    class Meta:
        ordering = ["document", "depth"]
        verbose_name = _("level")
        verbose_name_plural = _("levels")
        constraints = [models.UniqueConstraint(fields=["document", "depth"], name="level_depth_unique")]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return localized(self, "name")

    @property
    def plural(self) -> str:
        return localized(self, "plural")


class Node(models.Model):
    document = models.ForeignKey(SteeringDocument, on_delete=models.CASCADE, related_name="nodes")
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children"
    )
    depth = models.PositiveSmallIntegerField(_("depth"))
    position = models.PositiveIntegerField(_("position"), help_text=_("Order in the document."))
    code = models.CharField(_("code"), max_length=50)
    title_sv = models.TextField(_("title (Swedish)"))
    title_en = models.TextField(_("title (English)"), blank=True)
    body_sv = models.TextField(_("text (Swedish)"), blank=True)
    body_en = models.TextField(_("text (English)"), blank=True)
    easy_read_sv = models.TextField(_("easy-to-read text (Swedish)"), blank=True)
    easy_read_en = models.TextField(_("easy-to-read text (English)"), blank=True)
    goals = models.ManyToManyField(
        SustainableDevelopmentGoal, blank=True, related_name="nodes", verbose_name=_("Agenda 2030 goals")
    )
    derived_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="successors",
        verbose_name=_("comes from"),
        help_text=_("The node of the earlier version that this node continues."),
    )
    # A merge: the further nodes of the earlier version this node also continues (derived_from is the first).
    merged_from = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="merged_into",
        verbose_name=_("also comes from"),
        help_text=_("Further nodes of the earlier version that were merged into this node."),
    )

    class Meta:
        ordering = ["document", "position"]
        verbose_name = _("node")
        verbose_name_plural = _("nodes")
        constraints = [models.UniqueConstraint(fields=["document", "code"], name="node_code_unique_in_document")]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def title(self) -> str:
        return localized(self, "title")

    def predecessor_ids(self) -> list[int]:
        """The nodes of the earlier version this node continues: derived_from first, then merged ones."""
        first = [self.derived_from_id] if self.derived_from_id else []
        return first + sorted(pk for pk in (n.pk for n in self.merged_from.all()) if pk not in first)


class ResponsibilityRole(models.TextChoices):
    IMPLEMENTS = "implements", _("Implements")
    COORDINATES = "coordinates", _("Coordinates")
    LEADS_AND_FOLLOWS_UP = "leads_and_follows_up", _("Leads and follows up")
    TAKES_INTO_ACCOUNT = "takes_into_account", _("Takes into account in its business plan")


class Scope(models.TextChoices):
    ALL_DEPARTMENTS = "all_departments", _("All departments")
    ALL_DEPARTMENTS_AND_COMPANIES = "all_departments_and_companies", _("All departments and municipal companies")
    ALL_COMMITTEES_AND_COMPANIES = "all_committees_and_companies", _("All committees and company boards")


# A scope is a rule over the organisation: it covers the active units of these kinds.
SCOPE_UNIT_KINDS = {
    Scope.ALL_DEPARTMENTS: frozenset({UnitKind.DEPARTMENT}),
    Scope.ALL_DEPARTMENTS_AND_COMPANIES: frozenset({UnitKind.DEPARTMENT, UnitKind.COMPANY}),
    Scope.ALL_COMMITTEES_AND_COMPANIES: frozenset({UnitKind.COMMITTEE, UnitKind.COMPANY}),
}


class Responsibility(models.Model):
    """Who does what: a unit (or a rule over units) in a role, for a node or the whole document."""

    document = models.ForeignKey(SteeringDocument, on_delete=models.CASCADE, related_name="responsibilities")
    node = models.ForeignKey(
        Node, on_delete=models.CASCADE, null=True, blank=True, related_name="responsibilities"
    )
    role = models.CharField(_("role"), max_length=30, choices=ResponsibilityRole.choices)
    unit = models.ForeignKey(
        OrganisationUnit, on_delete=models.PROTECT, null=True, blank=True, related_name="responsibilities"
    )
    scope = models.CharField(_("rule"), max_length=40, choices=Scope.choices, blank=True)
    note_sv = models.TextField(_("note (Swedish)"), blank=True)
    note_en = models.TextField(_("note (English)"), blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["document", "node__position", "position"]
        verbose_name = _("responsibility")
        verbose_name_plural = _("responsibilities")
        constraints = [
            models.CheckConstraint(
                condition=(Q(unit__isnull=False) & Q(scope="")) | (Q(unit__isnull=True) & ~Q(scope="")),
                name="responsibility_unit_xor_scope",
            )
        ]

    def __str__(self) -> str:
        who = self.unit.name if self.unit_id else self.get_scope_display()
        return f"{who}: {self.get_role_display()}"

    @property
    def note(self) -> str:
        return localized(self, "note")

    def clean(self):
        if bool(self.unit_id) == bool(self.scope):
            raise ValidationError(_("Name either one unit or a rule such as 'all departments'."))
        if self.unit_id and self.unit.municipality_id != self.document.municipality_id:
            raise ValidationError({"unit": _("The unit belongs to another municipality.")})
        if self.node_id and self.node.document_id != self.document_id:
            raise ValidationError({"node": _("The node belongs to another document.")})


class NodeLink(models.Model):
    """A node contributes to a node of another document (a plan area to a programme focus area)."""

    source = models.ForeignKey(Node, on_delete=models.CASCADE, related_name="links_out")
    target = models.ForeignKey(Node, on_delete=models.PROTECT, related_name="links_in")
    as_stated_sv = models.CharField(
        _("as stated in the source (Swedish)"),
        max_length=300,
        blank=True,
        help_text=_("The words the source document uses, kept so readers can check the mapping."),
    )
    as_stated_en = models.CharField(_("as stated in the source (English)"), max_length=300, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["source", "position"]
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        constraints = [models.UniqueConstraint(fields=["source", "target"], name="node_link_unique")]

    def __str__(self) -> str:
        return f"{self.source} → {self.target}"

    @property
    def as_stated(self) -> str:
        return localized(self, "as_stated")

    def clean(self):
        if self.source.document.municipality_id != self.target.document.municipality_id:
            raise ValidationError(_("A node can only contribute to documents of its own municipality."))
        if self.source.document_id == self.target.document_id:
            raise ValidationError(_("Links go between different documents."))


class DroppedNode(models.Model):
    """A node of the earlier version that a revision leaves out, and why."""

    document = models.ForeignKey(SteeringDocument, on_delete=models.CASCADE, related_name="dropped_nodes")
    node = models.ForeignKey(Node, on_delete=models.CASCADE, related_name="dropped_in")
    reason = models.TextField(_("reason"))

    class Meta:
        ordering = ["document", "node__position"]
        verbose_name = _("dropped node")
        verbose_name_plural = _("dropped nodes")
        constraints = [models.UniqueConstraint(fields=["document", "node"], name="dropped_node_once")]

    def __str__(self) -> str:
        return f"{self.node}: {self.reason}"


class RevisionEvent(models.Model):
    """The history of a revision: who started, changed, dropped, added and adopted what, and when."""

    document = models.ForeignKey(SteeringDocument, on_delete=models.CASCADE, related_name="revision_events")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    at = models.DateTimeField(_("when"), auto_now_add=True)
    action = models.CharField(_("action"), max_length=30)
    code = models.CharField(_("node"), max_length=50, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)

    class Meta:
        ordering = ["document", "at", "pk"]
        verbose_name = _("revision event")
        verbose_name_plural = _("revision events")

    def __str__(self) -> str:
        return f"{self.document} {self.action} {self.code}"
