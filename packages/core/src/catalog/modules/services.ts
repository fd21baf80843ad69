import type { Exercise, Module } from "../schema";

export const module: Module = {
  id: "services",
  title: "Services and logs",
  summary: "Run a program like a service: configuration, logs, schedules and a supervisor.",
  order: 3,
};

/** One `Key=value` a unit file must hold: section and key by name, the value as an awk ERE. */
interface UnitKey {
  section: string;
  /** An ERE over the key, e.g. `^(Environment|EnvironmentFile)$`. */
  key: string;
  /** An ERE over the trimmed value; no backslashes or double quotes (it becomes an awk literal). */
  value: string;
  /** How the key is shown when it is missing, e.g. `Restart=on-failure`. */
  show: string;
}

/**
 * A check command that reads a systemd-style unit file section by section and prints one
 * `missing in [Section]: …` line per required key it lacks, or `all keys present`. Written for
 * mawk too: no `{n}` intervals, no gawk-only functions.
 */
function unitKeys(file: string, keys: UnitKey[]): string {
  const awkRe = (ere: string) => `/${ere.replaceAll("/", "\\/")}/`;
  const tests = keys
    .map(
      (k, i) => `  if (s == "[${k.section}]" && k ~ ${awkRe(k.key)} && v ~ ${awkRe(k.value)}) found${i} = 1`,
    )
    .join("\n");
  const reports = keys
    .map((k, i) => `  if (!found${i}) { print "missing in [${k.section}]: ${k.show}"; n++ }`)
    .join("\n");
  return String.raw`awk '
/^[ \t]*\[/ { s = $0; gsub(/[ \t]/, "", s); next }
/^[ \t]*([#;]|$)/ { next }
{
  i = index($0, "="); if (i == 0) next
  k = substr($0, 1, i - 1); v = substr($0, i + 1)
  gsub(/^[ \t]+|[ \t]+$/, "", k); gsub(/^[ \t]+|[ \t]+$/, "", v)
${tests}
}
END {
  n = 0
${reports}
  if (n == 0) print "all keys present"
}' ${file}`;
}

/**
 * A check command that prints, for each crontab entry whose command mentions `script`, its five
 * schedule fields and its command: `schedule=30 2 * * * command=/path/backup.sh`. Comments,
 * blank lines and `NAME=value` settings are skipped.
 */
function cronEntries(file: string, script: string): string {
  return String.raw`awk '
/^[ \t]*(#|$)/ { next }
/^[ \t]*[A-Za-z_][A-Za-z0-9_]*[ \t]*=/ { next }
NF >= 6 && index($0, "${script}") {
  cmd = $0
  for (i = 1; i <= 5; i++) sub(/^[ \t]*[^ \t]+/, "", cmd)
  sub(/^[ \t]+/, "", cmd)
  print "schedule=" $1 " " $2 " " $3 " " $4 " " $5 " command=" cmd
}' ${file}`;
}

/** An ISO-8601 UTC timestamp such as `2025-05-01T12:34:56Z`, as a JS regex source. */
const isoUtc = String.raw`\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ`;

/** The same as an ERE for `grep -E` (GNU grep knows intervals). */
const isoUtcEre = "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z";

/** A path cron's shell sees as absolute: `/…`, `~/…`, `$HOME/…` or `${HOME}/…`. */
const absolutePath = String.raw`(?:/|~/|\$HOME/|\$\{HOME\}/)`;

