# reference: ctr-02 four ignore lines keep both env files home
cat > server.js <<'JS'
const http = require("node:http");
http.createServer((req, res) => res.end("hello\n")).listen(8080);
JS
printf '{ "name": "hello", "version": "1.0.0", "main": "server.js" }\n' > package.json
printf 'DB_PASSWORD=change-me\n' > .env
mkdir -p config node_modules/left-pad
printf 'API_KEY=change-me\n' > config/.env
printf 'module.exports = (s) => s;\n' > node_modules/left-pad/index.js
printf 'npm ERR! code ENOENT\n' > npm-debug.log
printf 'node_modules\n.git\n*.log\n**/.env\n' > .dockerignore
