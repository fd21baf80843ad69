# reference: net-02 dump headers and body of a static file with curl
mkdir -p site
echo 'served by my own server' > site/hello.txt
cat > server.js <<'EOF'
const fs = require("node:fs");
const http = require("node:http");
const path = require("node:path");

const root = path.join(__dirname, "site");
const server = http.createServer((req, res) => {
  const file = path.join(root, path.normalize(req.url.split("?")[0]));
  fs.readFile(file, (err, data) => {
    if (err) {
      res.writeHead(404, { "Content-Type": "text/plain" });
      res.end("not found\n");
      return;
    }
    res.writeHead(200, { "Content-Type": "text/plain; charset=utf-8" });
    res.end(data);
  });
});
server.listen(18081, "127.0.0.1", () => {
  fs.writeFileSync(path.join(__dirname, "server.pid"), String(process.pid));
});
EOF
node server.js > server.log 2>&1 &
i=0
until test -s server.pid && curl -s -o /dev/null --max-time 1 http://127.0.0.1:18081/; do
  i=$((i + 1))
  [ "$i" -lt 50 ] || { cat server.log; exit 1; }
  sleep 0.1
done
curl -sS -D headers.txt -o body.txt http://127.0.0.1:18081/hello.txt
curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:18081/missing.txt > status.txt
