# reference: ctr-01 hello app on a slim node base in cache-friendly layers
cat > server.js <<'JS'
const http = require("node:http");
http.createServer((req, res) => res.end("hello\n")).listen(8080);
JS
cat > package.json <<'JSON'
{
  "name": "hello",
  "version": "1.0.0",
  "main": "server.js",
  "scripts": { "start": "node server.js" }
}
JSON
cat > package-lock.json <<'JSON'
{
  "name": "hello",
  "version": "1.0.0",
  "lockfileVersion": 3,
  "requires": true,
  "packages": { "": { "name": "hello", "version": "1.0.0" } }
}
JSON
cat > Dockerfile <<'DOCKERFILE'
# syntax=docker/dockerfile:1
FROM node:22-alpine
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev \
    && npm cache clean --force
COPY . .
EXPOSE 8080
USER node
CMD ["node", "server.js"]
DOCKERFILE
