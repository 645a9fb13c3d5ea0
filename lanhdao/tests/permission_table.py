"""The one declared table of the permission matrix (test_permission_matrix.py).

For every route name of the URL configuration: what kind of object its URL arguments (or its `unit=` query) name —
an attribute of the matrix world (matrix_world.py), or None —, which permission GET needs and which a change needs
(POST, or PATCH/DELETE where the API route has no POST; None: the route serves no such method), and whether the object
can be confidential (then a secret version of it is tried too, by a reader below and readers at its level).

A permission is one of accounts/roles.py's `Perm` values on the object's unit (on any unit for a route that names no
object), "a&b" for both, "a|b" for either, or PUBLIC / SIGNED_IN / OWNER.

What a refusal answers, inside scope (`deny` for a change, `deny_get` for GET; 403 unless said): 404 where the product
hides the object from those who may not act on it (accounts, the task edit form); or one of:

- BODY_FIRST: the API reads the body before it knows the right, so an empty body answers 400 (a valid one 403);
- FORM_AGAIN: a create page whose unit choices hold only the units the user may record in shows its form again;
- REDIRECT_WITH_ERROR: the page goes back to the record with the error as a message.

In every case a refused change must write nothing (no audit row, no record): the test counts the rows.

`xfail`: a hole the matrix found in an area another part of issue 13 fixes; strict, so the lead flips it after the
merge (the reason says whose).
"""

from dataclasses import dataclass, field

from lanhdao.accounts.roles import Perm

PUBLIC = "public"  # anyone, signed in or not
SIGNED_IN = "signed_in"  # any signed-in user, whatever their roles
OWNER = "owner"  # only the user the object belongs to (the world gives every owned object to the writer)
VIEW = Perm.VIEW.value
RECORD = Perm.RECORD.value
MANAGE_UNITS = Perm.MANAGE_UNITS.value
MANAGE_USERS = Perm.MANAGE_USERS.value
MEMBER_RECORDS = Perm.MEMBER_RECORDS.value
RESTRUCTURE = Perm.RESTRUCTURE.value
# members.permissions.may_manage_members: RECORD on the member's unit and the right to see personal data
RECORD_MEMBERS = f"{RECORD}&{MEMBER_RECORDS}"
# org.permissions_staffing.may_change_staffing: the level above assigns the quota, the unit reports its headcount
ASSIGN_OR_REPORT = f"{MANAGE_UNITS}|{RECORD}"

BODY_FIRST = (400, 403)
FORM_AGAIN = (200, 403)
REDIRECT_WITH_ERROR = (302, 403)

EXCLUDED_PREFIXES = {
    "admin/": "Django's admin site: staff only, behind its own sign-in (test_the_admin_site_is_for_staff_only)",
}

TASKX = (
    "THE CONFIDENTIALITY RULE: a task implementing a secret document (its page, its progress report's evidence, and "
    "its title and the document's symbol in the task list, the board, the calendar and the task export; the same "
    "for the tasks of a secret meeting's conclusion and of a secret inspection's recommendation) opens to a "
    "Normal-clearance reader - derived confidentiality of tasks, the work part of issue 13"
)
DOCX = (
    "THE CONFIDENTIALITY RULE: an ordinary document linked to a secret one shows the secret symbol and title in its "
    "history (page and API) to a Normal-clearance reader - histories, the documents/audit part of issue 13"
)
NOTEX = (
    "THE CONFIDENTIALITY RULE: a notification naming a secret task (a secret notification) is listed to a "
    "Normal-clearance reader - notifications, the notifications part of issue 13"
)
DISCX = (
    "THE CONFIDENTIALITY RULE: a discipline decision following a secret inspection (its page, history, and its reason "
    "in the API's list) opens to a Normal-clearance reader - derived confidentiality of disciplines, the inspections "
    "part of issue 13"
)


@dataclass(frozen=True)
class Route:
    kind: str | None = None
    get: str | None = VIEW
    post: str | None = None
    confidential: bool = False
    deny: int | tuple = 403
    deny_get: int | tuple = 403
    args: dict = field(default_factory=dict)  # other URL arguments: a world attribute or a literal
    query: str = ""  # formatted with the world as `w`
    scoped: bool | str = True  # False: the object does not limit who may act; "get": only GET is scoped
    xfail: str = ""


