"""Screens: own data loading through workers and hand results to widgets."""
