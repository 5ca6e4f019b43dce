"""DRF's browsable API within the site's Content-Security-Policy (``style-src 'self'``).

DRF's page styles two things inline: pygments' colours for the response, in a ``<style>``
block, and the right-floated "Filters" and "Extra Actions" buttons, in a ``style``
attribute. The colours come from ``static/css/api.css`` instead, and the attribute is
swapped for a data attribute that file styles, so the page needs no exception to the policy.
"""

from rest_framework import renderers

#: The one inline style of DRF's ``rest_framework/base.html``, and what replaces it.
INLINE_STYLE = ' style="float: right; margin-right: 10px"'
STYLED_BY_FILE = " data-xt-api-right"


class BrowsableAPIRenderer(renderers.BrowsableAPIRenderer):
    def get_context(self, data, accepted_media_type, renderer_context):  # type: ignore[no-untyped-def]
        context = super().get_context(data, accepted_media_type, renderer_context)
        context["code_style"] = ""  # static/css/api.css holds the colours
        return context

    def render(self, data, accepted_media_type=None, renderer_context=None):  # type: ignore[no-untyped-def]
        html = super().render(data, accepted_media_type, renderer_context)
        return html.replace(INLINE_STYLE, STYLED_BY_FILE)
