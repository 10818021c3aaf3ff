"""Widgets: dumb views that take models and post messages upward."""
