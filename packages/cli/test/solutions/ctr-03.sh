# reference: ctr-03 pgdata volume and a healthy-db start order
cat > Dockerfile <<'DOCKERFILE'
FROM node:22-alpine
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev
COPY . .
EXPOSE 8080
USER node
CMD ["node", "server.js"]
DOCKERFILE
cat > compose.json <<'JSON'
{
  "services": {
    "web": {
      "build": ".",
      "ports": ["18085:8080"],
      "environment": {
        "DATABASE_URL": "postgres://postgres:s3cret-pw@db:5432/postgres"
      },
      "depends_on": {
        "db": { "condition": "service_healthy" }
      }
    },
    "db": {
      "image": "postgres:16-alpine",
      "environment": ["POSTGRES_PASSWORD=s3cret-pw"],
      "volumes": ["pgdata:/var/lib/postgresql/data"],
      "healthcheck": {
        "test": ["CMD-SHELL", "pg_isready -U postgres"],
        "interval": "5s",
        "retries": 5
      }
    }
  },
  "volumes": {
    "pgdata": {}
  }
}
JSON
