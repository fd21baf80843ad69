# reference: svc-01 guard the port before announcing the listener
cat > app.sh <<'APP'
#!/bin/sh
if [ -z "${PORT:-}" ]; then
  echo "app.sh: PORT is not set, refusing to start" >&2
  exit 2
fi
echo "listening on port $PORT as ${APP_NAME:-app}"
APP
chmod u+x app.sh
printf 'PORT=18090\nAPP_NAME=akasha\n' > app.env
