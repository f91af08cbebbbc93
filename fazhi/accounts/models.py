"""Users, their roles, API tokens, and the keys of partner systems."""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.db import models
from django.utils.functional import cached_property

from fazhi.core import clock


class Role(models.TextChoices):
    OFFICER = "officer", "执法队员"
    SQUAD_LEADER = "squad_leader", "中队长"
    LEGAL_REVIEWER = "legal_reviewer", "法制审核人员"
    HEAD = "head", "负责人"
    SUPERVISOR = "supervisor", "监督人员（司法局）"
    CLERK = "clerk", "内勤"
    SYSTEM_ADMIN = "system_admin", "系统管理员"


class UserManager(DjangoUserManager["User"]):
    def create_superuser(
        self, username: str, email: str | None = None, password: str | None = None, **extra_fields: Any
    ) -> User:
        """``fazhi createsuperuser`` goes through the same service as every user: policy, role, audit event."""
        from fazhi.accounts.services import user_create  # noqa: PLC0415 — services import the models

        return user_create(
            actor=None,
            username=username,
            password=password,
            display_name=username,
            agency=None,
            roles=[Role.SYSTEM_ADMIN],
            is_superuser=True,
        )


class User(AbstractUser):
    """A person who logs in. Belongs to one agency; may be an officer; holds one or more roles."""

    REQUIRED_FIELDS: ClassVar[list[str]] = []

    display_name = models.CharField("姓名", max_length=50, blank=True)
    agency = models.ForeignKey(
        "agencies.Agency",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
        verbose_name="所属机构",
    )
    officer = models.OneToOneField(
        "agencies.Officer",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="user",
        verbose_name="对应执法人员",
    )
    # Set by an administrator (services.user_lock): no login and no API token works until then. Failed logins
    # never set it, so that strangers cannot lock an account (they only lock their own (username, IP) pair).
    locked_until = models.DateTimeField("锁定至", null=True, blank=True)

    objects: ClassVar[UserManager] = UserManager()

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"

    def __str__(self) -> str:
        return self.display_name or self.username

    @cached_property
    def role_set(self) -> frozenset[str]:
        return frozenset(self.role_grants.values_list("role", flat=True))

    def has_role(self, *roles: str) -> bool:
        return bool(self.role_set.intersection(roles))

    @property
    def is_system_admin(self) -> bool:
        """A superuser or a 系统管理员: lets core check it without knowing the roles (core imports no app)."""
        return self.is_superuser or self.has_role(Role.SYSTEM_ADMIN)

    def role_labels(self) -> list[str]:
        return [Role(r).label for r in sorted(self.role_set)]


class RoleGrant(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_grants")
    role = models.CharField("角色", max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = "角色授予"
        verbose_name_plural = "角色授予"
        constraints = [models.UniqueConstraint(fields=["user", "role"], name="role_grant_unique")]

    def __str__(self) -> str:
        return f"{self.user} {self.get_role_display()}"


class ApiToken(models.Model):
    """A bearer token for an integration. Only its SHA-256 is stored; the key is shown once when issued."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField("用途", max_length=100)
    prefix = models.CharField("前缀", max_length=12, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField("签发时间", auto_now_add=True)
    expires_at = models.DateTimeField("到期时间", null=True, blank=True)
    last_used_at = models.DateTimeField("最近使用", null=True, blank=True)
    revoked_at = models.DateTimeField("吊销时间", null=True, blank=True)

    class Meta:
        verbose_name = "接口令牌"
        verbose_name_plural = "接口令牌"

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.name})"

    @property
    def status_label(self) -> str:
        if self.revoked_at is not None:
            return "已吊销"
        if self.expires_at is not None and self.expires_at <= clock.now():
            return "已过期"
        return "有效"


class PartnerPurpose(models.TextChoices):
    """What a client system may do with its key: one key, one purpose (a leaked key opens one door)."""

    OPEN311 = "open311", "Open311 诉求受理（GeoReport v2）"
    WORKORDERS = "workorders", "12345/数字城管 工单交办"
    CAMERA = "camera", "非现场执法 线索推送"


class PartnerKey(models.Model):
    """The key of another platform's system (not a person): issued by an administrator to one client system of one
    receiving body, for one purpose, revocable. Only its SHA-256 is stored; the key is shown once when issued."""

    name = models.CharField("对接系统", max_length=100)
    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="partner_keys", verbose_name="受理机构"
    )
    purpose = models.CharField("用途", max_length=16, choices=PartnerPurpose.choices)
    prefix = models.CharField("前缀", max_length=12, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField("签发时间", auto_now_add=True)
    created_by = models.ForeignKey(User, null=True, on_delete=models.PROTECT, related_name="+", verbose_name="签发人")
    last_used_at = models.DateTimeField("最近使用", null=True, blank=True)
    revoked_at = models.DateTimeField("吊销时间", null=True, blank=True)
    revoked_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="吊销人"
    )
    revoked_reason = models.CharField("吊销理由", max_length=200, blank=True)

    class Meta:
        verbose_name = "对接系统密钥"
        verbose_name_plural = "对接系统密钥"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.name}，{self.get_purpose_display()})"

    @property
    def status_label(self) -> str:
        return "已吊销" if self.revoked_at is not None else "有效"


class LoginAttempt(models.Model):
    """The login log: one row per attempt, known usernames or not, with the client IP.

    The lockout counts the failures of one (username, IP) pair and of one IP that are not ``cleared`` (a success of
    the pair or an administrator's unlock clears them). Usernames are kept as typed, cut to 150 characters.
    """

    username = models.CharField("用户名", max_length=150)
    ip = models.CharField("客户端IP", max_length=45)
    at = models.DateTimeField("时间")
    succeeded = models.BooleanField("成功", default=False)
    cleared = models.BooleanField("已清除", default=False)
    user = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="login_attempts")

    class Meta:
        verbose_name = "登录记录"
        verbose_name_plural = "登录记录"
        indexes = [
            models.Index(fields=["username", "ip", "at"], name="login_attempt_pair"),
            models.Index(fields=["ip", "at"], name="login_attempt_ip"),
        ]

    def __str__(self) -> str:
        return f"{self.username}@{self.ip} {'成功' if self.succeeded else '失败'}"
