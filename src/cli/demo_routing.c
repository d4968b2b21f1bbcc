/* The demo's routing and canned answers: a few rules an administration would really write
 * (crime victims first and confidential, scholarships to Education, the
 * municipal register to its department) and each administration's
 * classifier trained on the demo's resolved tickets, so a demo request in
 * plain Spanish lands where it belongs and says why. Rules are loaded once:
 * an administration that has rules is left alone. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "routing/route.h"
#include "util/timeutil.h"

struct demo_rule {
  const char *tenant; /* "CM", or "*" for every municipality */
  long position;
  const char *name;
  const char *rule; /* {"when", "then"} */
};

static const struct demo_rule RULES[] = {
    {"CM", 10, "Víctimas: urgente y confidencial",
     "{\"when\":{\"words_any\":[\"víctima\",\"agresión\",\"maltrato\",\"violencia de género\","
     "\"acoso\",\"me han agredido\",\"denuncia\"]},\"then\":{\"department\":\"justicia\","
     "\"priority\":\"urgent\",\"confidential\":true,\"tags\":[\"victimas\"]}}"},
    {"CM", 20, "Becas a Educación",
     "{\"when\":{\"words_any\":[\"beca\",\"comedor escolar\",\"escuela infantil\"]},"
     "\"then\":{\"department\":\"educacion\",\"tags\":[\"becas\"]}}"},
    {"*", 10, "Padrón municipal",
     "{\"when\":{\"words_any\":[\"empadron*\",\"padrón\",\"volante\"]},"
     "\"then\":{\"department\":\"padron\",\"tags\":[\"padron\"]}}"},
};

/* Canned answers of the region, which its municipalities' agents see too. */
static const struct {
  const char *name, *department, *body;
} MACROS[] = {
    {"Acuse y plazo", NULL,
     "Buenos días, {ciudadano}:\n\nHemos recibido su solicitud {referencia} y la estamos "
     "tramitando. Le escribiremos en cuanto tengamos una respuesta.\n\nUn saludo,\n{agente}\n"
     "{administracion}"},
    {"Falta documentación", NULL,
     "Hola, {ciudadano}:\n\nPara continuar con su solicitud {referencia} necesitamos que nos "
     "envíe la documentación que falta respondiendo a este mensaje o desde la página de "
     "seguimiento.\n\nGracias,\n{agente}"},
    {"Becas: estado de la solicitud", "educacion",
     "Hola, {ciudadano}:\n\nSu solicitud {referencia} está en revisión en {departamento}. Los "
     "listados provisionales se publican en la sede electrónica.\n\n{agente}"},
};

static int demo_macros(struct vt_store *st, vt_id region_id) {
  vt_id ids[1] = {region_id};
  struct vt_scope one = {.n = 1, .tenant_ids = ids};
  struct vt_macro *have;
  size_t nh;
  if (st->macros_list(st, &one, 0, &have, &nh) != VT_QS_ONE)
    return -1;
  VT_RELEASE_ARRAY(have, nh, vt_macro_release);
  for (size_t i = 0; !nh && i < sizeof MACROS / sizeof *MACROS; i++) {
    struct vt_macro m = {
        .tenant_id = region_id, .name = (char *)MACROS[i].name, .body = (char *)MACROS[i].body};
    struct vt_department d;
    if (MACROS[i].department &&
        st->department_by_code(st, region_id, MACROS[i].department, &d) == VT_QS_ONE) {
      m.department_id = d.id;
      vt_department_release(&d);
    }
    if (st->macro_save(st, &m, vt_now_ms(), NULL) != VT_QS_ONE)
      return -1;
  }
  return 0;
}

int vt_demo_routing(struct vt_store *st) {
  struct vt_scope all = {.all = true};
  struct vt_tenant *t;
  size_t nt;
  if (st->tenants_list(st, &all, &t, &nt) != VT_QS_ONE)
    return -1;
  int rc = 0;
  for (size_t i = 0; i < nt && !rc; i++) {
    bool region = !t[i].parent_id;
    vt_id ids[1] = {t[i].id};
    struct vt_scope one = {.n = 1, .tenant_ids = ids};
    struct vt_routing_rule *have;
    size_t nh;
    if (st->routing_rules_list(st, &one, t[i].id, true, &have, &nh) != VT_QS_ONE) {
      rc = -1;
      break;
    }
    VT_RELEASE_ARRAY(have, nh, vt_routing_rule_release);
    for (size_t k = 0; !nh && k < sizeof RULES / sizeof *RULES && !rc; k++) {
      if (strcmp(RULES[k].tenant, region ? t[i].code : "*"))
        continue;
      struct vt_routing_rule r = {.tenant_id = t[i].id,
                                  .position = RULES[k].position,
                                  .name = (char *)RULES[k].name,
                                  .rule_json = (char *)RULES[k].rule,
                                  .active = true};
      if (st->routing_rule_save(st, &r, vt_now_ms(), NULL) != VT_QS_ONE)
        rc = -1;
    }
    if (!rc && vt_route_train(st, t[i].id) < 0)
      rc = -1;
    if (!rc && region && demo_macros(st, t[i].id) != 0)
      rc = -1;
  }
  VT_RELEASE_ARRAY(t, nt, vt_tenant_release);
  return rc;
}
