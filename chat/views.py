"""Thin views: read input, call a selector or a service, render or redirect."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from groups.permissions import can_facilitate
from groups.selectors import group_content_or_404

from .selectors import is_side_room_participant, side_room_for


@login_required
def chat_page(request, slug):
    group, membership = group_content_or_404(user=request.user, slug=slug)
    token = request.GET.get("room") or ""
    side_room = None
    if token:
        side_room = side_room_for(group=group, token=token)
        if side_room is None or not is_side_room_participant(side_room, request.user.pk):
            raise Http404
    return render(
        request,
        "chat/room.html",
        {
            "group": group,
            "membership": membership,
            "side_room": side_room,
            "is_facilitator": can_facilitate(request.user, membership),
        },
    )
