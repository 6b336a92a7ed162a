# case syntax forms: (pattern), empty, last without ;;, newlines
case foo in (foo) echo paren-form;; esac
case bar in
  foo)
    echo foo
    ;;
  bar)
    echo bar-multi
    echo line2
esac
case z in a) ;; esac
case '' in '') echo empty-word;; esac
