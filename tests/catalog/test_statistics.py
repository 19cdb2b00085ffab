import pytest

from onestop.catalog.models import Handling, ItemStatus, ServiceItem
from onestop.catalog.services import catalog_stats

pytestmark = pytest.mark.django_db


def test_figures_are_counted_from_the_records():
    published = ServiceItem.objects.filter(status=ItemStatus.PUBLISHED)
    stats = catalog_stats()
    assert stats.total == published.count() == 1138
    assert stats.online_capable == published.filter(handling__in=[Handling.ONLINE, Handling.ONE_VISIT]).count()
    assert stats.instant_approval == published.filter(instant_approval=True).count()
    assert stats.certificate_free == published.filter(materials__ecert_type__isnull=False).distinct().count()
    assert sum(row["total"] for row in stats.by_department) == stats.total
    assert sum(row["total"] for row in stats.by_type) == stats.total


def test_a_change_to_the_records_changes_the_figures():
    before = catalog_stats()
    item = ServiceItem.objects.filter(handling=Handling.WINDOW, status=ItemStatus.PUBLISHED).first()
    item.handling = Handling.ONLINE
    item.save()
    after = catalog_stats()
    assert after.online_capable == before.online_capable + 1
    assert after.online_rate > before.online_rate
    item.status = ItemStatus.DRAFT
    item.save()
    assert catalog_stats().total == before.total - 1
