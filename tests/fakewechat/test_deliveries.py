"""What reached the phone: deliveries kept apart from the request log, client_msg_id dedupe."""
from __future__ import annotations

import requests

from tests.conftest import MP_APPID

SUBSCRIBE = "/cgi-bin/message/subscribe/send"
TEMPLATE = "/cgi-bin/message/template/send"


def template(wire, token, openid="o1", client_msg_id="c1", **extra):
    body = {"touser": openid, "template_id": "T", "data": {"thing1": {"value": "v"}}, **extra}
    if client_msg_id is not None:
        body["client_msg_id"] = client_msg_id
    return wire.post(TEMPLATE, body, access_token=token).json()


def test_subscribe_sends_are_delivered_with_plain_values(fake_wechat, wire):
    body = {"touser": "o1", "template_id": "T1", "page": "pages/a", "lang": "en_US",
            "data": {"thing1": {"value": "内容"}, "number2": {"value": 3}}}
    answer = wire.post(SUBSCRIBE, body, access_token=wire.mp_token()).json()

    [delivered] = fake_wechat.deliveries()
    assert delivered == {**delivered, "kind": "subscribe", "openid": "o1", "template_id": "T1",
                         "page": "pages/a", "miniprogram_state": "formal", "lang": "en_US",
                         "data": {"thing1": "内容", "number2": "3"}, "msgid": answer["msgid"]}
    assert fake_wechat.deliveries("template") == []


def test_rejected_and_faulted_sends_are_not_delivered(fake_wechat, wire):
    token = wire.mp_token()
    wire.post(SUBSCRIBE, {"touser": "o1", "template_id": "T1", "data": {"thing1": {"value": ""}}},
              access_token=token)
    fake_wechat.fault(SUBSCRIBE, errcode=43101, errmsg="user refuse to accept the msg")
    refused = wire.post(SUBSCRIBE, {"touser": "o1", "template_id": "T1", "data": {"thing1": {"value": "x"}}},
                        access_token=token).json()

    assert refused["errcode"] == 43101
    assert len(fake_wechat.requests_to(SUBSCRIBE)) == 2
    assert fake_wechat.deliveries() == []


def test_template_client_msg_id_dedupes_per_openid_for_ten_minutes(fake_wechat, wire):
    token = wire.oa_token()
    first, repeat = template(wire, token), template(wire, token)
    other = template(wire, token, openid="o2")
    no_id = [template(wire, token, client_msg_id=None) for _ in range(2)]

    assert first["errcode"] == repeat["errcode"] == 0 and first["msgid"] == repeat["msgid"]
    assert other["msgid"] != first["msgid"]
    assert no_id[0]["msgid"] != no_id[1]["msgid"]  # without an id every send is delivered
    assert len(fake_wechat.deliveries("template")) == 4

    fake_wechat.advance_clock(599)
    assert template(wire, token)["msgid"] == first["msgid"]
    fake_wechat.advance_clock(2)
    assert template(wire, token)["msgid"] != first["msgid"]
    assert len(fake_wechat.deliveries("template")) == 5
    assert len(fake_wechat.requests_to(TEMPLATE)) == 7


def test_template_miniprogram_and_data_checks(fake_wechat, wire):
    token = wire.oa_token()
    linked = template(wire, token, miniprogram={"appid": MP_APPID, "pagepath": "pages/x"})
    unlinked = template(wire, token, client_msg_id="c2", miniprogram={"appid": "wxelse", "pagepath": "p"})
    empty = wire.post(TEMPLATE, {"touser": "o1", "template_id": "T", "data": {"thing2": {"value": ""}}},
                      access_token=token).json()

    assert linked["errcode"] == 0
    assert fake_wechat.deliveries()[0]["miniprogram"] == {"appid": MP_APPID, "pagepath": "pages/x"}
    assert unlinked["errcode"] == 40013
    assert (empty["errcode"], "data.thing2.value" in empty["errmsg"]) == (47003, True)
    assert len(fake_wechat.deliveries()) == 1


def test_reset_forgets_deliveries_and_ids(fake_wechat, wire):
    token = wire.oa_token()
    template(wire, token)
    fake_wechat.reset()

    token = wire.oa_token()
    template(wire, token)
    assert len(fake_wechat.deliveries()) == 1


def test_deliveries_over_http(fake_wechat, wire):
    template(wire, wire.oa_token())
    wire.post(SUBSCRIBE, {"touser": "o1", "template_id": "T1", "data": {"thing1": {"value": "x"}}},
              access_token=wire.mp_token())

    everything = requests.get(f"{fake_wechat.base_url}/_fake/deliveries", timeout=5).json()
    templates = requests.get(f"{fake_wechat.base_url}/_fake/deliveries", params={"kind": "template"},
                             timeout=5).json()

    assert [d["kind"] for d in everything] == ["template", "subscribe"]
    assert [d["kind"] for d in templates] == ["template"]
