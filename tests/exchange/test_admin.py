"""The data-source change page in the admin saves as the browser would send it: grant rows whose
list of fields is empty (meaning every field of the source) no longer fail with 这个字段是必填项."""

from html.parser import HTMLParser

import pytest

from onestop.exchange.models import DataSource, Grant

pytestmark = pytest.mark.django_db


class _Form(HTMLParser):
    """The values a browser would submit from the page's main form (inputs, selects, textareas)."""

    def __init__(self):
        super().__init__()
        self.data: dict[str, str] = {}
        self._select = self._textarea = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        name = a.get("name")
        if tag == "input" and name and a.get("type") not in {"submit", "button", "file"}:
            if a.get("type") in {"checkbox", "radio"} and "checked" not in a:
                return
            self.data[name] = a.get("value") or ("on" if a.get("type") == "checkbox" else "")
        elif tag == "select" and name:
            self._select = name
            self.data.setdefault(name, "")
        elif tag == "option" and self._select and "selected" in a:
            self.data[self._select] = a.get("value", "")
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea] += data.strip("\n") if not self.data[self._textarea] else data


def test_a_source_whose_grants_read_every_field_can_be_saved(admin_client):
    source = DataSource.objects.filter(grants__fields=[]).first()
    assert source is not None, "the demo data has grants without a field list"
    page = admin_client.get(f"/admin/exchange/datasource/{source.pk}/change/")
    form = _Form()
    form.feed(page.content.decode())
    form.data["timeout_ms"] = "2500"
    form.data["_save"] = "保存"
    response = admin_client.post(f"/admin/exchange/datasource/{source.pk}/change/", form.data)
    assert response.status_code == 302, [e for e in response.context["errors"]] if response.context else ""
    source.refresh_from_db()
    assert source.timeout_ms == 2500
    assert Grant.objects.filter(source=source, fields=[]).exists()
