/* What an agent reads first of an email: the new text, without the quoted
 * previous message and the signature (both are kept in the full text). */
#ifndef VT_MAIL_TRIM_H
#define VT_MAIL_TRIM_H

/* A copy of text cut before the first line that starts a quoted previous
 * message ("El … escribió:", "On … wrote:", "-----Mensaje original-----",
 * an Outlook "De:/From:" block, a run of "> " lines) or a signature ("-- ",
 * "Enviado desde mi …"). When nothing is left, the full text. Caller frees. */
char *vt_mail_display_text(const char *text);

#endif
