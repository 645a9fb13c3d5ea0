"""Demo inspection and supervision for Thành ủy Sông Công, shaped on seed 003 (which counts the inspection and
supervision of 20 grassroots Party organisations' working rules): the full-term programme 2020–2025 with those 20
inspections, concluded, their recommendations followed (the latest as tasks, some done, some overdue); this year's
programme with supervisions (one still planned); an inspection on signs of violation (confidential) that led to a
discipline decision; and, when the members' demo has placed members in the city, the inspection of one member.

Every record goes through the services (so it is audited, and recommendations become real tasks).
"""

import datetime

from django.utils import timezone

from lanhdao.accounts.models import User
from lanhdao.accounts.roles import Clearance
from lanhdao.members.models import Member
from lanhdao.org.kinds import UnitKind
from lanhdao.org.models import Unit
from lanhdao.work import services as work

from . import services, services_disciplines, services_programmes
from .models import DisciplineForm, InspectionKind, Programme, ProgrammeSpan

D = datetime.timedelta
TERM = (datetime.date(2020, 10, 20), datetime.date(2025, 9, 30))
GRASSROOTS = (UnitKind.COMMUNE_COMMITTEE, UnitKind.GRASSROOTS_COMMITTEE, UnitKind.GRASSROOTS_CELL)
TEAM = (
    "Đ/c Phó Chủ nhiệm Ủy ban Kiểm tra Thành ủy — trưởng đoàn\nĐ/c Ủy viên Ủy ban Kiểm tra Thành ủy\n"
    "Đ/c Chuyên viên Ủy ban Kiểm tra Thành ủy"
)
FINDINGS = [
    "Cấp ủy đã ban hành quy chế làm việc nhiệm kỳ, phân công nhiệm vụ cụ thể cho từng cấp ủy viên; sinh hoạt định "
    "kỳ đúng quy định.",
    "Quy chế làm việc chưa được bổ sung theo Quy định mới của Trung ương; một số cuộc họp chưa ghi biên bản đầy đủ.",
    "Việc phân công cấp ủy viên phụ trách chi bộ chưa được cập nhật khi có thay đổi nhân sự.",
]
RECOMMENDATIONS = [
    "Bổ sung, hoàn thiện quy chế làm việc của cấp ủy nhiệm kỳ 2025–2030",
    "Chấn chỉnh việc ghi biên bản, lưu trữ hồ sơ sinh hoạt cấp ủy",
    "Cập nhật phân công cấp ủy viên phụ trách các chi bộ",
]


def demo_loaded() -> bool:
    return Programme.objects.filter(unit__code="HU165").exists()


def _finish(admin, task) -> None:
    task = work.propose_completion(actor=admin, task=task, text="Đã hoàn thành, có báo cáo kèm theo.")
    work.accept(actor=admin, task=task)


