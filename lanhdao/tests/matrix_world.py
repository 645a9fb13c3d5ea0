"""The world of the permission matrix: the root conftest's small org tree, one person per demo role on district A
(and one outsider on district B), and one object of every kind the URLs name, inside district A — a normal and a
secret version of each kind that carries a confidentiality level, and a top-secret one (made by root, above the
writer's Secret clearance) of documents, attachments, tasks, progress reports, meetings, inspections and disciplines.

Built once per test module (test_permission_matrix.py) through the apps' own services, as the product would, so that
the objects are what a real user would meet.
"""

import datetime
from types import SimpleNamespace

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from conftest import add_unit, make_member, make_user
from lanhdao.accounts.models import RoleAssignment
from lanhdao.accounts.roles import Clearance, Role
from lanhdao.org.kinds import UnitKind as K

TODAY = timezone.localdate()
D = datetime.timedelta
SECRET = Clearance.SECRET


def build_units() -> SimpleNamespace:
    """The tree of the root conftest's `world` (same codes, same shape), plus district A's Standing Board."""
    from lanhdao.org.models import Unit

    province = add_unit(None, "TU", "Tỉnh ủy Thử nghiệm", K.PROVINCE_COMMITTEE)
    district_a = add_unit(province, "HA", "Huyện ủy An", K.DISTRICT_COMMITTEE)
    commune_a = add_unit(district_a, "XA1", "Đảng ủy xã An Một", K.COMMUNE_COMMITTEE)
    add_unit(commune_a, "CA1", "Chi bộ thôn Một", K.CELL)
    add_unit(commune_a, "CA2", "Chi bộ thôn Hai", K.CELL)
    ubnd_a = add_unit(district_a, "HA-UB", "Ủy ban nhân dân huyện An", K.PEOPLES_COMMITTEE)
    add_unit(ubnd_a, "HA-UB-NV", "Phòng Nội vụ huyện An", K.DEPARTMENT)
    add_unit(district_a, "HA-BTV", "Ban Thường vụ Huyện ủy An", K.STANDING_BOARD)
    district_b = add_unit(province, "HB", "Huyện ủy Bình", K.DISTRICT_COMMITTEE)
    add_unit(district_b, "XB1", "Đảng ủy xã Bình Một", K.COMMUNE_COMMITTEE)
    units = {u.code: u for u in Unit.objects.all()}
    return SimpleNamespace(
        province=units["TU"],
        district_a=units["HA"],
        commune_a=units["XA1"],
        cell_a=units["CA1"],
        cell_a2=units["CA2"],
        ubnd_a=units["HA-UB"],
        dept_a=units["HA-UB-NV"],
        btv_a=units["HA-BTV"],
        district_b=units["HB"],
        commune_b=units["XB1"],
    )


def build_people(w: SimpleNamespace) -> None:
    """One user per role that the matrix checks. `writer` holds RECORD and Secret clearance, `writer_low` the same
    rights at Normal clearance (the reader below a secret record's level)."""
    a = w.district_a
    w.writer = make_user("alice", role=Role.SECRETARY, unit=a, clearance=SECRET)
    w.writer_low = make_user("oscar", role=Role.OFFICE_STAFF, unit=a)
    w.viewer = make_user("bob", role=Role.VIEWER, unit=a)
    w.admin = make_user("adam", role=Role.ADMINISTRATOR, unit=a)
    w.orgboard = make_user("olga", role=Role.ORGANISATION_BOARD, unit=a, clearance=SECRET)
    w.inspector = make_user("ivan", role=Role.INSPECTION_OFFICER, unit=a, clearance=SECRET)
    w.cell = make_user("celia", role=Role.CELL_SECRETARY, unit=w.cell_a)
    w.outsider = make_user("charlie", role=Role.SECRETARY, unit=w.district_b, clearance=Clearance.TOP_SECRET)
    # the account the user-management routes act on: an office clerk of commune A (Normal clearance)
    w.clerk = make_user("clara", role=Role.OFFICE_STAFF, unit=w.commune_a)
    w.root = make_user("root", is_superuser=True, is_staff=True, clearance=Clearance.TOP_SECRET)


