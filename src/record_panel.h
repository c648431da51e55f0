/* record_panel.h: "who can access this" on a record's page: its owner,
 * the roles that reach it (all records, or the team's records with the
 * team named) with how many users hold them, and the temporary grants on
 * the record or its whole module. */
#ifndef CRM_RECORD_PANEL_H
#define CRM_RECORD_PANEL_H

#include "rbac.h"

struct ctx;

/* Fills ctx->data "access" for record id of module. 0 or -1. */
int record_panel(struct ctx *ctx, enum rbac_module m, long long id, const char *owner,
    long long team_id, const char *team);

#endif
