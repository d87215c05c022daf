"""Development plans (projects, activities, owners, months; business projections for loss-making cooperatives), board adoption, course 2's group participation plans."""
from __future__ import annotations

from flask import Blueprint

bp = Blueprint("plans", __name__, url_prefix="/plans")
