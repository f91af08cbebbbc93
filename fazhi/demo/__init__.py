"""The demo bureau for ``make run`` (``fazhi demo``): a fictional county bureau and two years of its history.

It sits above every other app and builds everything through their services; no other app imports it.
"""
