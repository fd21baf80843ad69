# reference: linux-02 an executable deploy script and a private secret
printf '#!/bin/sh\necho deployed\n' > deploy.sh
chmod u+x deploy.sh
echo 'hunter2' > secret.txt
chmod 600 secret.txt
