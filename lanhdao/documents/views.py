import mimetypes
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lanhdao.accounts.roles import Perm
from lanhdao.accounts.selectors import has_perm, scope_roots, units_for
from lanhdao.audit.selectors import history_for
from lanhdao.core.forms import run_service
from lanhdao.core.paging import query_without_page
from lanhdao.core.params import MAX_PAGE
from lanhdao.core.text import highlight
from lanhdao.org.permissions import unit_of_page
from lanhdao.org.picker import unit_choices

from . import selectors, services
from .forms import AttachmentForm, DocumentForm, LinkForm, ReaderForm, SearchForm
from .permissions import access_attachment, access_document, may_record
from .references import find_references, problem_message
from .search import search_documents
from .symbols import SymbolError, parse_symbol

PER_PAGE = 25


def _filtered(user, form: SearchForm):
    return selectors.filter_documents(selectors.documents_for(user), form.document_filter()), form.words()


def _page_number(request) -> int:
    try:
        return min(max(1, int(request.GET.get("page", 1))), MAX_PAGE)
    except ValueError:
        return 1


@require_GET
def document_list(request):
    """The registry: filter by kind, issuer, term and dates; search words with or without diacritics, ranked."""
    form = SearchForm(request.GET or None)
    qs, q = _filtered(request.user, form)
    number = _page_number(request)
    if q:
        found = search_documents(qs, q, offset=(number - 1) * PER_PAGE, limit=PER_PAGE)
        documents, total, typo, capped = found.documents, found.total, found.typo_fallback, found.total_is_lower_bound
    else:
        total = qs.count()
        documents = list(
            qs.select_related("owner").order_by("-issued_on", "-pk")[(number - 1) * PER_PAGE : number * PER_PAGE]
        )
        typo = capped = False
    rows = [
        {
            "doc": d,
            "title": highlight(d.title, q) if q else d.title,
            "snippet": highlight(d.summary or d.full_text, q, window=30) if q else "",
        }
        for d in documents
    ]
    pages = max(1, (total + PER_PAGE - 1) // PER_PAGE)
    context = {
        "form": form,
        "rows": rows,
        "total": total,
        "capped": capped,
        "q": q,
        "typo": typo,
        "number": number,
        "pages": pages,
        "query": query_without_page(request),
        "can_register": request.user.is_superuser or units_for(request.user, Perm.RECORD).exists(),
    }
    template = "documents/partials/_results.html" if request.htmx else "documents/document_list.html"
    return render(request, template, context)


@require_GET
def document_detail(request, pk):
    document = access_document(request.user, pk)
    visible = selectors.documents_for(request.user)
    links_out, links_in = selectors.links_of(document, visible)
    context = {
        "document": document,
        "up": selectors.implemented_chain(document, visible),
        "down": selectors.implementing_tree(document, visible),
        "links_out": links_out,
        "links_in": links_in,
        "attachments": document.attachments.filter(archived_at__isnull=True).order_by("uploaded_at"),
        "can_record": may_record(request.user, document) and not document.archived_at,
        "link_form": LinkForm(),
        "attachment_form": AttachmentForm(),
        "history": history_for(document)[:10],
    }
    return render(request, "documents/document_detail.html", context)


@require_http_methods(["GET", "POST"])
def document_create(request):
    units = unit_choices(request.user, Perm.RECORD)
    initial = {k: v for k, v in request.GET.items() if k in DocumentForm.base_fields}
    if "owner" not in initial:
        first = scope_roots(request.user, Perm.RECORD).first()
        initial["owner"] = first.code if first else ""
    form = DocumentForm(request.POST or None, units=units, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        owner = data.pop("owner")
        document = run_service(form, services.document_create, actor=request.user, owner=owner, **data)
        if not form.errors:
            messages.success(request, _("Document %(d)s registered.") % {"d": document})
            return redirect("documents:document_detail", pk=document.pk)
    return render(request, "documents/document_form.html", {"form": form, "title": _("Register a document")})


@require_http_methods(["GET", "POST"])
def document_edit(request, pk):
    document = access_document(request.user, pk, write=True)
    initial = {f: getattr(document, f) for f in services.EDITABLE if f != "issuer_unit"} | {
        "owner": document.owner.code
    }
    form = DocumentForm(request.POST or None, units=unit_choices(request.user, Perm.RECORD), initial=initial)
    form.fields["owner"].disabled = True
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("owner")
        run_service(form, services.document_update, actor=request.user, document=document, data=data)
        if not form.errors:
            messages.success(request, _("Changes saved."))
            return redirect("documents:document_detail", pk=document.pk)
    return render(request, "documents/document_form.html", {"form": form, "title": _("Edit %(d)s") % {"d": document}})


@require_http_methods(["GET", "POST"])
def document_archive(request, pk):
    document = access_document(request.user, pk, write=True)
    if request.method == "POST":
        try:
            services.document_archive(actor=request.user, document=document)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Document archived."))
        return redirect("documents:document_detail", pk=document.pk)
    return render(
        request,
        "core/confirm.html",
        {
            "title": _("Archive %(d)s") % {"d": document},
            "question": _("Archive this document? It stays in the history but leaves the registry's lists."),
            "confirm_label": _("Archive"),
            "cancel_url": reverse("documents:document_detail", args=[document.pk]),
        },
    )


def _target_from(user, text: str):
    matches = selectors.documents_named(selectors.documents_for(user), text)
    return matches[0] if matches else None


@require_POST
def link_add(request, pk):
    document = access_document(request.user, pk, write=True)
    form = LinkForm(request.POST)
    if form.is_valid():
        target = _target_from(request.user, form.cleaned_data["target"])
        if target is None:
            messages.error(request, _("No registered document matches %(t)s.") % {"t": form.cleaned_data["target"]})
        else:
            try:
                services.link_create(
                    actor=request.user, source=document, target=target, relation=form.cleaned_data["relation"]
                )
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _("Link recorded."))
    return redirect("documents:document_detail", pk=document.pk)


@require_POST
def attachment_add(request, pk):
    document = access_document(request.user, pk, write=True)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.attachment_add(actor=request.user, document=document, uploaded=form.cleaned_data["file"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("File attached."))
    else:
        messages.error(request, _("Choose a file to attach."))
    return redirect("documents:document_detail", pk=document.pk)


@require_GET
def attachment_download(request, pk):
    attachment = access_attachment(request.user, pk)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as error:
        raise Http404(_("The file is missing from the store.")) from error
    response = FileResponse(handle, as_attachment=True, filename=attachment.original_name)
    response["Content-Type"] = attachment.content_type or mimetypes.guess_type(attachment.original_name)[0]
    return response


@require_http_methods(["GET", "POST"])
def reader(request):
    """Paste a text: every document reference in it, linked to the registry or offered for registration."""
    form = ReaderForm(request.POST or None)
    rows = []
    if request.method == "POST" and form.is_valid():
        visible = selectors.documents_for(request.user)
        for ref in find_references(form.cleaned_data["text"]):
            matches = selectors.match_reference(visible, ref)
            prefill = {
                "symbol": str(ref.symbol) if ref.symbol else "",
                "kind": ref.kind or "",
                "issuer_code": ref.issuer or "",
                "issued_on": ref.date.isoformat() if ref.date else "",
                "term": ref.term or "",
            }
            rows.append(
                {
                    "ref": ref,
                    "matches": matches,
                    "problems": [problem_message(p) for p in ref.problems],
                    "register_query": urlencode({k: v for k, v in prefill.items() if v}),
                }
            )
    return render(request, "documents/reader.html", {"form": form, "rows": rows, "posted": request.method == "POST"})


@require_GET
def uncovered(request):
    """Directing documents that no document of the chosen unit's subtree implements yet."""
    unit = unit_of_page(request)
    qs = selectors.uncovered_documents(selectors.documents_for(request.user), unit)
    number = _page_number(request)
    total = qs.count()
    documents = list(qs.select_related("owner")[(number - 1) * PER_PAGE : number * PER_PAGE])
    context = {
        "unit": unit,
        "documents": documents,
        "total": total,
        "number": number,
        "pages": max(1, (total + PER_PAGE - 1) // PER_PAGE),
        "query": query_without_page(request),
        "can_record": has_perm(request.user, Perm.RECORD, unit),
    }
    return render(request, "documents/uncovered.html", context)


@require_GET
def symbol_check(request):
    """htmx: what a typed symbol means, or what is wrong with it."""
    text = request.GET.get("symbol", "").strip()
    symbol, error = None, None
    if text:
        try:
            symbol = parse_symbol(text)
        except SymbolError as problem:
            error = problem.message
    return render(request, "documents/partials/_symbol.html", {"symbol": symbol, "error": error})
