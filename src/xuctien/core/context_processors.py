from django.http import HttpRequest

from xuctien.core import navigation


def navigation_items(request: HttpRequest) -> dict:
    return {"nav_items": navigation.items_for(request.user)}
