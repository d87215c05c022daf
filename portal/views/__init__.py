"""Blueprints, one per audience. Views are thin: parse, call domain code, render."""
