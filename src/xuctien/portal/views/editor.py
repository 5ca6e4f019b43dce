"""The Centre's editor pages: articles (with images), public pages and opportunities."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, ListView, UpdateView

from xuctien.core.forms import form_status
from xuctien.core.models import ChangeRecord
from xuctien.models import StaleObjectError
from xuctien.portal import publishing
from xuctien.portal.forms import ArticleForm, ArticleImageForm, OpportunityForm, PageForm
from xuctien.portal.models import Article, InvestmentOpportunity, Page, PageSlot
from xuctien.portal.views.base import EditorRequiredMixin


class EditorHomeView(EditorRequiredMixin, ListView):
    """Every article (drafts too), the public pages and the opportunities."""

    template_name = "portal/editor/home.html"
    context_object_name = "articles"
    paginate_by = 30

    def get_queryset(self) -> QuerySet:
        return Article.objects.prefetch_related("translations").order_by("-date", "-id")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        pages = {page.slot: page for page in Page.objects.prefetch_related("translations")}
        slots = [(slot, label, pages.get(slot)) for slot, label in PageSlot.choices]
        opportunities = InvestmentOpportunity.objects.prefetch_related("translations")
        return super().get_context_data(slots=slots, opportunities=opportunities, **kwargs)


class TranslatedEditView(EditorRequiredMixin, UpdateView):
    """Create or edit a translated record through a ``publishing`` service."""

    def get_object(self, queryset: QuerySet | None = None) -> Any:
        if "pk" not in self.kwargs:
            return self.new_object()
        return get_object_or_404(self.model, pk=self.kwargs["pk"])

    def new_object(self) -> Any:
        return self.model()

    def form_valid(self, form: Any) -> HttpResponse:
        try:
            self.object = self.save(form)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        except StaleObjectError:
            form.add_stale_error(form.instance)
            return self.form_invalid(form)
        messages.success(self.request, _("Saved."))
        return HttpResponseRedirect(self.get_success_url())

    def form_invalid(self, form: Any) -> HttpResponse:
        context = self.get_context_data(form=form)
        return self.render_to_response(context, status=form_status(form))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        if self.object is not None and self.object.pk:
            # The words live in one row per language: their changes belong to the record.
            records = [self.object, *self.object.translations.all()]
            context["history"] = ChangeRecord.objects.for_objects(records)[:50]
        return context

    def get_success_url(self) -> str:
        return reverse("portal:editor")


class ArticleEditView(TranslatedEditView):
    model = Article
    form_class = ArticleForm
    template_name = "portal/editor/article_form.html"

    def new_object(self) -> Article:
        return Article(date=timezone.localdate())

    def save(self, form: ArticleForm) -> Article:
        return publishing.save_article(
            self.request.user,
            form.instance,
            translations=form.translations(),
            relations=form.relations(),
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        images = self.object.images.all() if self.object.pk else []
        return super().get_context_data(images=images, image_form=ArticleImageForm(), **kwargs)

    def get_success_url(self) -> str:
        return reverse("portal:article-edit", args=[self.object.pk])


class ArticleStatusView(EditorRequiredMixin, View):
    """Publish or withdraw an article."""

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        article = get_object_or_404(Article, pk=pk)
        publishing.set_article_status(request.user, article, request.POST.get("status", ""))
        messages.success(request, _("Saved."))
        return HttpResponseRedirect(reverse("portal:editor"))


class ImageUploadView(EditorRequiredMixin, FormView):
    """Upload an image for an article; its address is then written into the body."""

    form_class = ArticleImageForm
    template_name = "portal/editor/image_form.html"

    def form_valid(self, form: ArticleImageForm) -> HttpResponse:
        article = get_object_or_404(Article, pk=self.kwargs["pk"])
        try:
            image = publishing.upload_image(
                self.request.user,
                form.cleaned_data["file"],
                alt=form.cleaned_data["alt"],
                article=article,
            )
        except ValidationError as error:
            form.add_error("file", error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _('Image uploaded. Show it with <img src="%(src)s" alt="…">.')
            % {"src": image.get_absolute_url()},
        )
        return HttpResponseRedirect(reverse("portal:article-edit", args=[article.pk]))


class PageEditView(TranslatedEditView):
    model = Page
    form_class = PageForm
    template_name = "portal/editor/page_form.html"

    def get_object(self, queryset: QuerySet | None = None) -> Page:
        slot = self.kwargs["slot"]
        if slot not in PageSlot.values:
            from django.http import Http404

            raise Http404
        return Page.objects.filter(slot=slot).first() or Page(slot=slot)

    def save(self, form: PageForm) -> Page:
        return publishing.save_page(
            self.request.user, form.instance, translations=form.translations()
        )


class OpportunityEditView(TranslatedEditView):
    model = InvestmentOpportunity
    form_class = OpportunityForm
    template_name = "portal/editor/opportunity_form.html"

    def save(self, form: OpportunityForm) -> InvestmentOpportunity:
        return publishing.save_opportunity(
            self.request.user,
            form.instance,
            translations=form.translations(),
            priority_groups=form.cleaned_data.get("priority_groups") or [],
        )
