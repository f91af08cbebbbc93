"""The keys of the annual report a bureau publishes on its portal (法治政府建设年度报告 and 行政执法数据公开), with
their Chinese labels: counts, amounts and rates of its work, none of which names a person. Each key is one of the
annual report's (docs/reports.md says how it is computed); a test checks that every one exists."""

from __future__ import annotations

PUBLIC_FIGURES: tuple[tuple[str, str], ...] = (
    ("cases.total.count", "行政处罚案件（件）"),
    ("cases.simple.count", "其中简易程序（件）"),
    ("cases.general.count", "其中普通程序（件）"),
    ("cases.total.fines", "罚款金额（元）"),
    ("cases.exempted", "不予处罚（件）"),
    ("fines.collected", "收缴罚款（元）"),
    ("powers.items_total", "权责清单事项（项）"),
    ("powers.coverage", "执法事项覆盖率（%）"),
    ("legal_review.cases", "法制审核案件（件）"),
    ("publicity.due", "应公示行政处罚决定（件）"),
    ("publicity.on_time_rate", "按期公示率（%）"),
    ("credit_repair.count", "信用修复（件）"),
    ("reconsideration.count", "行政复议（件）"),
    ("reconsideration.corrected", "复议纠错（件）"),
    ("litigation.count", "行政诉讼（件）"),
    ("litigation.corrected", "诉讼纠错（件）"),
    ("complaints.count", "群众诉求（件）"),
    ("complaints.on_time_rate", "诉求按期办结率（%）"),
    ("inspections.random.count", "双随机抽查（户次）"),
    ("inspections.joint.count", "联合检查（户次）"),
    ("training.sessions", "执法培训（期）"),
    ("exams.pass_rate", "执法考试合格率（%）"),
    ("demolition.count", "拆除违法建设（处）"),
    ("campaigns.count", "专项行动（次）"),
    ("soft_enforcement.count", "柔性执法（次）"),
)
PUBLIC_FIGURE_KEYS: tuple[str, ...] = tuple(k for k, _ in PUBLIC_FIGURES)
