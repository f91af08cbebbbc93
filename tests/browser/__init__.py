"""The browser suite: a package, so that its conftest is imported once, as tests.browser.conftest."""