# A minimal PDF: the files attached to documents and progress reports.
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def build_objects(w: SimpleNamespace) -> None:
    w.unit = w.commune_a
    w.role = RoleAssignment.objects.get(user=w.clerk)
    w.user = w.clerk
    _documents(w)
    _tasks(w)
    _meetings(w)
    _people(w)
    _members(w)
    _inspections(w)
    _derived(w)


def _documents(w: SimpleNamespace) -> None:
    """Documents (confidential-capable) and what hangs from them."""
    from lanhdao.documents import services as documents

    alice, a = w.writer, w.district_a
    w.document = documents.document_create(
        actor=alice,
        owner=a,
        kind="NQ",
        issuer_code="HU",
        symbol="12-NQ/HU",
        number="12",
        title="Nghị quyết DOC-A-NORMAL",
    )
    w.document_secret = documents.document_create(
        actor=alice,
        owner=a,
        kind="NQ",
        issuer_code="HU",
        symbol="13-NQ/HU",
        number="13",
        title="Nghị quyết SECRET-DOC-TITLE",
        confidentiality=SECRET,
    )
    # above the writer's own clearance: made by root
    w.document_top = documents.document_create(
        actor=w.root,
        owner=a,
        kind="NQ",
        issuer_code="HU",
        symbol="14-NQ/HU",
        number="14",
        title="Nghị quyết TOPSECRET-DOC-TITLE",
        confidentiality=Clearance.TOP_SECRET,
    )
    # an ordinary document pointing at the secret one (issue 13, finding 2: its history showed the secret symbol)
    documents.link_create(actor=alice, source=w.document, target=w.document_secret, relation="cites")
    pdf = PDF
    w.attachment = documents.attachment_add(
        actor=alice, document=w.document, uploaded=SimpleUploadedFile("a.pdf", pdf, content_type="application/pdf")
    )
    w.attachment_secret = documents.attachment_add(
        actor=alice,
        document=w.document_secret,
        uploaded=SimpleUploadedFile("b.pdf", pdf + b" ", content_type="application/pdf"),
    )
    w.attachment_top = documents.attachment_add(
        actor=w.root,
        document=w.document_top,
        uploaded=SimpleUploadedFile("c.pdf", pdf + b"  ", content_type="application/pdf"),
    )


def _tasks(w: SimpleNamespace) -> None:
    """Tasks (confidential-capable) and their progress reports."""
    from lanhdao.work import services as work

    alice, a = w.writer, w.district_a
    pdf = PDF

    def task(title, actor=alice, **extra):
        return work.task_create(
            actor=actor,
            assigning_unit=a,
            lead_unit=w.commune_a,
            title=title,
            start_date=TODAY - D(days=10),
            deadline=TODAY + D(days=30),
            **extra,
        )

    w.task = task("Kế hoạch TASK-A-NORMAL")
    # a task implementing the secret document carries its level (THE CONFIDENTIALITY RULE); set here directly so that
    # the matrix does not depend on where the derivation is computed
    w.task_secret = task("Kế hoạch SECRET-TASK-TITLE", document=w.document_secret)
    type(w.task_secret).objects.filter(pk=w.task_secret.pk).update(confidentiality=SECRET)
    w.task_secret.confidentiality = SECRET
    w.report = work.report_progress(
        actor=alice, task=w.task, unit=w.commune_a, percent=10, text="Đang làm", evidence=ContentFile(pdf, name="e.pdf")
    )
    w.report_secret = work.report_progress(
        actor=alice,
        task=w.task_secret,
        unit=w.commune_a,
        percent=10,
        text="Đang làm",
        evidence=ContentFile(pdf, name="f.pdf"),
    )
    # above the writer's clearance: the task of the top-secret document, made by root
    w.task_top = task("Kế hoạch TOPSECRET-TASK-TITLE", actor=w.root, document=w.document_top)
    type(w.task_top).objects.filter(pk=w.task_top.pk).update(confidentiality=Clearance.TOP_SECRET)
    w.task_top.confidentiality = Clearance.TOP_SECRET
    w.report_top = work.report_progress(
        actor=w.root,
        task=w.task_top,
        unit=w.commune_a,
        percent=10,
        text="Đang làm",
        evidence=ContentFile(pdf, name="g.pdf"),
    )


