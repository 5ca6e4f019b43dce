"""Screening a project, deciding, revising the criteria: rules and history."""

from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.factories import UserFactory, ZoneFactory
from xuctien.core.models import ChangeRecord
from xuctien.core.roles import Role
from xuctien.investments.stages import Stage
from xuctien.screening import criteria as criteria_module
from xuctien.screening import services
from xuctien.screening.criteria import CriterionChange, revise
from xuctien.screening.models import CriteriaSet, Screening


def changes_of(criteria_set, **overrides):
    """Every criterion as stored, with some changed: key=(weight, threshold, source)."""
    out = []
    for c in criteria_set.criteria.all():
        weight, threshold, source = overrides.get(
            c.key, (c.weight, c.threshold, c.threshold_source)
        )
        out.append(CriterionChange(c.key, weight, threshold, source))
    return out


def test_screening_at_the_dossier_stage_keeps_the_score_and_the_version(
    criteria, promoter, dossier
):
    screening = services.screen(promoter, dossier)
    # starting criteria: 10 points each; the 5 measured criteria have no norm -> not counted;
    # priority sector met (10); high-tech, green, not brown, tech transfer unknown (0).
    assert (screening.points, screening.possible, screening.percent) == (D(10), D(50), D(20))
    assert screening.criteria_set == criteria
    assert screening.computed == "no_rule"
    statuses = {r["key"]: r["status"] for r in screening.results}
    assert statuses["priority_sector"] == "met"
    assert statuses["capital_per_ha"] == "no_norm"
    assert statuses["green"] == "unknown"
    assert screening.inputs["land_ha"] == "10"


def test_only_at_the_dossier_stage_and_only_by_those_who_edit_the_project(
    criteria, promoter, dossier, leader, developer
):
    with pytest.raises(PermissionDenied):
        services.screen(leader, dossier)
    with pytest.raises(PermissionDenied):
        services.screen(developer, dossier)  # not in the developer's zone
    dossier.zone = developer.zone
    dossier.save()
    assert services.screen(developer, dossier).screened_by == developer
    dossier.stage = Stage.PROSPECT
    dossier.save()
    with pytest.raises(ValidationError):
        services.screen(promoter, dossier)


def test_a_changed_criterion_makes_a_new_version_once_a_screening_used_the_old(
    criteria, promoter, dossier, secretariat
):
    first = services.screen(promoter, dossier)
    new = revise(
        secretariat,
        criteria,
        recommend_at=D(60),
        discuss_at=D(30),
        changes=changes_of(criteria, capital_per_ha=(D(20), D(25), "https://example.vn/norm")),
        reason="Định mức suất đầu tư",
    )
    assert new.number == 2
    assert new.is_current
    criteria.refresh_from_db()
    assert not criteria.is_current
    assert criteria.criteria.get(key="capital_per_ha").threshold is None  # v1 never changes
    first.refresh_from_db()
    assert first.criteria_set == criteria
    # the new version scores capital per ha: 300 bn / 10 ha = 30 >= 25 -> 20 points
    second = services.screen(promoter, dossier)
    assert second.criteria_set == new
    assert (second.points, second.possible) == (D(30), D(70))
    assert second.percent == D("42.86")  # 30 / 70
    assert second.computed == "discuss"  # 42.86 >= 30, < 60


def test_an_unused_version_changes_in_place_and_no_change_saves_nothing(criteria, secretariat):
    same = revise(secretariat, criteria, recommend_at=None, discuss_at=None,
                  changes=changes_of(criteria), reason="")  # fmt: skip
    assert same.pk == criteria.pk
    assert same.version == criteria.version
    changed = revise(secretariat, criteria, recommend_at=D(50), discuss_at=None,
                     changes=changes_of(criteria), reason="Ngưỡng đề xuất")  # fmt: skip
    assert changed.pk == criteria.pk
    assert changed.recommend_at == D(50)
    assert CriteriaSet.objects.count() == 1


def test_revising_needs_the_secretariat_a_reason_and_consistent_marks(
    criteria, promoter, secretariat
):
    with pytest.raises(PermissionDenied):
        revise(promoter, criteria, recommend_at=D(50), discuss_at=None,
               changes=changes_of(criteria), reason="x")  # fmt: skip
    with pytest.raises(ValidationError):
        revise(secretariat, criteria, recommend_at=D(50), discuss_at=None,
               changes=changes_of(criteria), reason=" ")  # fmt: skip
    with pytest.raises(ValidationError):
        revise(secretariat, criteria, recommend_at=D(30), discuss_at=D(50),
               changes=changes_of(criteria), reason="x")  # fmt: skip


