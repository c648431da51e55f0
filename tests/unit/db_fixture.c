/* db_fixture.c: owns connecting a unit test to the test instance's
 * database (db_fixture.h). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mysql.h>

#include "db_fixture.h"

static bool
required(void)
{
	const char *r = getenv(DB_FIXTURE_REQUIRED_ENV);

	return r != NULL && r[0] != '\0' && strcmp(r, "0") != 0;
}

enum db_fixture_status
db_fixture_open(struct db_fixture *f)
{
	const char *path = getenv(DB_FIXTURE_CONF_ENV);
	char err[512];

	memset(f, 0, sizeof(*f));
	arena_init(&f->arena);
	if (path == NULL || path[0] == '\0') {
		snprintf(f->why, sizeof(f->why), "%s is not set%s", DB_FIXTURE_CONF_ENV,
		    required() ? " but " DB_FIXTURE_REQUIRED_ENV " is" : " (no test database)");
		return required() ? DB_FIXTURE_FAIL : DB_FIXTURE_SKIP;
	}
	if ((f->conf = conf_load(path, err, sizeof(err))) == NULL) {
		snprintf(f->why, sizeof(f->why), "cannot load %s: %s", path, err);
		return DB_FIXTURE_FAIL;
	}
	mysql_library_init(0, NULL, NULL);
	f->db = db_new(f->conf, false);
	if (db_ensure(f->db) == -1) {
		snprintf(f->why, sizeof(f->why), "cannot connect to the database of %s", path);
		return DB_FIXTURE_FAIL;
	}
	snprintf(f->why, sizeof(f->why), "the database of %s", path);
	return DB_FIXTURE_OPEN;
}

void
db_fixture_close(struct db_fixture *f)
{
	arena_reset(&f->arena);
	if (f->db != NULL)
		db_free(f->db);
	if (f->conf != NULL) {
		conf_free(f->conf);
		mysql_library_end();
	}
	f->db = NULL;
	f->conf = NULL;
}
