import type { Exercise, Module } from "../schema";

export const module: Module = {
  id: "containers",
  title: "Containers and images",
  summary: "Describe an image and an app stack in files that pass review, no Docker daemon needed.",
  order: 4,
};

/**
 * A check command written over several lines for reading, stored and run as one line: backslashes
 * stay as written (a raw template), so each statement must end with `;` where the shell or awk
 * needs one.
 */
const sh = (strings: TemplateStringsArray, ...values: string[]) =>
  String.raw(strings, ...values)
    .trim()
    .replace(/\s*\n\s*/g, " ");

/**
 * The Dockerfile's instructions one per line (comments dropped, `\` continuations joined) piped to
 * `program`, an awk program that sees each instruction's keyword upper-cased in `k`.
 */
const dockerfile = (program: string) => sh`
  test -f Dockerfile || { echo 'no Dockerfile in this directory'; exit 1; };
  awk '/^[ \t]*#/ {next} {l = l $0} /\\$/ {sub(/\\$/, "", l); next} {print l; l = ""}' Dockerfile
  | awk '{k = toupper($1)} ${program}'`;

/** jq helpers: `environment` as an object whatever its form, and a healthcheck test as one string. */
const env = sh`def env: if type == "object" then . elif type == "array"
  then map(capture("^(?<k>[^=]+)=(?<v>.*)$") | {(.k): .v}) | add // {} else {} end;`;
const cmd = sh`def cmd: if type == "array" then .[1:] | join(" ") else tostring end;`;

