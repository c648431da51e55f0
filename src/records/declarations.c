/* declarations.c: owns the start-up check of the declarations
 * (declarations.h). */
#include "config.h"

#include "declarations.h"
#include "record_decl.h"
#include "stmt.h"

int
declarations_check(void)
{
	int rc = stmt_check();

	if (record_decl_check() != 0)
		rc = -1;
	return rc;
}
