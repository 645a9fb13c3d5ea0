import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lanhdao.accounts.roles import Clearance
from lanhdao.core.text import fold, fold_words


def symbol_key(symbol: str) -> str:
    """The comparable form of a symbol: folded, without spaces (`05-NQ/TU`, `05 - nq/tu` → `05-nq/tu`)."""
    return fold(symbol).replace(" ", "")


class System(models.TextChoices):
    PARTY = "party", _("Party")
    STATE = "state", _("State")


class Relation(models.TextChoices):
    IMPLEMENTS = "implements", _("implements")
    CITES = "cites", _("cites")
    REPLACES = "replaces", _("replaces")
    AMENDS = "amends", _("amends")


class Document(models.Model):
    """A leadership document in the registry of the unit that owns it (`owner`).

    The symbol is stored both as written (`symbol`, canonical form) and in parts (kind, number, issuer, year), so a
    reference found in free text can be matched by its folded key. Party numbering restarts every term, so the same
    symbol may exist more than once: it is not unique.
    """

    owner = models.ForeignKey("org.Unit", verbose_name=_("registry of"), on_delete=models.PROTECT, related_name="+")
    system = models.CharField(_("system"), max_length=8, choices=System.choices, default=System.PARTY)
    kind = models.CharField(_("kind of document"), max_length=8, db_index=True)
    number = models.CharField(_("number"), max_length=20, blank=True)
    year = models.PositiveSmallIntegerField(_("year in symbol"), null=True, blank=True)
    issuer_code = models.CharField(_("issuer"), max_length=40, db_index=True)
    issuer_unit = models.ForeignKey(
        "org.Unit", verbose_name=_("issuing unit"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    symbol = models.CharField(_("symbol"), max_length=80, blank=True)
    symbol_key = models.CharField(max_length=80, blank=True, db_index=True, editable=False)
    issued_on = models.DateField(_("date"), null=True, blank=True, db_index=True)
    term = models.PositiveSmallIntegerField(_("congress (khóa)"), null=True, blank=True)
    title = models.CharField(_("title"), max_length=500)
    summary = models.TextField(_("summary"), blank=True)
    full_text = models.TextField(_("full text"), blank=True)
    confidentiality = models.PositiveSmallIntegerField(
        _("confidentiality"), choices=Clearance.choices, default=Clearance.NORMAL, db_index=True
    )
    # Folded copies (core.text.fold) for search: the same words with and without diacritics.
    search_title = models.TextField(editable=False, default="")
    search_body = models.TextField(editable=False, default="")
    archived_at = models.DateTimeField(_("archived at"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # Audited values that name another record without being a field of the document (audit.selectors.labelled).
    audit_references = {"linked_document": "documents.Document"}
    audit_labels = {"linked_document": _("linked document")}
    audit_fields = (
        "owner",
        "system",
        "kind",
        "number",
        "year",
        "issuer_code",
        "issuer_unit",
        "symbol",
        "issued_on",
        "term",
        "title",
        "summary",
        "confidentiality",
        "archived_at",
    )

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        indexes = [models.Index(fields=["owner", "-issued_on"], name="document_owner_date_idx")]

    def __str__(self) -> str:
        return f"{self.symbol} {self.title}".strip() if self.symbol else self.title

    def save(self, *args, **kwargs):
        self.refresh_search_fields()
        super().save(*args, **kwargs)

    def refresh_search_fields(self) -> None:
        self.symbol_key = symbol_key(self.symbol)
        self.search_title = fold_words(f"{self.symbol} {self.title}")
        self.search_body = fold_words(f"{self.summary}\n{self.full_text}")

    @property
    def kind_name(self) -> str:
        from .symbols import PARTY_KINDS, STATE_KINDS

        table = STATE_KINDS if self.system == System.STATE else PARTY_KINDS
        return table.get(self.kind) or PARTY_KINDS.get(self.kind) or STATE_KINDS.get(self.kind) or self.kind

    @property
    def issuer_name(self) -> str:
        from .symbols import issuer_name

        return issuer_name(self.system, self.issuer_code) or ""

    @property
    def is_confidential(self) -> bool:
        return self.confidentiality > Clearance.NORMAL


def attachment_path(instance: "Attachment", filename: str) -> str:
    # Stored under a random name: the user's file name never reaches the file system.
    return f"documents/{instance.document_id}/{uuid.uuid4().hex}"


class Attachment(models.Model):
    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="attachments")
    file = models.FileField(upload_to=attachment_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    archived_at = models.DateTimeField(null=True, blank=True)

    audit_fields = ("document", "original_name", "content_type", "size", "sha256", "archived_at")

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.original_name

    def audit_confidentiality(self) -> int:
        return self.document.confidentiality


class DocumentLink(models.Model):
    """`source` implements / cites / replaces / amends `target`."""

    source = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="links_out")
    target = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="links_in")
    relation = models.CharField(_("relation"), max_length=12, choices=Relation.choices)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    removed_at = models.DateTimeField(null=True, blank=True)

    audit_fields = ("source", "target", "relation", "removed_at")

    class Meta:
        verbose_name = _("document link")
        verbose_name_plural = _("document links")
        constraints = [
            models.UniqueConstraint(
                fields=["source", "target", "relation"],
                condition=models.Q(removed_at__isnull=True),
                name="one_live_link_per_relation",
            ),
            models.CheckConstraint(condition=~models.Q(source=models.F("target")), name="link_not_to_itself"),
        ]
        indexes = [models.Index(fields=["target", "relation"], name="link_target_idx")]

    def __str__(self) -> str:
        return f"{self.source} → {self.get_relation_display()} → {self.target}"

    def audit_confidentiality(self) -> int:
        # Its audit rows name both documents (object_repr): they carry the level of the more confidential one.
        return max(self.source.confidentiality, self.target.confidentiality)
