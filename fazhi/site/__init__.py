"""The site: what composes every app into one web application.

The home page (工作台), the menu and holiday banner (context processors), the one NinjaAPI with its token auth, and
the site-wide URLs (home, healthz, 节假日安排, exports). It sits on top of the layers (see pyproject's import-linter
contracts) so that ``fazhi.core`` imports no app. Its templates stay under ``fazhi/core/templates/core/``; the URL
namespace stays ``core`` so every ``{% url 'core:…' %}`` is unchanged.
"""
