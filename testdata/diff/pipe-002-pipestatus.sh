# PIPESTATUS after pipelines
true | false | true; echo "${PIPESTATUS[@]}"
false | true; echo "${PIPESTATUS[*]} last=$?"
(exit 3) | (exit 4) | (exit 5); echo "${PIPESTATUS[@]}"
true; echo "${PIPESTATUS[@]}"
! false | false; echo "neg: $? ${PIPESTATUS[@]}"
