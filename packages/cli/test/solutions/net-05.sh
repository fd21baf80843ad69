# reference: net-05 read the worker pid out of the ss users column
cat > server.js <<'EOF'
const { spawn } = require("node:child_process");
const http = require("node:http");

if (process.argv[2] === "worker") {
  http.createServer((req, res) => res.end("worker here\n")).listen(18082, "127.0.0.1");
} else {
  spawn(process.execPath, [__filename, "worker"], { stdio: "ignore" }).unref();
  console.log("started a worker; this process exits now");
}
EOF
node server.js
i=0
until pid=$(ss -ltnpH 'sport = :18082' | sed -n 's/.*pid=\([0-9]*\).*/\1/p') && [ -n "$pid" ]; do
  i=$((i + 1))
  [ "$i" -lt 50 ] || exit 1
  sleep 0.1
done
echo "$pid" > listener.txt
