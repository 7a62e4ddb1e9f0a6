"""The fuzz run's configuration (tests/fuzz/schemathesis.toml) as schemathesis itself reads it.

Why each setting is there: docs/api.md, "What the fuzz run covers".
"""

from pathlib import Path

import pytest
import schemathesis
from schemathesis.config import SchemathesisConfig
from schemathesis.core.error_feedback.parsers.drf import DRFParser

from .openapi_check import api_schema

CONFIG = Path(__file__).resolve().parent / "fuzz" / "schemathesis.toml"


def _fuzz_config():
    return SchemathesisConfig.from_path(str(CONFIG)).projects.get_default()


def test_a_fuzz_run_depends_on_its_seed_alone():
    """No cache carried between runs in `.schemathesis/`: a run that followed another one failed
    where the same seed in a fresh checkout passed."""
    assert _fuzz_config().cache.enabled is False


def test_a_fuzz_run_learns_no_body_fields_from_error_bodies():
    assert _fuzz_config().phases.fuzzing.error_feedback.is_enabled is False


@pytest.mark.django_db
def test_schemathesis_reads_the_errors_of_our_error_shape_as_body_fields(learner_client):
    """Why error feedback is off. A team created without a name answers 400 with
    `"errors": {"name": [...]}`; schemathesis' DRF parser takes that for a body field `errors.name`,
    then calls `{"name": "Northern sales", "errors": {}}` invalid data the API should have refused.
    When this test fails, schemathesis reads our Error shape correctly: error feedback can go back on."""
    response = learner_client.post("/api/v1/teams/", {}, format="json")
    assert response.status_code == 400
    assert response.json()["errors"] == {"name": ["This field is required."]}

    operation = schemathesis.openapi.from_dict(api_schema())["/api/v1/teams/"]["POST"]
    case = operation.Case(body={}, media_type="application/json")
    observations = DRFParser().parse(operation=operation, body=response.json(), case=case)

    assert [observation.parameter_path for observation in observations] == [("errors", "name")]
