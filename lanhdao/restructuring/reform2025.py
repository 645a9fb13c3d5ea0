"""The 2025 reform of local government as one batch of operations: districts abolished, communes merged.

Source of the facts: the General Statistics Office's conversion table of communes before and after 1 July 2025
(`BangChuyendoiĐVHCmoi_cu_khong_merge.csv`, shipped in the `vietnam-provinces` package as
`vietnam_provinces._ward_conversion_2025`), which follows the Standing Committee of the National Assembly's
resolutions on arranging commune-level units (for Thái Nguyên: Resolution 1683/NQ-UBTVQH15 of 16 June 2025) and
Resolution 202/2025/QH15 of 12 June 2025 on arranging provinces (Thái Nguyên merged with Bắc Kạn).

Applied to a province as the tree builds it (org.shapes: communes coded DU<old code>, districts HU<code>):
- each new commune becomes a new commune committee (coded XA<new code>) directly under the province, merging the
  old communes it was formed from. An old commune split among several new ones (`is_partly_merged`) goes, as a
  Party organisation, to the first new commune the table lists for it: its cells are not split by the table;
- each district committee is then dissolved; its remaining bodies cease with it and its open work passes to the
  province committee.
Old communes of the other merged province (Bắc Kạn) are not in a single-province tree and are left out.
"""

import datetime

from django.db import transaction
from vietnam_provinces import Ward as Ward2025
from vietnam_provinces._ward_conversion_2025 import OLD_TO_NEW

from lanhdao.org.kinds import UnitKind as K
from lanhdao.org.models import Unit
from lanhdao.org.selectors import children

from . import plans, services
from .models import Operation

EFFECTIVE_ON = datetime.date(2025, 7, 1)
BATCH = "Sắp xếp đơn vị hành chính 2025"
LEGAL_BASIS = "Nghị quyết số 202/2025/QH15; Nghị quyết số 1683/NQ-UBTVQH15 (Thái Nguyên)"


def commune_groups(province_code: int) -> dict[int, list[int]]:
    """{new commune code: [old commune codes]} for the old communes of `province_code` (GSO codes)."""
    groups: dict[int, list[int]] = {}
    for old_code, entry in sorted(OLD_TO_NEW.items()):
        if entry.old_ward.province_code == province_code and entry.new_wards:
            groups.setdefault(entry.new_wards[0].code, []).append(old_code)
    return groups


def _committee_name(ward_name: str) -> str:
    return f"Đảng ủy {ward_name[0].lower()}{ward_name[1:]}"


def apply_reform(
    *,
    actor,
    province: Unit,
    province_code: int,
    effective_on: datetime.date = EFFECTIVE_ON,
    legal_basis_text: str = LEGAL_BASIS,
) -> list[Operation]:
    """Apply the reform to `province` (a unit of the tree) in one transaction: all of it or none."""
    names = {int(w.code): w.name for w in Ward2025.iter_by_province(_new_province_code(province_code))}
    operations: list[Operation] = []
    with transaction.atomic():
        for new_code, old_codes in commune_groups(province_code).items():
            sources = list(
                Unit.objects.filter(code__in=[f"DU{c:05d}" for c in old_codes], archived_at__isnull=True).order_by(
                    "path"
                )
            )
            if not sources:
                continue
            new = {"code": f"XA{new_code:05d}", "name": _committee_name(names[new_code]), "kind": K.COMMUNE_COMMITTEE}
            plan = plans.merge(sources=sources, effective_on=effective_on, parent=province, new=new)
            plan.spec = {"new_commune": new_code, "old_communes": old_codes}
            operations.append(services.apply(actor=actor, plan=plan, legal_basis_text=legal_basis_text, batch=BATCH))
        for district in [u for u in children(province) if u.kind == K.DISTRICT_COMMITTEE]:
            plan = plans.dissolve(
                unit=district,
                effective_on=effective_on,
                receiver=province,
                mapping={child.pk: plans.DISSOLVED for child in children(district)},
            )
            plan.spec = {"district": district.code}
            operations.append(services.apply(actor=actor, plan=plan, legal_basis_text=legal_basis_text, batch=BATCH))
    return operations


def _new_province_code(old_code: int) -> int:
    from vietnam_provinces._province_conversion_2025 import OLD_TO_NEW as PROVINCES

    return PROVINCES[old_code].new_provinces[0].code
