"""The API's views: thin, as the pages' are. Each reads through the same QuerySet
methods, asks the same permissions (`read_perm`, `write_perm`) and writes through the
same services and forms as the page that does the same."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.http import JsonResponse
from django.utils import timezone, translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import (
    MethodNotAllowed,
    PermissionDenied,
    ValidationError,
)
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from api import serializers as s
from inclusion.actions import queries as action_queries
from inclusion.actions import services as action_services
from inclusion.figures import SmallGroups
from inclusion.models import Competence, Employee, Job, SkillsAction
from inclusion.privacy import about, nothing_shown
from inclusion.skills import queries as skills_queries
from organisations.forms import is_id
from organisations.permissions import Perm, can
from reports import services as report_services
from reports.downloads import report_file_response
from reports.forms import ReportRequestForm
from reports.models import ReportKind, ReportRequest
from transformation import services as transformation_services
from transformation.forms import MeasurementForm
from transformation.models import (
    Benefit,
    CodeterminationStep,
    Initiative,
    Intervention,
    Programme,
)


class ApiMixin:
    # What every API view shares: the permission to read and to write, the
    # organisation, and the language of the errors.

    read_perm: Perm | tuple[Perm, ...] | None = Perm.VIEW_WORKSPACE
    write_perm: Perm | tuple[Perm, ...] | None = None

    def initial(self, request, *args, **kwargs):
        # A program says which language it reads in Accept-Language; the pages' cookie
        # still wins for a browser. Dutch otherwise.
        language = translation.get_language_from_request(request._request)
        translation.activate(language)
        request._request.LANGUAGE_CODE = language
        # A method the view has not is 405 for everyone, before who asks is looked at.
        method = request.method.lower()
        if method not in self.http_method_names or not hasattr(self, method):
            raise MethodNotAllowed(request.method)
        super().initial(request, *args, **kwargs)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Content-Language"] = translation.get_language()
        return response

    @property
    def organisation(self):
        return self.request.workspace.organisation


def _id_filter(request, name: str) -> int | None:
    """An id from the query string: anything else is a field error, not a 500."""
    raw = request.query_params.get(name)
    if raw in (None, ""):
        return None
    if not is_id(raw) or not 0 < int(raw) < 2**31:
        raise ValidationError({name: [_("Give the id as a whole number.")]})
    return int(raw)


def _id_parameter(name: str, description: str) -> OpenApiParameter:
    return OpenApiParameter(name, OpenApiTypes.INT, description=description)


# --- Programmes, initiatives and what belongs to them -------------------------------------------


class ProgrammeList(ApiMixin, generics.ListAPIView):
    """The organisation's change programmes."""

    serializer_class = s.ProgrammeSerializer

    def get_queryset(self):
        return (
            Programme.objects.for_organisation(self.organisation)
            .select_related("owner")
            .order_by("name", "pk")
        )


class ProgrammeDetail(ApiMixin, generics.RetrieveAPIView):
    """One programme."""

    serializer_class = s.ProgrammeSerializer

    def get_queryset(self):
        return Programme.objects.for_organisation(self.organisation).select_related("owner")


@extend_schema(parameters=[_id_parameter("programme", "Only this programme's initiatives.")])
class InitiativeList(ApiMixin, generics.ListAPIView):
    """The initiatives, each with its status (RAG) and the phase of its adoption track."""

    serializer_class = s.InitiativeSerializer

    def get_queryset(self):
        initiatives = (
            Initiative.objects.for_organisation(self.organisation)
            .for_list()
            .select_related("adoption_track")
            .order_by("programme_id", "title", "pk")
        )
        if (programme := _id_filter(self.request, "programme")) is not None:
            initiatives = initiatives.filter(programme_id=programme)
        return initiatives


class InitiativeDetail(ApiMixin, generics.RetrieveAPIView):
    """One initiative, with its status and adoption phase."""

    serializer_class = s.InitiativeSerializer

    def get_queryset(self):
        return (
            Initiative.objects.for_organisation(self.organisation)
            .for_list()
            .select_related("adoption_track")
        )


@extend_schema(parameters=[_id_parameter("programme", "Only this programme's interventions.")])
class InterventionList(ApiMixin, generics.ListAPIView):
    """The five interventions of each programme: the health check."""

    serializer_class = s.InterventionSerializer

    def get_queryset(self):
        interventions = (
            Intervention.objects.for_organisation(self.organisation)
            .select_related("owner")
            .order_by("programme_id", "kind", "pk")
        )
        if (programme := _id_filter(self.request, "programme")) is not None:
            interventions = interventions.filter(programme_id=programme)
        return interventions


