"""The certificate fields an item's material declares (Material.ecert_fields, what a consent given
with an application covers) survive a spreadsheet import and travel in JSON import/export."""

import json

import pytest

from onestop.catalog.models import ServiceItem
from onestop.catalog.services import export_catalog, import_catalog
from onestop.catalog.transfer import ImportRejected

from .test_transfer import csv_file, good_row

pytestmark = pytest.mark.django_db


def id_card_material():
    return ServiceItem.objects.get(code="TEST-0001").materials.get(name="居民身份证")


def test_a_spreadsheet_import_keeps_the_fields_a_material_declares():
    import_catalog(csv_file(good_row()), "csv")
    material = id_card_material()
    material.ecert_fields = ["address"]
    material.save()
    assert import_catalog(csv_file(good_row()), "csv") == (0, 1)
    assert id_card_material().ecert_fields == ["address"]


def test_json_export_and_import_carry_the_declared_fields():
    import_catalog(csv_file(good_row()), "csv")
    data = json.loads(export_catalog("json", ServiceItem.objects.filter(code="TEST-0001")))
    [material] = [m for m in data["items"][0]["materials"] if m["name"] == "居民身份证"]
    assert material["ecert_fields"] == []
    material["ecert_fields"] = ["holder_name", "birth_date"]
    import_catalog(json.dumps(data).encode(), "json")
    assert id_card_material().ecert_fields == ["holder_name", "birth_date"]


def test_declared_fields_that_are_not_a_list_of_keys_are_rejected():
    import_catalog(csv_file(good_row()), "csv")
    data = json.loads(export_catalog("json", ServiceItem.objects.filter(code="TEST-0001")))
    data["items"][0]["materials"][0]["ecert_fields"] = "address"
    with pytest.raises(ImportRejected) as rejected:
        import_catalog(json.dumps(data).encode(), "json")
    assert "ecert_fields" in str(rejected.value.errors)
    assert id_card_material().ecert_fields == []
