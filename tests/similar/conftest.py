from _support.fixtures import client, db_url, people, service  # noqa: F401
