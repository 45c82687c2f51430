"""The administrator's pages: create, disable, enable and reset facilitator accounts."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from ..errors import AtelierError
from ..extensions import db
from ..forms import AccountForm, ConfirmForm
from ..models import Facilitator
from ..realtime import commands
from ..services import administration
from .pages import add_errors, login_required

bp = Blueprint("admin", __name__, url_prefix="/admin")


def _admin() -> Facilitator:
    """The signed-in administrator; anyone else is refused (403)."""
    account: Facilitator = current_user._get_current_object()
    administration.check_admin(account)
    return account


def _page(form: AccountForm | None = None, handed: dict[str, str] | None = None,
          status: int = 200) -> ResponseReturnValue:
    return render_template(
        "auth/accounts.html", accounts=administration.accounts(db.session),
        form=form or AccountForm(formdata=None), confirm=ConfirmForm(), handed=handed), status


@bp.get("/accounts")
@login_required
def accounts() -> ResponseReturnValue:
    _admin()
    return _page()


@bp.post("/accounts")
@login_required
def create() -> ResponseReturnValue:
    admin = _admin()
    form = AccountForm()
    if not form.validate_on_submit():
        return _page(form, status=400)
    email, name, is_admin = form.email.data, form.display_name.data or "", form.is_admin.data
    try:
        made = commands.execute(lambda session: administration.create_account(
            session, admin, email, name, is_admin=is_admin))
    except AtelierError as error:
        add_errors(form, error)
        return _page(form, status=error.status)
    # The temporary password is shown once, on this page only; never stored in clear.
    return _page(handed={"email": made.result["email"], "password": made.result["password"]})


def _confirmed() -> bool:
    if ConfirmForm().validate_on_submit():
        return True
    flash(_("The form expired: please try again."), "error")
    return False


def _set_disabled(account_id: int, disabled: bool, done: str) -> ResponseReturnValue:
    """Disable or enable an account once the admin confirmed, and say so on the list."""
    admin = _admin()
    if _confirmed():
        commands.execute(lambda session: administration.set_disabled(
            session, admin, account_id, disabled))
        flash(done, "success")
    return redirect(url_for("admin.accounts"))


@bp.post("/accounts/<int:account_id>/disable")
@login_required
def disable(account_id: int) -> ResponseReturnValue:
    return _set_disabled(account_id, True,
                         _("The account is disabled: it is signed out everywhere."))


@bp.post("/accounts/<int:account_id>/enable")
@login_required
def enable(account_id: int) -> ResponseReturnValue:
    return _set_disabled(account_id, False, _("The account is enabled again."))


@bp.post("/accounts/<int:account_id>/reset")
@login_required
def reset(account_id: int) -> ResponseReturnValue:
    admin = _admin()
    if not _confirmed():
        return redirect(url_for("admin.accounts"))
    made = commands.execute(lambda session: administration.reset_password(
        session, admin, account_id))
    account = db.session.get(Facilitator, account_id)
    return _page(handed={"email": account.email if account else "",
                         "password": made.result["password"]})
