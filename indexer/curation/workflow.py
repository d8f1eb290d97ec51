"""Review and publishing: which status change each role may make, and the four-eyes rule.

entwurf → in_pruefung ("Zur Prüfung einreichen") → veröffentlicht ("Veröffentlichen");
"Zurückziehen" takes an entry offline again (back to entwurf). Only published entries are
public. Editing a published entry needs the right to publish: its text is live at once.
"""

from __future__ import annotations

from dataclasses import dataclass

from indexer.curation.accounts import User, can
from indexer.model import STATUS_DRAFT, STATUS_PUBLISHED, STATUS_REVIEW

STATUS_LABELS = {
    STATUS_DRAFT: "Entwurf",
    STATUS_REVIEW: "In Prüfung",
    STATUS_PUBLISHED: "Veröffentlicht",
}


class WorkflowError(Exception):
    """A status change or edit this user may not make; the message is German."""


@dataclass(frozen=True)
class Action:
    name: str
    label: str  # the button
    target: str  # the status afterwards
    right: str  # what the role must be allowed: "write" or "publish"
    sources: tuple[str, ...]  # the statuses it starts from
    message: str  # the commit message, with {title}


SUBMIT = Action(
    "submit",
    "Zur Prüfung einreichen",
    STATUS_REVIEW,
    "write",
    (STATUS_DRAFT,),
    "Eintrag „{title}“ zur Prüfung eingereicht",
)
PUBLISH = Action(
    "publish",
    "Veröffentlichen",
    STATUS_PUBLISHED,
    "publish",
    (STATUS_DRAFT, STATUS_REVIEW),
    "Eintrag „{title}“ veröffentlicht",
)
WITHDRAW = Action(
    "withdraw",
    "Zurückziehen",
    STATUS_DRAFT,
    "write",
    (STATUS_REVIEW, STATUS_PUBLISHED),
    "Eintrag „{title}“ zurückgezogen",
)
ACTIONS = {action.name: action for action in (SUBMIT, PUBLISH, WITHDRAW)}


def may_edit(user: User, status: str) -> bool:
    """Drafts and entries in review: every editor; published entries: who may publish."""
    return can(user.role, "publish" if status == STATUS_PUBLISHED else "write")


def available(
    user: User, status: str, *, submitted_by: str | None, four_eyes: bool
) -> list[Action]:
    """The actions this user may take on an entry with this status."""
    return [
        action
        for action in ACTIONS.values()
        if _refusal(action, user, status, submitted_by, four_eyes) is None
    ]


def check(
    action: Action, user: User, status: str, *, submitted_by: str | None, four_eyes: bool
) -> None:
    """Raise `WorkflowError` (German) unless the user may take the action now."""
    refusal = _refusal(action, user, status, submitted_by, four_eyes)
    if refusal:
        raise WorkflowError(refusal)


def _refusal(
    action: Action, user: User, status: str, submitted_by: str | None, four_eyes: bool
) -> str | None:
    if status not in action.sources:
        shown = STATUS_LABELS.get(status, status)
        return f"„{action.label}“ ist bei Status „{shown}“ nicht möglich."
    right = "publish" if action is WITHDRAW and status == STATUS_PUBLISHED else action.right
    if not can(user.role, right):
        return f"Ihre Rolle „{user.role}“ darf „{action.label}“ nicht ausführen."
    if action is PUBLISH and four_eyes and submitted_by == user.name:
        return (
            "Vier-Augen-Prinzip: Ein Eintrag, den Sie selbst zur Prüfung eingereicht haben, "
            "wird von einer anderen Person veröffentlicht."
        )
    return None
