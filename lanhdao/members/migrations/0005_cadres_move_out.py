# The cadre work became its own app (lanhdao.cadres). Its models leave members' state only: their tables
# (members_positionheld, members_successionentry, members_training, members_movement, members_nomination) and rows stay
# where they are and cadres' 0001_initial takes them over (Meta.db_table).

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('members', '0004_member_event_indexes'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name='PositionHeld'),
                migrations.DeleteModel(name='SuccessionEntry'),
                migrations.DeleteModel(name='Training'),
                migrations.DeleteModel(name='Movement'),
                migrations.DeleteModel(name='Nomination'),
            ],
            database_operations=[],
        ),
    ]