def _meetings(w: SimpleNamespace) -> None:
    """Meetings (confidential-capable), their agenda items and participants; a submission, a responsibility."""
    from lanhdao.meetings import services as meetings
    from lanhdao.meetings import services_state
    from lanhdao.meetings.models import Matter, MeetingKind

    alice, a = w.writer, w.district_a

    def meeting(actor=alice, **extra):
        return meetings.meeting_create(
            actor=actor,
            unit=a,
            kind=MeetingKind.PLENUM,
            date=TODAY - D(days=10),
            **extra,
        )

    w.meeting = meeting(title="Hội nghị MEETING-A-NORMAL")
    w.meeting_secret = meeting(title="Hội nghị SECRET-MEETING-TITLE", confidentiality=SECRET)
    w.meeting_top = meeting(
        actor=w.root, title="Hội nghị TOPSECRET-MEETING-TITLE", confidentiality=Clearance.TOP_SECRET
    )
    for m, marker, actor in (
        (w.meeting, "AGENDA-A-NORMAL", alice),
        (w.meeting_secret, "SECRET-AGENDA-TEXT", alice),
        (w.meeting_top, "TOPSECRET-AGENDA-TEXT", w.root),
    ):
        m.item = meetings.agenda_add(actor=actor, meeting=m, text=f"Nội dung {marker}")
        m.participant = meetings.participants_add(actor=actor, meeting=m, users=[w.viewer])[0]
    w.agenda_item, w.agenda_item_secret, w.agenda_item_top = w.meeting.item, w.meeting_secret.item, w.meeting_top.item
    w.participant, w.participant_secret = w.meeting.participant, w.meeting_secret.participant
    w.participant_top = w.meeting_top.participant
    w.submission = services_state.submission_create(
        actor=alice,
        from_unit=w.ubnd_a,
        to_unit=a,
        matter=Matter.BUDGET,
        title="Tờ trình",
        symbol="25/TTr-UBND",
        sent_on=TODAY - D(days=5),
        opinion_due=TODAY + D(days=10),
    )
    w.responsibility = services_state.responsibility_assign(
        actor=alice, committee=a, member=alice, unit=w.commune_a, starts_on=TODAY - D(days=30)
    )
    w.responsible_user = alice


def _people(w: SimpleNamespace) -> None:
    """People: visits, dialogues, findings, reception, petitions, plans."""
    from lanhdao.people import services as people
    from lanhdao.people import services_petitions, services_plans

    alice, a = w.writer, w.district_a
    w.visit = people.field_visit_create(
        actor=alice,
        unit=a,
        visited_on=TODAY - D(days=3),
        visitor=alice,
        place_unit=w.commune_a,
        purpose="Nắm tình hình VISIT-A-NORMAL",
        findings=[{"text": "Đường hỏng"}],
    )
    w.finding = w.visit.findings.first()
    w.dialogue = people.dialogue_create(
        actor=alice, unit=a, held_on=TODAY - D(days=2), led_by_name="Chủ tịch", topic="Đất đai", participants=80
    )
    w.schedule = people.schedule_create(
        actor=alice, unit=a, frequency="weekly", weekday=0, starts_on=TODAY - D(days=60), place="Trụ sở"
    )
    w.day = people.reception_day_create(actor=alice, unit=a, held_on=TODAY - D(days=1), received_by=alice)
    w.petition = services_petitions.petition_create(
        actor=alice,
        receiving_unit=a,
        received_on=TODAY - D(days=5),
        sender="Ông Hải",
        subject="Sửa đường PETITION-A-NORMAL",
        channel="post",
    )
    w.plan = services_plans.plan_create(
        actor=alice,
        unit=a,
        leader=alice,
        leader_position="Bí thư",
        year_start=TODAY.year - 1,
        commitments=["Đi cơ sở"],
    )
    w.plan_public = services_plans.plan_create(
        actor=alice, unit=a, leader=alice, leader_position="Bí thư", year_start=TODAY.year, commitments=["Tiếp dân"]
    )
    services_plans.plan_publish(actor=alice, plan=w.plan_public)


