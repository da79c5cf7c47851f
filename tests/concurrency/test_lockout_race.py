"""The sign-in lockout under parallel guesses: each attempt is counted before its password is checked, so
however many arrive together, at most LOGIN_MAX_FAILURES passwords of a window are ever verified."""
from __future__ import annotations

import pytest

from app.accounts.models import OrgKind
from tests.concurrency.conftest import run_together
from tests.factories import load_regions, make_account, make_org

pytestmark = pytest.mark.postgres


@pytest.mark.parametrize("round_", range(2))
def test_parallel_wrong_passwords_are_verified_at_most_the_allowed_number_of_times(app, postgres_only, round_):
    with app.app_context():
        load_regions()
        make_account(make_org(OrgKind.STATION, "440106001"), "ws-station")

    def guess(index):
        with app.test_client() as client:
            return client.post("/api/v1/auth/password/login",
                               json={"username": "ws-station", "password": f"Guess{index:04d}x"})

    responses = run_together(15, guess)
    errors = sorted(r.json["error"] for r in responses)
    # A 401 is a verified (wrong) password; a 429 was refused before any check.
    allowed = app.config["LOGIN_MAX_FAILURES"]
    assert errors == ["account_locked"] * (15 - allowed) + ["invalid_credentials"] * allowed
