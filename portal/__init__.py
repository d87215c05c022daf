"""The training evaluation portal of the Cooperative Technology Transfer Centres.

`create_app()` builds the Flask app from the environment (portal.config); it
opens no database connection (forking servers, see portal.db).
"""
from __future__ import annotations

from pathlib import Path

from flask import Flask

from portal import config as config_module


def create_app(overrides: dict | None = None, environ=None) -> Flask:
    """Build the app. `overrides` (tests) replace settings read from the environment."""
    import os

    app = Flask(
        __name__,
        instance_relative_config=True,
        template_folder="../templates",
        static_folder="../static",
    )
    instance = Path(app.instance_path)
    settings = config_module.load_settings(instance, environ if environ is not None else os.environ)
    app.config.update(settings)
    if overrides:
        app.config.update(overrides)
        if "PORTAL_ENV" in overrides:
            app.config["TESTING"] = overrides["PORTAL_ENV"] == "testing"

    from portal import auth, cli, db, errors, htmx, i18n, security, templating
    from portal.views import accounts as accounts_views
    from portal.views import auth as auth_views
    from portal.views import instruments as instruments_views
    from portal.views import main
    from portal.views import register as register_views
    from portal.views import planning as planning_views
    from portal.views import meetings as meetings_views
    from portal.views import analysis as analysis_views
    from portal.views import targets as targets_views
    from portal.views import cohorts as cohorts_views
    from portal.views import rosters as rosters_views
    from portal.views import attendance as attendance_views
    from portal.views import respond as respond_views
    from portal.views import collect as collect_views
    from portal.views import api as api_views
    from portal.views import plans as plans_views
    from portal.views import followup as followup_views
    from portal.views import pdca as pdca_views
    from portal.views import results as results_views
    from portal.views import overview as overview_views
    from portal.views import reports as reports_views

    db.init_app(app)
    security.init_app(app)
    i18n.init_app(app)
    htmx.init_app(app)
    templating.init_app(app)
    errors.init_app(app)
    auth.init_app(app)
    cli.init_app(app)

    app.register_blueprint(main.bp)
    app.register_blueprint(auth_views.bp)
    app.register_blueprint(register_views.bp)
    app.register_blueprint(instruments_views.bp)
    app.register_blueprint(accounts_views.bp)
    app.register_blueprint(planning_views.bp)
    app.register_blueprint(meetings_views.bp)
    app.register_blueprint(analysis_views.bp)
    app.register_blueprint(targets_views.bp)
    app.register_blueprint(cohorts_views.bp)
    app.register_blueprint(rosters_views.bp)
    app.register_blueprint(attendance_views.bp)
    app.register_blueprint(respond_views.bp)
    app.register_blueprint(collect_views.bp)
    app.register_blueprint(api_views.bp)
    app.register_blueprint(plans_views.bp)
    app.register_blueprint(followup_views.bp)
    app.register_blueprint(pdca_views.bp)
    app.register_blueprint(results_views.bp)
    app.register_blueprint(overview_views.bp)
    app.register_blueprint(reports_views.bp)
    return app
