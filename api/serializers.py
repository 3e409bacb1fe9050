"""What the API shows and accepts. Writes are checked by the forms of the pages
(`validated_by_form`), so that a measurement or an action the pages refuse is
refused here with the same words."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from adoption.models import Phase
from inclusion.models import ActionKind, ActionStatus, Employee, SkillsAction
from organisations.forms import plausible_date
from reports.models import ReportKind, ReportRequest
from transformation.models import (
    Benefit,
    BenefitMeasurement,
    BenefitTrack,
    CodeterminationStep,
    Initiative,
    Intervention,
    Programme,
)

# Ids are PostgreSQL integers: what does not fit is not an id of ours.
ID = {"min_value": 1, "max_value": 2**31 - 1}


def form_errors(form) -> dict:
    """A Django form's errors as DRF's: per field, and the rest under non_field_errors."""
    return {
        ("non_field_errors" if field == "__all__" else field): [str(m) for m in messages]
        for field, messages in form.errors.items()
    }


# --- Programmes and initiatives ------------------------------------------------------------------


class ProgrammeSerializer(serializers.ModelSerializer):
    owner = serializers.StringRelatedField(allow_null=True)

    class Meta:
        model = Programme
        fields = ["id", "name", "aim", "owner", "start_date", "end_date", "vision", "created_at"]
        read_only_fields = fields


class AdoptionSerializer(serializers.Serializer):
    phase = serializers.IntegerField(help_text="1 to 4")
    label = serializers.CharField()


class InitiativeSerializer(serializers.ModelSerializer):
    owner = serializers.StringRelatedField(allow_null=True)
    status_label = serializers.CharField(source="get_status_display")
    adoption = serializers.SerializerMethodField(
        help_text="The adoption track's current phase; null without a track."
    )

    class Meta:
        model = Initiative
        fields = [
            "id",
            "programme",
            "title",
            "description",
            "owner",
            "units",
            "start_date",
            "status",
            "status_label",
            "status_reason",
            "technology_readiness",
            "processes_readiness",
            "human_action_readiness",
            "adoption",
        ]
        read_only_fields = fields

    @extend_schema_field(AdoptionSerializer(allow_null=True))
    def get_adoption(self, initiative: Initiative) -> dict | None:
        track = getattr(initiative, "adoption_track", None)
        if track is None:
            return None
        return {"phase": track.current_phase, "label": str(Phase(track.current_phase).label)}


class InterventionSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display")
    owner = serializers.StringRelatedField(allow_null=True)

    class Meta:
        model = Intervention
        fields = [
            "id",
            "programme",
            "kind",
            "kind_label",
            "status",
            "evidence",
            "owner",
            "last_reviewed_on",
        ]
        read_only_fields = fields


class CodeterminationStepSerializer(serializers.ModelSerializer):
    body = serializers.StringRelatedField(allow_null=True)
    stage = serializers.CharField(source="stage_code")
    stage_label = serializers.CharField(source="stage")
    meeting_dates = serializers.ListField(child=serializers.DateField(), source="meetings")

    class Meta:
        model = CodeterminationStep
        fields = [
            "id",
            "initiative",
            "phase",
            "body",
            "legal_basis",
            "legal_basis_note",
            "meeting_dates",
            "advice_requested_on",
            "advice_given_on",
            "outcome",
            "outcome_note",
            "stage",
            "stage_label",
            "updated_at",
        ]
        read_only_fields = fields


# --- Benefits ------------------------------------------------------------------------------------


class MeasurementSerializer(serializers.ModelSerializer):
    class Meta:
        model = BenefitMeasurement
        fields = ["id", "measured_on", "value", "note"]
        read_only_fields = fields


class MeasurementWriteSerializer(serializers.Serializer):
    measured_on = serializers.DateField(validators=[plausible_date])
    value = serializers.DecimalField(max_digits=12, decimal_places=2)
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class BenefitSerializer(serializers.ModelSerializer):
    owner = serializers.StringRelatedField(allow_null=True)
    track = serializers.ChoiceField(choices=BenefitTrack.choices, read_only=True)
    measurements = serializers.SerializerMethodField()

    class Meta:
        model = Benefit
        fields = [
            "id",
            "initiative",
            "title",
            "owner",
            "measure",
            "unit",
            "baseline",
            "baseline_on",
            "target",
            "target_date",
            "measured_every",
            "key",
            "track",
            "measurements",
        ]
        read_only_fields = fields

    @extend_schema_field(MeasurementSerializer(many=True))
    def get_measurements(self, benefit: Benefit) -> list:
        ordered = sorted(benefit.measurements.all(), key=lambda m: m.measured_on)
        return MeasurementSerializer(ordered, many=True).data


# --- Inclusion: aggregates through the small-group rule -----------------------------------------


class FigureSerializer(serializers.Serializer):
    count = serializers.IntegerField(
        allow_null=True, help_text="null when the small-group rule hides the figure"
    )
    shown = serializers.CharField(
        help_text="as the pages print it: the number, “<5”, or an en dash (hidden)"
    )
    hidden = serializers.BooleanField()


class ShareSerializer(serializers.Serializer):
    percentage = serializers.IntegerField(allow_null=True)
    hidden = serializers.BooleanField()


class UnitRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class CoverageRowSerializer(serializers.Serializer):
    unit = UnitRefSerializer(allow_null=True, help_text="null: employees without a unit")
    active = FigureSerializer()
    held = FigureSerializer()
    covered = FigureSerializer()
    share = ShareSerializer()


class CoverageSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    threshold = serializers.IntegerField(help_text="the smallest group shown")
    exact = serializers.BooleanField(help_text="true for roles that may see employees")
    rows = CoverageRowSerializer(many=True)
    total = CoverageRowSerializer()


class AreaRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.IntegerField()
    name = serializers.CharField()


class GapCellSerializer(serializers.Serializer):
    area = serializers.IntegerField(allow_null=True, help_text="the area's id; null: any area")
    with_gap = FigureSerializer(help_text="employees with at least one gap in the area")
    share = ShareSerializer(help_text="of the unit's employees")


class GapRowSerializer(serializers.Serializer):
    unit = UnitRefSerializer(allow_null=True, help_text="null: employees without a unit")
    depth = serializers.IntegerField(help_text="0 for a unit at the top, 1 below it, …")
    employees = FigureSerializer(help_text="the unit's employees (of the job, if one is chosen)")
    areas = GapCellSerializer(many=True, help_text="in the order of `areas`")
    any_area = GapCellSerializer()


class SkillsGapsSerializer(serializers.Serializer):
    threshold = serializers.IntegerField(help_text="the smallest group shown")
    exact = serializers.BooleanField(help_text="true for roles that may see employees")
    job = serializers.IntegerField(allow_null=True, help_text="the job chosen, or null: all")
    withheld = serializers.BooleanField(
        help_text="true when the job's figures cannot be shown per unit without giving a "
        "group under the threshold away: no rows then"
    )
    areas = AreaRefSerializer(many=True)
    rows = GapRowSerializer(many=True)


# --- Inclusion: personal data ---------------------------------------------------------------------


class EmployeeSerializer(serializers.ModelSerializer):
    # Often unknown: an empty string then, which is no email address.
    email = serializers.CharField(read_only=True, help_text="empty when unknown")

    class Meta:
        model = Employee
        fields = [
            "id",
            "personnel_number",
            "name",
            "email",
            "unit",
            "job",
            "manager",
            "active",
            "left_on",
        ]
        read_only_fields = fields


class EmployeeRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Employee
        fields = ["id", "name"]
        read_only_fields = fields


class SkillsActionSerializer(serializers.ModelSerializer):
    employees = EmployeeRefSerializer(many=True, read_only=True)

    class Meta:
        model = SkillsAction
        fields = [
            "id",
            "kind",
            "held_on",
            "status",
            "hours",
            "notes",
            "unit",
            "employees",
            "competences",
            "initiative",
            "created_at",
        ]
        read_only_fields = fields


class SkillsActionWriteSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ActionKind.choices)
    held_on = serializers.DateField(validators=[plausible_date])
    status = serializers.ChoiceField(choices=ActionStatus.choices, default=ActionStatus.DONE)
    employees = serializers.ListField(
        child=serializers.IntegerField(**ID), required=False, default=list, max_length=1000
    )
    unit = serializers.IntegerField(required=False, allow_null=True, default=None, **ID)
    whole_unit = serializers.BooleanField(
        required=False,
        default=False,
        help_text="For everyone who works in `unit` now, instead of `employees`.",
    )
    competences = serializers.ListField(
        child=serializers.IntegerField(**ID), required=False, default=list, max_length=100
    )
    hours = serializers.DecimalField(
        max_digits=6, decimal_places=1, min_value=0, required=False, allow_null=True, default=None
    )
    notes = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)
    initiative = serializers.IntegerField(required=False, allow_null=True, default=None, **ID)
    save_anyway = serializers.BooleanField(
        required=False,
        default=False,
        help_text="Save even when the same action is already logged for these employees.",
    )

    def validate(self, attrs):
        from inclusion.actions.forms import SkillsActionForm

        data = {
            "kind": attrs["kind"],
            "held_on": attrs["held_on"].isoformat(),
            "status": attrs["status"],
            "employees": [str(pk) for pk in attrs["employees"]],
            "unit": "" if attrs["unit"] is None else str(attrs["unit"]),
            "competences": [str(pk) for pk in attrs["competences"]],
            "hours": "" if attrs["hours"] is None else str(attrs["hours"]),
            "notes": attrs["notes"],
            "initiative": "" if attrs["initiative"] is None else str(attrs["initiative"]),
        }
        if attrs["whole_unit"]:
            data["whole_unit"] = "on"
        if attrs["save_anyway"]:
            data["save_anyway"] = "1"
        form = SkillsActionForm(data, organisation=self.context["organisation"])
        if not form.is_valid():
            raise serializers.ValidationError(form_errors(form))
        return form.cleaned_data


class SkillsActionBulkSerializer(serializers.Serializer):
    actions = SkillsActionWriteSerializer(many=True, allow_empty=False, max_length=100)


class SkillsActionLoggedSerializer(serializers.Serializer):
    actions = SkillsActionSerializer(many=True)


# --- Reports -------------------------------------------------------------------------------------


class ReportSerializer(serializers.ModelSerializer):
    download = serializers.SerializerMethodField(help_text="null until the report is ready")

    class Meta:
        model = ReportRequest
        fields = [
            "id",
            "kind",
            "programme",
            "period_start",
            "period_end",
            "language",
            "annex",
            "status",
            "stage",
            "progress",
            "error",
            "page_count",
            "size",
            "checksum",
            "created_at",
            "finished_at",
            "download",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_download(self, report: ReportRequest) -> str | None:
        from django.urls import reverse

        if report.status != "done" or not report.file:
            return None
        url = reverse("api:report_download", kwargs={"pk": report.pk})
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request else url


class ReportWriteSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=[(k.value, k.label) for k in ReportKind.periodic()])
    programme = serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        help_text=_("For the management report."),
        **ID,
    )
    period_start = serializers.DateField(validators=[plausible_date])
    period_end = serializers.DateField(validators=[plausible_date])
    annex = serializers.BooleanField(required=False, default=False)
    notify = serializers.BooleanField(required=False, default=False)
