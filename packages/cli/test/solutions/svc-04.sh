# reference: svc-04 a restart loop counting failures until the burst limit
cat > app.sh <<'APP'
#!/bin/sh
if [ -z "${PORT:-}" ]; then
  echo "app.sh: PORT is not set" >&2
  exit 2
fi
echo "listening on port $PORT as ${APP_NAME:-app}"
APP
chmod u+x app.sh
printf 'PORT=18090\nAPP_NAME=akasha\n' > app.env
cat > app.service <<'UNIT'
[Unit]
Description=Akasha demo app

[Service]
ExecStart=%h/infra-learn/svc-04/app.sh
EnvironmentFile=%h/infra-learn/svc-04/app.env
Restart=on-failure
RestartSec=1

[Install]
WantedBy=default.target
UNIT
cat > supervise.sh <<'SUP'
#!/bin/sh
# usage: ./supervise.sh command [args...]
delay=${RESTART_DELAY:-1}
max=${MAX_RESTARTS:-5}
restarts=0
while :; do
  "$@"
  code=$?
  if [ "$code" -eq 0 ]; then
    exit 0
  fi
  if [ "$restarts" -ge "$max" ]; then
    echo "supervise: giving up after $restarts restarts (exit $code)" >&2
    exit "$code"
  fi
  restarts=$((restarts + 1))
  echo "supervise: exit $code, restart $restarts of $max in ${delay}s" >&2
  sleep "$delay"
done
SUP
chmod u+x supervise.sh
