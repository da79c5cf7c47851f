"""Reference catalogues the forms pick from (服务项目、服务类型、服务对象类别 …)."""