def _working_rules(admin, city: Unit, term, grassroots: list[Unit], today: datetime.date, counts: dict) -> None:
    """Seed 003: the working rules of 20 grassroots organisations, over the term."""
    span = (TERM[1] - TERM[0]).days - 120
    for i, unit in enumerate(grassroots):
        starts = TERM[0] + D(days=90 + span * i // len(grassroots))
        inspection = services.inspection_create(
            actor=admin,
            unit=city,
            kind=InspectionKind.INSPECTION,
            programme=term,
            subject_unit=unit,
            title=f"Kiểm tra việc thực hiện quy chế làm việc của {unit.name}",
            starts_on=starts,
            ends_on=starts + D(days=10),
            team=TEAM,
            scope="Việc ban hành và thực hiện quy chế làm việc của cấp ủy; chế độ sinh hoạt, phân công nhiệm vụ.",
        )
        violation = i % 5 == 3
        services.findings_record(
            actor=admin, inspection=inspection, findings=FINDINGS[1 if violation else 0], violation_found=violation
        )
        recent = i >= len(grassroots) - 6  # the last ones are still followed as tasks
        recommendations = [{"text": RECOMMENDATIONS[i % 3]}]
        if recent:
            deadline = today - D(days=20) if i % 3 == 0 else datetime.date(today.year, 12, 31)
            recommendations = [{"text": RECOMMENDATIONS[0], "lead_unit": unit, "deadline": deadline}]
        if violation:
            recommendations.append({"text": RECOMMENDATIONS[1]})
        services.inspection_conclude(
            actor=admin,
            inspection=inspection,
            concluded_on=starts + D(days=30),
            recommendations=recommendations,
            conclusion=(
                "Tổ chức đảng thực hiện cơ bản nghiêm túc quy chế làm việc; có một số hạn chế cần khắc phục."
                if violation
                else "Tổ chức đảng thực hiện nghiêm túc quy chế làm việc của cấp ủy."
            ),
        )
        counts["inspections"] += 1
        counts["recommendations"] += len(recommendations)
        if recent and i % 3 == 1:
            _finish(admin, inspection.recommendations.get(position=1).task)


def _inspection_on_signs(admin, city: Unit, year, cell: Unit, starts: datetime.date, today, counts: dict) -> None:
    """This year's inspection on signs of violation of a cell's finances (secret), its remedy and the discipline."""
    signs = services.inspection_create(
        actor=admin,
        unit=city,
        kind=InspectionKind.INSPECTION_SIGNS,
        programme=year,
        subject_unit=cell,
        starts_on=starts,
        ends_on=starts + D(days=15),
        team=TEAM,
        confidentiality=Clearance.SECRET,
        title=f"Kiểm tra khi có dấu hiệu vi phạm đối với {cell.name}",
        scope="Việc quản lý, sử dụng các khoản thu của tổ chức đảng.",
    )
    services.findings_record(
        actor=admin,
        inspection=signs,
        violation_found=True,
        findings="Thu, chi không đúng quy định một số khoản; thiếu chứng từ.",
    )
    services.inspection_conclude(
        actor=admin,
        inspection=signs,
        concluded_on=min(starts + D(days=25), today),
        conclusion="Tập thể chi ủy vi phạm quy định về quản lý tài chính đảng; đến mức phải xem xét kỷ luật.",
        recommendations=[
            {
                "text": "Khắc phục sai phạm, nộp lại các khoản chi sai quy định",
                "lead_unit": cell,
                "deadline": min(starts + D(days=25), today) + D(days=30),
            }
        ],
    )
    counts["inspections"] += 1
    counts["recommendations"] += 1
    _finish(admin, signs.recommendations.get().task)
    services_disciplines.discipline_create(
        actor=admin,
        unit=city,
        subject_unit=cell,
        form=DisciplineForm.REPRIMAND,
        inspection=signs,
        decided_on=min(starts + D(days=40), today),
        decision="45-QĐ/ThU",
        reason="Vi phạm quy định về quản lý tài chính đảng (dữ liệu minh họa).",
    )
    counts["disciplines"] += 1


def load_demo() -> dict[str, int]:
    today = timezone.localdate()
    admin = User.objects.get(username="admin")
    city = Unit.objects.get(code="HU165")
    grassroots = list(
        Unit.objects.filter(path__startswith=city.path, kind__in=GRASSROOTS, archived_at__isnull=True).order_by("code")
    )[:20]
    communes = [u for u in grassroots if u.kind == UnitKind.COMMUNE_COMMITTEE]
    counts = dict.fromkeys(("programmes", "inspections", "supervisions", "recommendations", "disciplines"), 0)

    term = services_programmes.programme_create(
        actor=admin,
        unit=city,
        span=ProgrammeSpan.TERM,
        starts_on=TERM[0],
        ends_on=TERM[1],
        title="Chương trình kiểm tra, giám sát toàn khóa của Ban Chấp hành Đảng bộ thành phố nhiệm kỳ 2020–2025",
    )
    year_start = datetime.date(today.year, 1, 1)
    year = services_programmes.programme_create(
        actor=admin,
        unit=city,
        span=ProgrammeSpan.YEAR,
        starts_on=year_start,
        ends_on=datetime.date(today.year, 12, 31),
        title=f"Chương trình kiểm tra, giám sát năm {today.year} của Ban Thường vụ Thành ủy",
    )
    counts["programmes"] = 2

    _working_rules(admin, city, term, grassroots, today, counts)

    # this year: supervisions of the communes (one still planned), and one inspection on signs of violation
    elapsed = (today - year_start).days
    for i, unit in enumerate(communes[:5]):
        planned = i == 4
        starts = today + D(days=10) if planned else year_start + D(days=elapsed * (i + 1) // 6)
        kind = InspectionKind.SUPERVISION_THEMATIC if i % 2 else InspectionKind.SUPERVISION_REGULAR
        supervision = services.inspection_create(
            actor=admin,
            unit=city,
            kind=kind,
            programme=year if starts.year == today.year else None,
            subject_unit=unit,
            starts_on=starts,
            team=TEAM,
            title=(
                f"Giám sát chuyên đề việc lãnh đạo công tác phát triển đảng viên của {unit.name}"
                if i % 2
                else f"Giám sát thường xuyên việc thực hiện nghị quyết của {unit.name}"
            ),
        )
        counts["supervisions"] += 1
        if planned:
            continue
        concluded_on = min(starts + D(days=20), today)
        recommendations = []
        if i % 2:  # the first one's task is overdue, the other's still open
            deadline = concluded_on + D(days=60) if i == 1 else max(concluded_on, today) + D(days=45)
            recommendations = [
                {
                    "text": "Xây dựng kế hoạch tạo nguồn, phát triển đảng viên trong thanh niên",
                    "lead_unit": unit,
                    "deadline": deadline,
                }
            ]
        services.inspection_conclude(
            actor=admin,
            inspection=supervision,
            concluded_on=concluded_on,
            recommendations=recommendations,
            conclusion="Cấp ủy lãnh đạo, chỉ đạo sát thực tiễn; đề nghị tiếp tục phát huy.",
        )
        counts["recommendations"] += len(recommendations)

    _inspection_on_signs(admin, city, year, grassroots[-1], year_start + D(days=elapsed // 3), today, counts)

    member = (
        Member.objects.filter(unit_path__startswith=city.path, admitted_on__isnull=False, ended_on__isnull=True)
        .order_by("pk")
        .first()
    )
    if member is not None:
        starts = year_start + D(days=elapsed // 2)
        inspection = services.inspection_create(
            actor=admin,
            unit=city,
            kind=InspectionKind.INSPECTION,
            programme=year,
            subject_member=member,
            starts_on=starts,
            team=TEAM,
            title=f"Kiểm tra việc thực hiện nhiệm vụ đảng viên và kê khai tài sản của đồng chí {member.full_name}",
        )
        services.inspection_conclude(
            actor=admin,
            inspection=inspection,
            concluded_on=min(starts + D(days=20), today),
            conclusion="Đảng viên chấp hành tốt nhiệm vụ; kê khai tài sản, thu nhập đầy đủ, đúng hạn.",
        )
        counts["inspections"] += 1
    return counts
