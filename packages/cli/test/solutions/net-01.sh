# reference: net-01 a pidfile-writing node listener on the loopback
cat > server.js <<'EOF'
const fs = require("node:fs");
const http = require("node:http");
const path = require("node:path");

const server = http.createServer((req, res) => {
  res.setHeader("Content-Type", "text/plain");
  res.end("hello, network\n");
});
server.listen(18080, "127.0.0.1", () => {
  fs.writeFileSync(path.join(__dirname, "server.pid"), String(process.pid));
  console.log("listening on 127.0.0.1:18080");
});
EOF
node server.js > server.log 2>&1 &
i=0
until test -s server.pid && curl -s -o /dev/null --max-time 1 http://127.0.0.1:18080/; do
  i=$((i + 1))
  [ "$i" -lt 50 ] || { cat server.log; exit 1; }
  sleep 0.1
done
