# reference: net-03 first column of ahosts made unique
getent ahosts localhost | awk '{ print $1 }' | sort -u > localhost.txt
status=0
getent hosts nothing.lab.invalid > /dev/null || status=$?
echo "$status" > missing-status.txt
