/* HTML mail bodies as plain text. */
#ifndef VT_HTML_TEXT_H
#define VT_HTML_TEXT_H

#include <stddef.h>

/* The readable text of an HTML document (UTF-8 in, UTF-8 out): tags
 * dropped, block elements as line breaks, entities decoded, script, style
 * and head content dropped, links as "text (url)". Never NULL except when
 * out of memory; the caller frees. */
char *vt_html_to_text(const char *html, size_t len);

#endif
