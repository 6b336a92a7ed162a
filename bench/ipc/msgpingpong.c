/* msgpingpong: N round trips of a 1-byte SysV message between two
 * processes (types 1 and 2 on one IPC_PRIVATE queue), the C baseline for
 * shm's BenchmarkMsgRoundTrip. Prints nanoseconds per round trip. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

struct msg { long type; char data[1]; };

int main(int argc, char **argv) {
	long n = argc > 1 ? atol(argv[1]) : 100000;
	int q = msgget(IPC_PRIVATE, IPC_CREAT | 0600);
	if (q < 0) { perror("msgget"); return 1; }
	pid_t pid = fork();
	if (pid == 0) {
		struct msg m;
		for (long i = 0; i < n; i++) {
			if (msgrcv(q, &m, 1, 1, 0) < 0) _exit(1);
			m.type = 2;
			if (msgsnd(q, &m, 1, 0) < 0) _exit(1);
		}
		_exit(0);
	}
	struct timespec a, b;
	struct msg m = {1, {'x'}};
	clock_gettime(CLOCK_MONOTONIC, &a);
	for (long i = 0; i < n; i++) {
		m.type = 1;
		if (msgsnd(q, &m, 1, 0) < 0) { perror("msgsnd"); break; }
		if (msgrcv(q, &m, 1, 2, 0) < 0) { perror("msgrcv"); break; }
	}
	clock_gettime(CLOCK_MONOTONIC, &b);
	waitpid(pid, NULL, 0);
	msgctl(q, IPC_RMID, NULL);
	double ns = (b.tv_sec - a.tv_sec) * 1e9 + (b.tv_nsec - a.tv_nsec);
	printf("%.0f\n", ns / n);
	return 0;
}
