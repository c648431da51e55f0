/* test_response.c: placeholder replaced below. */
#include "tap.h"
int main(void) { ok(1, "placeholder"); return tap_done(); }