def _members(w: SimpleNamespace) -> None:
    """Members and their cadre records (seen with member records, or from their own cell)."""
    from lanhdao.cadres import services as services_cadres
    from lanhdao.cadres.models import MovementKind, NominationKind, TrainingKind
    from lanhdao.members import services_transfers

    a = w.district_a
    olga = w.orgboard
    w.member = make_member(w.cell_a, "Trần Thị An", gender="female", identity_number="001180000001")
    w.member_moving = make_member(w.cell_a, "Phạm Văn Chuyển", identity_number="001180000003")
    w.transfer = services_transfers.transfer_send(
        actor=olga, member=w.member_moving, to_unit=w.cell_a2, sent_on=TODAY - D(days=1)
    )
    w.position = services_cadres.position_start(
        actor=olga, member=w.member, unit=w.commune_a, title="Phó Bí thư", started_on=TODAY - D(days=300)
    )
    w.succession = services_cadres.succession_add(
        actor=olga, member=w.member, unit=w.commune_a, term="2025-2030", title="Bí thư", added_on=TODAY - D(days=9)
    )
    w.training = services_cadres.training_record(
        actor=olga,
        member=w.member,
        kind=TrainingKind.THEORY,
        course="Trung cấp LLCT",
        level="intermediate",
        started_on=TODAY - D(days=90),
    )
    w.movement = services_cadres.movement_record(
        actor=olga,
        member=w.member,
        unit=a,
        kind=MovementKind.ROTATION,
        decided_on=TODAY - D(days=20),
        starts_on=TODAY - D(days=10),
        from_unit=w.commune_a,
        to_unit=w.ubnd_a,
    )
    w.nomination = services_cadres.nomination_record(
        actor=olga,
        member=w.member,
        unit=a,
        kind=NominationKind.APPOINTMENT,
        post="Trưởng phòng",
        nominated_on=TODAY - D(days=5),
    )


def _inspections(w: SimpleNamespace) -> None:
    """Inspection and supervision (inspections and disciplines are confidential-capable)."""
    from lanhdao.inspections import services as inspections
    from lanhdao.inspections import services_disciplines, services_programmes
    from lanhdao.inspections.models import DisciplineForm, InspectionKind, ProgrammeSpan

    alice, a = w.writer, w.district_a
    w.programme = services_programmes.programme_create(
        actor=alice,
        unit=a,
        span=ProgrammeSpan.YEAR,
        title="Chương trình kiểm tra",
        starts_on=datetime.date(TODAY.year, 1, 1),
        ends_on=datetime.date(TODAY.year, 12, 31),
    )

    def inspection(title, marker, actor=alice, **extra):
        made = inspections.inspection_create(
            actor=actor,
            unit=a,
            kind=InspectionKind.INSPECTION,
            subject_unit=w.commune_a,
            title=title,
            starts_on=TODAY - D(days=10),
            **extra,
        )
        return inspections.inspection_conclude(
            actor=actor,
            inspection=made,
            conclusion="Cơ bản nghiêm túc.",
            concluded_on=TODAY - D(days=1),
            recommendations=[{"text": f"Chấn chỉnh {marker}"}],
        )

    w.inspection = inspection("Kiểm tra INSPECTION-A-NORMAL", "RECOMMENDATION-A-NORMAL")
    w.inspection_secret = inspection(
        "Kiểm tra SECRET-INSPECTION-TITLE", "SECRET-RECOMMENDATION-TEXT", confidentiality=SECRET
    )
    w.inspection_top = inspection(
        "Kiểm tra TOPSECRET-INSPECTION-TITLE",
        "TOPSECRET-RECOMMENDATION-TEXT",
        actor=w.root,
        confidentiality=Clearance.TOP_SECRET,
    )
    w.recommendation = w.inspection.recommendations.first()
    w.recommendation_secret = w.inspection_secret.recommendations.first()
    w.recommendation_top = w.inspection_top.recommendations.first()
    w.discipline = services_disciplines.discipline_create(
        actor=alice,
        unit=a,
        form=DisciplineForm.REPRIMAND,
        decided_on=TODAY - D(days=1),
        reason="Vi phạm DISCIPLINE-A-NORMAL",
        subject_unit=w.commune_a,
    )
    w.discipline_secret = services_disciplines.discipline_create(
        actor=alice,
        unit=a,
        form=DisciplineForm.REPRIMAND,
        decided_on=TODAY - D(days=1),
        reason="Vi phạm SECRET-DISCIPLINE-REASON",
        subject_unit=w.commune_a,
        inspection=w.inspection_secret,
    )
    w.discipline_top = services_disciplines.discipline_create(
        actor=w.root,
        unit=a,
        form=DisciplineForm.REPRIMAND,
        decided_on=TODAY - D(days=1),
        reason="Vi phạm TOPSECRET-DISCIPLINE-REASON",
        subject_unit=w.commune_a,
        inspection=w.inspection_top,
    )


