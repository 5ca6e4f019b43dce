"""The pages, walked through as each person uses them."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.investments.factories import InvestorFactory
from xuctien.aftercare import services
from xuctien.aftercare.models import Category, Request, RoutingRule, Status

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def _detail(req):
    return reverse("aftercare:request-detail", args=[req.pk])


def test_an_investor_files_a_request_with_a_picture(client, investor_member, company, land_rule):
    client.force_login(investor_member)
    form = client.get(reverse("aftercare:request-add"))
    assert "channel" not in form.context["form"].fields
    response = client.post(
        reverse("aftercare:request-add"),
        {
            "enterprise": company.pk,
            "category": Category.LAND,
            "title": "Mặt bằng",
            "description": "Chưa bàn giao.",
            "files": [SimpleUploadedFile("anh.png", PNG)],
        },
    )
    req = Request.objects.get()
    assert response["Location"] == _detail(req)
    assert (req.channel, req.status, req.submitted_by) == ("portal", "assigned", investor_member)
    attachment = req.attachments.get()
    assert attachment.original_name == "anh.png"
    assert "anh" not in attachment.file.name  # stored under a random name


def test_the_secretariat_records_a_letter_for_any_company(client, secretariat, land_rule):
    company = InvestorFactory()
    client.force_login(secretariat)
    client.post(
        reverse("aftercare:request-add"),
        {
            "enterprise": company.name,  # typed: the nation's enterprises are not listed
            "category": Category.LAND,
            "title": "Công văn",
            "description": "Theo công văn số 12.",
            "channel": "letter",
            "received_on": "2025-01-23",
        },
    )
    req = Request.objects.get()
    assert (req.channel, req.received_on) == ("letter", date(2025, 1, 23))


def test_the_officer_answers_on_the_page(client, officer, land_request):
    client.force_login(officer)
    page = client.get(_detail(land_request))
    [assignment] = page.context["assignments"]
    assert assignment.can_answer
    client.post(reverse("aftercare:assignment-answer", args=[assignment.pk]), {"answer": "Xong."})
    land_request.refresh_from_db()
    assert land_request.status == Status.ANSWERED


def test_another_agencys_officer_sees_no_answer_form_and_cannot_read(
    client, other_officer, land_request
):
    client.force_login(other_officer)
    assert client.get(_detail(land_request)).status_code == 404


def test_the_enterprise_rates_and_closes_on_the_page(
    client, officer, investor_member, land_request
):
    services.answer(officer, land_request.assignments.get(), "Xong.")
    client.force_login(investor_member)
    page = client.get(_detail(land_request))
    assert page.context["rating_form"] is not None
    client.post(reverse("aftercare:request-rate", args=[land_request.pk]), {"score": 5})
    client.post(reverse("aftercare:request-close", args=[land_request.pk]))
    land_request.refresh_from_db()
    assert land_request.status == Status.CLOSED
    assert land_request.ratings.get().score == 5
    assert client.get(_detail(land_request)).context["rating_form"] is None


def test_an_investor_does_not_see_the_internal_history(client, investor_member, land_request):
    client.force_login(investor_member)
    assert "history" not in client.get(_detail(land_request)).context


def test_reopening_on_the_page_needs_a_reason(client, officer, investor_member, land_request):
    services.answer(officer, land_request.assignments.get(), "Xong.")
    client.force_login(investor_member)
    client.post(reverse("aftercare:request-reopen", args=[land_request.pk]), {"reason": ""})
    land_request.refresh_from_db()
    assert land_request.status == Status.ANSWERED
    client.post(reverse("aftercare:request-reopen", args=[land_request.pk]), {"reason": "Chưa."})
    land_request.refresh_from_db()
    assert land_request.status == Status.REOPENED


def test_the_secretariat_is_told_when_it_closes_too_early(
    client, secretariat, officer, land_request
):
    services.answer(officer, land_request.assignments.get(), "Xong.")
    client.force_login(secretariat)
    response = client.post(reverse("aftercare:request-close", args=[land_request.pk]), follow=True)
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    land_request.refresh_from_db()
    assert land_request.status == Status.ANSWERED


def test_the_secretariat_splits_and_reassigns_on_the_page(
    client, secretariat, land_request, other_agency, agency
):
    client.force_login(secretariat)
    client.post(
        reverse("aftercare:request-route", args=[land_request.pk]), {"agencies": [other_agency.pk]}
    )
    assert land_request.current_assignments().count() == 2
    own = land_request.assignments.get(agency=agency)
    third = type(agency).objects.create(code="TNMT", name_vi="Sở TN&MT", kind="department")
    client.post(reverse("aftercare:assignment-reassign", args=[own.pk]), {"agency": third.pk})
    own.refresh_from_db()
    assert own.withdrawn


def test_the_secretariat_edits_the_routing_table(client, secretariat, agency, land_rule):
    client.force_login(secretariat)
    page = client.get(reverse("aftercare:routing"))
    rows = page.context["formset"].initial
    assert len(rows) == len(Category.choices)
    data = {"form-TOTAL_FORMS": len(rows), "form-INITIAL_FORMS": len(rows)}
    for i, row in enumerate(rows):
        data[f"form-{i}-category"] = row["category"]
        data[f"form-{i}-agency"] = row["agency"] or ""
        data[f"form-{i}-working_days"] = row["working_days"] or ""
    labour = [r["category"] for r in rows].index("labour")
    data[f"form-{labour}-agency"], data[f"form-{labour}-working_days"] = agency.pk, 7
    response = client.post(reverse("aftercare:routing"), data)
    assert response.status_code == 302
    assert RoutingRule.objects.get(category="labour").working_days == 7


def test_the_escalation_queue_lists_late_requests_by_level(client, leader, land_request):
    services.escalate_overdue(date(2025, 2, 7))
    client.force_login(leader)
    response = client.get(reverse("aftercare:escalations"))
    assert list(response.context["secretariat"]) == [land_request]


def test_the_scorecard_page_shows_the_figures(client, officer, land_request, investor_member):
    services.answer(officer, land_request.assignments.get(), "Xong.", today=date(2025, 2, 5))
    land_request.refresh_from_db()
    services.rate(investor_member, land_request, 4, today=date(2025, 2, 6))
    client.force_login(officer)
    response = client.get(reverse("aftercare:scorecard"), {"year": 2025, "period": "year"})
    [total] = response.context["totals"]
    assert (total.on_time, str(total.average_rating)) == (1, "4.00")
    assert b'data-figure="average-rating"' in response.content


def test_the_request_list_filters_by_category_and_lateness(
    client, secretariat, land_request, investor_member, company, permit_rule
):
    permit = services.submit_request(
        investor_member,
        company,
        category=Category.CONSTRUCTION,
        title="Giấy phép",
        description="x",
    )
    client.force_login(secretariat)
    url = reverse("aftercare:request-list")
    assert list(client.get(url, {"category": "construction"}).context["requests"]) == [permit]
    assert list(client.get(url, {"overdue": "true"}).context["requests"]) == [land_request]


def test_the_request_list_needs_few_queries(client, secretariat, land_request, other_request):
    client.force_login(secretariat)
    url = reverse("aftercare:request-list")
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    assert len(queries) <= 12


def test_emptying_a_rules_agency_removes_the_rule(secretariat, land_rule):
    services.save_rule(secretariat, "land", None, None)
    assert not RoutingRule.objects.exists()


def test_a_request_is_routed_only_to_its_own_province_s_agencies(
    client, secretariat, land_request, agency
):
    from tests.factories import AgencyFactory, ProvinceFactory

    elsewhere = AgencyFactory(code="SCT", province=ProvinceFactory(code="HP"))
    client.force_login(secretariat)
    page = client.get(_detail(land_request))
    assert list(page.context["route_form"].fields["agencies"].queryset) == [agency]
    assert elsewhere not in page.context["reassign_form"].fields["agency"].queryset
    url = reverse("aftercare:request-route", args=[land_request.pk])
    client.post(url, {"agencies": [elsewhere.pk], "working_days": 5})
    assert not land_request.assignments.filter(agency=elsewhere).exists()
