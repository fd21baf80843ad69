import type { Exercise, Module } from "../schema";

export const module: Module = {
  id: "networking",
  title: "Networking",
  summary: "Ports, listening sockets, HTTP with curl and name resolution.",
  order: 2,
};

/**
 * A check command that prints the IPv4 address the lab's `hosts` file gives `name`, as
 * `name -> address`, the way the resolver reads it: comments dropped, the first matching line
 * wins, names compared without case. Written for mawk too.
 */
function hostsLookup(name: string): string {
  return `awk '
{ sub(/#.*/, "") }
NF >= 2 && !index($1, ":") && !found {
  for (i = 2; i <= NF; i++) if (tolower($i) == "${name}") { print "${name} -> " $1; found = 1; break }
}
END { if (!found) print "${name} is not mapped to an IPv4 address in hosts" }' hosts`;
}

export const exercises: Exercise[] = [
  {
    id: "net-01",
    moduleId: "networking",
    title: "Listening sockets",
    summary: "Run a tiny HTTP server in the background and see its socket with ss.",
    difficulty: "beginner",
    minutes: 15,
    prerequisites: ["linux-01"],
    version: 1,
    requires: { tools: ["node", "ss", "curl"], root: false },
    instructions: [
      "Start a small web server in the background and prove, with `ss` and `curl`, that it listens where you meant it to.",
      "",
      "## Why it matters",
      '"Connection refused" is the error you will meet most. The first questions are always the same: is',
      "anything listening, on which address and port, and which process is it? A server bound to",
      "`127.0.0.1` is reachable from this machine only; one bound to `0.0.0.0` from every network it is on.",
      "",
      "## Steps",
      "1. Create `server.js`: it answers every request with `hello, network`, listens on `127.0.0.1`",
      "   port `18080`, and once it listens writes its own PID to `server.pid`, as many daemons do:",
      "",
      "   ```js",
      '   const fs = require("node:fs");',
      '   const http = require("node:http");',
      '   const path = require("node:path");',
      "",
      "   const server = http.createServer((req, res) => {",
      '     res.setHeader("Content-Type", "text/plain");',
      '     res.end("hello, network\\n");',
      "   });",
      '   server.listen(18080, "127.0.0.1", () => {',
      '     fs.writeFileSync(path.join(__dirname, "server.pid"), String(process.pid));',
      '     console.log("listening on 127.0.0.1:18080");',
      "   });",
      "   ```",
      "",
      "2. Start it in the background from the lab directory: `node server.js &`. The `&` gives you your",
      "   prompt back while the server keeps running; `jobs` lists it.",
      "3. Look at the listening sockets with `ss -ltn` (`-l` listening, `-t` TCP, `-n` numbers, not names)",
      "   and find `127.0.0.1:18080`. Add `-p` to see which process owns each socket.",
      "4. Ask the server yourself: `curl http://127.0.0.1:18080/`.",
      "5. Run `infra-learn verify net-01`.",
      "",
      'Leave the server running until the checks pass; stop it afterwards with `kill "$(cat server.pid)"`.',
    ].join("\n"),
    hints: [
      "A command ending in `&` runs in the background; `jobs` shows what you started and `fg` brings it back.",
      "`ss -ltn 'sport = :18080'` shows that one port. Its local address must read `127.0.0.1:18080`: `0.0.0.0:18080` or `[::1]:18080` mean the server bound to another address.",
      "Save the code as `server.js` in the lab directory, run `node server.js &`, then check `cat server.pid` and `curl http://127.0.0.1:18080/`.",
    ],
    checks: [
      {
        id: "pid-running",
        title: "server.pid names a running process",
        run: 'pid=$(cat server.pid) && kill -0 "$pid" && echo "process $pid is running"',
        expect: { exitCode: 0, stdoutIncludes: "is running" },
        hint: "Start the server with `node server.js &` in the lab directory: it writes `server.pid` once it listens. If the file is there but the process is gone, start it again in the foreground and read its error.",
      },
      {
        id: "listening-loopback",
        title: "something listens on 127.0.0.1:18080",
        run: "ss -ltnH 'sport = :18080'",
        expect: { exitCode: 0, stdoutMatches: "\\s127\\.0\\.0\\.1:18080\\s" },
        hint: "Make `listen` get port `18080` and host `\"127.0.0.1\"` (not `0.0.0.0` or `localhost`), restart the server and look again with `ss -ltn 'sport = :18080'`.",
      },
      {
        id: "pid-owns-port",
        title: "the process in server.pid is the one listening",
        run: `ss -ltnpH 'sport = :18080' | grep "pid=$(cat server.pid),"`,
        expect: { exitCode: 0 },
        hint: "Another process holds port 18080: find it with `ss -ltnp 'sport = :18080'`, stop it, and start your server again so that it writes its own PID to `server.pid`.",
      },
      {
        id: "answers-http",
        title: "http://127.0.0.1:18080/ answers hello, network",
        run: "curl -sS --max-time 5 http://127.0.0.1:18080/",
        expect: { exitCode: 0, stdoutIncludes: "hello, network" },
        hint: "`curl http://127.0.0.1:18080/` must print `hello, network`: end every response with that text in `server.js`, then restart the server.",
      },
    ],
  },
  {
    id: "net-02",
    moduleId: "networking",
    title: "HTTP with curl",
    summary: "Serve a file and take a response apart with curl: status, headers and body.",
    difficulty: "beginner",
    minutes: 15,
    prerequisites: ["net-01"],
    version: 1,
    requires: { tools: ["node", "curl"], root: false },
    instructions: [
      "Serve a file over HTTP, then take the response apart with `curl`: status line, headers and body.",
      "",
      "## Why it matters",
      "When an API misbehaves, you need what really went over the wire: the status code, headers such as",
      "`Content-Type`, and the body, each on its own and saved for the bug report. `curl` shows every part",
      "of a response, and scripts use its status codes to decide whether a deploy is healthy.",
      "",
      "## Steps",
      "1. Create `site/hello.txt` holding the line `served by my own server`.",
      "2. Create `server.js`, which serves the files in `site/` on `127.0.0.1` port `18081`, answers",
      "   `404` for anything else, and writes its PID to `server.pid` as in net-01:",
      "",
      "   ```js",
      '   const fs = require("node:fs");',
      '   const http = require("node:http");',
      '   const path = require("node:path");',
      "",
      '   const root = path.join(__dirname, "site");',
      "   const server = http.createServer((req, res) => {",
      '     const file = path.join(root, path.normalize(req.url.split("?")[0]));',
      "     fs.readFile(file, (err, data) => {",
      "       if (err) {",
      '         res.writeHead(404, { "Content-Type": "text/plain" });',
      '         res.end("not found\\n");',
      "         return;",
      "       }",
      '       res.writeHead(200, { "Content-Type": "text/plain; charset=utf-8" });',
      "       res.end(data);",
      "     });",
      "   });",
      '   server.listen(18081, "127.0.0.1", () => {',
      '     fs.writeFileSync(path.join(__dirname, "server.pid"), String(process.pid));',
      "   });",
      "   ```",
      "",
      "3. Start it in the background: `node server.js &`.",
      "4. Request `http://127.0.0.1:18081/hello.txt` with `curl`, saving the response headers to",
      "   `headers.txt` and the body to `body.txt`.",
      "5. Request `http://127.0.0.1:18081/missing.txt` and save only its status code, the three digits,",
      "   to `status.txt`.",
      "6. Run `infra-learn verify net-02`.",
      "",
      'Leave the server running until the checks pass; stop it afterwards with `kill "$(cat server.pid)"`.',
    ].join("\n"),
    hints: [
      "`curl -i` prints the headers and the body together; `curl -v` also shows the request curl sent.",
      "`-D file` dumps the response headers into a file and `-o file` writes the body to another. `-w '%{http_code}'` prints the status code after the transfer; with `-s -o /dev/null` it is all curl prints.",
      "`curl -sS -D headers.txt -o body.txt http://127.0.0.1:18081/hello.txt` saves both parts at once; redirect the `-w '%{http_code}'` request for `/missing.txt` into `status.txt`.",
    ],
    checks: [
      {
        id: "serves-hello",
        title: "the server on 127.0.0.1:18081 serves hello.txt",
        run: "curl -sS --max-time 5 http://127.0.0.1:18081/hello.txt",
        expect: { exitCode: 0, stdoutIncludes: "served by my own server" },
        hint: "Create `site/hello.txt` with the line `served by my own server` and start `node server.js &` in the lab directory; `curl http://127.0.0.1:18081/hello.txt` should then print it.",
      },
      {
        id: "headers-saved",
        title: "headers.txt holds a 200 status line and a Content-Type",
        run: String.raw`test -f headers.txt || { echo 'no headers.txt here'; exit 1; }
sed -n 1p headers.txt | tr -d '\r' | grep '^HTTP/1\.[01] 200' || { echo 'the first line is not a 200 status line'; exit 1; }
grep -i '^content-type:' headers.txt || { echo 'no Content-Type header'; exit 1; }`,
        expect: { exitCode: 0, stdoutMatches: "^HTTP/1\\.[01] 200" },
        hint: "Save the headers of the `/hello.txt` request with `curl -D headers.txt …`: the first line is the status line `HTTP/1.1 200 OK`, then headers such as `Content-Type`.",
      },
      {
        id: "body-saved",
        title: "body.txt is exactly the body the server sends for hello.txt",
        run: `test -f body.txt || { echo 'no body.txt here'; exit 1; }
live=$(curl -sS --max-time 5 http://127.0.0.1:18081/hello.txt) || exit 1
if [ "$live" = "$(cat body.txt)" ]; then echo 'body.txt matches the response body'; else echo 'body.txt differs from what the server sends for /hello.txt'; exit 1; fi`,
        expect: { exitCode: 0, stdoutIncludes: "body.txt matches" },
        hint: "Write only the body of `/hello.txt` to `body.txt` with `curl -o body.txt …`; `-i` would mix the headers in.",
      },
      {
        id: "not-found-status",
        title: "status.txt holds the 404 the server gives for missing.txt",
        run: String.raw`saved=$(tr -d ' \r\n' < status.txt) || exit 1
live=$(curl -s -o /dev/null --max-time 5 -w '%{http_code}' http://127.0.0.1:18081/missing.txt)
echo "status.txt: $saved, server: $live"
[ "$saved" = 404 ] && [ "$live" = 404 ]`,
        expect: { exitCode: 0 },
        hint: "Save just the code of the `/missing.txt` request: `curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:18081/missing.txt > status.txt` (the server must still be running).",
      },
    ],
  },
  {
    id: "net-03",
    moduleId: "networking",
    title: "Name resolution with getent",
    summary: "Ask the system resolver what a name resolves to, as your programs do.",
    difficulty: "beginner",
    minutes: 10,
    prerequisites: ["net-01"],
    version: 1,
    requires: { tools: ["getent"], root: false },
    instructions: [
      "Ask the system resolver what a name resolves to, the same way your programs do.",
      "",
      "## Why it matters",
      "`dig` and `nslookup` query DNS servers directly, but programs go through the system resolver,",
      "which may read `/etc/hosts` first and never ask DNS at all: the `hosts:` line of",
      "`/etc/nsswitch.conf` sets the order. `getent` asks exactly as a program would, so when a name",
      '"works with dig but not in the app", `getent` shows what the app sees.',
      "",
      "## Steps",
      "1. See the order your system uses: `grep '^hosts:' /etc/nsswitch.conf` (often `files dns`:",
      "   `/etc/hosts` first, then DNS).",
      "2. Run `getent hosts localhost` (the one answer a simple program gets) and",
      "   `getent ahosts localhost` (every address, once per socket type).",
      "3. Write `localhost.txt`: every distinct address `getent ahosts localhost` returns, one per line,",
      "   each once, with nothing else on the line.",
      "4. Look up a name that cannot exist, `nothing.lab.invalid` (the `.invalid` domain is reserved and",
      "   never resolves), with `getent hosts`, and save its exit status, just the number, in",
      "   `missing-status.txt`.",
      "5. Run `infra-learn verify net-03`.",
    ].join("\n"),
    hints: [
      "`getent ahosts` prints the address in the first column, repeated for `STREAM`, `DGRAM` and `RAW`.",
      "`awk '{ print $1 }'` keeps the first column and `sort -u` drops the repeats. `$?` holds the exit status of the last command: read it right after `getent`, before anything else runs.",
      "`getent ahosts localhost | awk '{ print $1 }' | sort -u > localhost.txt` writes the first file.",
    ],
    checks: [
      {
        id: "addresses-listed",
        title: "localhost.txt lists addresses, one per line, with a loopback address",
        run: String.raw`awk '
NF != 1 || ($1 !~ /^[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+$/ && $1 !~ /:/) { print "line " NR " is not one address: " $0; bad = 1 }
$1 == "127.0.0.1" || $1 == "::1" { loop = 1 }
END {
  if (NR == 0) print "localhost.txt is empty"
  else if (!loop) print "no loopback address (127.0.0.1 or ::1) in localhost.txt"
  if (bad || !loop) exit 1
  print NR " addresses"
}' localhost.txt`,
        expect: { exitCode: 0, stdoutIncludes: "addresses" },
        hint: "Put one address per line in `localhost.txt`, nothing else on the line, including the loopback address `getent ahosts localhost` shows (`127.0.0.1` or `::1`).",
      },
      {
        id: "matches-getent",
        title: "localhost.txt holds exactly what getent ahosts localhost returns",
        run: String.raw`want=$(getent ahosts localhost | awk '{ print $1 }' | sort -u | tr '\n' ' ')
have=$(awk '{ print $1 }' localhost.txt | sort | tr '\n' ' ') || exit 1
echo "getent ahosts localhost: $want"
echo "localhost.txt: $have"
[ "$want" = "$have" ]`,
        expect: { exitCode: 0 },
        hint: "List exactly the addresses in the first column of `getent ahosts localhost`, each once: pipe it through `awk '{ print $1 }' | sort -u`.",
      },
      {
        id: "not-found-status",
        title: "missing-status.txt holds getent's exit status for a name that does not exist",
        run: "cat missing-status.txt",
        expect: { exitCode: 0, stdoutMatches: "^\\s*2\\s*$" },
        hint: "Save the status of the failed lookup itself: run `getent hosts nothing.lab.invalid`, then at once `echo $? > missing-status.txt` (any command in between replaces `$?`).",
      },
    ],
  },
  {
    id: "net-04",
    moduleId: "networking",
    title: "A hosts file",
    summary: "Pin names to addresses in the format of /etc/hosts, without touching the real one.",
    difficulty: "intermediate",
    minutes: 15,
    prerequisites: ["net-03"],
    version: 1,
    requires: { tools: [], root: false },
    instructions: [
      "Pin names to addresses with a hosts file, the way `/etc/hosts` does, without touching the real one.",
      "",
      "## Why it matters",
      "With `files` before `dns` in `/etc/nsswitch.conf`, `/etc/hosts` wins over DNS: one line there can",
      "point a name at a test server, make a box reachable by name before its DNS record exists, or,",
      "forgotten, break a name for months. The real file belongs to root, so changing it takes `sudo` and",
      "changes every program on the machine. Here you write the same format into a file of your own; for",
      "a single command without root, `curl --resolve api.lab.internal:18080:127.0.0.1 …` does the same.",
      "",
      "The format: each line is an IP address, then whitespace, then one or more names (the first is the",
      "canonical name, the rest are aliases). `#` starts a comment that runs to the end of the line, and",
      "blank lines are ignored. The first line that matches a name wins, so a name listed twice for the",
      "same kind of address (IPv4 or IPv6) only ever gets the first address.",
      "",
      "## Steps",
      "1. Create a file called `hosts` in the lab directory, starting with a comment that says what it is for.",
      "2. Add the usual `127.0.0.1 localhost` line.",
      "3. Map `api.lab.internal` and `db.lab.internal` to `127.0.0.1`, on their own lines or as names on one line.",
      "4. Make sure every address is a valid IP address (each IPv4 part 0 to 255) and every name appears",
      "   only once per kind of address.",
      "5. Compare with the real one: `cat /etc/hosts`. Note that `getent hosts api.lab.internal` finds",
      "   nothing: the resolver reads `/etc/hosts`, never your file.",
      "6. Run `infra-learn verify net-04`.",
    ].join("\n"),
    hints: [
      "Columns are separated by spaces or tabs: the address first, then the names. Anything after `#` is ignored.",
      "One line can carry several names: `10.0.0.5 web.example.internal web`. A typo such as `127.0.0.256` is not an address.",
      "A file that passes: a `#` comment line, `127.0.0.1 localhost`, then one line with `127.0.0.1` followed by both lab names.",
    ],
    checks: [
      {
        id: "well-formed",
        title: "hosts has entries, each an IP address followed by valid names",
        run: String.raw`awk '
function ipv4(a,    p, n, i) {
  n = split(a, p, ".")
  if (n != 4) return 0
  for (i = 1; i <= 4; i++) if (p[i] !~ /^[0-9]+$/ || p[i] + 0 > 255) return 0
  return 1
}
{ sub(/#.*/, "") }
NF == 0 { next }
{ entries++ }
!ipv4($1) && $1 !~ /^[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*(%[A-Za-z0-9_.-]+)?$/ { print "line " NR ": " $1 " is not an IP address"; bad = 1 }
NF < 2 { print "line " NR ": " $1 " has no name"; bad = 1 }
{
  for (i = 2; i <= NF; i++)
    if ($i !~ /^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*$/) {
      print "line " NR ": " $i " is not a valid host name"; bad = 1
    }
}
END {
  if (!entries) { print "no entries in hosts"; exit 1 }
  if (bad) exit 1
  print entries " entries, all well formed"
}' hosts`,
        expect: { exitCode: 0, stdoutIncludes: "all well formed" },
        hint: "Every line that is not blank or a comment needs an IP address first (IPv4 parts 0 to 255) and then at least one name of letters, digits, dots and dashes; the output names the line to fix.",
      },
      {
        id: "api-mapped",
        title: "api.lab.internal maps to 127.0.0.1",
        run: hostsLookup("api.lab.internal"),
        expect: { stdoutMatches: "^api\\.lab\\.internal -> 127\\.0\\.0\\.1$" },
        hint: "Put `api.lab.internal` after `127.0.0.1` on a line of `hosts`; if an earlier line gives it another IPv4 address, that line wins: remove the name there.",
      },
      {
        id: "db-mapped",
        title: "db.lab.internal maps to 127.0.0.1",
        run: hostsLookup("db.lab.internal"),
        expect: { stdoutMatches: "^db\\.lab\\.internal -> 127\\.0\\.0\\.1$" },
        hint: "Put `db.lab.internal` after `127.0.0.1` on a line of `hosts`; if an earlier line gives it another IPv4 address, that line wins: remove the name there.",
      },
      {
        id: "no-duplicates",
        title: "no name is listed twice for the same kind of address",
        run: `awk '
{ sub(/#.*/, "") }
NF >= 2 {
  fam = index($1, ":") ? "IPv6" : "IPv4"
  for (i = 2; i <= NF; i++) {
    n = tolower($i)
    if ((fam, n) in seen) { print n " is listed twice for " fam ": lines " seen[fam, n] " and " NR; dup = 1 }
    else seen[fam, n] = NR
  }
}
END {
  if (dup) exit 1
  print "every name is listed once per address family"
}' hosts`,
        expect: { exitCode: 0, stdoutIncludes: "once per address family" },
        hint: "Keep each name once per kind of address: delete it from one of the two lines the output names (only the first would ever be used).",
      },
    ],
  },
  {
    id: "net-05",
    moduleId: "networking",
    title: "Ports and processes",
    summary: "Find the process behind a listening port when the one you started is gone.",
    difficulty: "intermediate",
    minutes: 15,
    prerequisites: ["net-01"],
    version: 1,
    requires: { tools: ["node", "ss"], root: false },
    instructions: [
      "Find the process behind a listening port when the PID you started is not the one listening.",
      "",
      "## Why it matters",
      '"Address already in use", a forgotten dev server, a daemon that forked into the background: the',
      "PID you know is rarely the one holding the port. `ss -ltnp` maps each listening socket to its",
      "process (your own processes; other users' need `sudo`), so you know exactly what you are about to",
      "stop before you stop it.",
      "",
      "## Steps",
      "1. Create `server.js`. Like many daemons, it starts a worker process that listens on `127.0.0.1`",
      "   port `18082`, and then exits:",
      "",
      "   ```js",
      '   const { spawn } = require("node:child_process");',
      '   const http = require("node:http");',
      "",
      '   if (process.argv[2] === "worker") {',
      '     http.createServer((req, res) => res.end("worker here\\n")).listen(18082, "127.0.0.1");',
      "   } else {",
      '     spawn(process.execPath, [__filename, "worker"], { stdio: "ignore" }).unref();',
      '     console.log("started a worker; this process exits now");',
      "   }",
      "   ```",
      "",
      "2. Run `node server.js`. It returns at once: the process you started is gone, yet something now",
      "   listens on port 18082.",
      "3. Find out with `ss` which process holds `127.0.0.1:18082`, and write its PID, just the number,",
      "   to `listener.txt`.",
      '4. See who its parent is: `ps -o pid,ppid,args -p "$(cat listener.txt)"`.',
      "5. Run `infra-learn verify net-05`.",
      "",
      'Leave the worker running until the checks pass; stop it afterwards with `kill "$(cat listener.txt)"`.',
    ].join("\n"),
    hints: [
      "`ss -l` lists listening sockets, `-t` TCP only, `-n` numbers instead of names, and `-p` the process that owns each socket.",
      "A filter narrows it to one port: `ss -ltnp 'sport = :18082'`. The last column looks like `users:((\"node\",pid=12345,fd=19))`.",
      "`sed -n 's/.*pid=\\([0-9]*\\).*/\\1/p'` pulls the number out of that line; redirect it into `listener.txt`.",
    ],
    checks: [
      {
        id: "pid-running",
        title: "listener.txt names a running process",
        run: `pid=$(cat listener.txt) || exit 1
case $pid in ''|*[!0-9]*) echo "listener.txt should hold just a PID, not: $pid"; exit 1;; esac
kill -0 "$pid" && echo "process $pid is running"`,
        expect: { exitCode: 0, stdoutIncludes: "is running" },
        hint: "Write only the number `ss -ltnp` shows after `pid=` to `listener.txt`. If it is there but the process is gone, run `node server.js` again and look up the new PID.",
      },
      {
        id: "port-listening",
        title: "something listens on 127.0.0.1:18082",
        run: "ss -ltnH 'sport = :18082'",
        expect: { exitCode: 0, stdoutMatches: "\\s127\\.0\\.0\\.1:18082\\s" },
        hint: "Run `node server.js` in the lab directory: the worker it starts listens on 127.0.0.1:18082. Check with `ss -ltn 'sport = :18082'`.",
      },
      {
        id: "pid-is-listener",
        title: "the process in listener.txt is the one listening on 18082",
        run: `pid=$(cat listener.txt) || exit 1
ss -ltnpH 'sport = :18082' | grep "pid=$pid," && echo "process $pid listens on 18082"`,
        expect: { exitCode: 0, stdoutIncludes: "listens on 18082" },
        hint: "That PID is not the one holding the port (the process you started exits at once): run `ss -ltnp 'sport = :18082'` and copy the number after `pid=` in the `users:` column.",
      },
    ],
  },
];