export const exercises: Exercise[] = [
  {
    id: "svc-01",
    moduleId: "services",
    title: "Configuration through the environment",
    summary:
      "Write an app that takes its settings from environment variables and refuses to start without them.",
    difficulty: "beginner",
    minutes: 15,
    prerequisites: ["linux-02"],
    version: 1,
    requires: { tools: [], root: false },
    instructions: [
      "Services read their settings from the environment, so the same program runs anywhere unchanged.",
      "",
      "## Why it matters",
      "Ports, names and passwords change between a laptop, staging and production; the program does not.",
      "systemd, Docker and every platform hand settings over as environment variables, often loaded",
      "from an env file. A service that starts with a missing setting fails later and more confusingly",
      "than one that refuses to start at once.",
      "",
      "## Steps",
      "1. Create an executable script `app.sh` (starting with `#!/bin/sh`) that prints",
      "   `listening on port $PORT as $APP_NAME`, with the values of those two variables",
      "   (if `APP_NAME` is unset, use `app`).",
      "2. When `PORT` is unset or empty, `app.sh` must print an error message on **stderr** and exit",
      "   with status `2`, without printing the listening line. `app.sh` must not read `app.env` itself:",
      "   the environment is its only source of settings.",
      "3. Create `app.env` with two lines: `PORT=18090` and `APP_NAME=akasha`.",
      "4. Try it: `set -a; . ./app.env; set +a; ./app.sh` should print",
      "   `listening on port 18090 as akasha`, and `env -i ./app.sh` (an empty environment) should fail",
      "   with status 2 (`echo $?`).",
      "5. Run `infra-learn verify svc-01`.",
    ].join("\n"),
    hints: [
      "A script sees exported variables as `$PORT` and `$APP_NAME`. `set -a` exports every variable you set until `set +a`, which is how `. ./app.env` turns the file's lines into environment variables.",
      '`[ -z "$PORT" ]` is true when PORT is unset or empty; `[ -n "$APP_NAME" ] || APP_NAME=app` gives a default. `echo ... >&2` writes to stderr.',
      "Guard the start of `app.sh`: `if [ -z \"$PORT\" ]; then echo 'PORT is not set' >&2; exit 2; fi`, then `echo` the listening line. `app.env` holds just `PORT=18090` and `APP_NAME=akasha`, one per line.",
    ],
    checks: [
      {
        id: "runs-with-env-file",
        title: "app.sh started with app.env says it listens on 18090 as akasha",
        run: "set -a; . ./app.env; set +a; ./app.sh",
        expect: { exitCode: 0, stdoutMatches: "^listening on port 18090 as akasha$" },
        hint: "Create `app.env` with the lines `PORT=18090` and `APP_NAME=akasha`, and make `app.sh` executable (`chmod u+x app.sh`) and print `listening on port $PORT as $APP_NAME`.",
      },
      {
        id: "reads-environment",
        title: "app.sh takes its settings from the environment, not from a file",
        run: "PORT=18091 APP_NAME=probe ./app.sh",
        expect: { exitCode: 0, stdoutMatches: "^listening on port 18091 as probe$" },
        hint: "Print the variables themselves (`$PORT`, `$APP_NAME`) instead of fixed values, and do not load `app.env` inside `app.sh`.",
      },
      {
        id: "refuses-without-port",
        title: "without PORT, app.sh exits 2 with a message on stderr",
        run: "env -i ./app.sh 2>&1 >/dev/null",
        expect: { exitCode: 2, stdoutMatches: "\\S" },
        hint: 'Start `app.sh` with a guard: when `[ -z "$PORT" ]`, `echo` a message with `>&2` and `exit 2`.',
      },
    ],
  },
  {
    id: "svc-02",
    moduleId: "services",
    title: "Logs",
    summary: "Write timestamped, levelled log lines to a file and pull the errors out of it.",
    difficulty: "beginner",
    minutes: 15,
    prerequisites: ["svc-01"],
    version: 1,
    requires: { tools: [], root: false },
    instructions: [
      "A service tells you what it is doing through its logs; give it a logger and read the result.",
      "",
      "## Why it matters",
      "When something breaks at night, the log is all you have. Lines with a UTC timestamp and a level",
      "can be sorted, compared across machines and filtered with `grep` and `awk`, where free-form",
      "messages cannot.",
      "",
      "## Steps",
      "1. Create an executable script `log.sh` used as `./log.sh LEVEL message words...` (LEVEL is",
      "   `INFO`, `WARN` or `ERROR`). Each run appends **one** line to `logs/app.log` (relative to the",
      "   current directory; create `logs/` if it is missing) in the form",
      "   `<timestamp> <LEVEL> <message>`, where the timestamp is the current time in UTC, in ISO 8601:",
      "   `2025-05-01T12:34:56Z`.",
      "2. Run it at least three times, at least once with `ERROR`, e.g.",
      "   `./log.sh INFO service started` and `./log.sh ERROR could not reach the database`.",
      "3. Put exactly the `ERROR` lines of `logs/app.log` (all of them, nothing else, in order) into",
      "   `logs/errors.txt`.",
      "4. Run `infra-learn verify svc-02`.",
    ].join("\n"),
    hints: [
      "`date -u` prints the time in UTC, and `date` takes a format: `date -u +%Y-%m-%dT%H:%M:%SZ`. In the script, `$1` is the level; after `shift`, `$*` is the rest of the message.",
      "`>>` appends where `>` would overwrite, and `mkdir -p logs` does nothing when the directory already exists.",
      "The heart of `log.sh` is `echo \"$(date -u +%Y-%m-%dT%H:%M:%SZ) $level $*\" >> logs/app.log` (after `level=$1; shift`). For the errors, `grep ' ERROR ' logs/app.log > logs/errors.txt`.",
    ],
    checks: [
      {
        id: "log-format",
        title: "logs/app.log has at least 3 lines, all `<UTC timestamp> <LEVEL> <message>`",
        run: `test -f logs/app.log && echo "lines=$(wc -l < logs/app.log) bad=$(grep -Evc '^${isoUtcEre} (INFO|WARN|ERROR) .+$' logs/app.log)" && grep -Evn '^${isoUtcEre} (INFO|WARN|ERROR) .+$' logs/app.log | head -n 3`,
        expect: { stdoutMatches: "^lines=([3-9]|[1-9][0-9]+) bad=0$" },
        hint: "Run `./log.sh` at least three times, and make each line look like `2025-05-01T12:34:56Z INFO service started` (any line printed after `bad=` is one that does not).",
      },
      {
        id: "has-errors",
        title: "logs/app.log has at least one ERROR line",
        run: `awk '$2 == "ERROR" { n++ } END { print n + 0 " ERROR lines" }' logs/app.log`,
        expect: { exitCode: 0, stdoutMatches: "^[1-9][0-9]* ERROR lines$" },
        hint: "Log an error: `./log.sh ERROR could not reach the database`.",
      },
      {
        id: "errors-file",
        title: "logs/errors.txt holds exactly the ERROR lines of logs/app.log",
        run: `want=$(awk '$2 == "ERROR"' logs/app.log) && got=$(cat logs/errors.txt) && [ -n "$want" ] && [ "$want" = "$got" ]`,
        expect: { exitCode: 0 },
        hint: "Filter again after your last log run: `grep ' ERROR ' logs/app.log > logs/errors.txt`.",
      },
      {
        id: "logger-works",
        title: "log.sh appends lines with the current UTC time, whatever the local time zone",
        run: [
          "rm -rf .verify-log && mkdir .verify-log && cp log.sh .verify-log/ &&",
          "( cd .verify-log &&",
          "TZ=XXX-14 ./log.sh WARN disk almost full >/dev/null && TZ=XXX-14 ./log.sh ERROR probe failed >/dev/null &&",
          'cat logs/app.log && ts=$(head -n 1 logs/app.log | cut -d " " -f 1) && t=$(date -u -d "$ts" +%s) &&',
          'echo "age=$(( $(date -u +%s) - t ))" ); s=$?; rm -rf .verify-log; exit $s',
        ].join(" "),
        expect: {
          exitCode: 0,
          stdoutMatches: `^${isoUtc} WARN disk almost full\\n${isoUtc} ERROR probe failed\\nage=\\d\\d?$`,
        },
        hint: "Each run of `log.sh` must append (`>>`) to `logs/app.log` under the current directory, creating `logs/` if needed, and stamp the line with `date -u +%Y-%m-%dT%H:%M:%SZ`: `date` without `-u` gives local time.",
      },
    ],
  },
  {
    id: "svc-03",
    moduleId: "services",
    title: "Schedules",
    summary:
      "Schedule a nightly backup and a weekly cleanup with cron, and the backup again as a systemd timer.",
    difficulty: "intermediate",
    minutes: 20,
    prerequisites: ["svc-02"],
    version: 1,
    requires: { tools: [], root: false },
    instructions: [
      "Jobs that run on a schedule are services too: write the schedules as files, without installing them.",
      "",
      "## Why it matters",
      "Backups, rotations and reports run at night with nobody watching. A wrong field in a crontab",
      "runs a job every minute or never, and a relative path that worked in your shell is not found",
      "by cron, which starts jobs in your home directory with a minimal environment.",
      "",
      "## Steps",
      "1. Create two executable scripts, `backup.sh` and `cleanup.sh` (each can just `echo` what it",
      "   would do).",
      "2. Create a file called `crontab` (crontab format: `minute hour day-of-month month day-of-week",
      "   command`; do not install it) with two entries:",
      "   - `backup.sh` every day at 02:30, called by its full path: `$HOME/infra-learn/svc-03/backup.sh`",
      "     (or the full path of your lab directory, if you moved it);",
      "   - `cleanup.sh` every Sunday at 03:00; cron does not start in this directory, so either call",
      "     it by its full path or `cd` there first (`cd $HOME/infra-learn/svc-03 && ./cleanup.sh`).",
      "3. The same backup as a systemd timer (again, only the files): `backup.timer` with",
      "   `OnCalendar=*-*-* 02:30:00` in its `[Timer]` section and `WantedBy=timers.target` in",
      "   `[Install]`, and the `backup.service` it starts, with `Type=oneshot` and",
      "   `ExecStart=` the full path of `backup.sh` in `[Service]`. systemd does not expand `$HOME`:",
      "   write the path out or use the `%h` specifier (`%h/infra-learn/svc-03/backup.sh`).",
      "4. Run `infra-learn verify svc-03`.",
    ].join("\n"),
    hints: [
      "A crontab line is five time fields then the command: `minute hour day-of-month month day-of-week`; `*` means every, and Sunday is `0` (or `7`). A systemd unit is `[Section]` headers followed by `Key=value` lines.",
      "02:30 is minute `30`, hour `2`; Sunday 03:00 is minute `0`, hour `3`, day-of-week `0`. A timer starts the service of the same name, so `backup.timer` starts `backup.service`.",
      "The backup entry is `30 2 * * * $HOME/infra-learn/svc-03/backup.sh`; the cleanup entry starts with `0 3 * * 0`. `backup.service` needs `[Service]` with `Type=oneshot` and `ExecStart=%h/infra-learn/svc-03/backup.sh`.",
    ],
    checks: [
      {
        id: "cron-backup",
        title: "crontab runs backup.sh by its full path every day at 02:30",
        run: cronEntries("crontab", "backup.sh"),
        expect: {
          exitCode: 0,
          stdoutMatches: `^schedule=30 0?2 \\* \\* \\* command=${absolutePath}\\S*backup\\.sh(\\s.*)?$`,
        },
        hint: "Add the line `30 2 * * * $HOME/infra-learn/svc-03/backup.sh` to the file `crontab` (minute first, then hour; the command by its full path).",
      },
      {
        id: "cron-cleanup",
        title: "crontab runs cleanup.sh every Sunday at 03:00, from the right directory",
        run: cronEntries("crontab", "cleanup.sh"),
        expect: {
          exitCode: 0,
          stdoutMatches: `^schedule=0?0 0?3 \\* \\* (0|7|[Ss]un|SUN) command=(cd ${absolutePath}\\S* *(&&|;) *(\\./)?cleanup\\.sh|${absolutePath}\\S*/cleanup\\.sh)(\\s.*)?$`,
        },
        hint: "Add `0 3 * * 0` followed by the command: either the full path of `cleanup.sh` or `cd $HOME/infra-learn/svc-03 && ./cleanup.sh` (cron starts jobs in your home directory).",
      },
      {
        id: "timer",
        title: "backup.timer fires daily at 02:30 and is wanted by timers.target",
        run: unitKeys("backup.timer", [
          {
            section: "Timer",
            key: "^OnCalendar$",
            value: "^[*]-[*]-[*] 0?2:30(:00)?$",
            show: "OnCalendar=*-*-* 02:30:00",
          },
          {
            section: "Install",
            key: "^WantedBy$",
            value: "^timers[.]target$",
            show: "WantedBy=timers.target",
          },
        ]),
        expect: { exitCode: 0, stdoutMatches: "^all keys present$" },
        hint: "`backup.timer` needs a `[Timer]` section with `OnCalendar=*-*-* 02:30:00` and an `[Install]` section with `WantedBy=timers.target`; each key under its own section header.",
      },
      {
        id: "timer-service",
        title: "backup.service runs the executable backup.sh once, by its full path",
        run: `test -x backup.sh || { echo "backup.sh is missing or not executable"; exit 1; }; ${unitKeys(
          "backup.service",
          [
            { section: "Service", key: "^Type$", value: "^oneshot$", show: "Type=oneshot" },
            {
              section: "Service",
              key: "^ExecStart$",
              value: "^(/|%h/)[^ ]*backup[.]sh( |$)",
              show: "ExecStart=<full path of>/backup.sh",
            },
          ],
        )}`,
        expect: { exitCode: 0, stdoutMatches: "^all keys present$" },
        hint: "Make `backup.sh` executable (`chmod u+x backup.sh`) and give `backup.service` a `[Service]` section with `Type=oneshot` and `ExecStart=%h/infra-learn/svc-03/backup.sh` (`$HOME` does not work there).",
      },
    ],
  },
  {
    id: "svc-04",
    moduleId: "services",
    title: "A supervisor",
    summary:
      "Describe your app as a systemd user service, and write a small supervisor that restarts it when it crashes.",
    difficulty: "intermediate",
    minutes: 30,
    prerequisites: ["svc-03"],
    version: 1,
    requires: { tools: [], root: false },
    instructions: [
      "A service is a program with someone watching it: write a systemd unit for your app, then a watcher of your own.",
      "",
      "## Why it matters",
      "Programs crash. A supervisor (systemd, a container runtime, Kubernetes) starts the program,",
      "hands it its configuration and restarts it when it fails, but gives up when it keeps failing",
      "instead of looping for ever. Knowing what it does lets you read and debug any of them.",
      "",
      "## Steps",
      "1. Copy `app.sh` and `app.env` from svc-01 into this lab directory (the unit below runs them).",
      "2. Write a systemd user unit `app.service` (do not install it) with:",
      "   - `[Unit]`: a `Description=`;",
      "   - `[Service]`: `ExecStart=` the full path of `app.sh` (systemd does not expand `$HOME`: write",
      "     the path out or use `%h`, e.g. `%h/infra-learn/svc-04/app.sh`), `Restart=on-failure`, and",
      "     its configuration through `EnvironmentFile=` (the full path of `app.env`) or `Environment=`;",
      "   - `[Install]`: `WantedBy=default.target` (the target of a user's services).",
      "3. Write an executable `supervise.sh`, used as `./supervise.sh command [args...]`, that:",
      "   - runs the command with its arguments exactly as given;",
      "   - when the command exits with status 0, exits 0 without restarting it;",
      "   - when it fails, waits `RESTART_DELAY` seconds (default `1`) and runs it again;",
      "   - after `MAX_RESTARTS` restarts (default `5`) that still end in failure, gives up and exits",
      "     with the command's last exit status.",
      "   For example `RESTART_DELAY=0 MAX_RESTARTS=2 ./supervise.sh sh -c 'exit 3'` runs the command",
      "   three times in all, then exits 3. Printing what it does on stderr is a good idea.",
      "4. Run `infra-learn verify svc-04`.",
    ].join("\n"),
    hints: [
      'A unit file is `[Section]` headers followed by `Key=value` lines. In a script, `"$@"` is all the arguments, each kept whole, and `$?` is the exit status of the last command.',
      'In `[Service]`: `ExecStart=%h/infra-learn/svc-04/app.sh`, `Restart=on-failure` and `EnvironmentFile=%h/infra-learn/svc-04/app.env`. The supervisor is a loop around `"$@"` that counts restarts.',
      'Read the settings with their defaults (`delay=$RESTART_DELAY`, then `[ -n "$delay" ] || delay=1`; the same for `max` and 5), then loop: `while :; do "$@"; code=$?; ...; done`. Inside, `exit 0` when `code` is 0, `exit "$code"` once `restarts` has reached `max`, otherwise add one to `restarts` and `sleep "$delay"`.',
    ],
    checks: [
      {
        id: "unit-file",
        title:
          "app.service has a description, an absolute ExecStart, a restart policy, configuration and an install target",
        run: unitKeys("app.service", [
          { section: "Unit", key: "^Description$", value: ".", show: "Description=<text>" },
          {
            section: "Service",
            key: "^ExecStart$",
            value: "^(/|%h/)",
            show: "ExecStart=<full path of app.sh>",
          },
          { section: "Service", key: "^Restart$", value: "^on-failure$", show: "Restart=on-failure" },
          {
            section: "Service",
            key: "^(Environment|EnvironmentFile)$",
            value: ".",
            show: "EnvironmentFile=<full path of app.env> or Environment=PORT=18090",
          },
          {
            section: "Install",
            key: "^WantedBy$",
            value: "^default[.]target$",
            show: "WantedBy=default.target",
          },
        ]),
        expect: { exitCode: 0, stdoutMatches: "^all keys present$" },
        hint: "Each `missing in [Section]: Key=…` line in the output is a key to add under that section header of `app.service`; `ExecStart=` must start with `/` or `%h/`.",
      },
      {
        id: "restarts-until-success",
        title: "supervise.sh restarts a command that fails twice, and stops once it succeeds",
        run: [
          "rm -f .verify-attempts;",
          "RESTART_DELAY=0 ./supervise.sh sh -c 'n=$(( $(cat .verify-attempts 2>/dev/null || echo 0) + 1 )); echo $n > .verify-attempts; [ $n -ge 3 ]';",
          'code=$?; echo "exit=$code attempts=$(cat .verify-attempts 2>/dev/null)"; rm -f .verify-attempts',
        ].join(" "),
        expect: { stdoutMatches: "^exit=0 attempts=3$" },
        hint: 'Run the command with `"$@"` (not `$*`) in a loop, restart it while it exits non-zero, and `exit 0` as soon as it succeeds; honour `RESTART_DELAY` for the pause.',
        timeoutSeconds: 20,
      },
      {
        id: "gives-up",
        title: "supervise.sh gives up after MAX_RESTARTS restarts with the command's exit status",
        run: [
          "rm -f .verify-runs;",
          "RESTART_DELAY=0 MAX_RESTARTS=2 ./supervise.sh sh -c 'echo run >> .verify-runs; exit 3';",
          'code=$?; echo "exit=$code runs=$(cat .verify-runs 2>/dev/null | wc -l)"; rm -f .verify-runs',
        ].join(" "),
        expect: { stdoutMatches: "^exit=3 runs=3$" },
        hint: "Count restarts: with `MAX_RESTARTS=2` the command runs once plus two restarts, then `supervise.sh` must `exit` with the command's last status (`$?` right after it ran).",
        timeoutSeconds: 20,
      },
    ],
  },
];