export const exercises: Exercise[] = [
  {
    id: "ctr-01",
    moduleId: "containers",
    title: "A Dockerfile that passes review",
    summary: "Write a Dockerfile for a small Node app: pinned base, cached layers, non-root, exec form.",
    difficulty: "beginner",
    minutes: 20,
    prerequisites: ["linux-02"],
    version: 1,
    requires: { tools: [], root: false },
    instructions: [
      "Package a small Node app as an image description a reviewer would approve. No Docker daemon is needed: the checks read the files.",
      "",
      "## Why it matters",
      "A Dockerfile is read far more often than it is built: by reviewers, scanners and whoever is on call.",
      "A floating base tag changes under you without warning, copying the source before installing",
      "dependencies throws the layer cache away on every edit, and an app running as root turns any bug",
      "into root inside the container.",
      "",
      "## Steps",
      "1. Create `server.js`, an HTTP server on port 8080:",
      "",
      "   ```js",
      '   const http = require("node:http");',
      '   http.createServer((req, res) => res.end("hello\\n")).listen(8080);',
      "   ```",
      "",
      '2. Create `package.json` with a `name`, a `version` and `"main": "server.js"`.',
      "3. Create `package-lock.json`: `npm ci` refuses to run without it. `npm install --package-lock-only`",
      "   writes it, or, as the app has no dependencies, write it by hand with the same name and version:",
      "",
      "   ```json",
      '   {"name": "hello", "version": "1.0.0", "lockfileVersion": 3, "requires": true,',
      '    "packages": {"": {"name": "hello", "version": "1.0.0"}}}',
      "   ```",
      "",
      "4. Write `Dockerfile`:",
      "   - start `FROM node:22-alpine`: a pinned major version, never `latest` or no tag at all;",
      "   - work in `/app` (`WORKDIR`);",
      "   - copy `package.json` and `package-lock.json` on their own, install with `npm ci --omit=dev`",
      "     (production dependencies only), and only then copy the rest of the source, so dependencies",
      "     are reinstalled only when the package files change;",
      "   - document the port with `EXPOSE 8080`;",
      "   - switch to the unprivileged `node` user, which the image already has, after the last `RUN`;",
      "   - start the app in exec form, a JSON array: `node` then runs as PID 1 and receives the stop",
      "     signal itself (the shell form wraps it in `/bin/sh -c`, which does not pass it on).",
      "5. Run `infra-learn verify ctr-01`.",
    ].join("\n"),
    hints: [
      "Docker builds top to bottom and reuses each cached step until one of its inputs changes: put what changes least (the base image, the dependency list) first and your own code last.",
      "The official node images come with a user called `node`, so `USER node` is all it takes; put it after `RUN npm ci`, which writes to `/app` and still runs as root.",
      'The order that passes: `FROM node:22-alpine`, `WORKDIR /app`, `COPY package.json package-lock.json ./`, `RUN npm ci --omit=dev`, `COPY . .`, `EXPOSE 8080`, `USER node`, `CMD ["node", "server.js"]`.',
    ],
    checks: [
      {
        id: "base-pinned",
        title: "the base image is node with a pinned major version",
        run: dockerfile(sh`k == "FROM" {for (i = 2; i <= NF; i++) if ($i !~ /^--/) {print $i; exit}}`),
        expect: { stdoutMatches: "^node:[0-9]+[A-Za-z0-9._-]*(@sha256:[0-9a-f]{64})?$" },
        hint: "Start the Dockerfile with `FROM node:22-alpine`: a numbered major version, not `latest`, `lts` or no tag.",
      },
      {
        id: "deps-first",
        title: "dependencies install before the source is copied",
        run: sh`
          for f in package.json package-lock.json; do
            test -s "$f" || { echo "$f is missing here, so copying it would fail"; exit 1; };
          done;
          ${dockerfile(sh`
            k == "WORKDIR" && !wd {wd = NR}
            k == "COPY" && !pkg && (/package\*\.json/ || (/package\.json/ && /package-lock\.json/)) {pkg = NR}
            k == "RUN" && !ci && /npm ci/ {ci = NR; omit = /--omit=dev/}
            k == "COPY" && !src {for (i = 2; i <= NF; i++) if ($i !~ /^--/) {if ($i == "." || $i == "./") src = NR; break}}
            END {
              if (!wd) bad = "no WORKDIR before the files are copied";
              else if (!pkg) bad = "no COPY of package.json with package-lock.json";
              else if (!ci) bad = "no RUN npm ci";
              else if (!omit) bad = "npm ci installs dev dependencies too: add --omit=dev";
              else if (!src) bad = "no COPY . . for the rest of the source";
              else if (!(wd < pkg && pkg < ci && ci < src)) bad = "wrong order: WORKDIR, COPY the package files, RUN npm ci, then COPY . .";
              if (bad) {print bad; exit 1};
              print "dependencies install before the source is copied"
            }`)}`,
        expect: { exitCode: 0, stdoutIncludes: "dependencies install before the source is copied" },
        hint: "After `WORKDIR /app`: `COPY package.json package-lock.json ./`, then `RUN npm ci --omit=dev`, and only then `COPY . .` (both package files must exist here).",
      },
      {
        id: "non-root",
        title: "the app runs as a non-root user, set after the last RUN",
        run: dockerfile(sh`
          k == "RUN" {run = NR}
          k == "USER" {user = NR; u = $2}
          END {
            if (!user) {print "no USER: the app would run as root"; exit 1};
            if (u ~ /^(root|0)(:|$)/) {print "the last USER is " u; exit 1};
            if (user < run) {print "a RUN comes after USER " u; exit 1};
            print "runs as " u
          }`),
        expect: { exitCode: 0, stdoutMatches: "^runs as " },
        hint: "Add `USER node` after the last `RUN` line (the image already has that user) and switch back to root nowhere after it.",
      },
      {
        id: "exec-form",
        title: "CMD starts node server.js in exec form",
        run: dockerfile(sh`k == "CMD" {c = $0; sub(/^[ \t]*[A-Za-z]+[ \t]+/, "", c)} END {print c}`),
        expect: { stdoutMatches: '^\\[\\s*"node"\\s*,\\s*"(\\./)?server\\.js"\\s*\\]\\s*$' },
        hint: 'Make the last line `CMD ["node", "server.js"]`: a JSON array with double quotes, not `CMD node server.js`.',
      },
      {
        id: "port",
        title: "server.js listens on 8080 and the image exposes it",
        run: sh`
          grep -q 8080 server.js || { echo 'server.js does not mention port 8080'; exit 1; };
          grep -Eiq '^[[:space:]]*EXPOSE[[:space:]]+8080(/tcp)?[[:space:]]*$' Dockerfile || { echo 'no EXPOSE 8080 in the Dockerfile'; exit 1; };
          echo 'port 8080'`,
        expect: { exitCode: 0, stdoutIncludes: "port 8080" },
        hint: "Have server.js `listen(8080)` and add `EXPOSE 8080` to the Dockerfile.",
      },
    ],
  },
  {
    id: "ctr-02",
    moduleId: "containers",
    title: "Keep the build context clean",
    summary: "Write a .dockerignore so secrets, node_modules, logs and .git never reach the image.",
    difficulty: "intermediate",
    minutes: 15,
    prerequisites: ["ctr-01"],
    version: 1,
    requires: { tools: ["find"], root: false },
    instructions: [
      "Keep secrets and clutter out of the image build with a `.dockerignore`.",
      "",
      "## Why it matters",
      "`docker build .` sends the whole directory to the builder as the build context, and `COPY . .`",
      "copies whatever arrived. Without a `.dockerignore`, your `.env` with its passwords, the local",
      "`node_modules` (built for your machine, not the image) and the whole `.git` history end up in an",
      "image layer, where anyone who can pull the image can read them.",
      "",
      "## Steps",
      "1. Create a small project to protect:",
      "   - `server.js` and `package.json` (any content, for example your ctr-01 files);",
      "   - `.env` holding `DB_PASSWORD=change-me`, and `config/.env` holding `API_KEY=change-me` (env",
      "     files further down the tree are common in bigger projects);",
      "   - `node_modules/` with at least one file in it, such as `node_modules/left-pad/index.js`;",
      "   - a log file, `npm-debug.log`.",
      "2. Write `.dockerignore` with one pattern per line excluding `node_modules`, `.git`, `*.log` and `.env`.",
      "3. Patterns match from the root of the context: `.env` only excludes the top-level file. Make sure",
      "   `config/.env` stays out too: `**/` matches any number of directories, none included.",
      "4. Keep what the build needs: `server.js` and `package.json` must still be in the context.",
      "5. Run `infra-learn verify ctr-02`.",
      "",
      "The last check works out the build context the way Docker does for plain patterns (`*`, `?`, `**`,",
      "`!` exceptions, the last matching line wins) and lists what would be sent.",
    ].join("\n"),
    hints: [
      "Each `.dockerignore` line is a path pattern relative to the context root, and a pattern that matches a directory, such as `node_modules`, excludes everything inside it.",
      "`*.log` and `.env` only match at the top level; `**/.env` matches an `.env` at any depth, the top-level one included. A later `!pattern` line brings files back, so look out for stray `!` lines.",
      "Four lines do it: `node_modules`, `.git`, `*.log` and `**/.env`.",
    ],
    checks: [
      {
        id: "patterns",
        title: ".dockerignore lists node_modules, .git, *.log and .env, one per line",
        run: sh`
          test -f .dockerignore || { echo 'no .dockerignore in this directory'; exit 1; };
          awk '{p = $0; gsub(/^[ \t]+|[ \t\r]+$/, "", p); sub(/^\//, "", p); sub(/^\*\*\//, "", p); sub(/\/$/, "", p); seen[p] = 1}
            END {
              n = split("node_modules .git *.log .env", want, " ");
              for (i = 1; i <= n; i++) if (!(want[i] in seen)) {print "missing: " want[i]; bad = 1};
              if (bad) exit 1;
              print "all four patterns listed"
            }' .dockerignore`,
        expect: { exitCode: 0, stdoutIncludes: "all four patterns listed" },
        hint: "Put each pattern on its own line: `node_modules`, `.git`, `*.log` and `.env` (or `**/.env`), with nothing else on the line.",
      },
      {
        id: "project",
        title: "the project holds the files the rules are about",
        run: sh`
          for f in server.js package.json .env config/.env npm-debug.log; do
            test -f "$f" || { echo "missing: $f"; exit 1; };
          done;
          test -n "$(ls -A node_modules 2>/dev/null)" || { echo 'node_modules/ is missing or empty'; exit 1; };
          echo 'project in place'`,
        expect: { exitCode: 0, stdoutIncludes: "project in place" },
        hint: "Create the files from step 1 here: `server.js`, `package.json`, `.env`, `config/.env`, `npm-debug.log` and a file inside `node_modules/`.",
      },
      {
        id: "context",
        title: "the build context holds the app and no secrets, modules, logs or .git",
        run: sh`
          test -f .dockerignore || { echo 'no .dockerignore in this directory'; exit 1; };
          ctx=$(find . ! -type d | sed 's|^\./||' | awk '
            BEGIN {
              while ((getline p < ".dockerignore") > 0) {
                gsub(/^[ \t]+|[ \t\r]+$/, "", p);
                if (p == "" || p ~ /^#/) continue;
                neg = sub(/^!/, "", p); sub(/^\/+/, "", p); sub(/\/+$/, "", p);
                gsub(/\./, "[.]", p); gsub(/\*\*\//, "%D", p); gsub(/\*\*/, "%S", p);
                gsub(/\*/, "[^/]*", p); gsub(/\?/, "[^/]", p); gsub(/%D/, "(.*/)?", p); gsub(/%S/, ".*", p);
                re[++n] = "^" p "$"; ng[n] = neg
              }
            }
            {
              out = 0;
              for (i = 1; i <= n; i++) {
                q = $0;
                while (q !~ re[i] && q ~ /\//) sub(/\/[^\/]*$/, "", q);
                if (q ~ re[i]) out = !ng[i];
              }
              if (!out) print
            }');
          echo "$ctx" | grep -E '(^|/)[.]env$|^node_modules/|[.]log$|^[.]git/' | sed 's/^/still sent: /' | grep . && exit 1;
          for f in server.js package.json; do
            echo "$ctx" | grep -qx "$f" || { echo "$f is ignored too, but the build needs it"; exit 1; };
          done;
          echo "context:" $ctx`,
        expect: { exitCode: 0, stdoutMatches: "^context: " },
        hint: "Whatever the output lists as still sent needs a pattern (put `**/` in front to match at any depth, as in `**/.env`), and no `!` line may bring it back; never ignore `server.js` or `package.json`.",
      },
    ],
  },
  {
    id: "ctr-03",
    moduleId: "containers",
    title: "A web app and its database in Compose",
    summary: "Describe a web service and PostgreSQL with a volume, a healthcheck and a start order.",
    difficulty: "intermediate",
    minutes: 25,
    prerequisites: ["ctr-01"],
    version: 1,
    requires: { tools: ["jq"], root: false },
    instructions: [
      "Describe a two-service stack, a web app and its PostgreSQL database, in a Compose file.",
      "",
      "## Why it matters",
      "A Compose file is the runbook of a stack: how each service is built or pulled, what it publishes,",
      "where its data lives and what starts first. Two classic mistakes: database files left in the",
      "container's writable layer, gone with the next `docker compose down`, and an app that starts",
      "before the database accepts connections and crashes on boot.",
      "",
      "## Steps",
      "Compose reads JSON as well as YAML (YAML is a superset of JSON), so write the file as",
      "`compose.json`: `docker compose -f compose.json up` would start the stack, and the checks read it",
      "with `jq`. `jq . compose.json` pretty-prints it, or shows where the JSON breaks.",
      "",
      "1. Copy your `Dockerfile` from ctr-01 here: the web service is built from it.",
      "2. In `compose.json`, under `services`, describe `db`:",
      "   - image `postgres:16-alpine`;",
      "   - `POSTGRES_PASSWORD` in its `environment` (the image refuses to start without one);",
      "   - a named volume, such as `pgdata`, mounted at `/var/lib/postgresql/data` and declared under",
      "     the top-level `volumes`;",
      "   - a `healthcheck` whose `test` runs `pg_isready`.",
      "3. Describe `web`:",
      '   - built from this directory: `"build": "."`;',
      "   - container port 8080 published on host port 18085;",
      "   - `DATABASE_URL` in its `environment`, shaped `postgres://USER:PASSWORD@db:5432/postgres`:",
      "     services reach each other by service name, and the user (`postgres` unless you set",
      "     `POSTGRES_USER`) and the password must be the ones `db` is given;",
      "   - `depends_on` db with the condition `service_healthy`, so web starts only once db answers.",
      "4. Run `infra-learn verify ctr-03`.",
    ].join("\n"),
    hints: [
      'The skeleton is `{"services": {"web": {}, "db": {}}, "volumes": {"pgdata": {}}}`; `environment` can be an object (`{"KEY": "value"}`) or a list of `KEY=value` strings.',
      '`depends_on` has two forms: a list (`["db"]`) only waits for the db container to start; the object form waits for its healthcheck: `{"db": {"condition": "service_healthy"}}`.',
      'For db: `"volumes": ["pgdata:/var/lib/postgresql/data"]` and `"healthcheck": {"test": ["CMD-SHELL", "pg_isready -U postgres"], "interval": "5s", "retries": 5}`; for web: `"ports": ["18085:8080"]` and `"DATABASE_URL": "postgres://postgres:PASSWORD@db:5432/postgres"`.',
    ],
    checks: [
      {
        id: "services",
        title: "compose.json is valid JSON with services web and db",
        run: sh`
          jq -r 'if (.services | type) == "object" and .services.web and .services.db
            then "services: " + (.services | keys | join(", "))
            else "compose.json needs a services object holding web and db" end' compose.json`,
        expect: { exitCode: 0, stdoutMatches: "^services: " },
        hint: "Make `compose.json` valid JSON (`jq . compose.json` shows where it breaks) with a top-level `services` object holding `web` and `db`.",
      },
      {
        id: "db",
        title: "db: pinned postgres, a password, a named data volume and a pg_isready healthcheck",
        run: sh`
          jq -r '${env} ${cmd}
            . as $c | .services.db as $d | ($d.environment | env) as $e
            | ([($d.volumes // [])[] | if type == "string" then (split(":") | {source: .[0], target: .[1]}) else . end
              | select(.target == "/var/lib/postgresql/data")][0]) as $m
            | [
              if ($d.image // "" | tostring | test("^postgres:16([.-][a-z0-9.-]*)?$")) then empty
                else "image: use postgres:16-alpine, a pinned major version" end,
              if (($e.POSTGRES_PASSWORD // $e.POSTGRES_PASSWORD_FILE // "") | tostring) != "" then empty
                else "environment: set POSTGRES_PASSWORD" end,
              if $m == null then "volumes: mount a named volume at /var/lib/postgresql/data"
                elif ($m.source // "" | tostring | test("^[A-Za-z0-9][A-Za-z0-9_.-]*$") | not)
                  then "volumes: \($m.source) is not a named volume; use a name such as pgdata"
                elif ($c.volumes // {} | has($m.source)) then empty
                else "volumes: declare \($m.source) under the top-level volumes" end,
              if ($d.healthcheck.test // "" | cmd | test("pg_isready")) then empty
                else "healthcheck: run pg_isready in its test" end
            ] | if length == 0 then "db: ok" else .[] end' compose.json`,
        expect: { exitCode: 0, stdoutIncludes: "db: ok" },
        hint: 'Fix what the output names: `"image": "postgres:16-alpine"`, `POSTGRES_PASSWORD` in `environment`, `"volumes": ["pgdata:/var/lib/postgresql/data"]` plus `"pgdata": {}` under the top-level `volumes`, and a healthcheck test running `pg_isready`.',
      },
      {
        id: "web",
        title: "web: built here, published on 18085, pointed at db",
        run: sh`
          test -f Dockerfile || { echo 'build: . needs a Dockerfile beside compose.json'; exit 1; };
          jq -r '${env}
            .services.web as $w | (.services.db.environment | env) as $e
            | ([$w.environment | env | .DATABASE_URL // "" | tostring
              | capture("^postgres(ql)?://(?<user>[^:@/]+)(:(?<pw>[^@/]*))?@(?<host>[^:/]+)(:(?<port>[0-9]+))?/")][0]) as $u
            | [
              if ($w.build == "." or $w.build == "./"
                or ($w.build | type == "object" and (.context == "." or .context == "./"))) then empty
                else "build: build from this directory, ." end,
              if any(($w.ports // [])[]; (type == "string" and test("^([0-9.]+:)?18085:8080(/tcp)?$"))
                or (type == "object" and (.target | tostring) == "8080" and (.published | tostring) == "18085"))
                then empty else "ports: publish container port 8080 on host port 18085" end,
              if $u == null then "environment: set DATABASE_URL=postgres://USER:PASSWORD@db:5432/postgres"
                elif $u.host != "db" then "DATABASE_URL: the host is \($u.host), but db is reached by its service name, db"
                elif ($u.port // "5432") != "5432" then "DATABASE_URL: postgres listens on 5432, not \($u.port)"
                elif $u.user != ($e.POSTGRES_USER // "postgres" | tostring)
                  then "DATABASE_URL: the user \($u.user) is not the one db creates"
                elif $e.POSTGRES_PASSWORD != null and ($u.pw // "") != ($e.POSTGRES_PASSWORD | tostring)
                  then "DATABASE_URL: the password is not the POSTGRES_PASSWORD db is given"
                else empty end
            ] | if length == 0 then "web: ok" else .[] end' compose.json`,
        expect: { exitCode: 0, stdoutIncludes: "web: ok" },
        hint: 'Fix what the output names: `"build": "."` with the Dockerfile here, `"ports": ["18085:8080"]`, and `DATABASE_URL` with host `db`, port 5432 and the user and password db is given.',
      },
      {
        id: "waits-for-db",
        title: "web starts only once db is healthy",
        run: sh`
          jq -r '.services.web.depends_on as $dep
            | if ($dep | type) == "object" and $dep.db.condition == "service_healthy" then
                (if .services.db.healthcheck.test then "web waits for a healthy db"
                  else "db has no healthcheck test, so it never becomes healthy" end)
              elif ($dep | type) == "array" and any($dep[]; . == "db")
                then "depends_on as a list only waits for db to start: use the object form with a condition"
              elif ($dep | type) == "object" and $dep.db then "depends_on.db: set condition to service_healthy"
              else "web does not depend on db" end' compose.json`,
        expect: { exitCode: 0, stdoutIncludes: "web waits for a healthy db" },
        hint: 'Give web `"depends_on": {"db": {"condition": "service_healthy"}}`, and db a healthcheck for that condition to wait on.',
      },
    ],
  },
  {
    id: "ctr-04",
    moduleId: "containers",
    title: "Health checks and limits",
    summary: "Harden the stack: an app healthcheck, restart policies, a memory limit, a read-only root.",
    difficulty: "advanced",
    minutes: 25,
    prerequisites: ["ctr-03"],
    version: 1,
    requires: { tools: ["jq"], root: false },
    instructions: [
      "Harden the Compose stack so it notices failures, recovers from them and contains them.",
      "",
      "## Why it matters",
      "A container that is running is not necessarily working: without a healthcheck nobody notices the",
      "app has hung. Without a restart policy a crash at 3 a.m. stays down until morning, without a",
      "memory limit one leak starves every other service on the host, and a writable root filesystem",
      "lets an intruder drop tools and change the app in place.",
      "",
      "## Steps",
      "Write a complete `compose.json` again in this lab directory (start from your ctr-03 file: services",
      "`web` and `db`), and add:",
      "",
      "1. To `web`, a `healthcheck` with a `test` that requests `http://localhost:8080/` from inside the",
      "   container, an `interval` (such as `10s`) and `retries` (such as `3`). The test runs inside the",
      "   container, so it uses the app's port 8080, not the host's 18085. `node:22-alpine` has no `curl`,",
      "   but its BusyBox `wget` works: `wget -q -O /dev/null http://localhost:8080/`.",
      '2. `"restart": "unless-stopped"` on both `web` and `db`.',
      "3. A memory limit for `web` under `deploy.resources.limits.memory`, such as `256m` (at least 64 MiB:",
      "   node needs that much to start).",
      '4. `"read_only": true` for `web`, with a `tmpfs` at `/tmp` so the app still has somewhere to write',
      "   scratch files.",
      "5. Run `infra-learn verify ctr-04`.",
    ].join("\n"),
    hints: [
      "Each of these is a key of the service it applies to, next to `image` or `build`; `jq .services.web compose.json` shows exactly what Compose will see for web.",
      'A healthcheck `test` is either a string, run by the container\'s shell, or an array starting with `"CMD"` or `"CMD-SHELL"`; durations are strings such as `"10s"` and `retries` is a number.',
      'For web: `"healthcheck": {"test": ["CMD-SHELL", "wget -q -O /dev/null http://localhost:8080/ || exit 1"], "interval": "10s", "retries": 3}`, `"deploy": {"resources": {"limits": {"memory": "256m"}}}`, `"read_only": true` and `"tmpfs": ["/tmp"]`.',
    ],
    checks: [
      {
        id: "web-healthcheck",
        title: "web has a healthcheck probing port 8080, with an interval and retries",
        run: sh`
          jq -r '${cmd}
            .services.web.healthcheck as $h
            | [
              if $h == null then "web has no healthcheck"
                elif $h.disable == true then "healthcheck: disable is true"
                elif ($h.test | type) == "array" and ($h.test[0] | . != "CMD" and . != "CMD-SHELL")
                  then "test: start the array with CMD or CMD-SHELL"
                elif ($h.test // "" | cmd | test("(localhost|127[.]0[.]0[.]1):8080([^0-9]|$)") | not)
                  then "test: request http://localhost:8080/, the port inside the container"
                else empty end,
              if ($h.interval // "" | tostring | test("^([0-9]+([.][0-9]+)?(us|ms|s|m|h))+$")) then empty
                else "interval: set a duration such as 10s" end,
              if ($h.retries | type) == "number" and $h.retries >= 1 then empty
                else "retries: set a number such as 3" end
            ] | if length == 0 then "web healthcheck: ok" else .[] end' compose.json`,
        expect: { exitCode: 0, stdoutIncludes: "web healthcheck: ok" },
        hint: 'Give web `"healthcheck": {"test": [...], "interval": "10s", "retries": 3}` whose test requests `http://localhost:8080/` (the container\'s port, not 18085).',
      },
      {
        id: "restart",
        title: "web and db restart unless stopped",
        run: sh`
          jq -r '[("web", "db") as $s | .services[$s] as $v
              | if $v == null then "no service \($s)"
                elif $v.restart == "unless-stopped" then empty
                else "\($s): restart is \($v.restart // "not set"), want unless-stopped" end]
            | if length == 0 then "restart: ok" else .[] end' compose.json`,
        expect: { exitCode: 0, stdoutIncludes: "restart: ok" },
        hint: 'Add `"restart": "unless-stopped"` to both the `web` and the `db` service.',
      },
      {
        id: "memory-limit",
        title: "web has a memory limit of at least 64 MiB",
        run: sh`
          jq -r '.services.web as $w | ($w.deploy.resources.limits.memory // $w.mem_limit) as $m
            | ([$m // "" | tostring | ascii_downcase | capture("^(?<n>[0-9]+([.][0-9]+)?)(?<u>[bkmg]?)b?$")][0]) as $c
            | if $m == null then "web has no memory limit"
              elif $c == null then "memory: \($m) is not a size such as 256m"
              elif ($c.n | tonumber) * ({"": 1, "b": 1, "k": 1024, "m": 1048576, "g": 1073741824} | .[$c.u]) < 67108864
                then "memory: \($m) is too little for node, give it at least 64m"
              else "web memory limit: \($m)" end' compose.json`,
        expect: { exitCode: 0, stdoutIncludes: "web memory limit: " },
        hint: 'Add `"deploy": {"resources": {"limits": {"memory": "256m"}}}` to web (a size with `k`, `m` or `g`, at least 64m).',
      },
      {
        id: "read-only",
        title: "web has a read-only root filesystem with a tmpfs at /tmp",
        run: sh`
          jq -r '.services.web as $w
            | [
              if $w.read_only == true then empty else "read_only: set it to true" end,
              if any(($w.tmpfs // [] | if type == "array" then .[] else . end); tostring | split(":")[0] == "/tmp")
                or any(($w.volumes // [])[]; type == "object" and .type == "tmpfs" and .target == "/tmp")
                then empty else "tmpfs: mount one at /tmp" end
            ] | if length == 0 then "read-only root with a tmpfs at /tmp" else .[] end' compose.json`,
        expect: { exitCode: 0, stdoutIncludes: "read-only root with a tmpfs at /tmp" },
        hint: 'Add `"read_only": true` and `"tmpfs": ["/tmp"]` to web: the root becomes read-only and /tmp a writable scratch space in memory.',
      },
    ],
  },
];
