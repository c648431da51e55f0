/* fuzz_conf.c: fuzzes conf_parse (after conf_defaults) on raw crm.conf text. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "log.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A set path is absolute: relative ones are resolved against "/tmp". */
static void
check_path(const char *p)
{
	if (p != NULL && p[0] != '/')
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct conf *c = calloc(1, sizeof(*c));	/* conf_free frees the struct */
	char err[256];
	char *text;
	int rc;

	if (c == NULL)
		abort();
	text = malloc(size ? size : 1);	/* exact size: ASan sees overreads */
	if (text == NULL)
		abort();
	memcpy(text, data, size);
	conf_defaults(c);
	err[0] = '\0';
	rc = conf_parse(c, text, size, "fuzz.conf", "/tmp", err, sizeof(err));
	if (rc == -1 && strncmp(err, "fuzz.conf:", 10) != 0)
		abort();
	if (rc != 0 && rc != -1)
		abort();
	/* Whatever was set stayed within the declared ranges. */
	if (c->workers < 1 || c->workers > 256 || c->backlog < 1 || c->backlog > 65535 ||
	    c->socket_mode < 0600 || c->socket_mode > 0666 || c->max_body < 1024 ||
	    c->max_body > (1L << 30) || c->db_port < 1 || c->db_port > 65535 ||
	    c->log_level < 0 || c->log_level >= LOG_LEVEL__MAX)
		abort();
	check_path(c->socket_path);
	check_path(c->pid_file);
	check_path(c->templates_dir);
	check_path(c->db_socket);
	check_path(c->db_tls_ca);
	check_path(c->db_password_file);
	check_path(c->db_admin_password_file);
	check_path(c->keyring);
	check_path(c->sql_dir);
	if (rc == 0)
		(void)conf_validate(c, err, sizeof(err));
	conf_free(c);
	free(text);
	return 0;
}
