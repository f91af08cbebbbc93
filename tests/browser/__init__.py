"""The browser suite (a package, so its conftest is imported once: as tests.browser.conftest, like the tests import it)."""
