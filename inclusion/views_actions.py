"""Placeholder module; replaced by the part's views."""

urlpatterns: list = []