ROUTES: dict[str, Route] = {
    # --- site ---
    "home": Route(None, get=SIGNED_IN, post=None),
    "login": Route(None, get=PUBLIC, post=PUBLIC),
    "logout": Route(None, get=None, post=PUBLIC),
    "set_language": Route(None, get=PUBLIC, post=PUBLIC),
    # --- org pages ---
    "org:unit_list": Route(None, get=VIEW, post=None),
    "org:unit_detail": Route("unit", get=VIEW, post=None),
    "org:unit_children": Route("unit", get=VIEW, post=None),
    "org:unit_history": Route("unit", get=VIEW, post=None),
    "org:unit_create": Route("unit", get=MANAGE_UNITS, post=MANAGE_UNITS),
    "org:unit_edit": Route("unit", get=MANAGE_UNITS, post=MANAGE_UNITS),
    "org:unit_archive": Route("unit", get=MANAGE_UNITS, post=MANAGE_UNITS),
    "org:unit_restore": Route("unit", get=MANAGE_UNITS, post=MANAGE_UNITS),
    "org:staffing_unit": Route("unit", get=VIEW, post=None),
    "org:staffing_subtree": Route("unit", get=VIEW, post=None),
    "org:staffing_over": Route("unit", get=VIEW, post=None),
    "org:staffing_edit": Route("unit", get=ASSIGN_OR_REPORT, post=ASSIGN_OR_REPORT, args={"year": "year"}),
    "org:staffing_grid": Route("unit", get=ASSIGN_OR_REPORT, post=ASSIGN_OR_REPORT, args={"year": "year"}),
    "org:staffing_target_create": Route("unit", get=MANAGE_UNITS, post=MANAGE_UNITS),
    "org:staffing_target_edit": Route("target", get=MANAGE_UNITS, post=MANAGE_UNITS),
    "org:staffing_target_archive": Route("target", get=MANAGE_UNITS, post=MANAGE_UNITS),
    # --- accounts pages ---
    "accounts:user_list": Route(None, get=VIEW, post=None),
    "accounts:user_create": Route(None, get=MANAGE_USERS, post=MANAGE_USERS, deny=404, deny_get=404),
    "accounts:user_detail": Route("user", get=MANAGE_USERS, post=None, deny_get=404),
    "accounts:user_edit": Route("user", get=MANAGE_USERS, post=MANAGE_USERS, deny=404, deny_get=404),
    "accounts:user_password": Route("user", get=MANAGE_USERS, post=MANAGE_USERS, deny=404, deny_get=404),
    "accounts:role_grant": Route("user", get=None, post=MANAGE_USERS, deny=404),
    "accounts:role_revoke": Route("role", get=MANAGE_USERS, post=MANAGE_USERS, deny=404, deny_get=404),
    # --- documents pages ---
    "documents:document_list": Route(None, get=VIEW, post=None),
    "documents:document_create": Route(None, get=VIEW, post=RECORD, deny=FORM_AGAIN),
    "documents:reader": Route(None, get=SIGNED_IN, post=SIGNED_IN),
    "documents:uncovered": Route(None, get=VIEW, post=None),
    "documents:symbol_check": Route(None, get=SIGNED_IN, post=None),
    "documents:document_detail": Route("document", get=VIEW, post=None, confidential=True, xfail=DOCX),
    "documents:document_edit": Route("document", get=RECORD, post=RECORD, confidential=True),
    "documents:document_archive": Route("document", get=RECORD, post=RECORD, confidential=True),
    "documents:link_add": Route("document", get=None, post=RECORD, confidential=True),
    "documents:attachment_add": Route("document", get=None, post=RECORD, confidential=True),
    "documents:attachment_download": Route("attachment", get=VIEW, post=None, confidential=True),
    # --- work pages ---
    "work:board": Route(None, get=VIEW, post=None, xfail=TASKX),
    "work:task_list": Route(None, get=VIEW, post=None, xfail=TASKX),
    "work:calendar": Route(None, get=VIEW, post=None, xfail=TASKX),
    "work:task_export": Route(None, get=VIEW, post=None, xfail=TASKX),
    "work:task_import": Route(None, get=RECORD, post=RECORD, deny=404, deny_get=404),
    "work:task_import_template": Route(None, get=RECORD, post=None, deny_get=404),
    "work:task_create": Route(None, get=VIEW, post=RECORD, deny=FORM_AGAIN),
    "work:task_detail": Route("task", get=VIEW, post=None, confidential=True, xfail=TASKX),
    "work:task_edit": Route("task", get=RECORD, post=RECORD, deny=404, deny_get=404, confidential=True, xfail=TASKX),
    "work:task_report": Route("task", get=None, post=RECORD, deny=404, confidential=True, xfail=TASKX),
    "work:task_propose": Route("task", get=None, post=RECORD, confidential=True, xfail=TASKX),
    "work:task_accept": Route("task", get=None, post=RECORD, confidential=True, xfail=TASKX),
    "work:task_return": Route("task", get=None, post=RECORD, confidential=True, xfail=TASKX),
    "work:task_cancel": Route("task", get=None, post=RECORD, confidential=True, xfail=TASKX),
    "work:report_evidence": Route("report", get=VIEW, post=None, confidential=True, xfail=TASKX),
    "work:document_tasks": Route("document", get=VIEW, post=None, confidential=True),
    "work:unit_panel": Route("unit", get=VIEW, post=None),
    # --- notifications pages ---
    "notifications:list": Route(None, get=SIGNED_IN, post=None, xfail=NOTEX),
    "notifications:read_all": Route(None, get=None, post=SIGNED_IN),
    # --- meetings pages ---
    "meetings:meeting_list": Route(None, get=VIEW, post=None),
    "meetings:meeting_create": Route(None, get=VIEW, post=RECORD, deny=FORM_AGAIN),
    "meetings:meeting_detail": Route("meeting", get=VIEW, post=None, confidential=True),
    "meetings:meeting_edit": Route("meeting", get=RECORD, post=RECORD, confidential=True),
    "meetings:meeting_cancel": Route("meeting", get=RECORD, post=RECORD, confidential=True),
    "meetings:agenda_add": Route("meeting", get=None, post=RECORD, confidential=True),
    "meetings:agenda_remove": Route(
        "meeting", get=RECORD, post=RECORD, confidential=True, args={"item_pk": "agenda_item"}
    ),
    "meetings:participants_add": Route("meeting", get=None, post=RECORD, confidential=True),
    "meetings:participant_remove": Route(
        "meeting", get=RECORD, post=RECORD, confidential=True, args={"participant_pk": "participant"}
    ),
    "meetings:attendance": Route("meeting", get=None, post=RECORD, confidential=True),
    "meetings:conclusion": Route("meeting", get=RECORD, post=RECORD, confidential=True),
    "meetings:schedule": Route(None, get=VIEW, post=None),
    "meetings:frequency_set": Route(None, get=VIEW, post=RECORD, deny=FORM_AGAIN),
    "meetings:unit_panel": Route("unit", get=VIEW, post=None),
    "meetings:submission_list": Route(None, get=VIEW, post=None),
    "meetings:decided_without_opinion": Route(None, get=VIEW, post=None),
    "meetings:submission_create": Route(None, get=VIEW, post=RECORD, deny=FORM_AGAIN),
    "meetings:submission_detail": Route("submission", get=VIEW, post=None),
    "meetings:submission_edit": Route("submission", get=RECORD, post=RECORD),
    "meetings:submission_opinion": Route("submission", get=RECORD, post=RECORD, deny=404, deny_get=404),
    "meetings:submission_decision": Route("submission", get=None, post=RECORD),
    "meetings:submission_withdraw": Route("submission", get=RECORD, post=RECORD),
    "meetings:responsibility_list": Route(None, get=VIEW, post=None),
    "meetings:responsibility_create": Route(None, get=VIEW, post=RECORD, deny=FORM_AGAIN),
    "meetings:responsibility_end": Route("responsibility", get=RECORD, post=RECORD),
    "meetings:my_organisations": Route(None, get=VIEW, post=None),
    "meetings:member_organisations": Route("user", get=VIEW, post=None, args={"user_pk": "responsible_user"}),
    # --- people pages ---
    "people:home": Route(None, get=VIEW, post=None),
    "people:visit_list": Route(None, get=VIEW, post=None),
    "people:visit_create": Route(None, get=VIEW, post=RECORD, deny=FORM_AGAIN),
    "people:visit_detail": Route("visit", get=VIEW, post=None),
    "people:visit_edit": Route("visit", get=RECORD, post=RECORD),
    "people:visit_findings": Route("visit", get=None, post=RECORD),
    "people:visit_archive": Route("visit", get=RECORD, post=RECORD),
    "people:dialogue_list": Route(None, get=VIEW, post=None),
    "people:dialogue_create": Route(None, get=VIEW, post=RECORD, deny=FORM_AGAIN),
    "people:dialogue_detail": Route("dialogue", get=VIEW, post=None),
    "people:dialogue_edit": Route("dialogue", get=RECORD, post=RECORD),
    "people:dialogue_findings": Route("dialogue", get=None, post=RECORD),
    "people:dialogue_archive": Route("dialogue", get=RECORD, post=RECORD),
    "people:finding_task": Route("finding", get=RECORD, post=RECORD),
    "people:reception": Route(None, get=VIEW, post=None),
    "people:schedule_create": Route(None, get=VIEW, post=RECORD, deny=FORM_AGAIN),
    "people:schedule_detail": Route("schedule", get=VIEW, post=None),
    "people:schedule_edit": Route("schedule", get=RECORD, post=RECORD),
    "people:schedule_end": Route("schedule", get=RECORD, post=RECORD),
    "people:day_create": Route(None, get=VIEW, post=RECORD, deny=FORM_AGAIN),
    "people:day_detail": Route("day", get=VIEW, post=None),
    "people:day_edit": Route("day", get=RECORD, post=RECORD),
    "people:day_archive": Route("day", get=RECORD, post=RECORD),
    "people:petition_list": Route(None, get=VIEW, post=None),
    "people:petition_create": Route(None, get=VIEW, post=RECORD, deny=FORM_AGAIN),
    "people:petition_detail": Route("petition", get=VIEW, post=None),
    "people:petition_edit": Route("petition", get=RECORD, post=RECORD),
    "people:petition_assign": Route("petition", get=None, post=RECORD),
    "people:petition_answer": Route("petition", get=None, post=RECORD, deny=REDIRECT_WITH_ERROR),
    "people:petition_archive": Route("petition", get=RECORD, post=RECORD),
    "people:plan_list": Route(None, get=VIEW, post=None),
    "people:plan_create": Route(None, get=VIEW, post=RECORD, deny=FORM_AGAIN),
    "people:plan_detail": Route("plan", get=VIEW, post=None),
    "people:plan_edit": Route("plan", get=RECORD, post=RECORD),
    "people:plan_publish": Route("plan", get=RECORD, post=RECORD),
    "people:plan_unpublish": Route("plan", get=RECORD, post=RECORD),
    "people:plan_assess": Route("plan", get=RECORD, post=RECORD),
    "people:plan_publish_assessment": Route("plan", get=RECORD, post=RECORD),
    "people:public_plans": Route(None, get=PUBLIC, post=None),
    "people:public_plan": Route("plan_public", get=PUBLIC, post=None),
    # --- members pages ---
    "members:member_list": Route(None, get=VIEW, post=None),
    "members:member_create": Route(None, get=VIEW, post=RECORD_MEMBERS, deny=FORM_AGAIN),
    "members:member_detail": Route("member", get=VIEW, post=None),
    "members:member_edit": Route("member", get=RECORD_MEMBERS, post=RECORD_MEMBERS),
    "members:member_step": Route("member", get=RECORD_MEMBERS, post=RECORD_MEMBERS, args={"key": "trained"}),
    "members:member_not_recognise": Route("member", get=RECORD_MEMBERS, post=RECORD_MEMBERS),
    "members:member_end": Route("member", get=RECORD_MEMBERS, post=RECORD_MEMBERS),
    "members:transfer_send": Route("member", get=RECORD_MEMBERS, post=RECORD_MEMBERS),
    "members:member_award": Route("member", get=RECORD_MEMBERS, post=RECORD_MEMBERS),
    "members:transfer_list": Route(None, get=VIEW, post=None),
    "members:transfer_detail": Route("transfer", get=VIEW, post=None),
    "members:transfer_receive": Route("transfer", get=RECORD_MEMBERS, post=RECORD_MEMBERS),
    "members:transfer_cancel": Route("transfer", get=RECORD_MEMBERS, post=RECORD_MEMBERS),
    "members:member_classification": Route(None, get=VIEW, post=RECORD),
    "members:organisation_classification": Route(None, get=VIEW, post=RECORD),
    "members:excellent": Route(None, get=VIEW, post=None),
    "members:award_list": Route(None, get=VIEW, post=RECORD, deny=FORM_AGAIN),
    "members:badges": Route(None, get=VIEW, post=RECORD, deny=FORM_AGAIN),
    "members:cadre_record": Route("member", get=VIEW, post=None),
    "members:cadre_succession_list": Route(None, get=VIEW, post=None),
    "members:cadre_movement_list": Route(None, get=VIEW, post=None),
    "members:cadre_training_list": Route(None, get=VIEW, post=None),
    "members:cadre_nomination_list": Route(None, get=VIEW, post=None),
    "members:cadre_position_create": Route("member", get=RECORD_MEMBERS, post=RECORD_MEMBERS),
    "members:cadre_position_edit": Route("position", get=RECORD_MEMBERS, post=RECORD_MEMBERS),
    "members:cadre_position_end": Route("position", get=RECORD_MEMBERS, post=RECORD_MEMBERS),
    "members:cadre_succession_create": Route("member", get=RECORD_MEMBERS, post=RECORD_MEMBERS),
    "members:cadre_succession_edit": Route("succession", get=RECORD_MEMBERS, post=RECORD_MEMBERS),
    "members:cadre_succession_remove": Route("succession", get=RECORD_MEMBERS, post=RECORD_MEMBERS),
    "members:cadre_training_create": Route("member", get=RECORD_MEMBERS, post=RECORD_MEMBERS),
    "members:cadre_training_edit": Route("training", get=RECORD_MEMBERS, post=RECORD_MEMBERS),
    "members:cadre_training_complete": Route("training", get=RECORD_MEMBERS, post=RECORD_MEMBERS),
    "members:cadre_movement_create": Route("member", get=RECORD_MEMBERS, post=RECORD_MEMBERS),
    "members:cadre_movement_edit": Route("movement", get=RECORD_MEMBERS, post=RECORD_MEMBERS),
    "members:cadre_nomination_create": Route("member", get=RECORD_MEMBERS, post=RECORD_MEMBERS),
    "members:cadre_nomination_edit": Route("nomination", get=RECORD_MEMBERS, post=RECORD_MEMBERS),
    "members:cadre_nomination_outcome": Route("nomination", get=RECORD_MEMBERS, post=RECORD_MEMBERS),
    "members:statistics": Route(None, get=VIEW, post=None),
    "members:import": Route(None, get=RECORD, post=RECORD),
    "members:import_template": Route(None, get=RECORD, post=None),
    "members:import_positions": Route(None, get=RECORD, post=RECORD),
    "members:import_positions_template": Route(None, get=RECORD, post=None),
    "members:export": Route(None, get=VIEW, post=None),
    "members:export_members": Route("unit", get=VIEW, post=None, query="unit={w.unit.pk}"),
    "members:export_positions": Route("unit", get=VIEW, post=None, query="unit={w.unit.pk}"),
    # --- inspections pages ---
    "inspections:inspection_list": Route(None, get=VIEW, post=None),
    "inspections:inspection_create": Route(None, get=VIEW, post=RECORD, deny=FORM_AGAIN),
    "inspections:inspection_detail": Route("inspection", get=VIEW, post=None, confidential=True),
    "inspections:inspection_edit": Route("inspection", get=RECORD, post=RECORD, confidential=True),
    "inspections:inspection_findings": Route("inspection", get=RECORD, post=RECORD, confidential=True),
    "inspections:inspection_conclude": Route("inspection", get=RECORD, post=RECORD, confidential=True),
    "inspections:inspection_recommendations": Route("inspection", get=None, post=RECORD, confidential=True),
    "inspections:inspection_archive": Route("inspection", get=RECORD, post=RECORD, confidential=True),
    "inspections:recommendation_task": Route("recommendation", get=RECORD, post=RECORD, confidential=True),
    "inspections:follow_up": Route(None, get=VIEW, post=None),
    "inspections:programme_list": Route(None, get=VIEW, post=None),
    "inspections:programme_create": Route(None, get=VIEW, post=RECORD, deny=FORM_AGAIN),
    "inspections:programme_detail": Route("programme", get=VIEW, post=None),
    "inspections:programme_edit": Route("programme", get=RECORD, post=RECORD),
    "inspections:programme_archive": Route("programme", get=RECORD, post=RECORD),
    "inspections:discipline_list": Route(None, get=VIEW, post=None),
    "inspections:discipline_create": Route(None, get=VIEW, post=RECORD, deny=FORM_AGAIN),
    "inspections:discipline_detail": Route("discipline", get=VIEW, post=None, confidential=True, xfail=DISCX),
    "inspections:discipline_archive": Route("discipline", get=RECORD, post=RECORD, confidential=True, xfail=DISCX),
    "inspections:member_panel": Route("member", get=VIEW, post=None),
    # --- restructuring pages ---
    "restructuring:operation_list": Route(None, get=VIEW, post=None),
    "restructuring:operation_detail": Route("operation", get=VIEW, post=None),
    "restructuring:tree": Route("unit", get=VIEW, post=None, query="unit={w.unit.pk}"),
    "restructuring:start": Route("unit", get=RESTRUCTURE, post=RESTRUCTURE),
    "restructuring:unit_panel": Route("unit", get=VIEW, post=None),
    "restructuring:operate": Route("unit", get=RESTRUCTURE, post=RESTRUCTURE, args={"kind": "rename"}),
    # --- reports pages ---
    "reports:dashboard": Route(None, get=VIEW, post=None),
    "reports:drilldown": Route("unit", get=VIEW, post=None, query="indicator=meetings_held&unit={w.unit.pk}"),
    "reports:targets_edit": Route("unit", get=VIEW, post=RECORD, args={"unit_pk": "unit", "year": "year"}),
    "reports:render_demo": Route("unit", get=VIEW, post=VIEW, args={"unit_pk": "unit"}),
    "reports:render_job": Route("render_job", get=OWNER, post=None, deny_get=404),
    "reports:render_download": Route("render_job", get=OWNER, post=None, deny_get=404),
    "reports:campaign_list": Route("unit", get=VIEW, post=None, args={"unit_pk": "unit"}),
    "reports:campaign_open": Route("unit", get=RECORD, post=RECORD, args={"unit_pk": "unit"}),
    "reports:campaign_detail": Route("campaign", get=VIEW, post=None),
    "reports:campaign_aggregate_docx": Route("campaign", get=VIEW, post=None),
    "reports:campaign_aggregate_file": Route("campaign", get=VIEW, post=None, args={"fmt": "xlsx"}),
    "reports:campaign_report": Route("campaign_report", get=VIEW, post=RECORD),
    "reports:campaign_report_submit": Route("campaign_report", get=RECORD, post=RECORD),
    "reports:campaign_report_relay": Route("campaign_report", get=None, post=RECORD),
    "reports:campaign_report_refresh": Route("campaign_report", get=None, post=RECORD),
    "reports:campaign_report_docx": Route("campaign_report", get=VIEW, post=None),
    "reports:campaign_report_file": Route("campaign_report", get=VIEW, post=None, args={"fmt": "xlsx"}),
    # --- API ---
    "unit-list": Route(None, get=VIEW, post=MANAGE_UNITS, deny=BODY_FIRST),
    "unit-detail": Route("unit", get=VIEW, post=MANAGE_UNITS),
    "unit-ancestors": Route("unit", get=VIEW, post=None),
    "unit-archive": Route("unit", get=None, post=MANAGE_UNITS),
    "unit-children": Route("unit", get=VIEW, post=None),
    "unit-history": Route("unit", get=VIEW, post=None),
    "unit-restore": Route("unit", get=None, post=MANAGE_UNITS),
    "unit-subtree": Route("unit", get=VIEW, post=None),
    "user-list": Route(None, get=VIEW, post=MANAGE_USERS, deny=BODY_FIRST),
    "user-detail": Route("user", get=MANAGE_USERS, post=MANAGE_USERS, deny=404, deny_get=404),
    "user-history": Route("user", get=MANAGE_USERS, post=None, deny_get=404),
    "user-roles": Route("user", get=None, post=MANAGE_USERS, deny=404),
    "document-list": Route(None, get=VIEW, post=RECORD, deny=BODY_FIRST),
    "document-uncovered": Route("unit", get=VIEW, post=None, query="unit={w.unit.pk}"),
    "document-detail": Route("document", get=VIEW, post=RECORD, confidential=True),
    "document-archive": Route("document", get=None, post=RECORD, confidential=True),
    "document-attachments": Route("document", get=VIEW, post=RECORD, confidential=True),
    "document-chain": Route("document", get=VIEW, post=None, confidential=True),
    "document-history": Route("document", get=VIEW, post=None, confidential=True, xfail=DOCX),
    "document-links": Route("document", get=VIEW, post=RECORD, confidential=True),
    "task-list": Route(None, get=VIEW, post=RECORD, deny=BODY_FIRST, xfail=TASKX),
    "task-board": Route("unit", get=VIEW, post=None, query="unit={w.unit.pk}"),
    "task-detail": Route("task", get=VIEW, post=RECORD, deny=BODY_FIRST, confidential=True, xfail=TASKX),
    "task-accept": Route("task", get=None, post=RECORD, confidential=True, xfail=TASKX),
    "task-cancel": Route("task", get=None, post=RECORD, confidential=True, xfail=TASKX),
    "task-history": Route("task", get=VIEW, post=None, confidential=True, xfail=TASKX),
    "task-propose": Route("task", get=None, post=RECORD, confidential=True, xfail=TASKX),
    "task-reports": Route("task", get=VIEW, post=RECORD, deny=BODY_FIRST, confidential=True, xfail=TASKX),
    "task-return-": Route("task", get=None, post=RECORD, confidential=True, xfail=TASKX),
    "api-root": Route(None, get=SIGNED_IN, post=None),
    "api-meeting-figures": Route("unit", get=VIEW, post=None, query="unit={w.unit.pk}"),
    "meeting-list": Route(None, get=VIEW, post=RECORD, deny=BODY_FIRST),
    "meeting-detail": Route("meeting", get=VIEW, post=RECORD, confidential=True),
    "meeting-agenda": Route("meeting", get=None, post=RECORD, confidential=True),
    "meeting-agenda-remove": Route(
        "meeting", get=None, post=RECORD, confidential=True, args={"item_pk": "agenda_item"}
    ),
    "meeting-attendance": Route("meeting", get=None, post=RECORD, confidential=True),
    "meeting-cancel": Route("meeting", get=None, post=RECORD, confidential=True),
    "meeting-conclusion": Route("meeting", get=None, post=RECORD, confidential=True),
    "meeting-history": Route("meeting", get=VIEW, post=None, confidential=True),
    "meeting-participant-remove": Route(
        "meeting", get=None, post=RECORD, confidential=True, args={"participant_pk": "participant"}
    ),
    "meeting-participants": Route("meeting", get=None, post=RECORD, confidential=True),
    "meeting-frequency-list": Route(
        "unit", get=VIEW, post=RECORD, deny=BODY_FIRST, query="unit={w.unit.pk}", scoped="get"
    ),
    "meeting-frequency-schedule": Route("unit", get=VIEW, post=None, query="unit={w.unit.pk}"),
    "submission-list": Route(None, get=VIEW, post=RECORD, deny=BODY_FIRST),
    "submission-detail": Route("submission", get=VIEW, post=RECORD),
    "submission-decision": Route("submission", get=None, post=RECORD),
    "submission-history": Route("submission", get=VIEW, post=None),
    "submission-opinion": Route("submission", get=None, post=RECORD, deny=BODY_FIRST),
    "submission-withdraw": Route("submission", get=None, post=RECORD),
    "responsibility-list": Route(None, get=VIEW, post=RECORD, deny=BODY_FIRST),
    "responsibility-organisations": Route(None, get=VIEW, post=None),
    "responsibility-detail": Route("responsibility", get=VIEW, post=None),
    "responsibility-end": Route("responsibility", get=None, post=RECORD),
    "people-visit-list": Route(None, get=VIEW, post=RECORD, deny=BODY_FIRST),
    "people-visit-detail": Route("visit", get=VIEW, post=RECORD),
    "people-visit-archive": Route("visit", get=None, post=RECORD),
    "people-visit-findings": Route("visit", get=None, post=RECORD, deny=BODY_FIRST),
    "people-visit-history": Route("visit", get=VIEW, post=None),
    "people-dialogue-list": Route(None, get=VIEW, post=RECORD, deny=BODY_FIRST),
    "people-dialogue-detail": Route("dialogue", get=VIEW, post=RECORD),
    "people-dialogue-archive": Route("dialogue", get=None, post=RECORD),
    "people-dialogue-findings": Route("dialogue", get=None, post=RECORD, deny=BODY_FIRST),
    "people-dialogue-history": Route("dialogue", get=VIEW, post=None),
    "people-schedule-list": Route(None, get=VIEW, post=RECORD, deny=BODY_FIRST),
    "people-schedule-detail": Route("schedule", get=VIEW, post=RECORD),
    "people-schedule-days": Route("schedule", get=VIEW, post=None),
    "people-schedule-end": Route("schedule", get=None, post=RECORD, deny=BODY_FIRST),
    "people-reception-day-list": Route(None, get=VIEW, post=RECORD, deny=BODY_FIRST),
    "people-reception-day-detail": Route("day", get=VIEW, post=RECORD),
    "people-reception-day-archive": Route("day", get=None, post=RECORD),
    "people-petition-list": Route(None, get=VIEW, post=RECORD, deny=BODY_FIRST),
    "people-petition-detail": Route("petition", get=VIEW, post=RECORD),
    "people-petition-answer": Route("petition", get=None, post=RECORD, deny=BODY_FIRST),
    "people-petition-archive": Route("petition", get=None, post=RECORD),
    "people-petition-assign": Route("petition", get=None, post=RECORD, deny=BODY_FIRST),
    "people-petition-history": Route("petition", get=VIEW, post=None),
    "people-plan-list": Route(None, get=VIEW, post=RECORD, deny=BODY_FIRST),
    "people-plan-detail": Route("plan", get=VIEW, post=RECORD),
    "people-plan-assess": Route("plan", get=None, post=RECORD, deny=BODY_FIRST),
    "people-plan-history": Route("plan", get=VIEW, post=None),
    "people-plan-publish": Route("plan", get=None, post=RECORD),
    "people-plan-publish-assessment": Route("plan", get=None, post=RECORD),
    "people-plan-unpublish": Route("plan", get=None, post=RECORD),
    "api-people-finding-task": Route("finding", get=None, post=RECORD, deny=BODY_FIRST),
    "api-people-figures": Route("unit", get=VIEW, post=None, query="unit={w.unit.pk}&start={w.start}&end={w.end}"),
    "members-member-list": Route(None, get=VIEW, post=RECORD_MEMBERS, deny=BODY_FIRST),
    "members-member-detail": Route("member", get=VIEW, post=RECORD_MEMBERS),
    "members-member-admit": Route("member", get=None, post=RECORD_MEMBERS),
    "members-member-end": Route("member", get=None, post=RECORD_MEMBERS),
    "members-member-history": Route("member", get=MEMBER_RECORDS, post=None),
    "members-member-not-recognise": Route("member", get=None, post=RECORD_MEMBERS),
    "members-member-propose": Route("member", get=None, post=RECORD_MEMBERS),
    "members-member-recognise": Route("member", get=None, post=RECORD_MEMBERS),
    "members-member-trained": Route("member", get=None, post=RECORD_MEMBERS),
    "members-transfer-list": Route(None, get=VIEW, post=RECORD_MEMBERS, deny=BODY_FIRST),
    "members-transfer-detail": Route("transfer", get=VIEW, post=None),
    "members-transfer-cancel": Route("transfer", get=None, post=RECORD_MEMBERS),
    "members-transfer-receive": Route("transfer", get=None, post=RECORD_MEMBERS),
    "members-evaluation-list": Route(None, get=VIEW, post=RECORD_MEMBERS, deny=BODY_FIRST),
    "members-evaluation-excellent": Route("unit", get=VIEW, post=None, query="unit={w.unit.pk}"),
    "members-org-evaluation-list": Route(None, get=VIEW, post=RECORD_MEMBERS, deny=BODY_FIRST),
    "members-org-evaluation-excellent": Route("unit", get=VIEW, post=None, query="unit={w.unit.pk}"),
    "members-award-list": Route(None, get=VIEW, post=RECORD_MEMBERS, deny=BODY_FIRST),
    "members-badge-list": Route(None, get=VIEW, post=None),
    "members-badge-award": Route(None, get=None, post=RECORD_MEMBERS, deny=BODY_FIRST),
    "members-badge-eligible": Route("unit", get=VIEW, post=None, query="unit={w.unit.pk}"),
    "cadre-position-list": Route(None, get=VIEW, post=RECORD_MEMBERS, deny=BODY_FIRST),
    "cadre-position-detail": Route("position", get=VIEW, post=RECORD_MEMBERS),
    "cadre-position-end": Route("position", get=None, post=RECORD_MEMBERS),
    "cadre-position-history": Route("position", get=VIEW, post=None),
    "cadre-succession-list": Route(None, get=VIEW, post=RECORD_MEMBERS, deny=BODY_FIRST),
    "cadre-succession-detail": Route("succession", get=VIEW, post=RECORD_MEMBERS),
    "cadre-succession-history": Route("succession", get=VIEW, post=None),
    "cadre-succession-remove": Route("succession", get=None, post=RECORD_MEMBERS),
    "cadre-training-list": Route(None, get=VIEW, post=RECORD_MEMBERS, deny=BODY_FIRST),
    "cadre-training-detail": Route("training", get=VIEW, post=RECORD_MEMBERS),
    "cadre-training-complete": Route("training", get=None, post=RECORD_MEMBERS),
    "cadre-training-history": Route("training", get=VIEW, post=None),
    "cadre-movement-list": Route(None, get=VIEW, post=RECORD_MEMBERS, deny=BODY_FIRST),
    "cadre-movement-detail": Route("movement", get=VIEW, post=RECORD_MEMBERS),
    "cadre-movement-history": Route("movement", get=VIEW, post=None),
    "cadre-nomination-list": Route(None, get=VIEW, post=RECORD_MEMBERS, deny=BODY_FIRST),
    "cadre-nomination-detail": Route("nomination", get=VIEW, post=RECORD_MEMBERS),
    "cadre-nomination-history": Route("nomination", get=VIEW, post=None),
    "cadre-nomination-outcome": Route("nomination", get=None, post=RECORD_MEMBERS),
    "api-cadre-figures": Route("unit", get=VIEW, post=None, query="unit={w.unit.pk}&start={w.start}&end={w.end}"),
    "api-member-figures": Route("unit", get=VIEW, post=None, query="unit={w.unit.pk}"),
    "api-member-import": Route(None, get=None, post=RECORD),
    "api-member-export": Route("unit", get=VIEW, post=None, query="unit={w.unit.pk}"),
    "api-member-positions-export": Route("unit", get=VIEW, post=None, query="unit={w.unit.pk}"),
    "inspection-programme-list": Route(None, get=VIEW, post=RECORD, deny=BODY_FIRST),
    "inspection-programme-detail": Route("programme", get=VIEW, post=RECORD),
    "inspection-programme-archive": Route("programme", get=None, post=RECORD),
    "inspection-programme-history": Route("programme", get=VIEW, post=None),
    "inspection-list": Route(None, get=VIEW, post=RECORD, deny=BODY_FIRST),
    "inspection-detail": Route("inspection", get=VIEW, post=RECORD, confidential=True),
    "inspection-archive": Route("inspection", get=None, post=RECORD, confidential=True),
    "inspection-conclude": Route("inspection", get=None, post=RECORD, deny=BODY_FIRST, confidential=True),
    "inspection-findings": Route("inspection", get=None, post=RECORD, deny=BODY_FIRST, confidential=True),
    "inspection-history": Route("inspection", get=VIEW, post=None, confidential=True),
    "inspection-recommendations": Route("inspection", get=VIEW, post=RECORD, deny=BODY_FIRST, confidential=True),
    "discipline-list": Route(None, get=VIEW, post=RECORD, deny=BODY_FIRST, xfail=DISCX),
    "discipline-detail": Route("discipline", get=VIEW, post=None, confidential=True, xfail=DISCX),
    "discipline-archive": Route("discipline", get=None, post=RECORD, confidential=True, xfail=DISCX),
    "discipline-history": Route("discipline", get=VIEW, post=None, confidential=True, xfail=DISCX),
    "api-recommendation-task": Route("recommendation", get=None, post=RECORD, deny=BODY_FIRST, confidential=True),
    "api-inspection-follow-up": Route(None, get=VIEW, post=None),
    "api-inspection-figures": Route("unit", get=VIEW, post=None, query="unit={w.unit.pk}&start={w.start}&end={w.end}"),
    "staffing-quota-list": Route(None, get=VIEW, post=ASSIGN_OR_REPORT, deny=BODY_FIRST),
    "staffing-quota-bulk": Route(None, get=None, post=ASSIGN_OR_REPORT, deny=BODY_FIRST),
    "staffing-quota-detail": Route("quota", get=VIEW, post=ASSIGN_OR_REPORT),
    "staffing-quota-history": Route("quota", get=VIEW, post=None),
    "staffing-target-list": Route(None, get=VIEW, post=MANAGE_UNITS, deny=BODY_FIRST),
    "staffing-target-detail": Route("target", get=VIEW, post=MANAGE_UNITS),
    "staffing-target-archive": Route("target", get=None, post=MANAGE_UNITS),
    "staffing-target-history": Route("target", get=VIEW, post=None),
    "api-staffing-summary": Route("unit", get=VIEW, post=None, query="unit={w.unit.pk}"),
    "restructuring-operation-list": Route(None, get=VIEW, post=None),
    "restructuring-operation-detail": Route("operation", get=VIEW, post=None),
    "api-restructuring-preview": Route(None, get=None, post=RESTRUCTURE, deny=BODY_FIRST),
    "api-restructuring-apply": Route(None, get=None, post=RESTRUCTURE, deny=BODY_FIRST),
    "api-unit-children-on": Route("unit", get=VIEW, post=None),
    "api-indicators": Route(None, get=VIEW, post=None),
    "api-indicators-compute": Route("unit", get=VIEW, post=None, query="unit={w.unit.pk}"),
    "api-indicators-children": Route("unit", get=VIEW, post=None, query="unit={w.unit.pk}"),
    "api-indicator-targets": Route("unit", get=VIEW, post=RECORD, args={"unit_pk": "unit", "year": "year"}),
    "api-campaign-list": Route(None, get=VIEW, post=RECORD, deny=BODY_FIRST),
    "api-campaign-detail": Route("campaign", get=VIEW, post=None),
    "api-campaign-aggregate": Route("campaign", get=VIEW, post=None),
    "api-campaign-report-detail": Route("campaign_report", get=VIEW, post=RECORD),
    "api-campaign-report-relay": Route("campaign_report", get=None, post=RECORD),
    "api-campaign-report-submit": Route("campaign_report", get=None, post=RECORD),
    "api-me": Route(None, get=SIGNED_IN, post=None),
    "api-symbol-parse": Route(None, get=SIGNED_IN, post=None, query="symbol=05-NQ/TU"),
    "api-references-read": Route(None, get=None, post=SIGNED_IN),
    "api-attachment-download": Route("attachment", get=VIEW, post=None, confidential=True),
    "api-role-revoke": Route("role", get=None, post=MANAGE_USERS, deny=404),
    "api-token": Route(None, get=None, post=PUBLIC),
    "api-schema": Route(None, get=SIGNED_IN, post=None),
    "api-docs": Route(None, get=SIGNED_IN, post=None),
}
