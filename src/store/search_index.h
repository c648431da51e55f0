/* search_index.h: filling the global search's name keys of existing rows
 * (sql/035_global_search.sql; its triggers keep them from then on):
 * crmctl migrate runs it right after applying that file, and `crmctl
 * search-index rebuild` runs it on demand. */
#ifndef CRM_SEARCH_INDEX_H
#define CRM_SEARCH_INDEX_H

#include <stdio.h>

struct db;
struct arena;

/* The migration that creates the keys. */
#define SEARCH_INDEX_MIGRATION 35

/* Deletes and recomputes every record's keys, kind by kind, in
 * transactions of SEARCH_INDEX_CHUNK ids; progress lines go to out (may
 * be NULL). The number of keys written, or -1 (printed to stderr). */
long long search_index_rebuild(struct db *db, struct arena *a, FILE *out);

#endif
