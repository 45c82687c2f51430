"""Methods as data: a method is an ordered list of phases; the engine knows phases only."""

from __future__ import annotations

from ..models import Method
from . import appreciative_inquiry, barcamp, open_space, world_cafe
from .phase import AGENDA_SCREENS, Action, EnterStep, MethodInfo, Panel, Phase, Screen

__all__ = ["AGENDA_SCREENS", "METHODS", "Action", "EnterStep", "MethodInfo", "Panel", "Phase",
           "Screen"]

METHODS: dict[Method, MethodInfo] = {
    module.METHOD.key: module.METHOD
    for module in (open_space, barcamp, appreciative_inquiry, world_cafe)
}
