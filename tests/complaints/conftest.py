import pytest

from onestop.accounts.models import Role, StaffProfile, User
from onestop.catalog.models import Department
from onestop.complaints.models import Category
from onestop.complaints.services import Actor


@pytest.fixture
def streetlight():
    """城乡建设 › 市政设施 › 路灯, answered by 区城市管理综合执法局."""
    return Category.objects.get(name="路灯", parent__name="市政设施")


@pytest.fixture
def citizen():
    return User.objects.create(username="complaints-test-citizen", kind=User.Kind.CITIZEN, mobile="13712340001")


def make_staff(code: str, username: str):
    user = User.objects.create(username=username, kind=User.Kind.STAFF)
    StaffProfile.objects.create(user=user, department=Department.objects.get(code=code), name="测试工作人员",
                                roles=[Role.REVIEWER.value])
    return user


@pytest.fixture
def city_staff():
    return make_staff("D006", "complaints-test-d006")


@pytest.fixture
def other_staff():
    return make_staff("D003", "complaints-test-d003")


@pytest.fixture
def citizen_actor(citizen):
    return Actor("市民账号 complaints-test-citizen", citizen)