@extend_schema(parameters=[_id_parameter("initiative", "Only this initiative's steps.")])
class CodeterminationStepList(ApiMixin, generics.ListAPIView):
    """Where co-determination stands, per initiative and phase."""

    serializer_class = s.CodeterminationStepSerializer

    def get_queryset(self):
        steps = (
            CodeterminationStep.objects.for_organisation(self.organisation)
            .select_related("body")
            .order_by("initiative_id", "phase", "pk")
        )
        if (initiative := _id_filter(self.request, "initiative")) is not None:
            steps = steps.filter(initiative_id=initiative)
        return steps


@extend_schema(parameters=[_id_parameter("initiative", "Only this initiative's benefits.")])
class BenefitList(ApiMixin, generics.ListAPIView):
    """The expected benefits with their measurements and whether they are on track."""

    serializer_class = s.BenefitSerializer

    def get_queryset(self):
        benefits = (
            Benefit.objects.for_organisation(self.organisation)
            .with_measurements()
            .order_by("initiative_id", "title", "pk")
        )
        if (initiative := _id_filter(self.request, "initiative")) is not None:
            benefits = benefits.filter(initiative_id=initiative)
        return benefits


class BenefitDetail(ApiMixin, generics.RetrieveAPIView):
    """One benefit with its measurements."""

    serializer_class = s.BenefitSerializer

    def get_queryset(self):
        return Benefit.objects.for_organisation(self.organisation).with_measurements()


class MeasurementCreate(ApiMixin, generics.GenericAPIView):
    """Record a measurement of a benefit, checked as the benefit's page checks it."""

    read_perm = None
    write_perm = Perm.EDIT_PROGRAMME
    serializer_class = s.MeasurementWriteSerializer

    def get_queryset(self):
        return Benefit.objects.for_organisation(self.organisation)

    @extend_schema(
        request=s.MeasurementWriteSerializer,
        responses={201: s.MeasurementSerializer},
    )
    def post(self, request, pk: int):
        benefit = self.get_object()
        incoming = self.get_serializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        form = MeasurementForm(
            {
                "measured_on": data["measured_on"].isoformat(),
                "value": str(data["value"]),
                "note": data["note"],
            },
            benefit=benefit,
        )
        if not form.is_valid():
            raise ValidationError(s.form_errors(form))
        try:
            with transaction.atomic():
                measurement = transformation_services.benefit_add_measurement(
                    benefit=benefit, by=request.user, **form.cleaned_data
                )
        except IntegrityError as error:
            # Another request recorded this day between the check and the save.
            raise ValidationError(
                {"measured_on": [_("There is already a measurement on this date.")]}
            ) from error
        return Response(s.MeasurementSerializer(measurement).data, status=status.HTTP_201_CREATED)


# --- Inclusion: aggregates ----------------------------------------------------------------------


def _figure(figure) -> dict:
    return {
        "count": None if figure.hidden else figure.count,
        "shown": figure.text,
        "hidden": figure.hidden,
    }


def _coverage_row(row) -> dict:
    return {
        "unit": {"id": row.unit.pk, "name": row.unit.name} if row.unit is not None else None,
        "active": _figure(row.active),
        "held": _figure(row.held),
        "covered": _figure(row.covered),
        "share": {
            "percentage": None if row.share.hidden else row.share.percentage,
            "hidden": row.share.hidden,
        },
    }


class PopCoverage(ApiMixin, APIView):
    """POP coverage per unit: the coverage page's table, through the small-group rule."""

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "year", OpenApiTypes.INT, description="The year; this year when left out."
            )
        ],
        responses={200: s.CoverageSerializer},
    )
    def get(self, request):
        raw = request.query_params.get("year", "")
        if raw == "":
            year = timezone.localdate().year
        elif is_id(raw) and 2000 <= int(raw) <= 2100:
            year = int(raw)
        else:
            raise ValidationError({"year": [_("Give a year between 2000 and 2100.")]})
        groups = SmallGroups.for_reader(request)
        table = action_queries.coverage_table(
            groups, action_queries.pop_coverage(self.organisation, year)
        )
        response = Response(
            {
                "year": year,
                "threshold": groups.threshold,
                "exact": groups.exact,
                "rows": [_coverage_row(row) for row in table.rows],
                "total": _coverage_row(table.total),
            }
        )
        if groups.exact:
            # Figures about groups below the threshold stay out of caches, as on the page.
            add_never_cache_headers(response)
        return response


def _gap_cell(area_id: int | None, cell) -> dict:
    return {
        "area": area_id,
        "with_gap": _figure(cell.figure),
        "share": {
            "percentage": None if cell.share.hidden else cell.share.percentage,
            "hidden": cell.share.hidden,
        },
    }


