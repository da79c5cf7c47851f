"""A fake WeChat API server for the tests and the local development run.

It speaks the same HTTP as api.weixin.qq.com for the endpoints Timebank calls (see
notes/wechat.md §6), so wechatpy talks to it for real. Recognisable test codes (``dev-alice``,
``once-bob``, ``phone-13800138000``...) select the outcome; every request is recorded and faults
can be injected per path.
"""
from fakewechat.server import FakeWeChat

__all__ = ["FakeWeChat"]
