"""CLI command modules; each registers its commands on drafter.cli.app."""