class SkillsGaps(ApiMixin, APIView):
    """The skills-gap heatmap: per unit and competence area, the employees with at least
    one gap (a latest assessed level below their job's target), through the small-group
    rule as on the page. Every unit with employees, in the order of the unit tree."""

    @extend_schema(
        parameters=[_id_parameter("job", "Only the employees of this job.")],
        responses={200: s.SkillsGapsSerializer},
    )
    def get(self, request):
        job_id = _id_filter(request, "job")
        job = None
        if job_id is not None:
            job = Job.objects.for_organisation(self.organisation).filter(pk=job_id).first()
            if job is None:
                raise ValidationError({"job": [_("There is no such job in this organisation.")]})
        groups = SmallGroups.for_reader(request)
        heat = skills_queries.heatmap(self.organisation, groups=groups, job=job)
        response = Response(
            {
                "threshold": groups.threshold,
                "exact": groups.exact,
                "job": job.pk if job else None,
                "withheld": heat.withheld,
                "areas": [
                    {"id": area.pk, "number": area.number, "name": area.localised_name}
                    for area in heat.areas
                ],
                "rows": [
                    {
                        "unit": {"id": row.unit.pk, "name": row.unit.name}
                        if row.unit is not None
                        else None,
                        "depth": row.depth,
                        "employees": _figure(row.total),
                        "areas": [
                            _gap_cell(area.pk, cell)
                            for area, cell in zip(heat.areas, row.cells, strict=True)
                        ],
                        "any_area": _gap_cell(None, row.any_gap),
                    }
                    for row in heat.rows
                ],
            }
        )
        if groups.exact:
            # Figures about groups below the threshold stay out of caches, as on the page.
            add_never_cache_headers(response)
        return response


# --- Inclusion: personal data (wrapped in inclusion.privacy.personal_data in urls.py) -----------


@extend_schema(
    parameters=[
        OpenApiParameter(
            "q", OpenApiTypes.STR, description="Part of a name or a personnel number."
        ),
        OpenApiParameter("active", OpenApiTypes.BOOL, description="Only those who work here."),
    ]
)
class EmployeeList(ApiMixin, generics.ListAPIView):
    """The employees: personal data, for the roles that may see it. Each page read is
    on record in the access log."""

    read_perm = Perm.VIEW_EMPLOYEES
    serializer_class = s.EmployeeSerializer

    def get_queryset(self):
        employees = Employee.objects.for_organisation(self.organisation).order_by("name", "pk")
        if query := self.request.query_params.get("q", "").replace("\x00", ""):
            employees = employees.search(query[:200])
        if self.request.query_params.get("active") == "true":
            employees = employees.active()
        return employees

    def list(self, request, *args, **kwargs):
        response = super().list(request, *args, **kwargs)
        _log_read(request, response, _("employees through the API"))
        return response


def _log_read(request, response, detail: str) -> None:
    """One access-log entry for a page of personal data; none for an empty page."""
    if response.data.get("results"):
        about(request, detail=detail)
    else:
        nothing_shown(request)


def _actions(organisation):
    return (
        SkillsAction.objects.for_organisation(organisation)
        .prefetch_related(
            Prefetch("employees", Employee.objects.only("pk", "name").order_by("name", "pk")),
            Prefetch("competences", Competence.objects.only("pk")),
        )
        .order_by("-held_on", "-pk")
    )


class SkillsActionList(ApiMixin, generics.ListCreateAPIView):
    """The digital-skills actions; logging one, as on the log page."""

    read_perm = Perm.VIEW_EMPLOYEES
    write_perm = Perm.EDIT_SKILLS_ACTIONS
    serializer_class = s.SkillsActionSerializer

    def get_queryset(self):
        return _actions(self.organisation)

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "organisation": self.organisation}

    def list(self, request, *args, **kwargs):
        response = super().list(request, *args, **kwargs)
        _log_read(request, response, _("digital-skills actions through the API"))
        return response

    @extend_schema(request=s.SkillsActionWriteSerializer, responses={201: s.SkillsActionSerializer})
    def post(self, request, *args, **kwargs):
        incoming = s.SkillsActionWriteSerializer(
            data=request.data, context=self.get_serializer_context()
        )
        incoming.is_valid(raise_exception=True)
        # The service writes the access-log entries of the employees it is logged for.
        action = action_services.skills_action_log_entered(
            organisation=self.organisation, by=request.user, entered=incoming.validated_data
        )
        nothing_shown(request)
        return Response(
            s.SkillsActionSerializer(_actions(self.organisation).get(pk=action.pk)).data,
            status=status.HTTP_201_CREATED,
        )


