# The review campaigns became their own app (lanhdao.campaigns). Their models leave reports' state only: their tables
# (reports_campaign, reports_campaignreport) and rows stay where they are and campaigns' 0001_initial takes them over
# (Meta.db_table). The two models point at each other (a report's campaign, a campaign's relay_of): the relay link goes
# first so that neither is deleted while the other still points at it.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('reports', '0005_campaign_figures_confidential'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(model_name='campaign', name='relay_of'),
                migrations.DeleteModel(name='CampaignReport'),
                migrations.DeleteModel(name='Campaign'),
            ],
            database_operations=[],
        ),
    ]
