# set -o name and set +o listing
set -o errexit
set -o nounset
set -o | grep -E '^(errexit|nounset|pipefail|noclobber) '
set +o errexit +o nounset
set +o | grep -E 'errexit|nounset|noglob'
