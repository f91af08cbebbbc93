"""How much the demo builds at each scale, the seed every draw starts from, and the invented names it draws.

Everything is drawn from ``random.Random(SEED)`` (plus a fixed offset per kind of record): the same ``today`` and
scale give the same demo. Every name is invented.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

SEED = 20260401


@dataclass(frozen=True)
class Scale:
    live_per_year: int  # general-procedure cases through the services, per year of history
    simple_per_year: int  # simple-procedure (当场处罚) decisions per year
    historical: int  # imported cases for the year before last
    handheld: int  # imported on-the-spot tickets of last year (a bureau's handheld ticketing system exports them)
    complaints: int
    documents_every: int  # generate documents for one closed case in this many


SCALES = {
    "small": Scale(live_per_year=12, simple_per_year=6, historical=40, handheld=20, complaints=10, documents_every=4),
    "full": Scale(
        live_per_year=220, simple_per_year=100, historical=3000, handheld=2600, complaints=300, documents_every=4
    ),
}

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈"
COMPANIES = ("建筑工程", "装饰工程", "市政工程", "商贸", "餐饮管理", "物流", "建材", "广告传媒", "置业", "劳务")
STREETS = ("城东大道", "城西路", "青石街", "人民路", "解放路", "建设路", "滨河路", "文化路", "新华街", "工业园路")

Log = Callable[[str], None]
