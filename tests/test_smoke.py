"""Can a fresh install be set up, and does a workshop page render?"""

from tests.conftest import post_form


def test_fresh_install_sends_first_visitor_to_setup(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response.location.endswith("/setup")


def test_setup_creates_first_facilitator_then_closes(client):
    response = post_form(client, "/setup", {
        "display_name": "Ana", "email": "ana@example.org",
        "password": "correct horse battery", "confirm": "correct horse battery",
    })
    assert response.status_code == 302
    assert client.get("/setup").location.endswith("/login")
