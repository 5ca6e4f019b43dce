"""The data step of the migrations that made every domain record belong to a province.

Rows written before provinces were scopes all belong to the installation's one province:
the existing ``Province``, or one made from the province-level locality when there is
none yet. An empty database needs nothing. Used by one migration per app (decision 0019).
"""

import unicodedata
from collections.abc import Callable
from typing import Any


def _slug(name: str) -> str:
    bare = "".join(c for c in unicodedata.normalize("NFD", name) if not unicodedata.combining(c))
    bare = bare.replace("đ", "d").replace("Đ", "D").lower()
    for prefix in ("tinh ", "thanh pho "):
        bare = bare.removeprefix(prefix)
    return "-".join("".join(c if c.isalnum() else " " for c in bare).split())


def the_province(apps: Any) -> Any:
    """The one province, made from the province locality if needed; None if neither exists."""
    Province = apps.get_model("core", "Province")
    Locality = apps.get_model("core", "Locality")
    provinces = list(Province.objects.all()[:2])
    if len(provinces) > 1:
        raise RuntimeError("several provinces exist: say which one each unscoped row is in")
    if provinces:
        return provinces[0]
    locality = Locality.objects.filter(kind="province", parent=None).order_by("pk").first()
    if locality is None:
        return None
    return Province.objects.create(
        code=locality.code,
        slug=_slug(locality.name_vi),
        name_vi=locality.name_vi,
        name_en=locality.name_en,
        locality=locality,
        valid_from=locality.valid_from,
        valid_to=locality.valid_to,
        source_url=locality.source_url,
    )


def fill(app_label: str, *model_names: str) -> Callable[[Any, Any], None]:
    """A RunPython step putting every row of ``model_names`` without a province into it."""

    def step(apps: Any, schema_editor: Any) -> None:
        models = [apps.get_model(app_label, name) for name in model_names]
        unscoped = [m for m in models if m.objects.filter(province=None).exists()]
        if not unscoped:
            return
        province = the_province(apps)
        if province is None:
            names = ", ".join(m._meta.model_name for m in unscoped)
            raise RuntimeError(f"rows of {names} exist but no province (nor province locality)")
        for model in unscoped:
            model.objects.filter(province=None).update(province=province)

    return step


def home_memberships(apps: Any, schema_editor: Any) -> None:
    """Every existing person holds their role in the one province, their home province."""
    User = apps.get_model("core", "User")
    Membership = apps.get_model("core", "Membership")
    people = User.objects.exclude(role__in=["national", "national_admin"])
    if not people.exists():
        return
    province = the_province(apps)
    if province is None:
        return  # no province yet: the memberships come with it
    for user in people.filter(province=None):
        user.province = province
        user.save(update_fields=["province"])
        Membership.objects.get_or_create(
            user=user,
            province=province,
            defaults={"role": user.role, "agency_id": user.agency_id, "zone_id": user.zone_id},
        )
