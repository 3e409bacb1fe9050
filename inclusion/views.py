from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from organisations.permissions import Perm, require


@require(Perm.VIEW_WORKSPACE)
def overview(request: HttpRequest) -> HttpResponse:
    return render(request, "inclusion/overview.html")
