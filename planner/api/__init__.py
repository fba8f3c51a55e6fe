"""Read-only Open Referral HSDS 3.0 API over the sociale kaart (issue 10).

``index`` turns the store into the public HSDS documents and answers the queries of the
official OpenAPI description (pure functions, no web framework); ``app`` serves them with
Starlette on uvicorn (``python -m planner.api`` or ``scripts/api.sh``). Everything comes
from the public export (``planner.kaart.io.hsds.export_hsds(openbaar=True)``), so a
confidential address can never be served.
"""
