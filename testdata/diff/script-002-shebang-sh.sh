# script with shebang runs under that interpreter
printf '#!/bin/sh\necho "sh script $1"\nexit 5\n' > s.sh
chmod +x s.sh
./s.sh arg; echo "status $?"
printf '#!/bin/sh\necho from-path\n' > mytool; chmod +x mytool
PATH="$HOME:$PATH"; mytool
