/* The error registry as C: stable codes, HTTP statuses and messages. */
#ifndef VT_ERRORS_H
#define VT_ERRORS_H

#include "util/i18n.h"

enum vt_err {
#define ERR(id, code, status, es, en) VT_ERR_##id,
#include "http/errors.def"
#undef ERR
  VT_ERR__COUNT
};

const char *vt_err_code(enum vt_err e);
unsigned vt_err_status(enum vt_err e);
const char *vt_err_message(enum vt_err e, enum vt_lang lang);
/* Prints the Markdown table of docs/api.md. */
void vt_err_print_markdown(void);

#endif
