"""A web process's business transactions, outside pytest, with the app's own wiring (create_app from the
environment: NOTIFY_KICK, the Celery broker): publish "points.credited" for each user id, `--per-commit`
events per committed transaction, and print how long each publish+commit took, as JSON on stdout.

    python -m tests.reliability.publisher --first-subject 1 --per-commit 10 12 13 14 ...
"""
from __future__ import annotations

import argparse
import json
import time


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--first-subject", type=int, default=1)
    parser.add_argument("--per-commit", type=int, default=10)
    parser.add_argument("user_ids", type=int, nargs="+")
    args = parser.parse_args(argv)

    from app import create_app
    from app.core.unit_of_work import unit_of_work
    from app.notify.publish import publish

    app = create_app()
    seconds = []
    with app.app_context():
        subject = args.first_subject
        for start in range(0, len(args.user_ids), args.per_commit):
            began = time.monotonic()
            with unit_of_work():  # the after-commit listener kicks delivery inside commit()
                for user_id in args.user_ids[start:start + args.per_commit]:
                    publish("points.credited", ("points", subject), {"title": "志愿服务积分", "points": 5,
                                                                    "user_ids": [user_id]})
                    subject += 1
            seconds.append(round(time.monotonic() - began, 3))
    print(json.dumps({"commit_seconds": seconds, "broker": app.config["CELERY"]["broker_url"],
                      "kick": app.config["NOTIFY_KICK"]}))


if __name__ == "__main__":
    main()
