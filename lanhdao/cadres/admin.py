"""Read-only admin views, as the members' (members.admin): the product's pages and services do the writing."""

from django.contrib import admin

from lanhdao.members.admin import ReadOnly

from .models import Movement, Nomination, PositionHeld, SuccessionEntry, Training

for model in (PositionHeld, SuccessionEntry, Training, Movement, Nomination):
    admin.site.register(model, ReadOnly)
