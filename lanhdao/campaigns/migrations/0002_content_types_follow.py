# The models of the campaigns moved from reports to campaigns with their tables: their content types follow, so the audit rows
# written before the move keep their histories (lanhdao.core.migration_ops).

from django.db import migrations

from lanhdao.core.migration_ops import move_content_types


class Migration(migrations.Migration):

    dependencies = [
        ('campaigns', '0001_initial'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('audit', '0001_initial'),
    ]

    operations = [
        move_content_types(('campaign', 'campaignreport'), 'reports', 'campaigns'),
    ]
