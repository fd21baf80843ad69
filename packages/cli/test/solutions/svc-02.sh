# reference: svc-02 three logger runs then grep the errors aside
cat > log.sh <<'LOG'
#!/bin/sh
# usage: ./log.sh LEVEL message...
level=$1
shift
mkdir -p logs
echo "$(date -u +%Y-%m-%dT%H:%M:%SZ) $level $*" >> logs/app.log
LOG
chmod u+x log.sh
./log.sh INFO service started
./log.sh WARN disk almost full
./log.sh ERROR could not reach the database
./log.sh INFO retrying in 5 seconds
grep ' ERROR ' logs/app.log > logs/errors.txt
