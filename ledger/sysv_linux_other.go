//go:build linux && !(amd64 || arm64 || riscv64 || loong64)

package ledger

import "errors"

// System V message queues and semaphore sets are supported only on the
// 64-bit architectures whose IPC_STAT layouts this package knows.

func msgStat(id int) (sysvInfo, error) { return sysvInfo{}, errors.ErrUnsupported }
func msgRemove(id int) error           { return errors.ErrUnsupported }
func semStat(id int) (sysvInfo, error) { return sysvInfo{}, errors.ErrUnsupported }
func semRemove(id int) error           { return errors.ErrUnsupported }
