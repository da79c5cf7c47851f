"""Settings classes, chosen by TIMEBANK_ENV (development | test | production)."""
from config.settings import BaseConfig, DevelopmentConfig, ProductionConfig, TestConfig, load_config

__all__ = ["BaseConfig", "DevelopmentConfig", "ProductionConfig", "TestConfig", "load_config"]
