"""The empty choice of a select speaks the product's language: Django 6.1's "- Select an option -" has no Vietnamese
in Django's catalogue and showed in English in the campaign form (issue 15, item 4)."""

from django.utils import translation

from lanhdao.campaigns.forms import CampaignForm
from lanhdao.documents.models import Document
from lanhdao.org.models import Unit


def test_the_campaign_form_offers_its_empty_document_choice_in_vietnamese(db):
    form = CampaignForm(documents=Document.objects.none())
    with translation.override("vi"):
        html = str(form["document"])
    assert '<option value="" selected>- Chọn -</option>' in html
    assert "Select an option" not in html


def test_a_model_field_s_empty_choice_is_the_product_s_too(db):
    field = Unit._meta.get_field("kind").formfield()
    with translation.override("vi"):
        assert str(field.choices[0][1]) == "- Chọn -"
