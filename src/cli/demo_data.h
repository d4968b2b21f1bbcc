/* The demo data set: a region (CM), thirteen municipalities, their
 * departments, a catalogue of real-world services and realistic citizen
 * requests. Pure data; src/cli/demo.c turns it into rows through the store. */
#ifndef VT_DEMO_DATA_H
#define VT_DEMO_DATA_H

#include <stddef.h>

struct vt_demo_tenant {
  const char *code;        /* "CM", "MAD", ...: [A-Z]{2,6} */
  const char *name;        /* "Comunidad de Madrid", "Ayuntamiento de Móstoles" */
  const char *parent_code; /* NULL for the region */
  const char *timezone;    /* "Europe/Madrid" */
  const char *email;       /* the administration's public contact address */
  const char *phone;       /* its public phone (012, 010 lines) */
};

struct vt_demo_department {
  const char *tenant_code; /* "CM" for the region, "*" for every municipality */
  const char *code;        /* short [a-z_]+ code, unique within a tenant */
  const char *name;        /* Spanish name */
};

struct vt_demo_document {
  const char *title;  /* "Solicitud de beca (modelo oficial)" */
  const char *url;    /* https link to the official page or form */
  const char *format; /* "pdf", "html", "sede" (online procedure) */
};

struct vt_demo_service {
  const char *tenant_code;     /* "CM" or "*" (offered by every municipality) */
  const char *code;            /* [a-z0-9-]+, unique within a tenant */
  const char *name;            /* Spanish name */
  const char *department_code; /* one of that tenant's departments */
  const char *description;     /* 2-4 sentences: what it is and who it is for */
  const char *requirements[6]; /* NULL-terminated */
  struct vt_demo_document documents[4]; /* ends at the first with title NULL */
  const char *channels;        /* comma list of: web,email,phone,in_person,chat,telegram,whatsapp,x,facebook */
  int processing_days;         /* how long it usually takes, business days */
  int legal_deadline_days;     /* the legal maximum to resolve, business days (0: none) */
};

/* A citizen's request as they would really write it. */
struct vt_demo_request {
  const char *service_code; /* the service it is about */
  const char *subject;
  const char *body;
};

/* An agent's answer to a kind of request. */
struct vt_demo_reply {
  const char *service_code; /* NULL: fits any service */
  const char *body;
};

extern const struct vt_demo_tenant vt_demo_tenants[];
extern const size_t vt_demo_tenants_count;
extern const struct vt_demo_department vt_demo_departments[];
extern const size_t vt_demo_departments_count;
extern const struct vt_demo_service vt_demo_services[];
extern const size_t vt_demo_services_count;
extern const struct vt_demo_request vt_demo_requests[];
extern const size_t vt_demo_requests_count;
extern const struct vt_demo_reply vt_demo_replies[];
extern const size_t vt_demo_replies_count;
extern const char *const vt_demo_given_names[];
extern const size_t vt_demo_given_names_count;
extern const char *const vt_demo_surnames[];
extern const size_t vt_demo_surnames_count;

#endif
