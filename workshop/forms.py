"""WTForms for every page; the join form also validates the JSON API's payload."""

from __future__ import annotations

import secrets

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    HiddenField,
    IntegerField,
    PasswordField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, EqualTo, Length, NumberRange, Optional

from .methods import METHODS
from .services.facilitators import PASSWORD_MAX, PASSWORD_MIN
from .services.participants import NAME_MAX
from .services.results_page import Visibility
from .services.templates import NAME_MAX as TEMPLATE_NAME_MAX
from .services.workshops import CODE_LENGTH, QUESTION_MAX, TITLE_MAX


def _password_field(label: str) -> PasswordField:
    return PasswordField(
        label,
        validators=[
            DataRequired(),
            Length(
                min=PASSWORD_MIN,
                max=PASSWORD_MAX,
                message=_l("Use between %(min)d and %(max)d characters."),
            ),
        ],
        render_kw={"autocomplete": "new-password"},
    )


class SetupForm(FlaskForm):
    display_name = StringField(_l("Your name"), validators=[DataRequired(), Length(max=80)])
    email = EmailField(
        _l("Email"), validators=[DataRequired(), Email(check_deliverability=False), Length(max=254)]
    )
    password = _password_field(_l("Password"))
    confirm = PasswordField(
        _l("Repeat the password"),
        validators=[DataRequired(), EqualTo("password", message=_l("The passwords differ."))],
        render_kw={"autocomplete": "new-password"},
    )


class LoginForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(
        _l("Password"), validators=[DataRequired(), Length(max=PASSWORD_MAX)],
        render_kw={"autocomplete": "current-password"},
    )
    remember = BooleanField(_l("Keep me signed in on this computer"))


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField(
        _l("Current password"), validators=[DataRequired(), Length(max=PASSWORD_MAX)],
        render_kw={"autocomplete": "current-password"},
    )
    password = _password_field(_l("New password"))
    confirm = PasswordField(
        _l("Repeat the new password"),
        validators=[DataRequired(), EqualTo("password", message=_l("The passwords differ."))],
        render_kw={"autocomplete": "new-password"},
    )


class TokenForm(FlaskForm):
    name = StringField(_l("Token name (what is it for?)"), validators=[Optional(), Length(max=80)])


class WorkshopForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=TITLE_MAX)])
    calling_question = TextAreaField(
        _l("Calling question"),
        validators=[Optional(), Length(max=QUESTION_MAX)],
        description=_l("The one question that brings everyone into the room."),
    )
    method = RadioField(
        _l("Method"),
        choices=[SelectChoice(key.value, info.name) for key, info in METHODS.items()],
        default=next(iter(METHODS)).value,
        validators=[DataRequired()],
    )
    language = SelectField(
        _l("Language of the workshop"),
        choices=[SelectChoice("fr", "Français"), SelectChoice("en", "English")],
        description=_l(
            "Used on the projected screen. Each phone uses its own language and can switch."
        ),
    )
    groups = TextAreaField(
        _l("Stakeholder groups"),
        validators=[Optional(), Length(max=600)],
        description=_l("One per line. Participants pick theirs when they join."),
    )
    vote_budget = IntegerField(
        _l("Votes per participant"),
        default=5,
        validators=[DataRequired(), NumberRange(min=1, max=100)],
    )
    max_votes_per_topic = IntegerField(
        _l("Maximum votes per participant on one topic"),
        default=3,
        validators=[DataRequired(), NumberRange(min=1, max=100)],
    )
    anonymous = BooleanField(_l("Hide participants' names from the screen and other phones"))
    joining_locked = BooleanField(_l("Joining is locked (nobody new can join)"))
    timezone = StringField(
        _l("Time zone"), validators=[Optional(), Length(max=64)],
        description=_l("Every date of the exports and the editorial calendar is in this zone."),
    )
    # Choices (countries in the page's language) are set by the view; the service checks them.
    holiday_country = SelectField(
        _l("Country of the public holidays"), choices=[], validate_choice=False,
        description=_l("The editorial calendar can leave out this country's public holidays."),
    )


class ConfirmDeleteForm(FlaskForm):
    code = StringField(_l("Type the join code to confirm"), validators=[DataRequired()])


class CodeForm(FlaskForm):
    code = StringField(
        _l("Workshop code"),
        validators=[DataRequired(message=_l("Type the code shown on the screen."))],
        render_kw={
            "autocomplete": "off",
            "autocapitalize": "characters",
            "spellcheck": "false",
            "maxlength": CODE_LENGTH + 4,
            "inputmode": "text",
        },
    )


class JoinForm(FlaskForm):
    name = StringField(
        _l("Your name"),
        validators=[DataRequired(message=_l("Tell us your name (a first name is enough).")),
                    Length(max=NAME_MAX)],
        render_kw={"autocomplete": "given-name", "maxlength": NAME_MAX},
    )
    group = RadioField(_l("You are here as"), choices=[], validate_choice=False)
    consent_quote = BooleanField(
        _l("I agree to be quoted by name in the workshop's public synthesis")
    )
    # Made when the page is shown: a double tap or a resent form joins once, not twice.
    join_key = HiddenField(default=lambda: secrets.token_urlsafe(18))


