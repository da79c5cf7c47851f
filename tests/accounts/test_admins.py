from __future__ import annotations

from app.demo import ADMIN


def test_create_admin_command(app):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["accounts", "create-admin", "ops"], input="Strong2026x\nStrong2026x\n")
    assert result.exit_code == 0, result.output
    assert "已创建" in result.output
    again = runner.invoke(args=["accounts", "create-admin", "ops"], input="Strong2026x\nStrong2026x\n")
    assert again.exit_code == 1 and "账号名已被使用" in again.output
    weak = runner.invoke(args=["accounts", "create-admin", "ops2"], input="123\n123\n")
    assert weak.exit_code == 1 and "密码长度应为 8 到 64 位" in weak.output
    with app.test_client() as client:
        login = client.post("/api/v1/auth/password/login", json={"username": "ops", "password": "Strong2026x"})
        assert login.status_code == 200 and login.json["user"]["is_platform_admin"] is True
        assert client.post("/api/v1/auth/password/login",
                           json={"username": ADMIN[0], "password": ADMIN[1]}).status_code == 401


def test_cli_region_and_demo_commands(app):
    runner = app.test_cli_runner()
    assert "区域" in runner.invoke(args=["regions", "load"]).output
    assert runner.invoke(args=["demo", "load"]).output.strip() == "演示数据已加载"
    assert runner.invoke(args=["demo", "load"]).output.strip() == "演示数据已存在，未重复加载"
