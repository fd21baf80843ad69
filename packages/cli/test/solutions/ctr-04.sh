# reference: ctr-04 busybox wget probe with a 256m cap
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
      },
      "healthcheck": {
        "test": ["CMD-SHELL", "wget -q -O /dev/null http://localhost:8080/ || exit 1"],
        "interval": "10s",
        "timeout": "3s",
        "retries": 3
      },
      "restart": "unless-stopped",
      "deploy": { "resources": { "limits": { "memory": "256m" } } },
      "read_only": true,
      "tmpfs": ["/tmp"]
    },
    "db": {
      "image": "postgres:16-alpine",
      "environment": { "POSTGRES_PASSWORD": "s3cret-pw" },
      "volumes": ["pgdata:/var/lib/postgresql/data"],
      "healthcheck": {
        "test": ["CMD-SHELL", "pg_isready -U postgres"],
        "interval": "5s",
        "retries": 5
      },
      "restart": "unless-stopped"
    }
  },
  "volumes": {
    "pgdata": {}
  }
}
JSON
