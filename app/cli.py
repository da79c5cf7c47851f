"""Flask CLI commands: `flask regions load`, `flask demo load`."""
from __future__ import annotations

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from app.core.errors import DomainError
from app.core.unit_of_work import unit_of_work

regions_cli = AppGroup("regions", help="区域数据")
accounts_cli = AppGroup("accounts", help="账号")
demo_cli = AppGroup("demo", help="演示数据")


@regions_cli.command("load")
@click.argument("csv_path", required=False, type=click.Path(exists=True, dir_okay=False))
def load_regions(csv_path):
    """Load regions from a CSV (code,name,level,parent_code); defaults to the shipped Guangzhou file."""
    from app.accounts.regions import GUANGZHOU_CSV, load_regions_csv

    with unit_of_work():
        result = load_regions_csv(csv_path or GUANGZHOU_CSV)
    click.echo(f"区域：新增 {result['created']}，更新 {result['updated']}")


@demo_cli.command("load")
def load_demo():
    """Load the demo city (idempotent)."""
    from app.demo import load_demo as load

    with unit_of_work():
        loaded = load(current_app.config["WECHAT_MP_APPID"])
    click.echo("演示数据已加载" if loaded else "演示数据已存在，未重复加载")


@accounts_cli.command("create-admin")
@click.argument("username")
@click.password_option(help="至少 8 位，含字母和数字")
def create_admin(username, password):
    """Create a platform administrator (the first account of a new deployment)."""
    from app.accounts.admins import create_platform_admin

    try:
        with unit_of_work():
            create_platform_admin(username, password)
    except DomainError as exc:
        details = "；".join(m for messages in exc.errors.values() for m in messages)
        raise click.ClickException(f"{exc.message}{'：' + details if details else ''}") from exc
    click.echo(f"平台管理员 {username} 已创建")


def register_cli(app: Flask) -> None:
    app.cli.add_command(accounts_cli)
    app.cli.add_command(regions_cli)
    app.cli.add_command(demo_cli)
