"""The portal's writes from the public side: inquiries and investor accounts.

Each service runs in one transaction and records history under the acting user (None for
an anonymous visitor, which the history shows as the system).
"""

import logging
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from xuctien import history
from xuctien.core.roles import MANAGE_PROGRAMME, Role
from xuctien.investments import routing
from xuctien.investments import services as pipeline
from xuctien.investments.access import PROMOTION_AGENCY_KINDS
from xuctien.investments.models import Contact, Interaction, Investor, Project, Sector, Stage
from xuctien.portal import membership
from xuctien.portal.models import Inquiry, Invitation, MemberRole, Membership
from xuctien.portal.permissions import invites_owners

log = logging.getLogger(__name__)
INQUIRY_NOTE = "Inquiry via the investor portal"  # an internal note: never on a page


# --- Inquiries ---------------------------------------------------------------------


def submit_inquiry(data: dict[str, Any], *, language: str, province: Any = None) -> Inquiry:
    """Record an inquiry and turn it into a lead: investor, contact, project, interaction.

    ``data`` is the inquiry form's cleaned data. The investor is found by name (case
    ignored) or created; the project starts at stage "lead" and is real (not synthetic).
    The Centre's staff are emailed once the transaction commits.
    """
    with transaction.atomic(), history.acting_as(None):
        investor = _find_or_create_investor(data["company"], data["country"])
        contact = Contact.objects.create(
            investor=investor,
            name=data["contact_name"],
            email=data["email"],
            phone=data.get("phone", ""),
            language=language,
        )
        today = timezone.localdate()
        sector = data.get("sector")
        section = sector.section if sector else ""
        routed = routing.route_lead(section, data["country"], today, province=province)
        project = _register_lead(
            investor, sector, data.get("land_ha"), routed.owner, province, zone=data.get("zone")
        )
        pipeline.record_interaction(
            None,
            investor=investor,
            project=project,
            kind=Interaction.Kind.PORTAL_INQUIRY,
            date=today,
            notes=data["message"],
            contacts=[contact],
            next_step=first_next_step(language),
            next_step_owner=routed.owner,
            next_step_due=routed.due,
        )
        inquiry = Inquiry.objects.create(
            **{k: data.get(k) for k in ("company", "country", "contact_name", "email")},
            phone=data.get("phone", ""),
            sector=data.get("sector"),
            land_ha=data.get("land_ha"),
            message=data["message"],
            language=language,
            consent_at=timezone.now(),
            project=project,
            province=project.province,
        )
        transaction.on_commit(lambda: notify_staff(inquiry))
    return inquiry


def _find_or_create_investor(name: str, country: str) -> Investor:
    name = " ".join(name.split())
    found = Investor.objects.filter(name__iexact=name).order_by("pk").first()
    if found is not None:
        return found
    return Investor.objects.create(name=name, country=country, note=INQUIRY_NOTE)


def first_next_step(language: str) -> str:
    """The first thing to do with a new lead, in Vietnamese, the staff's working language."""
    with translation.override("vi"):
        try:
            name = translation.get_language_info(language)["name_translated"].lower()
        except KeyError:
            name = language
        return _("Answer the inquiry (in %(language)s) and propose a first call.") % {
            "language": name
        }


def _register_lead(
    investor: Investor,
    sector: Sector | None,
    land: Decimal | None,
    owner: Any,
    province: Any,
    zone: Any = None,
) -> Project:
    """The lead, in the province whose portal received the inquiry (the only one, if none
    is given)."""
    what = sector.name if sector is not None else _("inquiry")
    extra = {"province": province} if province is not None else {}
    return pipeline.register_project(
        None,
        **extra,
        name=f"{investor.name}: {what}"[:300],
        investors=[investor],
        stage=Stage.LEAD,
        sector=sector,
        land_ha=land,
        zone=zone,
        fdi=investor.country not in ("", "VN"),
        is_synthetic=False,
        note=INQUIRY_NOTE,
        owner=owner,
    )


