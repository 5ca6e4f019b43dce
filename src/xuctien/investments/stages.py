"""The stages a project goes through, from a lead to a plant, and the exits."""

from functools import cache

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _


class Stage(models.TextChoices):
    LEAD = "lead", _("Lead")
    PROSPECT = "prospect", _("Prospect")
    SITE_VISIT = "site_visit", _("Site visit")
    DOSSIER = "dossier", _("Dossier submitted")
    POLICY_APPROVED = "policy_approved", _("Investment policy approved")
    IRC_ISSUED = "irc_issued", _("IRC issued")
    LAND_HANDED_OVER = "land_handed_over", _("Land handed over")
    UNDER_CONSTRUCTION = "under_construction", _("Under construction")
    OPERATING = "operating", _("Operating")
    ON_HOLD = "on_hold", _("On hold")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    TERMINATED = "terminated", _("Terminated")


#: The way forward, in order.
PIPELINE: tuple[str, ...] = (
    Stage.LEAD,
    Stage.PROSPECT,
    Stage.SITE_VISIT,
    Stage.DOSSIER,
    Stage.POLICY_APPROVED,
    Stage.IRC_ISSUED,
    Stage.LAND_HANDED_OVER,
    Stage.UNDER_CONSTRUCTION,
    Stage.OPERATING,
)
#: Leaving the way forward needs a reason.
EXITS: tuple[str, ...] = (Stage.ON_HOLD, Stage.WITHDRAWN, Stage.TERMINATED)
#: Stages before the IRC: the confidential part of the pipeline.
PRE_IRC: tuple[str, ...] = PIPELINE[: PIPELINE.index(Stage.IRC_ISSUED)]
#: Stages at which a project holds an IRC.
POST_IRC: tuple[str, ...] = PIPELINE[PIPELINE.index(Stage.IRC_ISSUED) :]


@cache
def _labels(language: str | None) -> dict[str, str]:
    """Each stage's label in ``language`` (the active one when first asked)."""
    return {value: str(label) for value, label in Stage.choices}


def label(stage: str) -> str:
    """What ``Project.get_stage_display`` shows: the stage's label in the active language
    (the value itself if unknown), without Django's per-call dictionary of the choices and
    lazy translation (~0.1 ms a row of the project list)."""
    return _labels(translation.get_language()).get(stage, stage)


def next_stage(stage: str) -> str | None:
    """The following stage on the way forward (None at the end or from an exit)."""
    if stage not in PIPELINE or stage == PIPELINE[-1]:
        return None
    return PIPELINE[PIPELINE.index(stage) + 1]


def previous_stage(stage: str) -> str | None:
    """The preceding stage on the way forward (None at the start or from an exit)."""
    if stage not in PIPELINE or stage == PIPELINE[0]:
        return None
    return PIPELINE[PIPELINE.index(stage) - 1]
