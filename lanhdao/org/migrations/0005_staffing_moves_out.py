# Staffing became its own app (lanhdao.staffing). Its models leave org's state only: their tables (org_staffingquota,
# org_streamliningtarget) and rows stay where they are and staffing's 0001_initial takes them over (Meta.db_table).

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('org', '0004_staffing'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name='StaffingQuota'),
                migrations.DeleteModel(name='StreamliningTarget'),
            ],
            database_operations=[],
        ),
    ]
