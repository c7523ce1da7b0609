"""`drafter serve`: a local web page over the same library the CLI uses.

Starlette and uvicorn are imported only here (and only by `drafter serve`),
so the CLI's start-up stays fast. See drafter/web/app.py for the HTTP API.
"""
