"""peewee models, one module per part of the domain. ALL_MODELS lists every table
(the migrations test checks the migrated schema matches them)."""
ALL_MODELS: list = []
