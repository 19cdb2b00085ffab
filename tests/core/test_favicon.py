import pytest

pytestmark = pytest.mark.django_db


def test_favicon_ico_redirects_permanently_to_the_icon_the_pages_link(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    icon = client.get(response["Location"])
    assert icon.status_code == 200 and b"<svg" in b"".join(icon.streaming_content)
    home = client.get("/").content.decode()
    assert f'rel="icon" href="{response["Location"]}"' in home
