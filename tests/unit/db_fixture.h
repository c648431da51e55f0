/* db_fixture.h: unit tests against the real test MariaDB, no mocks. The
 * test instance's crm.conf comes from CRM_TEST_DB_CONF (script/test sets
 * it once the instance is up, together with CRM_TEST_DB_REQUIRED=1).
 *
 * Without CRM_TEST_DB_CONF the database tests are skipped ("ok N # SKIP":
 * make check counts them as skipped, not passed) unless
 * CRM_TEST_DB_REQUIRED is set: then the fixture fails ("not ok"), so a
 * script/test run that lost the variable fails instead of passing. A
 * configuration or connection that fails is always a failure. */
#ifndef CRM_TEST_DB_FIXTURE_H
#define CRM_TEST_DB_FIXTURE_H

#include "arena.h"
#include "conf.h"
#include "db.h"

#define DB_FIXTURE_CONF_ENV "CRM_TEST_DB_CONF"
#define DB_FIXTURE_REQUIRED_ENV "CRM_TEST_DB_REQUIRED"

struct db_fixture {
	struct conf *conf;
	struct db *db;		/* the workers' (application) account */
	struct arena arena;
	char why[600];		/* SKIP or FAIL: the reason */
};

enum db_fixture_status {
	DB_FIXTURE_OPEN,	/* f is connected: run the tests */
	DB_FIXTURE_SKIP,	/* no database given, none required */
	DB_FIXTURE_FAIL,	/* required but not given, or unusable */
};

/* Loads the configuration and connects. Call db_fixture_close after,
 * whatever it returned. */
enum db_fixture_status db_fixture_open(struct db_fixture *f);

void db_fixture_close(struct db_fixture *f);

#endif
