"""THE authorization table: for every route of the project, what each role gets.

One row per route, keyed exactly as the URL resolver spells it (``test_authorization_sweep``
walks ``get_resolver()`` and fails, listing them, when a route has no row here or a row no
longer matches a route). A row is::

    "route": (path to request, GET expectations, POST expectations)

The path fills parameters from the sweep's fixtures: ``{slug}`` is the group everyone in the
table stands around, ``{other_slug}`` a second group, ``{missing_id}`` an id nothing has, and
the objects in ``sweep_objects.py`` (``{thread}``, ...). Expectations are ten tokens, one per
role, in this order:

    visitor  unconfirmed  nonmember  requested  muted  removed  member  other_facilitator
    facilitator  moderator

A token is a status code, ``L`` (a redirect to a sign-in page: the site's, Wagtail's or Django
admin's) or ``R`` (a redirect elsewhere);
``TOKENx4`` repeats a token. POSTs carry no form data (CSRF is not enforced here; the CSRF sweep
checks it separately), so 400 means "refused as incomplete input", never "done". Every request
is rolled back, so the order of rows does not matter.

Group content answers 404 to anyone who is not an active member (moderators aside): it must
not even admit that it exists. The moderator signed in with two-factor authentication.
"""

#       visitor unconf nonmem requested muted removed member other_fac facilitator moderator
ROUTES: dict[str, tuple[str, str, str]] = {
    # --- site ----------------------------------------------------------------------------
    "healthz": ("/healthz", "200x10", "200x10"),
    "help/": ("/help/", "200x10", "200x10"),
    # Choosing the crisis country: saved to the profile, or a cookie; never an error.
    "help/country/": ("/help/country/", "Rx10", "Rx10"),
    "help/staying-safe/": ("/help/staying-safe/", "200x10", "200x10"),
    "search/": ("/search/?q=trust", "200x10", "200x10"),
    "i18n/setlang/": ("/i18n/setlang/", "Rx10", "Rx10"),
    # Wagtail pages (the catch-all page route) and Wagtail's helpers for private pages.
    "^((?:[\\w\\-]+/)*)$": ("/", "200x10", "200x10"),
    # Wagtail's password-only sign-in forms lead to the site's one sign-in (two-factor).
    "_util/login/": ("/_util/login/", "Lx10", "Lx10"),
    "admin/login/": ("/admin/login/", "Lx10", "Lx10"),
    "_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/": (
        "/_util/authenticate_with_password/{missing_id}/{missing_id}/",
        "404x10",
        "404x10",
    ),
    "documents/^(\\d+)/(.*)$": ("/documents/{missing_id}/file.pdf", "404x10", "404x10"),
    "documents/authenticate_with_password/<int:restriction_id>/": (
        "/documents/authenticate_with_password/{missing_id}/",
        "404x10",
        "404x10",
    ),
    # The admin trees: staff only. Site moderators are in the "Moderators" auth group, which
    # Wagtail's own migrations create with Wagtail admin access: they reach /admin/.
    "admin/*": ("/admin/", "Lx9 200", "Lx9 405"),
    "django-admin/*": ("/django-admin/", "Lx10", "Lx10"),
    # --- accounts (allauth) ------------------------------------------------------------------
    "accounts/login/": ("/accounts/login/", "200 Rx9", "200 Rx9"),
    "accounts/logout/": ("/accounts/logout/", "R 200x9", "Rx10"),
    "accounts/inactive/": ("/accounts/inactive/", "200x10", "405x10"),
    "accounts/signup/": ("/accounts/signup/", "200 Rx9", "200 Rx9"),
    "accounts/reauthenticate/": ("/accounts/reauthenticate/", "L 200x9", "L 200x9"),
    # allauth 65.22+: re-authenticate with an emailed code (login by code is off here).
    "accounts/reauthenticate/code/": ("/accounts/reauthenticate/code/", "L R 200x8", "L R 200x8"),
    "accounts/reauthenticate/code/confirm/": (
        "/accounts/reauthenticate/code/confirm/",
        "L Rx9",
        "L Rx9",
    ),
    "accounts/email/": ("/accounts/email/", "L 200x9", "L Rx9"),
    "accounts/confirm-email/": ("/accounts/confirm-email/", "200x10", "405x10"),
    "accounts/^confirm-email/(?P<key>[-:\\w]+)/$": (
        "/accounts/confirm-email/not-a-real-key/",
        "200x10",
        "404x10",
    ),
    "accounts/password/change/": ("/accounts/password/change/", "L 200x9", "L 200x9"),
    "accounts/password/set/": ("/accounts/password/set/", "L Rx9", "L Rx9"),
    "accounts/password/reset/": ("/accounts/password/reset/", "200x10", "200x10"),
    "accounts/password/reset/done/": ("/accounts/password/reset/done/", "200x10", "405x10"),
    "accounts/^password/reset/key/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$": (
        "/accounts/password/reset/key/1-not-a-key/",
        "200x10",
        "200x10",
    ),
    "accounts/password/reset/key/done/": (
        "/accounts/password/reset/key/done/",
        "200x10",
        "405x10",
    ),
    "accounts/login/code/confirm/": ("/accounts/login/code/confirm/", "L Rx9", "L Rx9"),
    "accounts/2fa/": ("/accounts/2fa/", "L 200x9", "L 405x9"),
    "accounts/2fa/authenticate/": ("/accounts/2fa/authenticate/", "L Rx9", "L Rx9"),
    "accounts/2fa/reauthenticate/": (
        "/accounts/2fa/reauthenticate/",
        "L Rx8 200",
        "L Rx8 200",
    ),
    "accounts/2fa/totp/activate/": ("/accounts/2fa/totp/activate/", "L Rx9", "L Rx9"),
    "accounts/2fa/totp/deactivate/": (
        "/accounts/2fa/totp/deactivate/",
        "L 404x8 R",
        "L 404x8 R",
    ),
    "accounts/2fa/recovery-codes/": ("/accounts/2fa/recovery-codes/", "L 404x9", "L 405x9"),
    "accounts/2fa/recovery-codes/generate/": (
        "/accounts/2fa/recovery-codes/generate/",
        "L Rx9",
        "L Rx9",
    ),
    "accounts/2fa/recovery-codes/download/": (
        "/accounts/2fa/recovery-codes/download/",
        "L 404x9",
        "L 404x9",
    ),
    # --- the member's own pages ---------------------------------------------------------------
    "me/": ("/me/", "L 200x9", "L Rx9"),
    "me/sign-out-everywhere/": ("/me/sign-out-everywhere/", "L Rx9", "Lx10"),
    "me/notifications/": ("/me/notifications/", "L 200x9", "L 200x9"),
    "me/notifications/read/": ("/me/notifications/read/", "L Rx9", "L Rx9"),
    "me/notifications/<int:notification_id>/open/": (
        "/me/notifications/{missing_id}/open/",
        "L Rx9",
        "L 404x9",
    ),
    # Drafts: only ever one's own; a POST without a place is refused as incomplete.
    "me/drafts/": ("/me/drafts/", "Rx10", "401 400x9"),
    # Quick exit's beacon: keeps drafts, ends the session; harmless for anyone.
    "me/exit/": ("/me/exit/", "Rx10", "204x10"),
    "me/notifications/settings/": ("/me/notifications/settings/", "L 200x9", "L Rx9"),
    "me/export/": ("/me/export/", "L 200x9", "L 405x9"),
    "me/delete/": ("/me/delete/", "L 200x9", "L 400x9"),
    "me/blocked/": ("/me/blocked/", "L 200x9", "L 400x9"),
    "me/blocked/unblock/": ("/me/blocked/unblock/", "L Rx9", "L Rx9"),
    "me/keep-apart/": ("/me/keep-apart/", "L 200x9", "L 400x9"),
    "me/keep-apart/remove/": ("/me/keep-apart/remove/", "L Rx9", "L Rx9"),
    "me/keep-apart/request/": ("/me/keep-apart/request/", "L Rx9", "L 400x9"),
    "me/keep-apart/request/<int:pk>/withdraw/": (
        "/me/keep-apart/request/{separation}/withdraw/",
        "L Rx9",
        "L Rx9",
    ),
    # --- groups -------------------------------------------------------------------------------
    "groups/": ("/groups/", "200x10", "200x10"),
    "groups/<slug:slug>/": ("/groups/{slug}/", "200x10", "200x10"),
    "groups/<slug:slug>/join/": ("/groups/{slug}/join/", "L Rx9", "L 400x9"),
    "groups/new/": ("/groups/new/", "404x9 200", "404x9 200"),
    "groups/search/": ("/groups/search/", "200x10", "200x10"),
    "groups/<slug:slug>/leave/": ("/groups/{slug}/leave/", "L Rx9", "L Rx9"),
    "groups/<slug:slug>/offer/": ("/groups/{slug}/offer/", "L Rx9", "L Rx9"),
    "groups/<slug:slug>/invite/<str:token>/": (
        "/groups/{slug}/invite/{invite_token}/",
        "200x10",
        "L 400x9",
    ),
    # Group content: active members (muted ones too) and moderators; 404 for everyone else.
    #                    visitor unconf nonmem requested muted removed member other_fac fac mod
    "groups/<slug:slug>/rules/": (
        "/groups/{slug}/rules/",
        "404x4 200 404 200 404 200x2",
        "404x4 400 404 400 404 400x2",
    ),
    "groups/<slug:slug>/members/": (
        "/groups/{slug}/members/",
        "404x4 200 404 200 404 200x2",
        "404x4 200 404 200 404 200x2",
    ),
    "groups/<slug:slug>/threads/new/": (
        "/groups/{slug}/threads/new/",
        "404x4 200 404 200 404 200x2",
        "404x4 400 404 400 404 400x2",
    ),
    "groups/<slug:slug>/threads/<int:thread_id>/": (
        "/groups/{slug}/threads/{thread}/",
        "404x4 200 404 200 404 200x2",
        "404x4 200 404 200 404 200x2",
    ),
    "groups/<slug:slug>/threads/<int:thread_id>/reply/": (
        "/groups/{slug}/threads/{thread}/reply/",
        "Rx10",
        "404x4 400 404 400 404 400x2",
    ),
    "groups/<slug:slug>/threads/<int:thread_id>/follow/": (
        "/groups/{slug}/threads/{thread}/follow/",
        "Rx10",
        "404x4 R 404 R 404 Rx2",
    ),
    "groups/<slug:slug>/threads/<int:thread_id>/posts/<int:post_id>/": (
        "/groups/{slug}/threads/{thread}/posts/{post}/",
        "404x4 R 404 R 404 Rx2",
        "404x4 R 404 R 404 Rx2",
    ),
    "groups/<slug:slug>/threads/<int:thread_id>/posts/<int:post_id>/react/": (
        "/groups/{slug}/threads/{thread}/posts/{post}/react/",
        "Rx10",
        "404x4 R 404 R 404 Rx2",
    ),
    # The author's own post ({post} is the member's opening post): only they edit or remove it.
    "groups/<slug:slug>/threads/<int:thread_id>/posts/<int:post_id>/edit/": (
        "/groups/{slug}/threads/{thread}/posts/{post}/edit/",
        "404x6 200 404x3",
        "404x6 400 404x3",
    ),
    "groups/<slug:slug>/threads/<int:thread_id>/posts/<int:post_id>/delete/": (
        "/groups/{slug}/threads/{thread}/posts/{post}/delete/",
        "Rx10",
        "404x4 R 404 R 404 Rx2",
    ),
    # Facilitator tools: 404 to non-members, 403 to members who do not facilitate.
    "groups/<slug:slug>/threads/<int:thread_id>/flags/": (
        "/groups/{slug}/threads/{thread}/flags/",
        "Rx10",
        "404x4 403 404 403 404 Rx2",
    ),
    "groups/<slug:slug>/threads/<int:thread_id>/posts/<int:post_id>/history/": (
        "/groups/{slug}/threads/{thread}/posts/{post}/history/",
        "404x8 200x2",
        "404x8 200x2",
    ),
    # --- chat and sessions (chat app, mounted under the group) ------------------------------
    "groups/<slug:slug>/chat/": (
        "/groups/{slug}/chat/",
        "404x4 200 404 200 404 200x2",
        "405x10",
    ),
    "groups/<slug:slug>/sessions/": (
        "/groups/{slug}/sessions/",
        "404x4 200 404 200 404 200x2",
        "404x4 403 404 403 404 400x2",
    ),
    # The calendar feed takes no cookie, only a private token: without one, 404 for everyone.
    "groups/<slug:slug>/sessions.ics": ("/groups/{slug}/sessions.ics", "404x10", "405x10"),
    "groups/<slug:slug>/sessions/calendar/": (
        "/groups/{slug}/sessions/calendar/",
        "Rx10",
        "404x4 R 404 R 404 Rx2",
    ),
    "groups/<slug:slug>/sessions/<int:session_id>/rsvp/": (
        "/groups/{slug}/sessions/{chat_session}/rsvp/",
        "Rx10",
        "404x4 400 404 400 404 400x2",
    ),
    "groups/<slug:slug>/sessions/<int:session_id>/cancel/": (
        "/groups/{slug}/sessions/{chat_session}/cancel/",
        "Rx10",
        "404x4 403 404 403 404 Rx2",
    ),
    "groups/<slug:slug>/manage/": (
        "/groups/{slug}/manage/",
        "404x4 403 404 403 404 200x2",
        "404x4 403 404 403 404 200x2",
    ),
    # The console's tabs: plain pages, for the group's facilitators and moderators.
    "groups/<slug:slug>/manage/members/": (
        "/groups/{slug}/manage/members/",
        "404x4 403 404 403 404 200x2",
        "404x4 403 404 403 404 200x2",
    ),
    "groups/<slug:slug>/manage/requests/": (
        "/groups/{slug}/manage/requests/",
        "404x4 403 404 403 404 200x2",
        "404x4 403 404 403 404 200x2",
    ),
    "groups/<slug:slug>/manage/requests/<int:membership_id>/": (
        "/groups/{slug}/manage/requests/{requested_membership}/",
        "Rx10",
        "404x4 403 404 403 404 Rx2",
    ),
    # Removing and muting: GET is the confirmation step; a POST without a reason is refused.
    "groups/<slug:slug>/manage/members/<int:membership_id>/remove/": (
        "/groups/{slug}/manage/members/{member_membership}/remove/",
        "404x4 403 404 403 404 200x2",
        "404x4 403 404 403 404 400x2",
    ),
    "groups/<slug:slug>/manage/members/<int:membership_id>/mute/": (
        "/groups/{slug}/manage/members/{member_membership}/mute/",
        "404x4 403 404 403 404 200x2",
        "404x4 403 404 403 404 400x2",
    ),
    # The undo of a mute and of a removal (restoring someone not removed: a message).
    "groups/<slug:slug>/manage/members/<int:membership_id>/unmute/": (
        "/groups/{slug}/manage/members/{member_membership}/unmute/",
        "Rx10",
        "404x4 403 404 403 404 Rx2",
    ),
    "groups/<slug:slug>/manage/members/<int:membership_id>/restore/": (
        "/groups/{slug}/manage/members/{member_membership}/restore/",
        "Rx10",
        "404x4 403 404 403 404 Rx2",
    ),
    "groups/<slug:slug>/manage/invites/": (
        "/groups/{slug}/manage/invites/",
        "Rx10",
        "404x4 403 404 403 404 Rx2",
    ),
    "groups/<slug:slug>/manage/invites/<int:invite_id>/revoke/": (
        "/groups/{slug}/manage/invites/{invite_id}/revoke/",
        "Rx10",
        "404x4 403 404 403 404 Rx2",
    ),
    "groups/<slug:slug>/manage/settings/": (
        "/groups/{slug}/manage/settings/",
        "404x4 403 404 403 404 200x2",
        "404x4 403 404 403 404 400x2",
    ),
    "groups/<slug:slug>/manage/hours/": (
        "/groups/{slug}/manage/hours/",
        "Rx10",
        "404x4 403 404 403 404 400x2",
    ),
    # Only moderators name a group's facilitators.
    "groups/<slug:slug>/manage/facilitators/": (
        "/groups/{slug}/manage/facilitators/",
        "Rx10",
        "404x4 403 404 403 404 403 R",
    ),
    # --- notifications pages --------------------------------------------------------------
    # --- chat and sessions (group content: 404 for non-members) ------------------------------
    #                    visitor unconf nonmem requested muted removed member other_fac fac mod
    # The calendar feed answers only to a member's private token (none here).
    # --- moderation: moderators (with two-factor sign-in); facilitators for their groups ------
    "moderation/": ("/moderation/", "404x9 200", "404x9 200"),
    "moderation/groups/<slug:slug>/": ("/moderation/groups/{slug}/", "404x8 200x2", "404x8 200x2"),
    "moderation/items/<int:pk>/": ("/moderation/items/{queue_item}/", "404x8 Rx2", "404x8 Rx2"),
    # The Undo after a queue decision: the same people as the decision (an open item has
    # nothing to undo: back to the queue with a message).
    "moderation/items/<int:pk>/undo/": (
        "/moderation/items/{queue_item}/undo/",
        "404x8 Rx2",
        "404x8 Rx2",
    ),
    # Hide/unhide/delete a post: the group's facilitators and moderators only (no action
    # given: back to the queue with a message); everyone else 404.
    "moderation/content/<str:target_type>/<int:target_id>/": (
        "/moderation/content/post/{reply}/",
        "404x8 Rx2",
        "404x8 Rx2",
    ),
    # Reporting the muted member: members of the group may; the muted member cannot report
    # themselves (redirect with a message). The POST carries no target: 404.
    "moderation/report/": (
        "/moderation/report/?type=member&id={muted_pseudonym}&group={slug}",
        "L 404x3 R 404 200 404 200x2",
        "L 404x9",
    ),
    # "I'm worried about {member}": the member themselves is sent back with a message.
    "moderation/worried/<str:pseudonym>/": (
        "/moderation/worried/{member_pseudonym}/",
        "L 404x3 200 404 R 404 200x2",
        "L 404x3 400 404 R 404 400x2",
    ),
    # The same from a post (the author, maybe anonymous, stays unnamed on the page).
    # ({reply} is the facilitator's own, published; a held post is for facilitators alone.)
    "moderation/worried/post/<int:post_id>/": (
        "/moderation/worried/post/{reply}/",
        "L 404x3 200 404 200 404 R 200",
        "L 404x3 400 404 400 404 R 400",
    ),
    # Facilitators see their own groups' alerts (the leak check below proves the filter).
    "moderation/safety/": ("/moderation/safety/", "404x7 200x3", "404x7 200x3"),
    "moderation/safety/<int:pk>/<str:action>/": (
        "/moderation/safety/{safety_alert}/acknowledge/",
        "404x8 Rx2",
        "404x8 Rx2",
    ),
    "moderation/audit/": ("/moderation/audit/", "404x9 200", "404x9 200"),
    "moderation/separations/<int:pk>/": (
        "/moderation/separations/{separation}/",
        "404x9 200",
        "404x9 R",
    ),
    # The staff home: facilitators (of any group) and moderators; members never see it exists.
    "staff/": ("/staff/", "404x7 200x3", "404x7 405x3"),
    "moderation/words/": ("/moderation/words/", "404x9 200", "404x9 400"),
    "moderation/words/<int:pk>/": ("/moderation/words/{watched_word}/", "404x9 200", "404x9 400"),
    "moderation/words/<int:pk>/delete/": (
        "/moderation/words/{watched_word}/delete/",
        "404x9 R",
        "404x9 R",
    ),
    "moderation/preferences/": ("/moderation/preferences/", "404x9 200", "404x9 R"),
    "moderation/tasks/": ("/moderation/tasks/", "404x9 200", "404x9 200"),
    "moderation/tasks/<uuid:task_id>/retry/": (
        "/moderation/tasks/00000000-0000-4000-8000-000000000000/retry/",
        "404x9 R",
        "404x10",
    ),
    # --- make bench only (off unless BENCH_REFERENCE_VIEWS is set) -------------------------
    "bench/reference/<int:size>/": ("/bench/reference/64/", "404x10", "404x10"),
}

# Websocket routes: the close code (or "accept") per role, same role order.
WEBSOCKET_ROUTES: dict[str, tuple[str, str]] = {
    "ws/notifications/": ("/ws/notifications/", "4401 acceptx9"),
    "bench/echo/": ("/bench/echo/", "4404x10"),
    #                    visitor unconf nonmem requested muted removed member other_fac fac mod
    "ws/groups/<slug:slug>/chat/": (
        "/ws/groups/{slug}/chat/",
        "4401 4403x3 accept 4403 accept 4403 acceptx2",
    ),
    "ws/groups/<slug:slug>/chat/<str:token>/": (
        "/ws/groups/{slug}/chat/{side_room_token}/",
        "4401 4403x5 accept 4403 accept 4403",
    ),
}