def _derived(w: SimpleNamespace) -> None:
    """What derives from the secret records, and the other apps' records."""
    from lanhdao.campaigns import services as services_campaigns
    from lanhdao.inspections import services as inspections
    from lanhdao.meetings import services as meetings
    from lanhdao.reports.models import RenderJob
    from lanhdao.restructuring import plans
    from lanhdao.restructuring import services as restructuring
    from lanhdao.restructuring.models import ReformRun
    from lanhdao.staffing import services as services_staffing

    alice, a = w.writer, w.district_a
    olga = w.orgboard
    # what derives from the secret meeting and the secret inspection (issue 13, finding 3): a conclusion point's task
    # and a recommendation's task; by THE CONFIDENTIALITY RULE both carry the secret level
    meetings.conclusion_record(
        actor=alice,
        meeting=w.meeting_secret,
        text="Kết luận SECRET-CONCLUSION-TEXT",
        issued_on=TODAY - D(days=9),
        points=[meetings.PointSpec(title="SECRET-POINT-TASK", lead_unit=w.commune_a, deadline=TODAY + D(days=20))],
    )
    inspections.recommendation_to_task(
        actor=alice, recommendation=w.recommendation_secret, lead_unit=w.commune_a, deadline=TODAY + D(days=20)
    )

    # a notification naming the secret task, sent to the Normal-cleared readers of district A (as a reminder would)
    from lanhdao.notifications import services as notifications

    for note in notifications.notify(
        users=[w.writer_low, w.viewer, w.admin], title="Nhắc việc SECRET-TASK-TITLE", email=False
    ):
        type(note).objects.filter(pk=note.pk).update(confidentiality=SECRET)

    # staffing
    w.quota = services_staffing.quota_create(
        actor=alice, unit=w.commune_a, year=TODAY.year, category="civil_servant", assigned=5
    )
    w.target = services_staffing.target_create(
        actor=alice, unit=w.commune_a, base_year=TODAY.year - 1, target_year=TODAY.year + 1, percent=10
    )

    # restructuring: a rename of cell CA2, by the organisation board
    w.operation = restructuring.apply(
        actor=olga,
        plan=plans.rename(unit=w.cell_a2, name="Chi bộ thôn Hai mới", effective_on=TODAY - D(days=1)),
        legal_basis_text="Quyết định 01-QĐ/TU",
    )

    # reports: a campaign with its drafts, a report-file job of alice's
    w.campaign = services_campaigns.campaign_open(
        actor=alice,
        unit=a,
        title="Báo cáo CAMPAIGN-A-NORMAL",
        period_start=datetime.date(TODAY.year, 1, 1),
        period_end=TODAY,
        deadline=TODAY + D(days=20),
    )
    w.campaign_report = w.campaign.reports.first()
    w.render_job = RenderJob(owner=alice, unit=a, year=TODAY.year, format="docx", status="done")
    w.render_job.file.save("bao-cao.docx", ContentFile(b"PK\x03\x04"), save=False)
    w.render_job.save()
    w.reform_run = ReformRun.objects.create(
        owner=alice, unit=a, provinces=[19], effective_on=datetime.date(2025, 7, 1), status="done", progress=100
    )
    w.year = TODAY.year
    w.start, w.end = datetime.date(TODAY.year, 1, 1), datetime.date(TODAY.year, 12, 31)


# What a reader must never see: of a secret record, below its level (its symbol, and each title or text made for the
# matrix); of district A, from outside it. Every GET answer of the matrix is searched for them.
SECRET_MARKERS = ("13-NQ/HU", "14-NQ/HU", "SECRET-")
TOP_SECRET_MARKERS = ("14-NQ/HU", "TOPSECRET-")
SCOPE_MARKERS = ("12-NQ/HU", "-A-NORMAL", "Trần Thị An", "SECRET-")


def build() -> SimpleNamespace:
    w = build_units()
    build_people(w)
    build_objects(w)
    return w
