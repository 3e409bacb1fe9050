from django.urls import path

from adoption import views

app_name = "adoption"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("programma/<int:pk>/fasebord/", views.board, name="board"),
    path("initiatief/<int:pk>/starten/", views.track_start, name="track_start"),
    path("traject/<int:pk>/", views.track_detail, name="track_detail"),
    path("traject/<int:pk>/doelgroep/", views.track_edit, name="track_edit"),
    path("traject/<int:pk>/fase/<int:phase>/", views.phase_edit, name="phase_edit"),
    path("traject/<int:pk>/volgende-fase/", views.track_move, name="track_move"),
    path("stap/<int:pk>/ongedaan-maken/", views.move_undo, name="move_undo"),
    path("stap/<int:pk>/bevestigen/", views.move_confirm, name="move_confirm"),
    path("checklist/", views.checklist, name="checklist"),
    path("checklist/nieuw/", views.checklist_create, name="checklist_create"),
    path("checklist/<int:pk>/", views.checklist_edit, name="checklist_edit"),
    path("checklist/<int:pk>/verwijderen/", views.checklist_delete, name="checklist_delete"),
    path("traject/<int:pk>/gebruik-importeren/", views.usage_import, name="usage_import"),
    path("traject/<int:pk>/<slug:kind>/nieuw/", views.item_create, name="item_create"),
    path("<slug:kind>/<int:pk>/bewerken/", views.item_edit, name="item_edit"),
    path("<slug:kind>/<int:pk>/verwijderen/", views.item_delete, name="item_delete"),
]
