/* record_panel.h: "who can access this" on a record's page: its owner,
 * the roles that reach it (all records, or the team's records with the
 * team named) with how many users hold them, the temporary grants on
 * the record or its whole module, the family's ruled fields (its
 * declaration's RF_RULED fields, but those hidden from the viewer) with
 * how each of those roles sees them, and for users who may edit the record
 * the form giving it to another owner (page_record_owner.c). */
#ifndef CRM_RECORD_PANEL_H
#define CRM_RECORD_PANEL_H

#include "rbac.h"

struct ctx;

/* Fills ctx->data "access", "access_fields" (and "reassign") for record id of module. 0 or -1. */
int record_panel(struct ctx *ctx, enum rbac_module m, long long id, const char *owner,
    long long team_id, const char *team);

#endif
