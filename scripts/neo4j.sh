#!/usr/bin/env bash
# Local Neo4j Community 5.26 server for development, integration tests and CI.
#
# Installs Neo4j from Maven Central on first use (scripts/neo4j/pom.xml, via `mvn`),
# compiles scripts/neo4j/Launcher.java with the machine's javac (Java 17 or 21), and runs it
# in the background with a Bolt connector on 127.0.0.1:$NEO4J_PORT. See scripts/neo4j/README.md.
#
# Usage: scripts/neo4j.sh start|stop|status|restart|wipe
#   start    install if needed, start in the background, wait until Bolt answers; prints the URI
#   stop     SIGTERM, wait, SIGKILL after a timeout
#   status   exit 0 iff the server is running and its port answers
#   restart  stop, then start
#   wipe     stop and delete the data (jars and compiled launcher are kept)
#
# Env: NEO4J_PORT (7687), NEO4J_PASSWORD (unset: auth disabled), POLICYGRAPH_NEO4J_HOME
#      (<repo>/.build/neo4j), NEO4J_START_TIMEOUT (120 s), NEO4J_STOP_TIMEOUT (60 s),
#      NEO4J_JAVA_OPTS (extra JVM flags), JAVA_HOME (else `java`/`javac` from PATH).
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$SCRIPT_DIR/.." && pwd)
SRC_DIR=$SCRIPT_DIR/neo4j
NEO_HOME=${POLICYGRAPH_NEO4J_HOME:-$REPO_ROOT/.build/neo4j}
[[ $NEO_HOME == /* ]] || NEO_HOME=$PWD/$NEO_HOME
HOST=127.0.0.1
PORT=${NEO4J_PORT:-7687}
START_TIMEOUT=${NEO4J_START_TIMEOUT:-120}
STOP_TIMEOUT=${NEO4J_STOP_TIMEOUT:-60}
LIB_DIR=$NEO_HOME/lib
CLASSES_DIR=$NEO_HOME/classes
PID_FILE=$NEO_HOME/neo4j.pid
LOG_FILE=$NEO_HOME/neo4j.log

say() { echo "neo4j.sh: $*" >&2; }
die() { echo "neo4j.sh: error: $*" >&2; exit 1; }

if [[ ! $PORT =~ ^[0-9]{1,5}$ ]] || ((10#$PORT < 1 || 10#$PORT > 65535)); then
  die "NEO4J_PORT must be a TCP port number (1-65535), got '$PORT'"
fi
PORT=$((10#$PORT))
URI="bolt://$HOST:$PORT"

find_java() {
  if [[ -n ${JAVA_HOME:-} ]]; then
    JAVA=$JAVA_HOME/bin/java JAVAC=$JAVA_HOME/bin/javac
    [[ -x $JAVA ]] || die "JAVA_HOME=$JAVA_HOME has no bin/java"
  else
    JAVA=$(command -v java) || die "java not found (install a JDK 17 or 21, or set JAVA_HOME)"
    JAVAC=$(command -v javac) || JAVAC=
  fi
  local v
  v=$("$JAVA" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n1)
  [[ $v == 17 || $v == 21 ]] || say "warning: Java '$v' found; Neo4j 5.26 supports Java 17 and 21"
}

# True if something accepts TCP connections on HOST:PORT.
port_open() { timeout 2 bash -c "exec 3<>/dev/tcp/$HOST/$PORT" 2>/dev/null; }

# Prints the pid of our running launcher (from the pid file), or fails.
running_pid() {
  local pid
  [[ -f $PID_FILE ]] || return 1
  pid=$(<"$PID_FILE")
  [[ $pid =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null || return 1
  # Guard against a recycled pid: it must be our Launcher.
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF "Launcher $NEO_HOME " || return 1
  echo "$pid"
}

install_jars() {
  local stamp want
  want=$(sha256sum "$SRC_DIR/pom.xml" | cut -d' ' -f1)
  stamp=$LIB_DIR/.pom.sha256
  if [[ -f $stamp && $(<"$stamp") == "$want" ]]; then return 0; fi
  command -v mvn >/dev/null || die "mvn not found: Maven is needed once to fetch the Neo4j jars"
  say "fetching Neo4j jars from Maven Central into $LIB_DIR (first run, takes a while) ..."
  rm -rf "$LIB_DIR.tmp"
  if ! (cd "$SRC_DIR" && mvn -B -q -f "$SRC_DIR/pom.xml" \
      org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy-dependencies \
      -DincludeScope=runtime -DoutputDirectory="$LIB_DIR.tmp" >"$NEO_HOME/mvn.log" 2>&1); then
    tail -n 40 "$NEO_HOME/mvn.log" >&2
    die "mvn failed (full log: $NEO_HOME/mvn.log)"
  fi
  compgen -G "$LIB_DIR.tmp/neo4j-bolt-*.jar" >/dev/null || die "neo4j-bolt jar missing after mvn"
  compgen -G "$LIB_DIR.tmp/lucene-analysis-common-*.jar" >/dev/null || die "lucene-analysis-common jar missing after mvn"
  rm -rf "$LIB_DIR"
  mv "$LIB_DIR.tmp" "$LIB_DIR"
  echo "$want" >"$stamp"
}

compile_launcher() {
  local stamp want
  want=$( (cat "$SRC_DIR/Launcher.java" "$LIB_DIR/.pom.sha256"; "$JAVA" -version 2>&1) | sha256sum | cut -d' ' -f1)
  stamp=$CLASSES_DIR/.stamp
  if [[ -f $stamp && $(<"$stamp") == "$want" && -f $CLASSES_DIR/Launcher.class ]]; then return 0; fi
  [[ -n $JAVAC && -x $JAVAC ]] || die "javac not found: a JDK (not only a JRE) 17 or 21 is needed"
  rm -rf "$CLASSES_DIR"
  mkdir -p "$CLASSES_DIR"
  "$JAVAC" -nowarn -encoding UTF-8 -cp "$LIB_DIR/*" -d "$CLASSES_DIR" "$SRC_DIR/Launcher.java" ||
    die "javac failed on $SRC_DIR/Launcher.java"
  echo "$want" >"$stamp"
}

# Waits until the launcher logged READY and the port answers; fails (and kills it) otherwise.
wait_ready() {
  local pid=$1 deadline=$((SECONDS + START_TIMEOUT))
  while ((SECONDS < deadline)); do
    if ! kill -0 "$pid" 2>/dev/null; then
      say "Neo4j exited during startup; last lines of $LOG_FILE:"
      tail -n 40 "$LOG_FILE" >&2 || true
      rm -f "$PID_FILE"
      exit 1
    fi
    if grep -q '^READY ' "$LOG_FILE" 2>/dev/null && port_open; then return 0; fi
    sleep 0.5
  done
  say "Neo4j not ready after ${START_TIMEOUT}s; last lines of $LOG_FILE:"
  tail -n 40 "$LOG_FILE" >&2 || true
  do_stop >/dev/null 2>&1 || true
  exit 1
}

do_start() {
  local pid t0=$SECONDS
  if pid=$(running_pid); then
    tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF "Launcher $NEO_HOME $PORT " ||
      die "Neo4j of $NEO_HOME already runs (pid $pid) on another port than $PORT; stop it first"
    if port_open; then say "already running (pid $pid)"; echo "$URI"; return 0; fi
    say "pid $pid is running but $URI does not answer yet; waiting ..."
    wait_ready "$pid"
    echo "$URI"
    return 0
  fi
  port_open && die "port $PORT on $HOST is already in use by another process (set NEO4J_PORT)"
  find_java
  install_jars
  compile_launcher
  mkdir -p "$NEO_HOME/data"
  : >"$LOG_FILE"
  # shellcheck disable=SC2086 # NEO4J_JAVA_OPTS is a list of flags
  nohup setsid "$JAVA" -Xms256m -Xmx1g -XX:+UseG1GC -XX:+ExitOnOutOfMemoryError \
    -XX:-OmitStackTraceInFastThrow -Dfile.encoding=UTF-8 -Dlog4j2.disable.jmx=true \
    --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED \
    --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --enable-native-access=ALL-UNNAMED \
    ${NEO4J_JAVA_OPTS:-} -cp "$CLASSES_DIR:$LIB_DIR/*" \
    Launcher "$NEO_HOME" "$PORT" </dev/null >>"$LOG_FILE" 2>&1 9>&- &
  pid=$!
  echo "$pid" >"$PID_FILE"
  say "starting Neo4j (pid $pid, log $LOG_FILE) ..."
  wait_ready "$pid"
  say "ready after $((SECONDS - t0))s: $URI"
  echo "$URI"
}

do_stop() {
  local pid deadline
  if ! pid=$(running_pid); then
    rm -f "$PID_FILE"
    say "not running"
    return 0
  fi
  say "stopping Neo4j (pid $pid) ..."
  kill -TERM "$pid" 2>/dev/null || true
  deadline=$((SECONDS + STOP_TIMEOUT))
  while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.3; done
  if kill -0 "$pid" 2>/dev/null; then
    say "still running after ${STOP_TIMEOUT}s; sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    while kill -0 "$pid" 2>/dev/null; do sleep 0.2; done
  fi
  rm -f "$PID_FILE"
  say "stopped"
}

do_status() {
  local pid
  if pid=$(running_pid); then
    tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF "Launcher $NEO_HOME $PORT " ||
      die "Neo4j of $NEO_HOME already runs (pid $pid) on another port than $PORT; stop it first"
    if port_open; then echo "running (pid $pid) $URI"; return 0; fi
    echo "process $pid is running but $URI does not answer"
    return 1
  fi
  echo "not running"
  return 1
}

main() {
  local cmd=${1:-}
  case $cmd in
    start | stop | restart | wipe) ;;
    status) do_status; return ;;
    *) sed -n '2,17p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
  esac
  mkdir -p "$NEO_HOME"
  # One mutating command at a time per cache folder.
  exec 9>"$NEO_HOME/.lock"
  flock -w 600 9 || die "another neo4j.sh holds $NEO_HOME/.lock"
  case $cmd in
    start) do_start ;;
    stop) do_stop ;;
    restart) do_stop; do_start ;;
    wipe) do_stop; rm -rf "$NEO_HOME/data" "$NEO_HOME/logs"; say "data deleted" ;;
  esac
}

main "$@"
