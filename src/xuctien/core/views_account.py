"""A signed-in person's own account pages: their API tokens."""

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from xuctien.core import tokens
from xuctien.core.forms import Form
from xuctien.core.models import ApiToken


class TokenForm(Form):
    name = forms.CharField(
        label=gettext_lazy("Name"),
        max_length=100,
        help_text=gettext_lazy("What will use it, e.g. “monthly statistics export”."),
    )


class TokenListView(LoginRequiredMixin, View):
    """The person's tokens; a new one is created here and its key shown this once."""

    template_name = "core/account/tokens.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        return self.render(TokenForm())

    def post(self, request: HttpRequest) -> HttpResponse:
        form = TokenForm(request.POST)
        if not form.is_valid():
            return self.render(form, status=422)
        try:
            token, key = tokens.create_token(request.user, form.cleaned_data["name"])
        except ValidationError as error:
            form.add_error("name", error.messages)
            return self.render(form, status=422)
        return self.render(TokenForm(), new_token=token, new_key=key, status=201)

    def render(self, form: TokenForm, status: int = 200, **extra: Any) -> HttpResponse:
        mine = ApiToken.objects.restrict(self.request.user, "view")
        context = {"form": form, "tokens": mine, **extra}
        response = render(self.request, self.template_name, context, status=status)
        response["Cache-Control"] = "no-store"  # the page may carry a key
        return response


class TokenRevokeView(LoginRequiredMixin, View):
    """Revoke one of the person's tokens (POST only); someone else's is not found."""

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        token = get_object_or_404(ApiToken.objects.restrict(request.user, "change"), pk=pk)
        tokens.revoke_token(request.user, token)
        messages.success(request, _("The token “%(name)s” was revoked.") % {"name": token.name})
        return HttpResponseRedirect(reverse("account-tokens"))