def test_confirm_or_override_with_a_reason_kept_in_the_history(
    criteria, promoter, dossier, secretariat
):
    revise(secretariat, criteria, recommend_at=D(60), discuss_at=D(15),
           changes=changes_of(criteria), reason="Ngưỡng")  # fmt: skip
    screening = services.screen(promoter, dossier)
    assert screening.computed == "discuss"  # 20% >= 15, < 60
    with pytest.raises(ValidationError):
        services.decide(promoter, screening, decision="overridden", recommendation="recommend")
    with pytest.raises(ValidationError):
        services.decide(promoter, screening, decision="overridden", recommendation="discuss",
                        reason="giống")  # fmt: skip
    services.decide(promoter, screening, decision="confirmed")
    assert (screening.decision, screening.recommendation) == ("confirmed", "discuss")
    services.decide(promoter, screening, decision="overridden", recommendation="recommend",
                    reason="Dự án chiến lược của tỉnh")  # fmt: skip
    screening.refresh_from_db()
    assert (screening.decision, screening.recommendation) == ("overridden", "recommend")
    assert screening.decided_by == promoter
    changes = ChangeRecord.objects.filter(object_id=str(screening.pk), action="update")
    befores = [c.before.get("decision") for c in changes]
    assert "" in befores
    assert "confirmed" in befores


def test_confirming_needs_a_rule_and_leadership_only_reads(criteria, promoter, leader, dossier):
    screening = services.screen(promoter, dossier)
    with pytest.raises(ValidationError):
        services.decide(promoter, screening, decision="confirmed")  # no marks: no rule
    with pytest.raises(PermissionDenied):
        services.decide(leader, screening, decision="overridden", recommendation="recommend",
                        reason="x")  # fmt: skip
    assert Screening.objects.restrict(leader, "view").filter(pk=screening.pk).exists()
    investor = UserFactory(username="nhadautu", role=Role.INVESTOR)
    assert not Screening.objects.restrict(investor, "view").exists()


def test_facts_are_saved_and_change_the_score(criteria, promoter, dossier):
    facts = services.save_facts(promoter, dossier, None, green="yes", high_tech="certified",
                                polluting_type="yes", tech_transfer="")  # fmt: skip
    score = services.preview(dossier)
    # priority 10 + high-tech 10 + green 10 + brown 0 + transfer unknown 0 = 30 of 50
    assert (score.points, score.possible, score.brown) == (D(30), D(50), True)
    assert services.save_facts(promoter, dossier, facts.version, green="yes") == facts


def test_a_park_norm_is_copied_into_the_next_version(criteria, promoter, dossier, secretariat):
    from xuctien.screening.models import ZoneNorm

    zone = ZoneFactory(code="KCN-N")
    ZoneNorm.objects.create(criterion=criteria.criteria.get(key="capital_per_ha"), zone=zone,
                            threshold=D(40), source_url="https://example.vn/kcn")  # fmt: skip
    services.screen(promoter, dossier)
    new = revise(secretariat, criteria, recommend_at=D(50), discuss_at=None,
                 changes=changes_of(criteria), reason="Ngưỡng")  # fmt: skip
    norm = new.criteria.get(key="capital_per_ha").zone_norms.get()
    assert (norm.zone, norm.threshold) == (zone, D(40))


def test_starting_criteria_load_once(criteria):
    assert criteria_module.load_starting_criteria().endswith("0 starting versions created")
    assert criteria.criteria.count() == 10
    assert all(c.threshold is None for c in criteria.criteria.all())


def test_a_park_norm_set_on_a_used_version_makes_the_next_one(
    criteria, promoter, dossier, secretariat
):
    from xuctien.screening.criteria import set_zone_norm

    zone = ZoneFactory(code="KCN-P")
    dossier.zone = zone
    dossier.save()
    services.screen(promoter, dossier)
    with pytest.raises(ValidationError):  # a norm keeps its source
        set_zone_norm(secretariat, criteria, key="capital_per_ha", zone=zone,
                      threshold=D(40), source_url="", reason="Định mức KCN")  # fmt: skip
    new = set_zone_norm(secretariat, criteria, key="capital_per_ha", zone=zone,
                        threshold=D(40), source_url="https://example.vn/kcn",
                        reason="Định mức KCN")  # fmt: skip
    assert new.number == 2
    assert not criteria.criteria.get(key="capital_per_ha").zone_norms.exists()
    # 300 bn / 10 ha = 30 < the park's 40 (the province has no norm): 0 of 10, counted
    result = services.preview(dossier).result("capital_per_ha")
    assert (result.status, result.threshold, result.norm_zone) == ("not_met", D(40), "KCN-P")
    same = set_zone_norm(secretariat, new, key="capital_per_ha", zone=zone, threshold=D(40),
                         source_url="https://example.vn/kcn", reason="")  # fmt: skip
    assert same.pk == new.pk
    removed = set_zone_norm(secretariat, new, key="capital_per_ha", zone=zone, threshold=None,
                            source_url="", reason="Bỏ định mức")  # fmt: skip
    assert removed.pk == new.pk  # unused: changed in place
    assert services.preview(dossier).result("capital_per_ha").status == "no_norm"
    with pytest.raises(PermissionDenied):
        set_zone_norm(promoter, new, key="capital_per_ha", zone=zone, threshold=D(1),
                      source_url="https://example.vn", reason="x")  # fmt: skip
