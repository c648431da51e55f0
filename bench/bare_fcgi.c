/* bare_fcgi.c: the floor for bench/crm: a libfcgi responder that answers
 * every request with the same HTML page of a given size and does nothing
 * else (no session, database, template or crypto). WORKERS processes
 * accept on one unix socket, like crm-fcgi's, so the ratio of a CRM page
 * to this one is what the application itself costs. Bench-only.
 *
 *   bare_fcgi SOCKET BYTES WORKERS      (runs until killed) */
#include <fcgiapp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static void
serve(int fd, const char *page, size_t len)
{
	FCGX_Request req;
	char head[160];

	/* FCGX_FPrintF has no %zu: the header is formatted here. */
	snprintf(head, sizeof(head), "Status: 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
	    "Content-Length: %zu\r\n\r\n", len);
	if (FCGX_InitRequest(&req, fd, 0) != 0)
		exit(1);
	while (FCGX_Accept_r(&req) >= 0) {
		FCGX_PutS(head, req.out);
		FCGX_PutStr(page, (int)len, req.out);
		FCGX_Finish_r(&req);
	}
	exit(0);
}

int
main(int argc, char *argv[])
{
	size_t len;
	char *page;
	int fd, workers;

	if (argc != 4 || (len = strtoul(argv[2], NULL, 10)) < 64 || (workers = atoi(argv[3])) < 1) {
		fprintf(stderr, "usage: bare_fcgi SOCKET BYTES WORKERS\n");
		return 2;
	}
	if ((page = malloc(len)) == NULL)
		return 1;
	memset(page, 'x', len);
	memcpy(page, "<!doctype html><title>bare</title><p>", 37);
	unlink(argv[1]);
	if (FCGX_Init() != 0 || (fd = FCGX_OpenSocket(argv[1], 128)) < 0) {
		fprintf(stderr, "bare_fcgi: cannot listen on %s\n", argv[1]);
		return 1;
	}
	chmod(argv[1], 0666);	/* nginx's workers connect as www-data */
	for (int i = 0; i < workers; i++)
		if (fork() == 0)
			serve(fd, page, len);
	signal(SIGTERM, SIG_DFL);
	while (wait(NULL) > 0)
		;
	return 0;
}
