"""Runs SQL statements on Trino through its REST protocol and prints the rows.

Each statement is POSTed to /v1/statement and its nextUri followed to the end;
rows are printed one per line as JSON arrays. Exits 1 with Trino's error name
and message on the first statement that fails.

Usage: python3 trino_query.py 'SQL' ['SQL' ...]
Env: TRINO_URL (http://127.0.0.1:8080), TRINO_USER (pipeline),
     TRINO_CATALOG (awsdatacatalog), TRINO_SCHEMA (default).
"""

import json
import os
import sys
import urllib.request


def request(url: str, data: bytes | None = None) -> dict:
    headers = {
        "X-Trino-User": os.environ.get("TRINO_USER", "pipeline"),
        "X-Trino-Catalog": os.environ.get("TRINO_CATALOG", "awsdatacatalog"),
        "X-Trino-Schema": os.environ.get("TRINO_SCHEMA", "default"),
    }
    with urllib.request.urlopen(urllib.request.Request(url, data, headers), timeout=60) as response:
        return json.load(response)


def run(sql: str) -> list[list]:
    """Runs one statement; returns its rows or raises RuntimeError with Trino's error."""
    base = os.environ.get("TRINO_URL", "http://127.0.0.1:8080")
    result = request(f"{base}/v1/statement", sql.encode())
    rows: list[list] = []
    while True:
        rows.extend(result.get("data", []))
        if "error" in result:
            error = result["error"]
            raise RuntimeError(f"{error.get('errorName')}: {error.get('message')}")
        if "nextUri" not in result:
            return rows
        result = request(result["nextUri"])


def main() -> None:
    for sql in sys.argv[1:]:
        try:
            rows = run(sql)
        except (RuntimeError, OSError) as error:  # OSError: HTTP and connection errors
            sys.exit(f"trino_query: {error}\n  in: {sql}")
        for row in rows:
            print(json.dumps(row))


if __name__ == "__main__":
    main()
