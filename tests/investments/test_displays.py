"""Choices shown per row (an investor's country, a project's stage) read from dictionaries
per language, showing what Django's ``_get_FIELD_display`` shows."""

from django.utils import translation


def test_an_investors_country_display_is_djangos():
    """``Investor.get_country_display`` reads the names' dictionary, not the callable
    choices anew: what it shows is Django's own ``_get_FIELD_display``."""
    from django.db.models import Model

    from xuctien.investments.models import Investor

    for language in ("vi", "en"):
        with translation.override(language):
            for code in ("KR", "HK", "TW", "VN", "", "Q9"):
                investor = Investor(name="X", country=code)
                field = Investor._meta.get_field("country")
                expected = Model._get_FIELD_display(investor, field)
                assert investor.get_country_display() == expected, (language, code)


def test_a_projects_stage_display_is_djangos():
    """``Project.get_stage_display`` reads a dictionary of labels per language: what it
    shows is Django's own ``_get_FIELD_display``."""
    from django.db.models import Model

    from xuctien.investments.models import Project
    from xuctien.investments.stages import Stage

    field = Project._meta.get_field("stage")
    for language in ("vi", "en", "vi"):
        with translation.override(language):
            for stage in [*Stage.values, "nonsense", ""]:
                project = Project(name="X", stage=stage)
                assert project.get_stage_display() == Model._get_FIELD_display(project, field)
