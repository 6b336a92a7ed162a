# hash -p sets a path; PATH assignment clears table
mkdir bin
printf '#!/bin/sh\necho custom-tool\n' > bin/mytool
chmod +x bin/mytool
hash -p "$HOME/bin/mytool" mytool
mytool
PATH="$HOME/bin:$PATH"
mytool
hash -t mytool | sed "s|$HOME|H|"
