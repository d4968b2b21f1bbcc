/* Demo deadlines: Spain's national holidays for 2026 and 2027, the
 * Community of Madrid's regional ones, a local holiday or two per
 * municipality, each administration's office hours and SLA policies; then
 * one deadline sweep, so the demo tickets show their due times (and the
 * old ones their breaches) from the first page. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/demo_data.h"
#include "sla/sweep.h"
#include "util/timeutil.h"

/* Fiestas nacionales (Estatuto de los Trabajadores art. 37.2 and the
 * yearly BOE resolution): the fixed ones plus Good Friday. */
static const char NATIONAL[] =
    "[{\"date\":\"2026-01-01\",\"name\":\"Año Nuevo\"},"
    "{\"date\":\"2026-01-06\",\"name\":\"Epifanía del Señor\"},"
    "{\"date\":\"2026-04-03\",\"name\":\"Viernes Santo\"},"
    "{\"date\":\"2026-05-01\",\"name\":\"Fiesta del Trabajo\"},"
    "{\"date\":\"2026-08-15\",\"name\":\"Asunción de la Virgen\"},"
    "{\"date\":\"2026-10-12\",\"name\":\"Fiesta Nacional de España\"},"
    "{\"date\":\"2026-11-01\",\"name\":\"Todos los Santos\"},"
    "{\"date\":\"2026-12-06\",\"name\":\"Día de la Constitución Española\"},"
    "{\"date\":\"2026-12-08\",\"name\":\"Inmaculada Concepción\"},"
    "{\"date\":\"2026-12-25\",\"name\":\"Natividad del Señor\"},"
    "{\"date\":\"2027-01-01\",\"name\":\"Año Nuevo\"},"
    "{\"date\":\"2027-01-06\",\"name\":\"Epifanía del Señor\"},"
    "{\"date\":\"2027-03-26\",\"name\":\"Viernes Santo\"},"
    "{\"date\":\"2027-05-01\",\"name\":\"Fiesta del Trabajo\"},"
    "{\"date\":\"2027-08-15\",\"name\":\"Asunción de la Virgen\"},"
    "{\"date\":\"2027-10-12\",\"name\":\"Fiesta Nacional de España\"},"
    "{\"date\":\"2027-11-01\",\"name\":\"Todos los Santos\"},"
    "{\"date\":\"2027-12-06\",\"name\":\"Día de la Constitución Española\"},"
    "{\"date\":\"2027-12-08\",\"name\":\"Inmaculada Concepción\"},"
    "{\"date\":\"2027-12-25\",\"name\":\"Natividad del Señor\"}]";

/* The region's own (illustrative: the Community sets them each year). */
static const char REGIONAL[] =
    "[{\"date\":\"2026-04-02\",\"name\":\"Jueves Santo\"},"
    "{\"date\":\"2026-05-02\",\"name\":\"Fiesta de la Comunidad de Madrid\"},"
    "{\"date\":\"2027-03-25\",\"name\":\"Jueves Santo\"},"
    "{\"date\":\"2027-05-03\",\"name\":\"Fiesta de la Comunidad de Madrid (trasladada)\"}]";

/* Office hours: mornings, and Tuesday and Thursday afternoons. */
static const char HOURS[] = "{\"mon\":\"09:00-14:00\",\"tue\":\"09:00-14:00,16:00-18:30\","
                            "\"wed\":\"09:00-14:00\",\"thu\":\"09:00-14:00,16:00-18:30\","
                            "\"fri\":\"09:00-14:00\"}";

/* A first answer within a business day, a resolution within a week of
 * business time; urgent ones within two business hours and one day. */
static const char POLICIES[] =
    "[{\"first_response_minutes\":480,\"resolution_minutes\":2400,\"warn_before_minutes\":120,"
    "\"on_breach\":[\"notify_supervisor\"]},"
    "{\"priority\":\"urgent\",\"first_response_minutes\":120,\"resolution_minutes\":480,"
    "\"warn_before_minutes\":60,\"on_breach\":[\"notify_supervisor\",\"reassign\"]},"
    "{\"priority\":\"high\",\"first_response_minutes\":240,\"resolution_minutes\":1200,"
    "\"warn_before_minutes\":60,\"on_breach\":[\"notify_supervisor\",\"raise_priority\"]}]";

int vt_demo_sla(struct vt_store *st) {
  int64_t now = vt_now_ms();
  struct vt_calendar national = {.holidays_json = (char *)NATIONAL};
  if (st->calendar_put(st, 0, &national, now) != VT_QS_ONE)
    return -1;
  for (size_t i = 0; i < vt_demo_tenants_count; i++) {
    struct vt_tenant t;
    if (st->tenant_by_code(st, vt_demo_tenants[i].code, &t) != VT_QS_ONE)
      return -1;
    /* Municipalities: a patron saint's day, placed by the code so they
     * differ (local holidays are the town's own choice). */
    char local[256];
    snprintf(local, sizeof local,
             "[{\"date\":\"2026-09-%02d\",\"name\":\"Fiesta local\"},"
             "{\"date\":\"2027-09-%02d\",\"name\":\"Fiesta local\"}]",
             8 + (int)(i % 14), 7 + (int)(i % 14));
    struct vt_calendar k = {.hours_json = (char *)HOURS,
                            .holidays_json = t.parent_id ? local : (char *)REGIONAL};
    enum vt_qs qs = st->calendar_put(st, t.id, &k, now);
    if (qs == VT_QS_ONE)
      qs = st->sla_policies_put(st, t.id, POLICIES, now);
    vt_tenant_release(&t);
    if (qs != VT_QS_ONE)
      return -1;
  }
  long stamped, fired;
  vt_sla_sweep_once(st, now, &stamped, &fired);
  printf("demo: calendars and SLA policies for %zu administrations; due times of %ld tickets,"
         " %ld escalations\n",
         vt_demo_tenants_count, stamped, fired);
  return 0;
}
