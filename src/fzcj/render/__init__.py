"""Renderers: they read computed values and print or write them; they compute nothing."""
