"""Extension objects, created unbound and bound to the app in create_app()."""
import marshmallow as ma
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_migrate import Migrate
from flask_smorest import Api
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

# Deterministic constraint names, so Alembic can drop and alter them on every backend.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class ErrorEnvelopeSchema(ma.Schema):
    """The one error envelope (see app/api/errors.py), as documented in the OpenAPI spec."""

    code = ma.fields.Integer(required=True, metadata={"description": "HTTP 状态码"})
    status = ma.fields.String(required=True, metadata={"description": "HTTP 状态名"})
    error = ma.fields.String(required=True, metadata={"description": "稳定的机器可读错误标识，如 order_full"})
    message = ma.fields.String(required=True, metadata={"description": "给人看的中文说明"})
    errors = ma.fields.Dict(required=True, metadata={"description": "按字段列出的错误（校验失败时）"})


class TimebankApi(Api):
    ERROR_SCHEMA = ErrorEnvelopeSchema


db = SQLAlchemy(model_class=Base)
# Batch mode lets SQLite (the embedded default) apply ALTERs; compare_type catches column type drift.
migrate = Migrate(compare_type=True, render_as_batch=True)
api = TimebankApi()
limiter = Limiter(key_func=get_remote_address, default_limits=[])
