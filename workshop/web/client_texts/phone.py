"""A participant phone's texts (static/src/phone*.js), and its co-writing editor's."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from .plural import Text, plural_forms

PHONE: dict[str, Text] = {
    "step": _l("Step {index} of {count}"),
    "times_up": _l("Time's up"),
    "votes_left": plural_forms("{n} vote left", "{n} votes left"),
    "no_votes_left": _l("No votes left"),
    "cap": plural_forms("At most {n} vote per topic", "At most {n} votes per topic"),
    "votes": plural_forms("{n} vote", "{n} votes"),
    "my_votes": plural_forms("Your votes: {n}", "Your votes: {n}"),
    "add_vote": _l("Add a vote to “{title}”"),
    "remove_vote": _l("Take a vote back from “{title}”"),
    "title": _l("Title"),
    "details": _l("Details (optional)"),
    "edit": _l("Edit"),
    "edit_topic": _l("Edit “{title}”"),
    "save": _l("Save"),
    "cancel": _l("Cancel"),
    "saved": _l("Your changes are saved."),
    "queued": _l("Kept on this phone: it will be sent as soon as the connection is back."),
    # Review mode or a word of the insult lists (services/screening.py): it waits, never lost.
    "held": _l("Sent. It will appear once the facilitator has looked at it."),
    "waiting_review": _l("Waiting for the facilitator"),
    "pending": plural_forms(
        "{n} action waiting for the connection", "{n} actions waiting for the connection"
    ),
    "not_sent": _l("Not sent yet"),
    "by": _l("by {name}"),
    "error": _l("Something went wrong."),
    "refused": _l("This phone is no longer part of the workshop. Open the join link again."),
    "read_more": _l("Read the text written together"),
    # Questions to the room (phone-questions.js) and quick reactions (phone.js).
    "questions": {
        "missing": _l("Write your question."),
        "asked": _l("Your question is on the list. Others can upvote it."),
        "held": _l("Sent. The room will see your question once the facilitator has looked "
                   "at it."),
        "upvotes": plural_forms("{n} upvote", "{n} upvotes"),
        "upvote": _l("Upvote “{text}”"),
        "take_back": _l("Take back your upvote of “{text}”"),
        "mine": _l("Your question"),
        "answered": _l("Answered"),
        "pinned": _l("On the screen"),
    },
    "reaction_sent": _l("Sent to the screen."),
    # The duplicate hint under the propose form (phone-hints.js).
    "hints": {
        "heading": _l("Similar topics already exist"),
        "note": _l("You can support one of them instead, or propose yours anyway."),
        "vote": _l("Vote for it instead"),
        "mark": _l("Mark it instead"),
        "keep": _l("Support it instead"),
        "voted": _l("Your vote went to “{title}”."),
        "marked": _l("You marked “{title}”."),
        "kept": _l("Your draft is cleared: support “{title}” when voting opens."),
    },
    # Per contribution kind; phone.js falls back on "other" for a text a kind lacks.
    "kinds": {
        "topic": {
            "heading": _l("Propose a session"), "label": _l("Title of your session"),
            "submit": _l("Propose"), "mine": _l("Your sessions"),
            "none": _l(
                "You have not proposed a session yet. Your sessions appear here, and you can "
                "edit them while proposals are open."
            ),
            "wall": _l("Sessions on the wall"),
            "done": _l("Thank you! Your session is on the wall."),
            "missing": _l("Give your session a title."),
            "vote_empty": _l("No sessions to vote on yet."),
        },
        "word": {
            "heading": _l("Your word"), "label": _l("One word, or a few"),
            "submit": _l("Send my word"), "mine": _l("Your words"),
            "none": _l("You have not sent a word yet."),
            "wall": _l("Everyone's words"), "done": _l("Thank you! Your word is in the cloud."),
            "missing": _l("Type a word first."),
        },
        "dream": {
            "heading": _l("Your dream"), "label": _l("Your vision statement"),
            "submit": _l("Share my dream"), "mine": _l("Your dreams"),
            "none": _l(
                "You have not shared a dream yet. Yours appear here, and you can edit them "
                "while the phase is open."
            ),
            "wall": _l("Everyone's dreams"), "done": _l("Thank you! Your dream is on the wall."),
            "missing": _l("Write your dream first."),
            "vote_empty": _l("No dreams to vote on yet."),
        },
        "insight": {
            "heading": _l("Your insight"), "label": _l("What you take from the conversations"),
            "submit": _l("Share my insight"), "mine": _l("Your insights"),
            "none": _l(
                "You have not shared an insight yet. Yours appear here, and you can edit them "
                "while the phase is open."
            ),
            "wall": _l("Everyone's insights"),
            "done": _l("Thank you! Your insight is on the wall."),
            "missing": _l("Write your insight first."),
            "vote_empty": _l("No insights to vote on yet."),
        },
        "feedback": {
            "heading": _l("Your feedback"),
            "label": _l("What you take away, what you would change"),
            "submit": _l("Send my feedback"), "mine": _l("Feedback you gave"),
            "none": _l("You have not given feedback yet."),
            "wall": _l("Everyone's feedback"), "done": _l("Thank you for your feedback!"),
            "missing": _l("Write your feedback first."),
        },
        "proposition": {"vote_empty": _l("No propositions to vote on yet.")},
        "other": {
            "heading": _l("Your contribution"), "label": _l("Title"), "submit": _l("Send"),
            "mine": _l("Your contributions"), "none": _l("You have not contributed yet."),
            "wall": _l("Everyone's contributions"), "done": _l("Thank you! It is on the wall."),
            "missing": _l("Write something first."),
            "vote_empty": _l("Nothing to vote on yet."),
        },
    },
    "place_at": _l("{slot} · {room}"),
    "not_placed": _l("Not on the agenda yet"),
    "you_convene": _l("You convene it"),
    "marked": _l("You want to go"),
    "mark": _l("I want to go"),
    "mark_label": _l("I want to go: “{title}”"),
    "my_marks": plural_forms("You marked {n} session.", "You marked {n} sessions."),
    "no_marks": _l("Mark the sessions you would like to attend."),
    "locked": _l("Locked in place by the facilitator"),
    "choose_cell": _l("Room and time slot for “{title}”"),
    "cell_just_taken": _l("{place} — just taken"),
    "cell_taken_choose": _l("Another session has just taken this room and time slot: choose "
                            "another one. Nothing was moved."),
    "place": _l("Put it here"),
    "move": _l("Move it there"),
    "unplace": _l("Take it off the agenda"),
    "no_free_cell": _l("Every room and time slot is taken: ask the facilitator."),
    "seats": plural_forms("{n} seat", "{n} seats"),
    "checkin": _l("I'm here"),
    "checkin_label": _l("I'm here: “{title}”"),
    "here_now": _l("You are here"),
    "undo_dot": plural_forms("{n} dot on this one: tap − to take it back.",
                             "{n} dots on this one: tap − to take one back."),
    "now_slot": _l("Now · {slot}"),
    "other_slots": plural_forms("{n} session at other times", "{n} sessions at other times"),
    "leave": _l("Leave this session"),
    "here": plural_forms("{n} person here", "{n} people here"),
    "open_report": _l("Write the report"),
    "open_notes": _l("Take notes"),
    "open_proposition": _l("Write the proposition"),
    "open_table": _l("Open the table's notes"),
    "open_story": _l("Write {name}'s story"),
    "read_story": _l("Read what {name} writes about you"),
    "doc_report": _l("Report: {title}"),
    "doc_notes": _l("Notes: {title}"),
    "doc_table": _l("Table {n}: notes"),
    "doc_story": _l("{name}'s story"),
    "doc_proposition": _l("Proposition: {title}"),
    "doc_opening": _l("Opening the document…"),
    "doc_failed": _l("The document could not be opened. Check the connection and try again."),
    "doc_closed": _l("Writing is closed for now."),
    "empty_doc": _l("Nothing written yet."),
    "for_dream": _l("From the dream: {title}"),
    "docs_heading": {
        "report": _l("Session reports"), "notes": _l("Session notes"),
        "proposition": _l("Provocative propositions"),
    },
    "pair_kicker": _l("Discovery interview"),
    "no_pair": _l(
        "You will get a partner in a moment: the facilitator pairs everyone who joined."
    ),
    "no_table": _l(
        "Your table appears here in a moment: the facilitator seats everyone who joined."
    ),
    "interview": _l("You interview {name}"),
    "interviewed_by": _l("{name} interviews you: swap roles halfway."),
    "go_table": _l("Go to table {n}"),
    "host": _l("host"),
    "you_host": _l(
        "You host this table: stay here, welcome the newcomers and tell them what was said."
    ),
    "hosted_by": _l("Hosted by {name}"),
    "round": _l("Round {n}"),
    "alone": _l("Nobody else at this table yet."),
    "stories": plural_forms("from {n} story", "from {n} stories"),
    "due": _l("by {date}"),
    "team": _l("Team action"),
    "for_topic": _l("For: {title}"),
    "withdraw": _l("Withdraw"),
    "withdraw_label": _l("Withdraw “{title}”"),
    "committed": _l("Your commitment is in the action plan."),
    "for_priority": _l("For which priority? (optional)"),
    "for_session": _l("For which session? (optional)"),
    "commit_missing": _l("Say what you will do."),
}

# The labels of the co-writing editor (static/src/cowrite.js) as a phone shows them.
PHONE_EDITOR: dict[str, Text] = {
    "editing": _l("{names} writing…"),
    "saved": _l("Saved"),
    "saving": _l("Saving…"),
    "readonly": _l("Read only"),
    "offline": _l("Offline: your text is kept and sent when the connection is back."),
    "error": _l("Something went wrong."),
}
