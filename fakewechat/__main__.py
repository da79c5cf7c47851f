"""python -m fakewechat --port 8765 --mp-appid wxdevminiprogram0 --oa-appid wxdevofficialacct --lenient"""
from __future__ import annotations

import argparse

from fakewechat.server import FakeWeChat


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="fakewechat", description="Fake WeChat API server for local runs.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--mp-appid", default="wxdevminiprogram0")
    parser.add_argument("--oa-appid", default="wxdevofficialacct")
    parser.add_argument("--lenient", action="store_true",
                        help="accept any phone-number code (DevTools hands out real-looking codes)")
    args = parser.parse_args(argv)
    fake = FakeWeChat(mp_appid=args.mp_appid, oa_appid=args.oa_appid, host=args.host, port=args.port,
                      lenient=args.lenient, quiet=False)
    print(f"fake WeChat on http://{args.host}:{args.port} (MP {args.mp_appid}, OA {args.oa_appid}"
          f"{', lenient' if args.lenient else ''}); controls under /_fake/", flush=True)
    try:
        fake.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        fake.stop()


if __name__ == "__main__":
    main()
