"""In-memory state of the stand-in's browser and e-mail sign-ins (no HTTP here).

Owns, as supabase/auth keeps them in ``auth.flow_state`` and ``auth.one_time_tokens``:
- PKCE flow states (internal/models/flow_state.go, internal/api/pkce.go): one per ``/authorize``,
  holding the code challenge; the provider's callback attaches the user and an auth code, and
  ``/token?grant_type=pkce`` redeems that code once with the matching verifier, within
  ``FLOW_LIFETIME`` (GoTrue's 5 minutes).
- E-mail one-time codes (internal/api/otp.go, verify.go): six digits, the newest one per
  address, valid for ``otp_expiry`` seconds from when it was sent, used once.
- The test mailbox: every e-mail the stand-in "sent", readable by tests through
  ``GET /_devstack/mailbox`` (a real project sends them through SMTP).

Times are on the stand-in's server clock, so a test can age a code with ``/_devstack/clock``.
A restart forgets them all (GoTrue would keep them; nothing here needs them to survive).
"""

from __future__ import annotations

import base64
import hashlib
import secrets
import uuid
from dataclasses import dataclass, field

from desktop_notifier.devstack.clock import ServerClock

FLOW_LIFETIME = 300.0
OTP_EXPIRY = 3600.0  # the dashboard's default "Email OTP Expiration"
OTP_LENGTH = 6


class FlowError(Exception):
    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


@dataclass
class FlowState:
    id: str
    provider: str
    code_challenge: str
    method: str  # "s256" | "plain"
    redirect_to: str
    created_at: float
    auth_code: str | None = None
    user_id: str | None = None


@dataclass(frozen=True)
class Mail:
    to: str
    subject: str
    body: str
    code: str
    sent_at: float


def challenge_of(verifier: str, method: str) -> str:
    """RFC 7636 §4.2: S256 is BASE64URL(SHA256(verifier)) without padding."""
    if method == "plain":
        return verifier
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


@dataclass
class Flows:
    clock: ServerClock
    otp_expiry: float = OTP_EXPIRY
    _states: dict[str, FlowState] = field(default_factory=dict)
    _codes: dict[str, tuple[str, float]] = field(default_factory=dict)  # email → (code, sent)
    mailbox: list[Mail] = field(default_factory=list)

    # -- PKCE ------------------------------------------------------------------------------

    def start(self, provider: str, challenge: str, method: str, redirect_to: str) -> FlowState:
        if method not in ("s256", "plain"):
            raise FlowError(400, "validation_failed", "Invalid code_challenge_method")
        if not 43 <= len(challenge) <= 128:
            raise FlowError(
                400, "validation_failed", "code challenge has to be between 43 and 128 characters"
            )
        state = FlowState(
            str(uuid.uuid4()), provider, challenge, method, redirect_to, self.clock.now()
        )
        self._states[state.id] = state
        return state

    def complete(self, state_id: str, user_id: str) -> FlowState:
        """The provider said who the user is: attach them and a fresh auth code."""
        state = self._states.get(state_id)
        if state is None:
            raise FlowError(400, "bad_oauth_state", "OAuth state parameter is invalid")
        if state.auth_code is not None:
            raise FlowError(400, "flow_state_already_used", "State has already been used")
        state.user_id, state.auth_code = user_id, str(uuid.uuid4())
        return state

    def redeem(self, auth_code: str, verifier: str) -> str:
        """The user id of the flow `auth_code` belongs to; each code works once."""
        if not auth_code or not verifier:
            raise FlowError(
                400,
                "validation_failed",
                "invalid request: both auth code and code verifier should be non-empty",
            )
        state = next((s for s in self._states.values() if s.auth_code == auth_code), None)
        if state is None or state.user_id is None:
            raise FlowError(
                404, "flow_state_not_found", "invalid flow state, no valid flow state found"
            )
        del self._states[state.id]
        if self.clock.now() - state.created_at > FLOW_LIFETIME:
            raise FlowError(422, "flow_state_expired", "invalid flow state, flow state has expired")
        if not secrets.compare_digest(challenge_of(verifier, state.method), state.code_challenge):
            raise FlowError(
                403,
                "bad_code_verifier",
                "code challenge does not match previously saved code verifier",
            )
        return state.user_id

    # -- e-mail codes ----------------------------------------------------------------------

    def send_code(self, email: str) -> Mail:
        code = "".join(secrets.choice("0123456789") for _ in range(OTP_LENGTH))
        now = self.clock.now()
        self._codes[email.lower()] = (code, now)
        mail = Mail(
            to=email.lower(),
            subject="Your sign-in code",
            body=f"Enter this code to sign in: {code}",
            code=code,
            sent_at=now,
        )
        self.mailbox.append(mail)
        return mail

    def check_code(self, email: str, code: str) -> None:
        """Raises FlowError unless `code` is the newest unexpired code sent to `email`."""
        sent = self._codes.get(email.lower())
        expired_or_wrong = FlowError(403, "otp_expired", "Token has expired or is invalid")
        if sent is None:
            raise expired_or_wrong
        expected, at = sent
        if self.clock.now() - at > self.otp_expiry or not secrets.compare_digest(
            code.strip(), expected
        ):
            raise expired_or_wrong
        del self._codes[email.lower()]
