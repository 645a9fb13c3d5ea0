import os
import subprocess
import sys

from django.core.management import call_command

from lanhdao.accounts.models import User
from lanhdao.accounts.selectors import units_for
from lanhdao.audit.models import AuditEntry
from lanhdao.org.demo import DEMO_PASSWORD, DEMO_USERS
from lanhdao.org.kinds import UnitKind as K
from lanhdao.org.models import Unit


def test_demo_loads_a_realistic_province_once(db, capsys):
    call_command("demo", no_serve=True)
    kinds = set(Unit.objects.values_list("kind", flat=True))
    assert {
        K.PROVINCE_COMMITTEE,
        K.DISTRICT_COMMITTEE,
        K.COMMUNE_COMMITTEE,
        K.GRASSROOTS_COMMITTEE,
        K.GRASSROOTS_CELL,
        K.CELL,
        K.EXECUTIVE_COMMITTEE,
        K.STANDING_BOARD,
        K.STANDING_MEMBERS,
        K.PEOPLES_COUNCIL,
        K.PEOPLES_COMMITTEE,
        K.DEPARTMENT,
        K.FATHERLAND_FRONT,
        K.MASS_ORGANISATION,
    } <= kinds
    # the province of Thái Nguyên (the reports demo adds the article districts under their own provinces)
    province = Unit.objects.filter(path__startswith=Unit.objects.get(code="TU19").path)
    assert province.filter(kind=K.DISTRICT_COMMITTEE).count() == 9
    assert province.filter(kind=K.COMMUNE_COMMITTEE).count() == 172
    assert Unit.objects.get(code="HU165").name == "Thành ủy Sông Công"
    assert AuditEntry.objects.filter(action="create").count() >= Unit.objects.count()
    count = Unit.objects.count()
    call_command("demo", no_serve=True)
    assert Unit.objects.count() == count
    assert "already loaded" in capsys.readouterr().out


def test_every_demo_account_signs_in_and_sees_its_scope(db, client):
    call_command("demo", no_serve=True)
    for username, *_ in DEMO_USERS:
        user = User.objects.get(username=username)
        assert user.check_password(DEMO_PASSWORD)
        assert units_for(user).exists()
    songcong = User.objects.get(username="bithu.songcong")
    assert not units_for(songcong).filter(code="HU167").exists()
    response = client.post("/login/", {"username": "bithu.dinhhoa", "password": DEMO_PASSWORD})
    assert response.status_code == 302 and "_auth_user_id" in client.session


def test_the_lanhdao_console_script_wraps_management_commands(tmp_path):
    lanhdao = os.path.join(os.path.dirname(sys.executable), "lanhdao")
    env = os.environ | {"LANHDAO_DATA_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "lanhdao.settings.base"}
    env.pop("DATABASE_URL", None)
    result = subprocess.run([lanhdao, "help"], env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0
    assert "demo" in result.stdout and "migrate" in result.stdout
    result = subprocess.run([lanhdao, "migrate", "--plan"], env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0 and "org.0001_initial" in result.stdout
