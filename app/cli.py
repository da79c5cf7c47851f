"""Flask CLI commands: `flask regions import FILE [--dry-run]`, `flask regions load`, `flask demo load`."""
from __future__ import annotations

from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from app.core.errors import DomainError
from app.core.unit_of_work import unit_of_work

regions_cli = AppGroup("regions", help="区域数据")
accounts_cli = AppGroup("accounts", help="账号")
demo_cli = AppGroup("demo", help="演示数据")


def _import_regions(path: str, dry_run: bool) -> None:
    from app.accounts import region_import
    from app.accounts.region_file import RegionFileInvalid

    data = Path(path).read_bytes()
    try:
        with unit_of_work():
            result = region_import.plan(data) if dry_run else region_import.commit(data)
    except RegionFileInvalid as exc:
        # The envelope's keys are "row N" (or "file"): say them in Chinese here.
        details = [f"  {'文件' if where == 'file' else '第 ' + where.removeprefix('row ') + ' 行'}：{message}"
                   for where, messages in exc.errors.items() for message in messages]
        raise click.ClickException("\n".join([exc.message, *details])) from exc
    for error in result.errors:
        click.echo(f"  {'文件' if error.line is None else f'第 {error.line} 行'} {error.code}：{error.message}",
                   err=True)
    if result.errors:
        raise click.ClickException(f"区域文件有 {len(result.errors)} 处错误，未导入任何区域")
    for change in result.renamed:
        click.echo(f"  改名 {change.code}：{change.old_name} → {change.name}")
    for change in result.deactivated:
        click.echo(f"  {'将停用' if dry_run else '已停用'} {change.code} {change.name}（不再出现在文件中；不删除）")
    click.echo(("区域导入预览（未写入）" if dry_run else "区域已导入") + " " + result.summary())


@regions_cli.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--dry-run", is_flag=True, help="只预览：列出将新增、改名、停用的区域和每行的错误，不写入")
def import_regions(path, dry_run):
    """Import a city's region file (.csv or .xlsx: code,name,level,parent_code); see README "Regions"."""
    _import_regions(path, dry_run)


@regions_cli.command("load")
@click.argument("csv_path", required=False, type=click.Path(exists=True, dir_okay=False))
def load_regions(csv_path):
    """Import a region file; defaults to the shipped Guangzhou file (`regions import` without a preview)."""
    from app.accounts.regions import GUANGZHOU_CSV

    _import_regions(csv_path or str(GUANGZHOU_CSV), False)


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
