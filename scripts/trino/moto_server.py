"""Runs moto (fake AWS: S3, Glue, ...) on 127.0.0.1 as Trino's Glue metastore and S3.

Two gaps of moto 5.2.1 against what Trino's Glue metastore sends are filled:
- the six Glue column-statistics actions (CTAS fails with "Failed updating column
  statistics" and reads retry for seconds): stubs that keep no statistics;
- GetPartitions with an empty Expression, which Trino sends to list every
  partition of a table (reading a partitioned table through a view): moto refuses
  it as "Unsupported expression ''", Glue reads it as no filter.
Then it serves in the foreground until SIGTERM or SIGINT.

Usage: python3 moto_server.py [PORT]   (else env MOTO_PORT, else 15000)
"""

import os
import signal
import socket
import sys
import threading

import moto.glue.utils as glue_utils
from moto.core.responses import ActionResult
from moto.glue.responses import GlueResponse
from moto.server import ThreadedMotoServer


def _get_column_statistics(self: GlueResponse) -> ActionResult:
    """No statistics are kept: every requested column is reported as not found."""
    columns = self.parameters.get("ColumnNames", [])
    errors = [
        {
            "ColumnName": column,
            "Error": {
                "ErrorCode": "EntityNotFoundException",
                "ErrorMessage": f"Column statistics for {column} not found.",
            },
        }
        for column in columns
    ]
    return ActionResult({"ColumnStatisticsList": [], "Errors": errors})


def _update_column_statistics(self: GlueResponse) -> ActionResult:
    return ActionResult({"Errors": []})


def _delete_column_statistics(self: GlueResponse) -> ActionResult:
    return ActionResult({})


# moto dispatches the X-Amz-Target action (GetColumnStatisticsForTable) to the
# GlueResponse method of the same name in snake_case (get_column_statistics_for_table).
for scope in ("table", "partition"):
    setattr(GlueResponse, f"get_column_statistics_for_{scope}", _get_column_statistics)
    setattr(GlueResponse, f"update_column_statistics_for_{scope}", _update_column_statistics)
    setattr(GlueResponse, f"delete_column_statistics_for_{scope}", _delete_column_statistics)


_parse_expression = glue_utils._PartitionFilterExpressionCache.get


def _parse_expression_or_none(self, expression):
    """An empty partition expression selects every partition, as on Glue."""
    if expression is None or not expression.strip():
        return None
    return _parse_expression(self, expression)


glue_utils._PartitionFilterExpressionCache.get = _parse_expression_or_none


def main() -> None:
    port = int(sys.argv[1] if len(sys.argv) > 1 else os.environ.get("MOTO_PORT", "15000"))
    # ThreadedMotoServer.start() would wait forever on a port already taken.
    with socket.create_server(("127.0.0.1", port)):
        pass
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    stopped = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopped.set())
    signal.signal(signal.SIGINT, lambda *_: stopped.set())
    server.start()
    print(f"moto listening on http://127.0.0.1:{port}", flush=True)
    stopped.wait()
    server.stop()


if __name__ == "__main__":
    main()
