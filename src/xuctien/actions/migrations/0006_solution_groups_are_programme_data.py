"""Solution groups become programme data: a task's group code turns into a link to its
programme's group of that code, created with the label the code had when it was a fixed
list (a task without a programme loses a group it cannot be filed under)."""

import django.db.models.deletion
from django.db import migrations, models

#: The labels of the fixed list this replaces, to name the groups the tasks already used.
LEGACY = {
    "sites": ("Quy hoạch mặt bằng sản xuất", "Production-site planning"),
    "infrastructure": ("Hạ tầng", "Infrastructure"),
    "human_resources": ("Nguồn nhân lực", "Human resources"),
    "admin_reform": (
        "Cải cách hành chính và môi trường kinh doanh",
        "Administrative reform and business environment",
    ),
}


def to_links(apps, schema_editor):
    Task = apps.get_model("actions", "Task")
    SolutionGroup = apps.get_model("programmes", "SolutionGroup")
    for task in Task.objects.exclude(solution_group_code="").exclude(programme=None):
        vi, en = LEGACY.get(task.solution_group_code, (task.solution_group_code,) * 2)
        group, _created = SolutionGroup.objects.get_or_create(
            programme_id=task.programme_id,
            code=task.solution_group_code,
            defaults={
                "name_vi": vi,
                "name_en": en,
                "order": list(LEGACY).index(task.solution_group_code) + 1
                if task.solution_group_code in LEGACY
                else 0,
                "takes_reform_tasks": task.solution_group_code == "admin_reform",
            },
        )
        Task.objects.filter(pk=task.pk).update(solution_group=group)


def to_codes(apps, schema_editor):
    Task = apps.get_model("actions", "Task")
    for task in Task.objects.exclude(solution_group=None).select_related("solution_group"):
        Task.objects.filter(pk=task.pk).update(solution_group_code=task.solution_group.code)


class Migration(migrations.Migration):
    dependencies = [
        ("actions", "0005_province_scope"),
        ("programmes", "0005_registry_feeds_and_solution_groups"),
    ]

    operations = [
        migrations.RenameField("task", "solution_group", "solution_group_code"),
        migrations.AddField(
            model_name="task",
            name="solution_group",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="tasks",
                to="programmes.solutiongroup",
                verbose_name="solution group",
            ),
        ),
        migrations.RunPython(to_links, to_codes),
        migrations.RemoveField("task", "solution_group_code"),
    ]