class SkillsActionBulk(ApiMixin, generics.GenericAPIView):
    """Log up to a hundred actions at once: all of them, or, when one is refused, none."""

    read_perm = None
    write_perm = Perm.EDIT_SKILLS_ACTIONS
    serializer_class = s.SkillsActionBulkSerializer

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "organisation": self.organisation}

    @extend_schema(
        request=s.SkillsActionBulkSerializer, responses={201: s.SkillsActionLoggedSerializer}
    )
    def post(self, request):
        incoming = self.get_serializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        with transaction.atomic():
            logged = [
                action_services.skills_action_log_entered(
                    organisation=self.organisation, by=request.user, entered=data
                )
                for data in incoming.validated_data["actions"]
            ]
        actions = _actions(self.organisation).filter(pk__in=[a.pk for a in logged])
        return Response(
            {"actions": s.SkillsActionSerializer(actions, many=True).data},
            status=status.HTTP_201_CREATED,
        )


# --- Reports ------------------------------------------------------------------------------------


def _visible_reports(request):
    return ReportRequest.objects.visible_to(request.workspace).select_related("programme")


@extend_schema(
    parameters=[OpenApiParameter("kind", OpenApiTypes.STR, enum=list(ReportKind.values))]
)
class ReportList(ApiMixin, generics.ListCreateAPIView):
    """The reports of the kinds the role may read; requesting one, as on the reports page."""

    read_perm = Perm.READ_REPORTS
    write_perm = (Perm.REQUEST_MANAGEMENT_REPORT, Perm.REQUEST_HR_REPORT)
    serializer_class = s.ReportSerializer

    def get_queryset(self):
        reports = _visible_reports(self.request)
        kind = self.request.query_params.get("kind", "")
        if kind:
            if kind not in ReportKind.values:
                raise ValidationError(
                    {"kind": [_("Choose one of: %s.") % ", ".join(ReportKind.values)]}
                )
            reports = reports.filter(kind=kind)
        return reports

    @extend_schema(request=s.ReportWriteSerializer, responses={201: s.ReportSerializer})
    def post(self, request, *args, **kwargs):
        incoming = s.ReportWriteSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        kind = ReportKind(data["kind"])
        if not can(request.workspace.membership, kind.permission):
            raise PermissionDenied(_("Your role may not request this kind of report."))
        form = ReportRequestForm(
            {
                "programme": "" if data["programme"] is None else str(data["programme"]),
                "period_start": data["period_start"].isoformat(),
                "period_end": data["period_end"].isoformat(),
                "annex": "on" if data["annex"] else "",
                "notify": "on" if data["notify"] else "",
            },
            organisation=self.organisation,
            kind=kind,
        )
        if not form.is_valid():
            raise ValidationError(s.form_errors(form))
        cleaned = form.cleaned_data
        with transaction.atomic():
            report = report_services.report_request(
                organisation=self.organisation,
                kind=kind,
                programme=cleaned.get("programme"),
                period_start=cleaned["period_start"],
                period_end=cleaned["period_end"],
                requested_by=request.user,
                annex=cleaned.get("annex", False),
                notify=cleaned["notify"],
            )
        report.refresh_from_db()
        return Response(self.get_serializer(report).data, status=status.HTTP_201_CREATED)


class ReportDetail(ApiMixin, generics.RetrieveAPIView):
    """One report and how far it is."""

    read_perm = Perm.READ_REPORTS
    serializer_class = s.ReportSerializer

    def get_queryset(self):
        return _visible_reports(self.request)

    def retrieve(self, request, *args, **kwargs):
        response = super().retrieve(request, *args, **kwargs)
        # Progress changes from second to second: never a stale one.
        add_never_cache_headers(response)
        return response


class PDFRenderer(BaseRenderer):
    """Lets a client ask for the PDF by its type; the file itself is not rendered."""

    media_type = "application/pdf"
    format = "pdf"
    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        # The file is a FileResponse and errors go to JSON (handle_exception below).
        return JSONRenderer().render(data)


class ReportDownload(ApiMixin, generics.GenericAPIView):
    """The PDF of a finished report; 404 until it is ready. Reading the HR report is
    on record in the access log."""

    read_perm = Perm.READ_REPORTS
    renderer_classes = [JSONRenderer, PDFRenderer]

    def handle_exception(self, exc):
        # A refusal is JSON, also for a client that asked for the PDF.
        self.request.accepted_renderer = JSONRenderer()
        self.request.accepted_media_type = JSONRenderer.media_type
        return super().handle_exception(exc)

    def get_queryset(self):
        return _visible_reports(self.request).select_related("organisation")

    @extend_schema(
        responses={
            (200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY, description="The PDF"),
        }
    )
    def get(self, request, pk: int):
        return report_file_response(request, self.get_object())


@csrf_exempt
def not_found(request, rest: str = ""):
    """Any other address under /api/v1/: JSON, as every answer of the API, not the HTML page."""
    with translation.override(translation.get_language_from_request(request)):
        return JsonResponse({"detail": _("There is no such address in the API.")}, status=404)