class TagsForm(FlaskForm):
    """The facilitator's correction of one outcome's foundations and shifts (CSRF only: the
    checkboxes are read from the request, validated by the tags service)."""


class CurationForm(FlaskForm):
    """Accept, edit, drop or restore one element of the brief (the action is the button)."""

    key = HiddenField(validators=[DataRequired(), Length(max=80)])
    kind = HiddenField(validators=[DataRequired(), Length(max=16)])
    automatic = HiddenField()
    text = TextAreaField(_l("Text"), validators=[Optional(), Length(max=3000)])


class CompareForm(FlaskForm):
    """The two groups whose agreement and divergence the brief shows (choices: the workshop's)."""

    # The service says what is wrong with a choice (not a group, the same twice), in words.
    first = SelectField(_l("Compare"), choices=[], validate_choice=False)
    second = SelectField(_l("with"), choices=[], validate_choice=False)


class CalendarForm(FlaskForm):
    """When the editorial calendar starts and which days it leaves out."""

    start = DateField(_l("First day"), validators=[Optional()])
    timezone = StringField(_l("Time zone"), validators=[Optional(), Length(max=64)])
    holiday_country = SelectField(_l("Country of the public holidays"), choices=[],
                                  validate_choice=False)
    skip_weekends = BooleanField(_l("No posts on Saturdays and Sundays"))
    skip_holidays = BooleanField(_l("No posts on public holidays"))


class ResultsVisibilityForm(FlaskForm):
    """Who may open the participants' results page once the workshop is over."""

    visibility = RadioField(_l("Who may see the results"), validators=[DataRequired()], choices=[
        SelectChoice(Visibility.PARTICIPANTS.value,
                     _l("Participants only, on the phone they joined with")),
        SelectChoice(Visibility.ANYONE.value, _l("Anyone with the join link")),
        SelectChoice(Visibility.CLOSED.value, _l("Nobody: the results page is closed")),
    ])


class FollowUpForm(FlaskForm):
    """A step of a commitment's follow-up: where it stands now, and a note on what was done."""

    status = SelectField(_l("Status"), choices=[
        SelectChoice("planned", _l("Planned")), SelectChoice("started", _l("In progress")),
        SelectChoice("done", _l("Done")), SelectChoice("dropped", _l("Given up")),
    ])
    note = TextAreaField(_l("What happened (participants will read it)"),
                         validators=[Optional(), Length(max=1000)])


class ReviewMeetingForm(FlaskForm):
    """When and where the facilitator reviews the commitments with the people who took part."""

    day = DateField(_l("Date"), validators=[DataRequired(message=_l("Give the meeting's date."))])
    time = TimeField(_l("Time"), validators=[DataRequired(message=_l("Give the meeting's time."))])
    place = StringField(_l("Place or video link (optional)"),
                        validators=[Optional(), Length(max=300)])


class ReminderForm(FlaskForm):
    """An owner's opt-in to e-mail reminders of one commitment's due date."""

    email = EmailField(_l("Your e-mail address"), validators=[
        DataRequired(message=_l("Give a valid e-mail address.")), Length(max=254)])
    agree = BooleanField(_l("E-mail me before this commitment is due. My address serves only "
                            "this, and each message has a link that stops them and erases it."),
                         validators=[DataRequired(message=_l(
                             "Tick the box to agree to receive the reminders."))])


class TeamMemberForm(FlaskForm):
    """Add an existing facilitator account to a workshop's team, by its email."""

    email = EmailField(
        _l("Email"), validators=[DataRequired(), Email(check_deliverability=False), Length(max=254)]
    )


class ConfirmForm(FlaskForm):
    """A button that changes something: its CSRF token and nothing else."""


class JoinTeamForm(SetupForm):
    """Create an account from an invitation link: the same fields as the first set-up."""


class AccountForm(FlaskForm):
    """An administrator creates an account; its temporary password is shown once."""

    display_name = StringField(_l("Name"), validators=[Optional(), Length(max=80)])
    email = EmailField(
        _l("Email"), validators=[DataRequired(), Email(check_deliverability=False), Length(max=254)]
    )
    is_admin = BooleanField(_l("Administrator (manages accounts)"))


class TemplateForm(FlaskForm):
    """Save a workshop's set-up as one of the facilitator's templates."""

    name = StringField(_l("Name of the template"),
                       validators=[DataRequired(), Length(max=TEMPLATE_NAME_MAX)])


class BrandingForm(FlaskForm):
    """The organisation's logo and accent colour on the projector and phones."""

    accent = StringField(
        _l("Accent colour"), validators=[Optional(), Length(max=7)],
        description=_l("As #RRGGBB, such as #1a5fb4. Empty: Atelier's own colour."),
        render_kw={"placeholder": "#1a5fb4", "autocomplete": "off", "spellcheck": "false"},
    )
    logo = FileField(
        _l("Logo"), description=_l("PNG, JPEG or WebP, at most 512 KB. SVG is not accepted."),
        render_kw={"accept": "image/png,image/jpeg,image/webp"},
    )
    remove_logo = BooleanField(_l("Remove the logo"))
