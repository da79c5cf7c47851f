"""Process entry points (Procfile targets): gunicorn serves `wsgi:app`, Celery runs `-A wsgi:celery_app`,
and the Flask CLI uses `--app wsgi`."""
from app import create_app

app = create_app()
celery_app = app.extensions["celery"]