def staff_to_notify() -> list[str]:
    """Email addresses of the secretariat and the promotion agencies' officers."""
    users = get_user_model().objects.filter(is_active=True).exclude(email="")
    users = users.filter(
        Q(role__in=MANAGE_PROGRAMME, is_superuser=False)
        | Q(role=Role.AGENCY, agency__kind__in=PROMOTION_AGENCY_KINDS)
    )
    return sorted(set(users.values_list("email", flat=True)))


def notify_staff(inquiry: Inquiry) -> None:
    """Tell the Centre a new inquiry arrived (no personal data in the mail: a link)."""
    recipients = staff_to_notify()
    if not recipients or inquiry.project_id is None:
        return
    link = settings.SITE_URL.rstrip("/") + reverse(
        "investments:project-detail", args=[inquiry.project_id]
    )
    subject = f"[Xúc Tiến] {INQUIRY_NOTE}: {inquiry.company}"
    body = f"{INQUIRY_NOTE}.\n{inquiry.company} ({inquiry.country})\n{link}\n"
    try:
        send_mail(subject, body, None, recipients)
    except OSError:  # the lead is saved; a mail server being down must not lose it
        log.exception("could not email the inquiry notification")


# --- Investor accounts ---------------------------------------------------------------


def invite(user: Any, *, investor: Investor, email: str, role: str = MemberRole.STAFF) -> str:
    """Invite ``email`` to ``investor``'s account; returns the link (also emailed).

    A company's owner invites staff; the pipeline's staff may invite an owner or staff.
    """
    if not (
        invites_owners(user) or (role == MemberRole.STAFF and membership.is_owner(user, investor))
    ):
        raise PermissionDenied(_("You may not invite people to this company."))
    with transaction.atomic(), history.acting_as(user):
        invitation, token = Invitation.issue(
            investor=investor, email=email.strip().lower(), role=role, invited_by=user
        )
    link = settings.SITE_URL.rstrip("/") + reverse("portal:invitation-accept", args=[token])
    transaction.on_commit(lambda: _send_invitation(invitation, link))
    return link


def _send_invitation(invitation: Invitation, link: str) -> None:
    subject = _("Invitation to the investor portal of %(company)s") % {
        "company": invitation.investor.name
    }
    body = _(
        "You are invited to act for %(company)s on the Xúc Tiến investor portal.\n"
        "Open this link within 7 days to choose your password:\n%(link)s\n"
    ) % {"company": invitation.investor.name, "link": link}
    send_mail(subject, body, None, [invitation.email])


def accept_invitation(token: str, *, username: str, password: str, full_name: str = "") -> Any:
    """Create the invited person's investor account and membership; the link is used up.

    Raises ``ValidationError`` when the token is unknown, used, revoked or expired.
    """
    with transaction.atomic(), history.acting_as(None):
        invitation = Invitation.find(token)
        claimed = invitation is not None and Invitation.objects.filter(
            pk=invitation.pk, accepted_at__isnull=True
        ).update(accepted_at=timezone.now())
        if not claimed:
            raise ValidationError(_("This invitation link is invalid or has expired."))
        user = _create_investor_user(invitation, username, password, full_name)
        Membership.objects.create(
            user=user,
            investor=invitation.investor,
            role=invitation.role,
            invited_by=invitation.invited_by,
            accepted_at=timezone.now(),
        )
    return user


def _create_investor_user(invitation: Invitation, username: str, password: str, name: str) -> Any:
    first, _sep, last = name.strip().rpartition(" ")
    user = get_user_model()(
        username=username,
        email=invitation.email,
        role=Role.INVESTOR,
        first_name=first,
        last_name=last,
    )
    user.set_password(password)
    user.save()
    return user


def revoke_invitation(user: Any, invitation: Invitation) -> None:
    """Withdraw an unused invitation (its company's owner or the pipeline's staff)."""
    if not (invites_owners(user) or membership.is_owner(user, invitation.investor)):
        raise PermissionDenied(_("You may not do this."))
    with transaction.atomic(), history.acting_as(user):
        invitation.revoked = True
        invitation.save(update_fields=["revoked"])
