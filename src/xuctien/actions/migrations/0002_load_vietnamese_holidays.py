"""Load Vietnam's public holidays, days off in lieu and make-up days for 2025–2027."""

from django.db import migrations


def load(apps, schema_editor):
    from xuctien.actions.holidays import shipped_holidays

    holiday = apps.get_model("actions", "Holiday")
    for row in shipped_holidays():
        row.pop("source_url", None)  # the column came with 0003
        holiday.objects.update_or_create(date=row.pop("date"), defaults=row)


def unload(apps, schema_editor):
    from xuctien.actions.holidays import shipped_holidays

    holiday = apps.get_model("actions", "Holiday")
    holiday.objects.filter(date__in=[r["date"] for r in shipped_holidays()]).delete()


class Migration(migrations.Migration):
    dependencies = [("actions", "0001_tasks_reports_calendar")]

    operations = [migrations.RunPython(load, unload)]
