/* The error registry, compiled from errors.def. */
#include "http/errors.h"

#include <stdio.h>

static const struct {
  const char *code;
  unsigned status;
  const char *es, *en;
} registry[] = {
#define ERR(id, code, status, es, en) {code, status, es, en},
#include "http/errors.def"
#undef ERR
};

const char *vt_err_code(enum vt_err e) { return registry[e].code; }
unsigned vt_err_status(enum vt_err e) { return registry[e].status; }
const char *vt_err_message(enum vt_err e, enum vt_lang lang) {
  return lang == VT_LANG_EN ? registry[e].en : registry[e].es;
}

void vt_err_print_markdown(void) {
  printf("| code | HTTP status | message (en) |\n|---|---|---|\n");
  for (int i = 0; i < VT_ERR__COUNT; i++)
    printf("| `%s` | %u | %s |\n", registry[i].code, registry[i].status, registry[i].en);
}
