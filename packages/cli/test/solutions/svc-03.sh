# reference: svc-03 half past two nightly and sunday at three
printf '#!/bin/sh\necho "backing up"\n' > backup.sh
printf '#!/bin/sh\necho "cleaning up"\n' > cleanup.sh
chmod u+x backup.sh cleanup.sh
cat > crontab <<'CRON'
# m  h  dom mon dow  command
MAILTO=""
30 2 * * * $HOME/infra-learn/svc-03/backup.sh
0  3 * * 0 cd $HOME/infra-learn/svc-03 && ./cleanup.sh
CRON
cat > backup.timer <<'UNIT'
[Unit]
Description=Nightly backup of the lab

[Timer]
OnCalendar=*-*-* 02:30:00
Persistent=true

[Install]
WantedBy=timers.target
UNIT
cat > backup.service <<'UNIT'
[Unit]
Description=Back up the lab

[Service]
Type=oneshot
ExecStart=%h/infra-learn/svc-03/backup.sh
UNIT
