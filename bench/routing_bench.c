/* Routing and knowledge-base benchmark, no HTTP.
 *
 * Part 1 (rules): 200 rules an administration could write (word lists,
 * phrases, prefixes, 20 regular expressions, channel and service
 * conditions, rules that only tag and go on), a Naive Bayes classifier
 * trained on 2,000 labelled requests over 15 departments, and 10,000
 * requests of 100-2,000 bytes. Times one routing decision per request as
 * src/routing/route.c makes it: vt_rules_decide, then, when no rule chose a
 * department, vt_classifier_predict on subject "\n" body. Then the rules
 * alone and the classifier alone (on every request).
 *
 * Part 2 (kb): a fresh store (a SQLite file in a temporary folder, or the
 * database named on the command line), one administration, 10,000 articles
 * of 100-1,500 words saved with kb_article_save and vt_kb_terms (4
 * threads), then 2,000 public searches with vt_kb_find (limit 10) of 3-25
 * words, one at a time, each timed (wall clock and the thread's CPU time)
 * and followed by the store's query with every term of the question
 * (kb_search, 30 candidates) for the same question: what vt_kb_find's
 * choice of the rarest terms saves.
 *
 * The texts are generated (deterministically) from Spanish fragments per
 * department: citizens' sentences with streets, dates, plates and file
 * numbers, generic sentences shared by all, closings and signatures with
 * DNI, phone or email; article bodies mix article prose about the topic
 * with words drawn from a Zipf distribution over common Spanish words, the
 * department's words and a long tail of rare ones.
 *
 * Usage: routing_bench [all|rules|kb] [DB]   (DB: a SQLite path or a
 * postgresql:// URL of an empty database; default a SQLite file in a
 * temporary folder, removed at the end)
 * Environment: MESSAGES (10000), TRAIN (2000), ARTICLES (10000; 0 searches
 * the articles DB already holds), SEARCHES (2000). */
#include <ftw.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>
#include <math.h>

#include "api/kb.h"
#include "routing/classifier.h"
#include "routing/rules.h"
#include "routing/text.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/crypto.h"
#include "util/log.h"
#include "util/timeutil.h"

#define COUNT(a) (sizeof(a) / sizeof *(a))

/* ---- randomness and time -------------------------------------------------- */

struct rng {
  uint64_t s;
};

static uint64_t rnext(struct rng *r) { /* splitmix64 */
  uint64_t z = (r->s += 0x9e3779b97f4a7c15ull);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}
static size_t rnd(struct rng *r, size_t n) { return n ? (size_t)(rnext(r) % n) : 0; }
static double rnd01(struct rng *r) { return (double)(rnext(r) >> 11) * 0x1.0p-53; }
static bool chance(struct rng *r, double p) { return rnd01(r) < p; }

static int64_t now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static int64_t cpu_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static size_t env_size(const char *name, size_t dflt) {
  const char *v = getenv(name);
  long n = v && *v ? atol(v) : -1;
  return n >= 0 ? (size_t)n : dflt;
}

/* ---- the departments ------------------------------------------------------- */

/* Up to these many of each; NULL ends a shorter list. */
struct dept {
  const char *code, *name;
  const char *subjects[8];
  const char *sentences[14]; /* a citizen's; @c street, @n number, @f date, @m plate, @e file */
  const char *keywords[16];  /* what an administrator writes in words_any */
  const char *topics[10];    /* what knowledge-base articles are about */
};

static const struct dept DEPTS[] = {
    {"padron",
     "Padrón",
     {"Volante de empadronamiento", "Cambio de domicilio", "Alta en el padrón", "Consulta padrón",
      "Certificado de convivencia", "Empadronar a mi hijo"},
     {"Necesito un volante de empadronamiento para presentarlo en el centro de salud.",
      "Me he mudado a la @c y quiero cambiar el domicilio en el padrón.",
      "Quería saber qué documentos hacen falta para empadronarme en un piso de alquiler.",
      "Acabamos de tener un bebé y queremos darle de alta en el padrón municipal.",
      "Necesito un certificado de convivencia histórico para tramitar la pensión de viudedad.",
      "El propietario del piso no me da el contrato y no sé cómo empadronarme.",
      "Mi madre ha fallecido y quería darla de baja en el padrón.",
      "Soy extranjero y me piden renovar la inscripción padronal cada dos años.",
      "Me han pedido un certificado de empadronamiento con los domicilios anteriores.",
      "En el volante aparece una persona que ya no vive en casa desde hace años.",
      "Quisiera saber cuántas personas están empadronadas en mi vivienda.",
      "Para la matrícula del colegio me piden acreditar la residencia en el municipio."},
     {"empadron*", "padrón", "volante", "certificado de empadronamiento", "convivencia",
      "alta en el padrón", "baja en el padrón", "inscripción padronal", "cambio de domicilio",
      "acreditar la residencia", "hoja padronal", "domicilios anteriores", "empadronadas",
      "censo electoral"},
     {"el volante de empadronamiento", "el certificado de convivencia",
      "el alta en el padrón municipal", "la baja por defunción en el padrón",
      "el cambio de domicilio en el padrón", "la renovación padronal de extranjeros",
      "el empadronamiento sin contrato de alquiler", "el certificado histórico de empadronamiento",
      "las personas empadronadas en una vivienda", "el empadronamiento de menores"}},
    {"tributos",
     "Tributos",
     {"Recibo del IBI", "Plusvalía", "Domiciliación de recibos", "Impuesto de circulación",
      "Fraccionamiento de deuda", "Bonificación familia numerosa"},
     {"Me ha llegado el recibo del IBI con un importe mucho mayor que el año pasado.",
      "Quiero domiciliar el pago de todos los recibos municipales en la cuenta ES21 2100 0418 "
      "4502 0005 1332.",
      "He vendido un piso y quería saber cómo se calcula la plusvalía municipal.",
      "Tengo una providencia de apremio por un impuesto de circulación que ya pagué.",
      "Solicito el fraccionamiento de la deuda porque no puedo pagarla de una vez.",
      "Somos familia numerosa y no nos han aplicado la bonificación en el IBI del ejercicio 2025.",
      "El vehículo está dado de baja desde @f y me siguen cobrando el impuesto.",
      "Me han embargado la cuenta por una deuda de 312,40 euros que nunca me notificaron.",
      "Quería el justificante de pago de la tasa de basuras del año pasado.",
      "No encuentro la carta de pago para abonar el recibo en el banco.",
      "¿Hasta cuándo es el periodo voluntario de pago del impuesto de vehículos?",
      "La referencia catastral 9872023VH5797S0001WX del recibo no corresponde a mi vivienda."},
     {"ibi", "bienes inmuebles", "plusvalía", "recibo*", "domiciliar", "domiciliación",
      "fraccionamiento", "aplazamiento", "apremio", "embargado", "impuesto de circulación",
      "impuesto de vehículos", "bonificación", "referencia catastral", "carta de pago",
      "tasa de basuras"},
     {"el recibo del IBI", "la domiciliación de recibos", "la plusvalía municipal",
      "el impuesto de vehículos", "el fraccionamiento de deudas",
      "la bonificación por familia numerosa", "la tasa de basuras", "el periodo voluntario de pago",
      "los embargos por deudas municipales", "la devolución de ingresos indebidos"}},
    {"urbanismo",
     "Urbanismo",
     {"Licencia de obra", "Declaración responsable", "Obra sin licencia del vecino",
      "Estado de mi expediente de obra", "Cédula urbanística", "Inspección técnica de edificios"},
     {"Quiero reformar la cocina y el baño y no sé si necesito licencia de obra o basta con una "
      "declaración responsable.",
      "El vecino está haciendo una obra sin licencia en la terraza del ático.",
      "Presenté la solicitud de licencia con el expediente @e y no tengo noticias.",
      "Necesito un certificado de que la parcela es suelo urbano para venderla.",
      "Nos han pedido la inspección técnica del edificio y no sabemos a quién acudir.",
      "Queremos cerrar la terraza con aluminio y la comunidad nos pide el permiso municipal.",
      "¿Cuánto cuesta la tasa por ocupación de la vía pública con un contenedor de escombros?",
      "Hay un andamio en la @c que lleva meses montado sin ninguna obra.",
      "Quisiera consultar los planos del plan general para mi parcela.",
      "Me han notificado una orden de ejecución para arreglar la fachada.",
      "Quiero instalar placas solares en el tejado de mi casa.",
      "Solicito la licencia de primera ocupación de una vivienda unifamiliar."},
     {"licencia de obra", "declaración responsable", "obra sin licencia", "obra menor",
      "obra mayor", "andamio", "inspección técnica", "ite", "parcela", "plan general",
      "primera ocupación", "orden de ejecución", "fachada", "placas solares", "escombros",
      "cédula urbanística"},
     {"la licencia de obra menor", "la declaración responsable de obras",
      "la licencia de primera ocupación", "la inspección técnica de edificios",
      "las obras sin licencia", "la instalación de placas solares", "la cédula urbanística",
      "el cerramiento de terrazas", "las órdenes de ejecución", "la consulta del plan general"}},
    {"limpieza",
     "Limpieza y residuos",
     {"Contenedor lleno", "Recogida de muebles", "Basura en la calle", "Limpieza de pintadas",
      "Contenedor roto", "Excrementos de perro"},
     {"Los contenedores de la @c llevan tres días sin vaciarse y huele fatal.",
      "Quiero pedir la recogida de muebles y enseres viejos: un sofá y un colchón.",
      "Han dejado bolsas de basura fuera del contenedor junto al portal @n.",
      "Hay pintadas en la fachada del colegio que nadie limpia.",
      "El contenedor amarillo está roto y la tapa no cierra.",
      "Los camiones pasan a las tres de la mañana y hacen muchísimo ruido al vaciar el vidrio.",
      "La calle está llena de excrementos de perro, sobre todo junto al parque infantil.",
      "Solicito que coloquen un contenedor de papel y cartón en mi calle.",
      "Hay un vertido de escombros en un solar al final de la @c.",
      "¿Dónde está el punto limpio más cercano y qué horario tiene?",
      "La papelera de la parada del autobús está desbordada desde el fin de semana.",
      "Necesito saber cómo deshacerme de un frigorífico viejo."},
     {"contenedor*", "basura", "recogida de muebles", "enseres", "pintadas", "grafiti",
      "excrementos", "punto limpio", "papelera", "vertido", "barrendero", "limpieza viaria",
      "vidrio", "reciclaje"},
     {"la recogida de muebles y enseres", "el punto limpio", "los contenedores de reciclaje",
      "la limpieza de pintadas", "la recogida de residuos", "los horarios de recogida de basura",
      "la retirada de electrodomésticos", "los excrementos caninos", "el compostaje doméstico",
      "la limpieza viaria"}},
    {"movilidad",
     "Movilidad",
     {"Multa de tráfico", "Tarjeta de residente", "Vado", "Grúa", "Estacionamiento regulado",
      "Tarjeta de aparcamiento para discapacidad"},
     {"Me han puesto una multa de aparcamiento al coche con matrícula @m y yo no estaba allí.",
      "Quiero solicitar la tarjeta de residente para aparcar en la zona azul de mi barrio.",
      "La grúa se ha llevado mi coche y no había ninguna señal de prohibido aparcar.",
      "Necesito renovar la licencia de vado de mi garaje.",
      "Un coche aparca todos los días delante de mi vado y no puedo sacar el mío.",
      "Quiero presentar alegaciones a la denuncia de tráfico con expediente @e.",
      "Solicito la tarjeta de estacionamiento para personas con movilidad reducida.",
      "El semáforo del cruce de la @c está averiado desde ayer.",
      "¿Cómo identifico al conductor de una multa si el coche es de la empresa?",
      "Pido un paso de peatones delante del colegio porque los coches van muy rápido.",
      "Quiero saber dónde se pueden recargar los coches eléctricos en el municipio.",
      "El autobús urbano de la línea @n no respeta el horario."},
     {"multa", "sanción de tráfico", "denuncia de tráfico", "tarjeta de residente", "zona azul",
      "matrícula", "vado", "grúa", "depósito municipal", "aparcar", "estacionamiento",
      "movilidad reducida", "identificar al conductor", "semáforo", "paso de peatones",
      "autobús urbano"},
     {"la tarjeta de residente", "el pago de multas de tráfico", "las alegaciones a una multa",
      "la licencia de vado", "la retirada de vehículos por la grúa",
      "la tarjeta de estacionamiento para personas con discapacidad",
      "la identificación del conductor", "la zona de estacionamiento regulado",
      "los puntos de recarga de coches eléctricos", "las líneas de autobús urbano"}},
    {"sociales",
     "Servicios sociales",
     {"Ayuda a domicilio", "Dependencia", "Ayuda de emergencia social", "Teleasistencia",
      "Cita con la trabajadora social", "Renta mínima"},
     {"Mi padre tiene noventa años y necesita ayuda a domicilio para asearse.",
      "Solicitamos el reconocimiento de la dependencia hace un año y no nos han valorado.",
      "Estoy en paro, tengo dos hijos y no puedo pagar el alquiler este mes.",
      "Quiero pedir cita con la trabajadora social de mi zona.",
      "Mi madre vive sola y queremos solicitar la teleasistencia.",
      "Necesito información sobre las ayudas de emergencia social para pagar la luz.",
      "Me han denegado la renta mínima de inserción y quiero saber por qué.",
      "Queremos solicitar plaza en un centro de día para mi abuela con alzhéimer.",
      "Hay una persona mayor en mi edificio que creo que está sola y no se vale por sí misma.",
      "¿Qué ayudas hay para el comedor social de personas sin recursos?",
      "Me han cortado el agua por impago y tengo un bebé en casa.",
      "Necesito un informe social para la solicitud de vivienda."},
     {"ayuda a domicilio", "dependencia", "trabajadora social", "trabajador social",
      "teleasistencia", "emergencia social", "renta mínima", "ingreso mínimo vital",
      "centro de día", "servicios sociales", "informe social", "sin recursos", "alzhéimer",
      "pobreza energética"},
     {"la ayuda a domicilio", "el reconocimiento de la dependencia", "la teleasistencia",
      "las ayudas de emergencia social", "la renta mínima de inserción", "los centros de día",
      "la cita con los servicios sociales", "el informe social", "el comedor social",
      "las ayudas contra la pobreza energética"}},
    {"educacion",
     "Educación",
     {"Beca de comedor", "Escuela infantil", "Matrícula", "Escuela de música",
      "Actividades extraescolares", "Libros de texto"},
     {"Quería saber cuándo se abre el plazo de la beca de comedor escolar.",
      "Hemos solicitado plaza en la escuela infantil municipal y estamos en lista de espera con el "
      "número 37.",
      "Mi hijo empieza primaria y no sé cómo funciona el proceso de escolarización.",
      "¿Hay ayudas para la compra de libros de texto este curso?",
      "Quiero apuntar a mi hija a la escuela municipal de música.",
      "El colegio no tiene calefacción y los niños pasan frío en clase.",
      "Me han denegado la beca y tengo la renta muy por debajo del límite.",
      "¿Qué actividades extraescolares organiza el ayuntamiento en los colegios públicos?",
      "Solicito información sobre el programa de conciliación en vacaciones escolares.",
      "Necesito un certificado de asistencia a la escuela de adultos.",
      "Hay un problema de acoso escolar en el instituto y no sabemos a quién acudir.",
      "Quisiera matricularme en el curso de español para extranjeros."},
     {"beca*", "comedor escolar", "escuela infantil", "guardería", "escolarización",
      "libros de texto", "escuela de música", "colegio", "instituto", "extraescolares",
      "conciliación", "escuela de adultos", "acoso escolar", "matrícula escolar"},
     {"la beca de comedor escolar", "la admisión en escuelas infantiles",
      "el proceso de escolarización", "las ayudas para libros de texto",
      "la escuela municipal de música", "las actividades extraescolares",
      "los campamentos de conciliación", "la escuela de adultos", "el protocolo de acoso escolar",
      "los cursos de español para extranjeros"}},
    {"deportes",
     "Deportes",
     {"Abono de la piscina", "Reserva de pista", "Escuelas deportivas", "Polideportivo",
      "Carrera popular", "Devolución cursillo"},
     {"Quiero sacar el abono de temporada de la piscina municipal para toda la familia.",
      "No consigo reservar la pista de pádel por internet, la web da error.",
      "Las duchas del polideportivo llevan una semana sin agua caliente.",
      "¿Cuándo abren las inscripciones de las escuelas deportivas municipales?",
      "Me apunté al cursillo de natación y lo han cancelado; pido la devolución del importe.",
      "Quisiera inscribir a un equipo en la liga local de fútbol sala.",
      "El gimnasio municipal está siempre lleno y faltan monitores.",
      "¿Hay descuento en las instalaciones deportivas para jubilados?",
      "Queremos organizar una carrera popular solidaria y necesitamos permiso.",
      "La valla del campo de fútbol está rota y es peligrosa para los niños.",
      "¿A qué hora abre la piscina cubierta los domingos?",
      "Quiero darme de baja de la actividad de pilates en el centro deportivo."},
     {"piscina", "polideportivo", "pista de pádel", "pádel", "escuelas deportivas", "cursillo",
      "natación", "gimnasio", "instalaciones deportivas", "campo de fútbol", "fútbol sala",
      "carrera popular", "pilates", "centro deportivo"},
     {"el abono de la piscina municipal", "la reserva de pistas deportivas",
      "las escuelas deportivas municipales", "los cursillos de natación",
      "las ligas locales de fútbol sala", "los descuentos en instalaciones deportivas",
      "la organización de carreras populares", "el horario de la piscina cubierta",
      "las bajas en actividades deportivas", "el uso del gimnasio municipal"}},
    {"cultura",
     "Cultura y fiestas",
     {"Fiestas patronales", "Biblioteca", "Inscripción en talleres", "Entradas para el teatro",
      "Uso del centro cultural", "Cabalgata"},
     {"Quería información sobre el programa de las fiestas patronales de este año.",
      "El carné de la biblioteca me ha caducado y quiero renovarlo.",
      "¿Cómo me inscribo en los talleres de pintura del centro cultural?",
      "Compré entradas para el teatro municipal y la función se ha suspendido.",
      "Somos una asociación vecinal y queremos una sala del centro cultural para una reunión.",
      "Los conciertos de las fiestas terminan a las cuatro de la mañana y no se puede dormir.",
      "Quisiera participar con una carroza en la cabalgata de reyes.",
      "La biblioteca cierra los sábados justo en época de exámenes.",
      "¿Hay subvenciones para asociaciones culturales este año?",
      "Quiero proponer una exposición de fotografía en la sala municipal.",
      "Me gustaría saber si el museo municipal tiene visitas guiadas para colegios.",
      "No me han devuelto la fianza del uso del auditorio."},
     {"fiestas patronales", "biblioteca", "carné de lector", "centro cultural", "taller*", "teatro",
      "auditorio", "cabalgata", "concierto*", "exposición", "museo", "asociación cultural",
      "subvenciones culturales", "casa de la cultura"},
     {"el carné de la biblioteca", "los talleres del centro cultural",
      "la venta de entradas del teatro municipal", "la cesión de salas a asociaciones",
      "el programa de fiestas patronales", "la cabalgata de reyes",
      "las subvenciones a asociaciones culturales", "las visitas guiadas al museo",
      "las exposiciones en salas municipales", "el préstamo de libros electrónicos"}},
    {"policia",
     "Policía local",
     {"Ruidos de vecinos", "Coche abandonado", "Botellón", "Objetos perdidos", "Vandalismo",
      "Ocupación de vivienda"},
     {"Los vecinos del cuarto tienen fiestas todas las noches con la música altísima hasta las "
      "tres de la madrugada.",
      "Hay un coche abandonado en la @c desde hace meses, con las ruedas pinchadas.",
      "Todos los fines de semana hay botellón en la plaza y dejan todo lleno de cristales.",
      "He perdido la cartera en el autobús y quería saber si la han llevado a objetos perdidos.",
      "Han roto los cristales de varios coches en el aparcamiento de la @c.",
      "Creo que han ocupado el piso vacío de mi edificio.",
      "Un bar de la zona tiene la música alta hasta las tres de la mañana.",
      "Hay motos que circulan a toda velocidad por la zona peatonal.",
      "Quiero denunciar que un perro peligroso va suelto sin bozal por el parque.",
      "Necesito una copia del atestado del accidente del @f.",
      "Unos chicos están quemando contenedores por la noche.",
      "Solicito presencia policial a la salida del colegio."},
     {"ruido*", "música alta", "coche abandonado", "vehículo abandonado", "botellón",
      "objetos perdidos", "vandalismo", "ocupado", "okupa*", "policía local", "atestado",
      "perro peligroso", "sin bozal", "presencia policial"},
     {"las denuncias por ruidos", "la oficina de objetos perdidos",
      "la retirada de vehículos abandonados", "las copias de atestados",
      "la licencia de perros potencialmente peligrosos", "el botellón en la vía pública",
      "la vigilancia a la salida de los colegios", "la ocupación ilegal de viviendas",
      "las motos en zonas peatonales", "la mediación vecinal"}},
    {"vias",
     "Vías públicas y alumbrado",
     {"Bache en la calzada", "Farola apagada", "Acera rota", "Alcantarilla atascada",
      "Fuga de agua", "Señal caída"},
     {"Hay un bache enorme en la calzada de la @c, delante del número @n.",
      "La farola de mi portal lleva una semana apagada y la calle está a oscuras.",
      "Las baldosas de la acera están levantadas y mi madre se ha caído.",
      "La alcantarilla de la esquina está atascada y cuando llueve se inunda la calle.",
      "Hay una fuga de agua en la calle, sale agua del asfalto desde esta mañana.",
      "Una señal de tráfico se ha caído y está en medio de la acera.",
      "El alumbrado público de todo el barrio se apaga a medianoche.",
      "La rampa de acceso para sillas de ruedas está rota.",
      "Falta una tapa de registro en la acera de la @c, número @n, y es muy peligroso.",
      "Los bolardos de la plaza están doblados y pueden provocar un accidente.",
      "Pido que asfalten la calle, está llena de agujeros.",
      "El banco de la parada del autobús está roto."},
     {"bache*", "calzada", "farola*", "alumbrado", "acera*", "baldosa*", "alcantarilla", "sumidero",
      "fuga de agua", "asfalt*", "tapa de registro", "bolardo*", "socavón", "mobiliario urbano"},
     {"los baches en la calzada", "las farolas apagadas", "la reparación de aceras",
      "las alcantarillas atascadas", "las fugas de agua en la vía pública",
      "las señales de tráfico dañadas", "el alumbrado público", "las rampas de accesibilidad",
      "el mobiliario urbano roto", "el asfaltado de calles"}},
    {"parques",
     "Parques y jardines",
     {"Poda de árboles", "Parque infantil", "Riego", "Plaga de procesionaria",
      "Zona verde abandonada", "Árbol caído"},
     {"Las ramas del árbol de la @c tocan las ventanas del primer piso; pido que lo poden.",
      "El columpio del parque infantil está roto y es peligroso.",
      "Los aspersores del parque riegan a mediodía en pleno verano.",
      "Hay procesionaria en los pinos del parque donde juegan los niños.",
      "El césped de la zona verde no se corta desde hace meses.",
      "Se ha caído un árbol con el temporal y bloquea el paso.",
      "Hay ratas en los setos del jardín junto al colegio.",
      "Quiero solicitar la tala de un árbol que está levantando el suelo de mi casa.",
      "Pedimos que pongan un pipicán en el barrio.",
      "Las fuentes de agua potable del parque no funcionan.",
      "Hay muchas avispas en un nido del parque, junto a los bancos.",
      "¿Se pueden plantar árboles en el alcorque vacío de mi calle?"},
     {"poda*", "árbol*", "parque infantil", "columpio*", "riego", "aspersor*", "procesionaria",
      "plaga*", "zona verde", "césped", "tala", "pipicán", "alcorque", "jardines"},
     {"la poda de árboles", "los parques infantiles", "el riego de zonas verdes",
      "la procesionaria del pino", "la tala de árboles", "los pipicanes",
      "las plagas en parques y jardines", "los huertos urbanos", "las fuentes de los parques",
      "el arbolado urbano"}},
    {"comercio",
     "Comercio y consumo",
     {"Licencia de terraza", "Reclamación de consumo", "Mercadillo", "Licencia de apertura",
      "Venta ambulante", "Horario comercial"},
     {"Quiero abrir una cafetería y necesito saber los pasos para la licencia de actividad.",
      "Solicito ampliar la terraza del bar con cuatro mesas más.",
      "He tenido un problema con una compañía telefónica y quiero poner una reclamación de "
      "consumo.",
      "¿Cómo puedo conseguir un puesto en el mercadillo de los jueves?",
      "La terraza del bar de abajo ocupa toda la acera y no se puede pasar con el carrito.",
      "Una tienda no me quiere devolver el dinero de un producto defectuoso.",
      "Quiero hacer el cambio de titularidad de la licencia de un comercio.",
      "Hay venta ambulante sin permiso a la salida del metro.",
      "Solicito información sobre las ayudas al pequeño comercio.",
      "¿Qué horario comercial está permitido los domingos y festivos?",
      "Quiero saber si necesito licencia para una peluquería en un bajo.",
      "La hoja de reclamaciones que me dieron en el taller no tiene sello."},
     {"terraza*", "licencia de actividad", "licencia de apertura", "reclamación de consumo",
      "consumo", "omic", "mercadillo", "venta ambulante", "cambio de titularidad",
      "pequeño comercio", "horario comercial", "hoja de reclamaciones", "comercio*", "hostelería"},
     {"la licencia de terraza", "la licencia de actividad", "las reclamaciones de consumo",
      "los puestos del mercadillo", "el cambio de titularidad de licencias", "la venta ambulante",
      "las ayudas al pequeño comercio", "el horario comercial en festivos",
      "la oficina municipal de información al consumidor", "las hojas de reclamaciones"}},
    {"vivienda",
     "Vivienda",
     {"Vivienda protegida", "Ayuda al alquiler", "Registro de demandantes",
      "Inspección de vivienda", "Rehabilitación", "Humedades"},
     {"Quiero inscribirme en el registro de demandantes de vivienda protegida.",
      "¿Cuándo sale la próxima convocatoria de ayudas al alquiler para jóvenes?",
      "Vivo en una vivienda municipal y hay humedades en todas las paredes.",
      "Solicito información sobre las ayudas para la rehabilitación de edificios y la "
      "instalación de ascensor.",
      "Me van a desahuciar el mes que viene y no tengo adónde ir.",
      "El casero no quiere devolverme la fianza del alquiler.",
      "Queremos saber si la comunidad puede pedir la subvención para mejorar la eficiencia "
      "energética.",
      "Llevo cuatro años en lista de espera para un piso de alquiler social.",
      "Necesito un certificado de que no tengo ninguna vivienda en propiedad.",
      "El edificio de enfrente está en ruinas y tiene grietas.",
      "Queremos adaptar el baño de mi padre, que va en silla de ruedas; ¿hay ayudas?",
      "Pregunto si puedo alquilar una habitación de mi piso de protección oficial."},
     {"vivienda protegida", "protección oficial", "demandantes de vivienda", "ayuda al alquiler",
      "ayudas al alquiler", "alquiler social", "rehabilitación", "ascensor", "desahucio*",
      "desahuciar", "fianza", "humedad*", "eficiencia energética", "vivienda municipal"},
     {"el registro de demandantes de vivienda protegida", "las ayudas al alquiler para jóvenes",
      "la rehabilitación de edificios", "la instalación de ascensores",
      "la prevención de desahucios", "el depósito de fianzas de alquiler",
      "el alquiler social municipal", "la eficiencia energética en viviendas",
      "la adaptación de viviendas", "las viviendas de protección oficial"}},
    {"atencion",
     "Atención a la ciudadanía",
     {"Cita previa", "Certificado digital", "Registro de documentos", "Sede electrónica",
      "Información general", "Quejas y sugerencias"},
     {"No consigo pedir cita previa en la oficina de atención ciudadana, siempre está todo lleno.",
      "Quiero obtener el certificado digital y no sé dónde acreditar mi identidad.",
      "La sede electrónica no me deja firmar la solicitud con la clave pin.",
      "Necesito presentar un escrito dirigido a otra administración por registro.",
      "¿Cuál es el horario de la oficina de atención a la ciudadanía en agosto?",
      "Presenté una instancia general hace dos meses y nadie me ha contestado.",
      "Quiero poner una queja por el trato recibido en la ventanilla.",
      "No me llegan las notificaciones electrónicas del ayuntamiento.",
      "¿Puedo compulsar documentos en la oficina de registro?",
      "He olvidado el PIN de la clave y necesito entrar en la carpeta ciudadana.",
      "Quisiera saber el teléfono del departamento que lleva mi expediente @e.",
      "Tengo una sugerencia para mejorar la página web municipal."},
     {"cita previa", "certificado digital", "sede electrónica", "registro electrónico",
      "instancia general", "atención ciudadana", "atención a la ciudadanía", "clave pin",
      "notificaciones electrónicas", "compulsar", "copia auténtica", "queja*", "sugerencia*",
      "carpeta ciudadana"},
     {"la cita previa", "el certificado digital", "la sede electrónica", "la instancia general",
      "el registro de documentos", "las notificaciones electrónicas", "las quejas y sugerencias",
      "la carpeta ciudadana", "las copias auténticas", "el horario de las oficinas de atención"}},
};
#define NDEPTS COUNT(DEPTS)

static size_t nlist(const char *const *v, size_t max) {
  size_t n = 0;
  while (n < max && v[n])
    n++;
  return n;
}
#define NL(arr)       nlist((arr), COUNT(arr))
#define PICKL(r, arr) ((arr)[rnd((r), NL(arr))])
#define PICK(r, arr)  ((arr)[rnd((r), COUNT(arr))])

/* ---- shared fragments ------------------------------------------------------ */

static const char *const GREETINGS[] = {"Buenos días,",
                                        "Buenas tardes,",
                                        "Hola,",
                                        "Hola, buenas.",
                                        "Estimados señores:",
                                        "A la atención del ayuntamiento:",
                                        "Buenas noches.",
                                        ""};
static const char *const OPENERS[] = {
    "Les escribo en relación con un problema de mi calle.",
    "Me pongo en contacto con ustedes para hacer una consulta.",
    "Soy vecino de la @c.",
    "Les escribo porque no sé a quién dirigirme.",
    "Quería hacerles una consulta.",
    "Vivo en la @c, número @n.",
    "Me han dicho en la oficina que escriba por aquí.",
    "Les escribo de parte de mi madre, que no maneja el ordenador.",
};
static const char *const FILLERS[] = {
    "Llevo más de un mes esperando una respuesta.",
    "Adjunto fotografías para que vean cómo está.",
    "No sé si este es el sitio adecuado; si no, les ruego que lo pasen a quien corresponda.",
    "Por las mañanas trabajo y no puedo acercarme a la oficina.",
    "Les agradecería una respuesta lo antes posible.",
    "Ya llamé por teléfono la semana pasada y me dijeron que lo pusiera por escrito.",
    "Es la tercera vez que escribo por este asunto.",
    "Vivo en el barrio desde hace más de veinte años y nunca había pasado algo así.",
    "Pueden llamarme por la tarde al teléfono que figura en la solicitud.",
    "Tengo dos niños pequeños y a mi madre a mi cargo.",
    "No tengo certificado digital, así que prefiero que me contesten por correo.",
    "Espero que puedan solucionarlo pronto.",
    "En la web no encuentro la información y el teléfono siempre comunica.",
    "Es urgente porque el plazo termina el viernes.",
    "Muchos vecinos estamos en la misma situación.",
    "Pago mis impuestos como todo el mundo y creo que merezco una respuesta.",
    "Disculpen si no me explico bien, no estoy acostumbrado a escribir estas cosas.",
    "Me gustaría que alguien se pusiera en contacto conmigo.",
    "Lo he comentado con el presidente de la comunidad y está de acuerdo.",
    "Si hace falta algún documento más, díganmelo y lo envío.",
    "Les escribo también en nombre de mis vecinos del portal.",
    "Ayer por la tarde volvió a pasar lo mismo.",
    "He buscado en la página del ayuntamiento pero no queda claro.",
    "Soy una persona mayor y me cuesta mucho hacer trámites por internet.",
    "El @f ya presenté un escrito por registro sobre lo mismo.",
    "Pueden ver más información en https://www.example.org/incidencia/@n.",
};
static const char *const VAGUE[] = {
    "Quería información, ¿me pueden llamar?",
    "Tengo una duda sobre un trámite.",
    "¿Cuál es el horario de atención?",
    "Necesito hablar con alguien del ayuntamiento.",
    "No sé qué tengo que hacer con la carta que me ha llegado.",
    "¿Me pueden decir a qué departamento tengo que dirigirme?",
    "Necesito que me ayuden con un papel que me han pedido.",
    "¿Esto se puede hacer por internet o tengo que ir en persona?",
};
static const char *const CLOSINGS[] = {"Muchas gracias.",      "Un saludo.",
                                       "Atentamente,",         "Quedo a la espera de su respuesta.",
                                       "Gracias de antemano.", "Saludos cordiales,",
                                       "Un cordial saludo.",   "Gracias."};
static const char *const STREETS[] = {"calle Mayor",
                                      "calle de la Iglesia",
                                      "avenida de la Constitución",
                                      "plaza de España",
                                      "calle Real",
                                      "calle del Olivo",
                                      "avenida de Portugal",
                                      "calle Cervantes",
                                      "paseo de la Estación",
                                      "calle de Toledo",
                                      "calle Pablo Neruda",
                                      "calle Río Duero",
                                      "avenida de los Deportes",
                                      "calle Los Rosales",
                                      "plaza del Carmen",
                                      "calle Federico García Lorca"};
static const char *const FIRST[] = {"María",  "Carmen", "José",   "Antonio", "Lucía",
                                    "Manuel", "Ana",    "Javier", "Laura",   "Francisco",
                                    "Isabel", "David",  "Pilar",  "Miguel",  "Rocío",
                                    "Ahmed",  "Elena",  "Iván",   "Fátima",  "Sergio"};
static const char *const LAST[] = {"García",   "Fernández", "González",  "Rodríguez", "López",
                                   "Martínez", "Sánchez",   "Pérez",     "Gómez",     "Martín",
                                   "Jiménez",  "Ruiz",      "Hernández", "Díaz",      "Moreno",
                                   "Álvarez",  "Romero",    "Navarro",   "Torres",    "El Amrani"};
static const char *const MONTHS[] = {"enero",      "febrero", "marzo",     "abril",
                                     "mayo",       "junio",   "julio",     "agosto",
                                     "septiembre", "octubre", "noviembre", "diciembre"};

/* Expands @c @n @f @m @e (and, with a department, @T topic, @W one of its
 * words, @D a number of days or euros) into b. */
struct gen {
  struct rng *r;
  const struct dept *d;
  const char *topic;
  const char *const *words; /* the department's words (kb) */
  size_t nwords;
};

static void expand(struct vt_buf *b, const char *tpl, struct gen *g) {
  for (const char *p = tpl; *p; p++) {
    if (*p != '@' || !p[1]) {
      vt_buf_append_mem(b, p, 1);
      continue;
    }
    switch (*++p) {
    case 'c':
      vt_buf_append(b, PICK(g->r, STREETS));
      break;
    case 'n':
      vt_buf_appendf(b, "%zu", 1 + rnd(g->r, 120));
      break;
    case 'f':
      vt_buf_appendf(b, "%zu de %s", 1 + rnd(g->r, 28), PICK(g->r, MONTHS));
      break;
    case 'm': {
      static const char L[] = "BCDFGHJKLMNPRSTVWXYZ";
      vt_buf_appendf(b, "%04zu %c%c%c", rnd(g->r, 10000), L[rnd(g->r, 20)], L[rnd(g->r, 20)],
                     L[rnd(g->r, 20)]);
      break;
    }
    case 'e':
      vt_buf_appendf(b, "%s %zu/%06zu", chance(g->r, 0.5) ? "número" : "nº", 2020 + rnd(g->r, 6),
                     rnd(g->r, 1000000));
      break;
    case 'T':
      vt_buf_append(b, g->topic ? g->topic : "este trámite");
      break;
    case 'W':
      vt_buf_append(b, g->nwords ? g->words[rnd(g->r, g->nwords)] : "documento");
      break;
    case 'D':
      vt_buf_appendf(b, "%zu", 5 + rnd(g->r, 90));
      break;
    default:
      vt_buf_append_mem(b, p - 1, 2);
    }
  }
}

static void sentence(struct vt_buf *b, const char *tpl, struct gen *g) {
  if (b->len && b->data[b->len - 1] != '\n')
    vt_buf_append(b, " ");
  expand(b, tpl, g);
}

/* ---- requests ---------------------------------------------------------------- */

struct msg {
  char *subject, *body;
  int dept; /* -1: vague, no department */
  enum vt_channel channel;
  const char *service; /* borrowed from the service codes */
};

static char service_codes[NDEPTS][2][64];

static void dni(struct vt_buf *b, struct rng *r) {
  static const char L[] = "TRWAGMYFPDXBNJZSQVHLCKE";
  unsigned n = (unsigned)rnd(r, 100000000);
  vt_buf_appendf(b, "%08u%c", n, L[n % 23]);
}

/* One request of about target bytes (subject + body), 100..2,000. */
static void make_msg(struct rng *r, struct msg *m) {
  struct gen g = {r, NULL, NULL, NULL, 0};
  bool vague = chance(r, 0.08);
  m->dept = vague ? -1 : (int)rnd(r, NDEPTS);
  const struct dept *d = vague ? NULL : &DEPTS[m->dept];
  double u = rnd01(r);
  size_t target = 100 + (size_t)(1900 * u * u); /* median ~575 bytes */
  struct vt_buf s = VT_BUF_INIT, b = VT_BUF_INIT, tail = VT_BUF_INIT;
  if (!d || chance(r, 0.2))
    vt_buf_append(&s, chance(r, 0.5) ? "Consulta" : "Solicitud de información");
  else
    vt_buf_append(&s, PICKL(r, d->subjects));
  /* The closing and signature, written first to know their length. */
  vt_buf_appendf(&tail, "\n\n%s\n%s %s %s", PICK(r, CLOSINGS), PICK(r, FIRST), PICK(r, LAST),
                 PICK(r, LAST));
  if (chance(r, 0.3)) {
    vt_buf_append(&tail, "\nDNI ");
    dni(&tail, r);
  }
  if (chance(r, 0.3))
    vt_buf_appendf(&tail, "\nTel. %s6%02zu %03zu %03zu", chance(r, 0.3) ? "+34 " : "", rnd(r, 100),
                   rnd(r, 1000), rnd(r, 1000));
  if (chance(r, 0.15))
    vt_buf_appendf(&tail, "\n%c%s%zu@correo.example", "mjalcs"[rnd(r, 6)], "garcia", rnd(r, 1000));
  const char *greet = PICK(r, GREETINGS);
  if (*greet)
    vt_buf_appendf(&b, "%s\n\n", greet);
  if (chance(r, 0.35))
    sentence(&b, PICK(r, OPENERS), &g);
  sentence(&b, d ? PICKL(r, d->sentences) : PICK(r, VAGUE), &g);
  while (s.len + b.len + tail.len < target) {
    double x = rnd01(r);
    if (d && x < 0.45)
      sentence(&b, PICKL(r, d->sentences), &g);
    else if (x < 0.85)
      sentence(&b, PICK(r, FILLERS), &g);
    else if (x < 0.95) /* a word about something else */
      sentence(&b, PICKL(r, DEPTS[rnd(r, NDEPTS)].sentences), &g);
    else
      sentence(&b, PICK(r, VAGUE), &g);
    if (chance(r, 0.2))
      vt_buf_append(&b, "\n\n");
  }
  vt_buf_append(&b, tail.data);
  /* At most 2,000 bytes in all: cut the body at a space. */
  if (s.len + b.len > 2000) {
    size_t cut = 2000 - s.len;
    while (cut > 0 && b.data[cut] != ' ')
      cut--;
    b.data[cut] = '\0';
    b.len = cut;
  }
  vt_buf_release(&tail);
  m->subject = vt_buf_steal(&s);
  m->body = vt_buf_steal(&b);
  static const enum vt_channel CH[] = {
      VT_CH_WEB,   VT_CH_WEB,  VT_CH_WEB,   VT_CH_WEB,      VT_CH_EMAIL,     VT_CH_EMAIL,
      VT_CH_EMAIL, VT_CH_CHAT, VT_CH_PHONE, VT_CH_WHATSAPP, VT_CH_IN_PERSON, VT_CH_TELEGRAM};
  m->channel = PICK(r, CH);
  m->service = d && chance(r, 0.3) ? service_codes[m->dept][rnd(r, 2)] : NULL;
}

static void msg_release(struct msg *m) {
  free(m->subject);
  free(m->body);
}

/* ---- rules ----------------------------------------------------------------- */

static const char *const INTENTS[] = {"plazo", "solicitud", "información", "documentos", "cita",
                                      "pago",  "precio",    "horario",     "requisitos", "renovar"};
static const char *const EXCLUDE[] = {"queja",   "reclamación", "denuncia", "abogado",
                                      "recurso", "alegaciones", "juzgado",  "sin respuesta"};
static const char *const CHANNELS[] = {"web",      "email",     "chat",    "phone",
                                       "whatsapp", "in_person", "telegram"};

/* Rules that tag and go on ("stop": false). */
struct tag_rule {
  const char *name, *tag, *priority;
  const char *words[8];
};
static const struct tag_rule TAG_RULES[] = {
    {"Urgencias",
     "urgente",
     "high",
     {"urgente", "urgencia", "cuanto antes", "lo antes posible", "peligro*", "accidente"}},
    {"Personas mayores",
     "mayores",
     NULL,
     {"persona mayor", "personas mayores", "jubilad*", "noventa años", "abuela", "abuelo"}},
    {"Menores", "menores", NULL, {"bebé", "niños", "hijo", "hija", "menor de edad"}},
    {"Accesibilidad",
     "accesibilidad",
     NULL,
     {"silla de ruedas", "movilidad reducida", "discapacidad", "rampa"}},
    {"Quejas",
     "queja",
     NULL,
     {"queja*", "trato recibido", "nadie me ha contestado", "sin respuesta", "tercera vez"}},
    {"Reiteraciones",
     "reiterada",
     NULL,
     {"tercera vez", "ya llamé", "ya presenté", "más de un mes esperando"}},
    {"Vecinos afectados",
     "colectiva",
     NULL,
     {"muchos vecinos", "en nombre de mis vecinos", "presidente de la comunidad",
      "asociación vecinal"}},
    {"Sin medios electrónicos",
     "brecha-digital",
     NULL,
     {"no tengo certificado digital", "me cuesta mucho", "no maneja el ordenador"}},
    {"Fotografías", "con-fotos", NULL, {"adjunto fotografías", "fotos", "foto"}},
    {"Extranjería", "extranjeros", NULL, {"extranjero", "extranjera", "nie", "español para"}},
};

struct regex_rule {
  const char *name, *re, *dept, *tag, *priority;
  bool confidential;
  const char *words[6]; /* words_any; none: the regex alone decides */
};
static const struct regex_rule REGEX_RULES[] = {
    {"DNI en el texto", "\\b\\d{8}\\s?-?[A-HJ-NP-TV-Z]\\b", NULL, "con-dni", NULL, false, {NULL}},
    {"NIE en el texto", "\\b[XYZ]-?\\d{7}-?[A-Z]\\b", NULL, "con-nie", NULL, false, {NULL}},
    {"Número de expediente",
     "\\b(?:expediente|exp\\.?)\\s*(?:n(?:[º°o]|úmero)\\.?\\s*)?\\d{4}/\\d{3,6}\\b",
     NULL,
     "con-expediente",
     NULL,
     false,
     {NULL}},
    {"Teléfono en el texto",
     "(?<!\\d)(?:\\+34\\s?)?[6789]\\d{2}\\s?\\d{3}\\s?\\d{3}(?!\\d)",
     NULL,
     "con-telefono",
     NULL,
     false,
     {NULL}},
    {"Correo en el texto", "[\\w.+-]+@[\\w-]+\\.[\\w.]+", NULL, "con-email", NULL, false, {NULL}},
    {"Enlaces", "https?://\\S+", NULL, "enlace", NULL, false, {NULL}},
    {"Exclamaciones", "!{2,}|¡{2,}", NULL, "exclamaciones", NULL, false, {NULL}},
    {"Referencia catastral",
     "\\b\\d{7}[A-Z]{2}\\d{4}[A-Z]\\d{4}[A-Z]{2}\\b",
     "tributos",
     "catastro",
     NULL,
     false,
     {NULL}},
    {"Violencia: confidencial",
     "\\b(?:me (?:ha|han) (?:pegado|amenazado|agredido)|violencia de g[eé]nero|maltrat\\w*)\\b",
     "sociales",
     "victimas",
     "urgent",
     true,
     {NULL}},
    {"Riesgo de suicidio",
     "\\b(?:no quiero seguir viviendo|quitarme la vida|suicid\\w*)\\b",
     "sociales",
     "riesgo",
     "urgent",
     true,
     {NULL}},
    {"Cuenta bancaria para domiciliar",
     "\\bES\\d{2}[ ]?(?:\\d{4}[ ]?){5}\\b",
     "tributos",
     "domiciliacion",
     NULL,
     false,
     {"domicili*", "cuenta", "recibo*"}},
    {"Matrícula en multas",
     "\\b\\d{4}[ -]?[BCDFGHJKLMNPRSTVWXYZ]{3}\\b",
     "movilidad",
     "matricula",
     NULL,
     false,
     {"multa", "grúa", "denuncia", "matrícula"}},
    {"Fecha en citas y plazos",
     "\\b\\d{1,2}[/-]\\d{1,2}[/-]\\d{2,4}\\b",
     NULL,
     "con-fecha",
     NULL,
     false,
     {"plazo", "cita", "fecha"}},
    {"Importes en recibos",
     "\\d+(?:[.,]\\d{2})?\\s?(?:€|euros)",
     "tributos",
     "importe",
     NULL,
     false,
     {"recibo*", "multa", "tasa", "pago", "deuda"}},
    {"Ruido de madrugada",
     "\\b(?:a|hasta) las (?:dos|tres|cuatro|cinco|[1-5])\\s+de la (?:madrugada|mañana)\\b",
     "policia",
     "ruido-nocturno",
     "high",
     false,
     {"ruido*", "música", "fiesta*", "bar"}},
    {"Dirección con número",
     "\\b(?:c/"
     "|calle|avda\\.?|avenida|plaza|paseo)\\s+[^,.\\n]{3,40}?,?\\s*(?:n[º°o]\\.?\\s*|número\\s+)?"
     "\\d{1,3}\\b",
     "vias",
     "con-direccion",
     NULL,
     false,
     {"bache*", "farola*", "acera*", "tapa de registro"}},
    {"Fugas de agua o gas",
     "\\b(?:fuga|escape)s?\\s+de\\s+(?:agua|gas)\\b",
     "vias",
     "fuga",
     "urgent",
     false,
     {"fuga*", "escape", "agua", "gas"}},
    {"Ejercicio fiscal",
     "\\b(?:ejercicio|año)\\s+20[0-3]\\d\\b",
     "tributos",
     "ejercicio",
     NULL,
     false,
     {"ibi", "impuesto*", "recibo*", "bonificación"}},
    {"Lista de espera con número",
     "\\blista de espera\\b[^.]{0,60}?\\b\\d+\\b",
     NULL,
     "lista-espera",
     NULL,
     false,
     {"escuela infantil", "vivienda", "alquiler social", "centro de día"}},
    {"Citas de normativa",
     "\\b(?:ley|art[ií]culo|art\\.)\\s*\\d+",
     NULL,
     "juridico",
     NULL,
     false,
     {"recurso", "alegaciones", "reclamación"}},
};

static json_t *str_array(const char *const *v, size_t n) {
  json_t *a = json_array();
  for (size_t i = 0; i < n; i++)
    json_array_append_new(a, json_string(v[i]));
  return a;
}

/* n distinct entries of v[0..nv) in random order. */
static json_t *pick_distinct(struct rng *r, const char *const *v, size_t nv, size_t n,
                             const char **first) {
  size_t idx[32];
  for (size_t i = 0; i < nv && i < 32; i++)
    idx[i] = i;
  if (nv > 32)
    nv = 32;
  if (n > nv)
    n = nv;
  json_t *a = json_array();
  for (size_t i = 0; i < n; i++) {
    size_t j = i + rnd(r, nv - i), t = idx[i];
    idx[i] = idx[j];
    idx[j] = t;
    json_array_append_new(a, json_string(v[idx[i]]));
    if (i == 0 && first)
      *first = v[idx[i]];
  }
  return a;
}

/* The administration's rules as a JSON array: 150 department rules (15
 * for each of 10 departments), 10 tagging rules repeated with channel
 * variants to 30, 20 regex rules. */
static char *make_rules(size_t total, size_t *n_regex) {
  struct rng rr = {42}, *r = &rr;
  json_t *arr = json_array();
  size_t nre = COUNT(REGEX_RULES), ntag = 30, ndept = total > nre + ntag ? total - nre - ntag : 0;
  /* Positions: a shuffled 1..total, times 10 (the gaps an admin leaves). */
  long *pos = calloc(total, sizeof *pos);
  for (size_t i = 0; i < total; i++)
    pos[i] = (long)(i + 1) * 10;
  for (size_t i = total; i > 1; i--) {
    size_t j = rnd(r, i);
    long t = pos[i - 1];
    pos[i - 1] = pos[j];
    pos[j] = t;
  }
  /* Rules for the clear cases of ten departments; the other five are left
   * to the classifier, as an administration starting with rules would. */
  static const char *const RULED[] = {"padron",   "tributos",  "urbanismo", "limpieza", "movilidad",
                                      "sociales", "educacion", "policia",   "vias",     "atencion"};
  size_t ruled[COUNT(RULED)];
  for (size_t i = 0; i < COUNT(RULED); i++)
    for (size_t j = 0; j < NDEPTS; j++)
      if (!strcmp(DEPTS[j].code, RULED[i]))
        ruled[i] = j;
  size_t k = 0;
  for (size_t i = 0; i < ndept; i++, k++) {
    size_t dk = ruled[i % COUNT(RULED)];
    const struct dept *d = &DEPTS[dk];
    json_t *when = json_object(), *then = json_object();
    const char *first = NULL;
    json_object_set_new(when, "words_any",
                        pick_distinct(r, d->keywords, NL(d->keywords), 2 + rnd(r, 4), &first));
    if (chance(r, 0.25))
      json_object_set_new(when, "words_all", pick_distinct(r, INTENTS, COUNT(INTENTS), 1, NULL));
    if (chance(r, 0.3))
      json_object_set_new(when, "words_none",
                          pick_distinct(r, EXCLUDE, COUNT(EXCLUDE), 1 + rnd(r, 2), NULL));
    if (chance(r, 0.2))
      json_object_set_new(when, "channels",
                          pick_distinct(r, CHANNELS, COUNT(CHANNELS), 1 + rnd(r, 3), NULL));
    if (chance(r, 0.1))
      json_object_set_new(when, "services", json_pack("[s]", service_codes[dk][rnd(r, 2)]));
    json_object_set_new(then, "department", json_string(d->code));
    if (chance(r, 0.3))
      json_object_set_new(then, "service", json_string(service_codes[dk][0]));
    if (chance(r, 0.2))
      json_object_set_new(then, "priority", json_string(chance(r, 0.7) ? "high" : "low"));
    json_object_set_new(then, "tags", json_pack("[s]", d->code));
    if (chance(r, 0.3))
      json_object_set_new(then, "assign",
                          json_string(chance(r, 0.5) ? "round_robin" : "least_loaded"));
    if (chance(r, 0.15))
      json_object_set_new(
          then, "auto_reply",
          json_string("Hemos recibido su solicitud y la hemos enviado al departamento que la "
                      "tramita. Le responderemos en un plazo máximo de diez días hábiles."));
    if (!strcmp(d->code, "sociales") && chance(r, 0.3))
      json_object_set_new(then, "confidential", json_true());
    char name[200];
    snprintf(name, sizeof name, "%s: %s (%zu)", d->name, first ? first : "", i / COUNT(RULED) + 1);
    json_array_append_new(arr, json_pack("{s:I, s:s, s:I, s:o, s:o}", "id", (json_int_t)k + 1,
                                         "name", name, "position", (json_int_t)pos[k], "when", when,
                                         "then", then));
  }
  for (size_t i = 0; i < ntag; i++, k++) {
    const struct tag_rule *t = &TAG_RULES[i % COUNT(TAG_RULES)];
    json_t *when = json_object(), *then = json_object();
    json_object_set_new(when, "words_any", str_array(t->words, NL(t->words)));
    if (i >= COUNT(TAG_RULES)) /* the variants: per channel */
      json_object_set_new(when, "channels",
                          pick_distinct(r, CHANNELS, COUNT(CHANNELS), 1 + rnd(r, 2), NULL));
    json_object_set_new(then, "tags", json_pack("[s]", t->tag));
    if (t->priority)
      json_object_set_new(then, "priority", json_string(t->priority));
    json_object_set_new(then, "stop", json_false());
    char name[200];
    snprintf(name, sizeof name, "Etiqueta: %s (%zu)", t->name, i / COUNT(TAG_RULES) + 1);
    json_array_append_new(arr, json_pack("{s:I, s:s, s:I, s:o, s:o}", "id", (json_int_t)k + 1,
                                         "name", name, "position", (json_int_t)pos[k], "when", when,
                                         "then", then));
  }
  for (size_t i = 0; i < nre && k < total; i++, k++) {
    const struct regex_rule *x = &REGEX_RULES[i];
    json_t *when = json_object(), *then = json_object();
    json_object_set_new(when, "regex", json_string(x->re));
    if (x->words[0])
      json_object_set_new(when, "words_any", str_array(x->words, NL(x->words)));
    if (x->dept)
      json_object_set_new(then, "department", json_string(x->dept));
    json_object_set_new(then, "tags", json_pack("[s]", x->tag));
    if (x->priority)
      json_object_set_new(then, "priority", json_string(x->priority));
    if (x->confidential)
      json_object_set_new(then, "confidential", json_true());
    if (!x->dept)
      json_object_set_new(then, "stop", json_false());
    json_array_append_new(arr, json_pack("{s:I, s:s, s:I, s:o, s:o}", "id", (json_int_t)k + 1,
                                         "name", x->name, "position", (json_int_t)pos[k], "when",
                                         when, "then", then));
  }
  *n_regex = nre;
  free(pos);
  char *s = json_dumps(arr, JSON_COMPACT);
  json_decref(arr);
  return s;
}

/* ---- figures ----------------------------------------------------------------- */

static int cmp_i64(const void *a, const void *b) {
  int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
  return x < y ? -1 : x > y;
}

/* Nearest-rank percentile of sorted v[0..n). */
static int64_t pct(const int64_t *v, size_t n, double q) {
  size_t i = (size_t)(q * (double)n + 0.999999);
  return v[i ? i - 1 : 0];
}

static double report(const char *label, int64_t *v, size_t n, double div, const char *unit) {
  qsort(v, n, sizeof *v, cmp_i64);
  int64_t sum = 0;
  for (size_t i = 0; i < n; i++)
    sum += v[i];
  printf("  %-46s p50 %7.3f  p90 %7.3f  p99 %7.3f  max %7.3f  mean %7.3f %s\n", label,
         (double)pct(v, n, 0.5) / div, (double)pct(v, n, 0.9) / div, (double)pct(v, n, 0.99) / div,
         (double)v[n - 1] / div, (double)sum / (double)n / div, unit);
  return (double)pct(v, n, 0.5) / div;
}

/* ---- part 1 ------------------------------------------------------------------ */

static int part_rules(void) {
  size_t nmsg = env_size("MESSAGES", 10000), ntrain = env_size("TRAIN", 2000);
  if (!nmsg || ntrain < 20) {
    fprintf(stderr, "MESSAGES must be at least 1 and TRAIN at least 20\n");
    return 2;
  }
  size_t nregex = 0;
  int64_t t0 = now_ns();
  char *rules_json = make_rules(200, &nregex);
  char err[300];
  struct vt_rules *rules = vt_rules_load(rules_json, err, sizeof err);
  int64_t t1 = now_ns();
  if (!rules) {
    fprintf(stderr, "rules not loaded: %s\n", err);
    return 1;
  }
  printf("Routing: %zu rules (%zu with a regex; %zu bytes of JSON) built and compiled in %.1f ms\n",
         vt_rules_count(rules), nregex, strlen(rules_json), (double)(t1 - t0) / 1e6);

  /* The classifier, trained on its own requests (another seed), through its
   * stored form as route.c loads it. */
  struct rng tr = {7};
  struct msg *train = calloc(ntrain, sizeof *train);
  struct vt_classifier_example *ex = calloc(ntrain, sizeof *ex);
  char **texts = calloc(ntrain, sizeof *texts);
  size_t nex = 0;
  for (size_t i = 0; i < ntrain; i++) {
    do {
      msg_release(&train[i]);
      make_msg(&tr, &train[i]);
    } while (train[i].dept < 0);
    struct vt_buf b = VT_BUF_INIT;
    vt_buf_appendf(&b, "%s\n%s", train[i].subject, train[i].body);
    texts[i] = vt_buf_steal(&b);
    ex[nex++] = (struct vt_classifier_example){texts[i], DEPTS[train[i].dept].code, NULL};
  }
  const char *cerr = NULL;
  t0 = now_ns();
  struct vt_classifier *trained = vt_classifier_train(ex, nex, NULL, &cerr);
  char *model_json = trained ? vt_classifier_to_json(trained) : NULL;
  struct vt_classifier *model = model_json ? vt_classifier_from_json(model_json, &cerr) : NULL;
  t1 = now_ns();
  if (!model) {
    fprintf(stderr, "classifier: %s\n", cerr ? cerr : "?");
    return 1;
  }
  printf("Classifier: %zu examples, %zu departments, %zu terms, %zu KiB stored; trained and "
         "reloaded in %.0f ms\n",
         nex, vt_classifier_label_count(model), vt_classifier_term_count(model),
         strlen(model_json) / 1024, (double)(t1 - t0) / 1e6);
  vt_classifier_free(trained);
  free(model_json);

  /* The requests. */
  struct rng mr = {1234};
  struct msg *m = calloc(nmsg, sizeof *m);
  size_t bytes = 0;
  for (size_t i = 0; i < nmsg; i++) {
    make_msg(&mr, &m[i]);
    bytes += strlen(m[i].subject) + 1 + strlen(m[i].body);
  }
  printf("Requests: %zu, %zu bytes on average (subject and body)\n", nmsg, bytes / nmsg);

  int64_t *full = calloc(nmsg, sizeof *full), *ro = calloc(nmsg, sizeof *ro),
          *co = calloc(nmsg, sizeof *co), *cl = calloc(nmsg, sizeof *cl);
  size_t matched = 0, by_rule = 0, classified = 0, confident = 0, right = 0, labelled = 0,
         aborted = 0, nmatches = 0, ncl = 0;
  double threshold = 0.7; /* the server's default routing.threshold, 70 % */
  /* Warm-up: caches, PCRE2 JIT stacks, the allocator. */
  for (size_t pass = 0; pass < 2; pass++) {
    size_t n = pass ? nmsg : (nmsg < 300 ? nmsg : 300);
    for (size_t i = 0; i < n; i++) {
      struct vt_route_ctx ctx = {.subject = m[i].subject,
                                 .body = m[i].body,
                                 .channel = m[i].channel,
                                 .service_code = m[i].service,
                                 .citizen_lang = NULL,
                                 .has_national_id = i % 7 == 0,
                                 .has_email = m[i].channel == VT_CH_EMAIL || i % 3 == 0,
                                 .has_phone = i % 2 == 0,
                                 .at_ms = vt_now_ms(),
                                 .timezone = "Europe/Madrid"};
      struct vt_route_decision d;
      struct vt_classifier_prediction p = {0};
      int64_t a = now_ns();
      bool ok = vt_rules_decide(rules, &ctx, &d);
      bool dep = (d.set & VT_RA_DEPARTMENT) && d.department;
      bool ab = d.regex_aborted;
      size_t nm = d.nmatches;
      vt_route_decision_release(&d);
      int64_t mid = now_ns();
      if (!dep) {
        struct vt_buf text = VT_BUF_INIT;
        vt_buf_appendf(&text, "%s\n%s", m[i].subject, m[i].body);
        vt_classifier_predict(model, text.data, NULL, &p);
        vt_buf_release(&text);
      }
      int64_t z = now_ns();
      if (!pass)
        continue;
      full[i] = z - a;
      if (!dep)
        cl[ncl++] = z - mid;
      matched += ok;
      by_rule += dep;
      aborted += ab;
      nmatches += nm;
      if (!dep) {
        classified++;
        confident += p.label && p.known && p.confidence >= threshold;
      }
    }
  }
  /* The rules alone, on every request. */
  for (size_t i = 0; i < nmsg; i++) {
    struct vt_route_ctx ctx = {.subject = m[i].subject,
                               .body = m[i].body,
                               .channel = m[i].channel,
                               .service_code = m[i].service,
                               .has_email = true,
                               .at_ms = vt_now_ms(),
                               .timezone = "Europe/Madrid"};
    struct vt_route_decision d;
    int64_t a = now_ns();
    vt_rules_decide(rules, &ctx, &d);
    vt_route_decision_release(&d);
    ro[i] = now_ns() - a;
  }
  /* The classifier alone, on every request. */
  for (size_t i = 0; i < nmsg; i++) {
    struct vt_classifier_prediction p;
    int64_t a = now_ns();
    struct vt_buf text = VT_BUF_INIT;
    vt_buf_appendf(&text, "%s\n%s", m[i].subject, m[i].body);
    vt_classifier_predict(model, text.data, NULL, &p);
    vt_buf_release(&text);
    co[i] = now_ns() - a;
    if (m[i].dept >= 0) {
      labelled++;
      right += p.label && !strcmp(p.label, DEPTS[m[i].dept].code);
    }
  }
  printf("Decisions: a rule matched %.0f%% (%.2f rules per decision), a rule chose the department "
         "%.0f%%; the classifier ran on %.0f%% (confident >= %.0f%% on %.0f%% of those); regex "
         "gave up %zu times\n",
         100.0 * (double)matched / (double)nmsg, (double)nmatches / (double)nmsg,
         100.0 * (double)by_rule / (double)nmsg, 100.0 * (double)classified / (double)nmsg,
         threshold * 100, classified ? 100.0 * (double)confident / (double)classified : 0.0,
         aborted);
  printf("Classifier alone picks the generating department for %.1f%% of %zu labelled requests\n",
         100.0 * (double)right / (double)(labelled ? labelled : 1), labelled);
  printf("Time per request, µs (1 thread, %zu requests):\n", nmsg);
  double med = report("full decision (rules, then classifier if needed)", full, nmsg, 1e3, "µs");
  report("rules alone (200 rules)", ro, nmsg, 1e3, "µs");
  report("classifier alone (every request)", co, nmsg, 1e3, "µs");
  if (ncl)
    report("classifier part where it ran", cl, ncl, 1e3, "µs");
  printf("  target: median <= 1 ms per decision — %s\n", med <= 1000 ? "met" : "NOT met");

  for (size_t i = 0; i < nmsg; i++)
    msg_release(&m[i]);
  for (size_t i = 0; i < ntrain; i++) {
    msg_release(&train[i]);
    free(texts[i]);
  }
  free(m);
  free(train);
  free(texts);
  free(ex);
  free(full);
  free(ro);
  free(co);
  free(cl);
  vt_classifier_free(model);
  vt_rules_free(rules);
  free(rules_json);
  return 0;
}

/* ---- part 2: vocabulary ---------------------------------------------------- */

/* Common words in order of frequency (stop words first, as in real text). */
static const char *const COMMON[] = {
    "de",
    "la",
    "que",
    "el",
    "en",
    "y",
    "a",
    "los",
    "se",
    "del",
    "las",
    "por",
    "un",
    "para",
    "con",
    "no",
    "una",
    "su",
    "al",
    "lo",
    "como",
    "más",
    "o",
    "pero",
    "sus",
    "le",
    "ya",
    "este",
    "si",
    "porque",
    "esta",
    "entre",
    "cuando",
    "muy",
    "sin",
    "sobre",
    "también",
    "me",
    "hasta",
    "hay",
    "donde",
    "quien",
    "desde",
    "todo",
    "nos",
    "durante",
    "todos",
    "uno",
    "les",
    "ni",
    "contra",
    "otros",
    "ese",
    "eso",
    "ante",
    "ellos",
    "esto",
    "antes",
    "algunos",
    "unos",
    "otro",
    "otras",
    "otra",
    "tanto",
    "esa",
    "estos",
    "mucho",
    "nada",
    "muchos",
    "cual",
    "poco",
    "ella",
    "estar",
    "estas",
    "algunas",
    "algo",
    "solicitud",
    "ayuntamiento",
    "servicio",
    "persona",
    "personas",
    "plazo",
    "documento",
    "documentación",
    "información",
    "municipal",
    "trámite",
    "oficina",
    "ciudadanía",
    "pago",
    "tasa",
    "cita",
    "certificado",
    "registro",
    "año",
    "días",
    "caso",
    "forma",
    "momento",
    "general",
    "necesario",
    "posible",
    "siguiente",
    "presentar",
    "solicitar",
    "obtener",
    "realizar",
    "consultar",
    "acceder",
    "recibir",
    "enviar",
    "pagar",
    "indicar",
    "comprobar",
    "cumplir",
    "acreditar",
    "aportar",
    "firmar",
    "resolver",
    "notificar",
    "público",
    "pública",
    "vecinos",
    "vecino",
    "calle",
    "barrio",
    "centro",
    "edificio",
    "vivienda",
    "familia",
    "hijos",
    "mayores",
    "menores",
    "empresa",
    "actividad",
    "derecho",
    "obligación",
    "requisito",
    "requisitos",
    "original",
    "copia",
    "fotocopia",
    "identidad",
    "domicilio",
    "municipio",
    "ciudad",
    "distrito",
    "zona",
    "horario",
    "semana",
    "mes",
    "meses",
    "hábiles",
    "naturales",
    "electrónica",
    "electrónico",
    "internet",
    "teléfono",
    "correo",
    "dirección",
    "web",
    "sede",
    "presencial",
    "previa",
    "modelo",
    "impreso",
    "formulario",
    "instancia",
    "resolución",
    "recurso",
    "reposición",
    "alegaciones",
    "expediente",
    "interesado",
    "interesada",
    "representante",
    "autorización",
    "declaración",
    "responsable",
    "ordenanza",
    "normativa",
    "reglamento",
    "ley",
    "decreto",
    "artículo",
    "concejalía",
    "área",
    "departamento",
    "técnico",
    "técnica",
    "informe",
    "inspección",
    "licencia",
    "permiso",
    "ayuda",
    "ayudas",
    "subvención",
    "convocatoria",
    "bases",
    "beneficiarios",
    "importe",
    "cuantía",
    "euros",
    "bonificación",
    "exención",
    "reducción",
    "descuento",
    "gratuito",
    "precio",
    "coste",
    "tarifa",
    "abono",
    "devolución",
    "reclamación",
    "queja",
    "sugerencia",
    "incidencia",
    "aviso",
    "comunicación",
    "notificación",
    "respuesta",
    "atención",
    "consulta",
    "duda",
    "problema",
    "situación",
    "urgente",
    "prioridad",
    "orden",
    "lista",
    "espera",
    "plaza",
    "plazas",
    "admisión",
    "inscripción",
    "matrícula",
    "alta",
    "baja",
    "cambio",
    "renovación",
    "modificación",
    "anulación",
    "cancelación",
    "prórroga",
    "vigencia",
    "validez",
    "caducidad",
    "fecha",
    "día",
    "hora",
    "lunes",
    "martes",
    "miércoles",
    "jueves",
    "viernes",
    "sábado",
    "domingo",
    "festivos",
    "verano",
    "invierno",
    "curso",
    "temporada",
    "ejercicio",
    "anual",
    "mensual",
    "trimestral",
    "titular",
    "propietario",
    "inquilino",
    "comunidad",
    "asociación",
    "entidad",
    "organismo",
    "administración",
    "estado",
    "comunidad autónoma",
    "región",
    "provincia",
    "junta",
    "pleno",
    "alcaldía",
    "concejal",
    "alcalde",
    "funcionario",
    "personal",
    "empleado",
    "agente",
    "trabajador",
    "usuario",
    "usuaria",
    "ciudadano",
    "ciudadana",
    "solicitante",
    "menor",
    "tutor",
    "padre",
    "madre",
    "cónyuge",
    "pareja",
    "hogar",
    "ingresos",
    "renta",
    "rentas",
    "patrimonio",
    "nómina",
    "pensión",
    "desempleo",
    "discapacidad",
    "dependencia",
    "salud",
    "sanitario",
    "médico",
    "accesible",
    "accesibilidad",
    "seguridad",
    "protección",
    "datos",
    "privacidad",
    "transparencia",
    "participación",
    "proceso",
    "procedimiento",
    "fase",
    "paso",
    "pasos",
    "guía",
    "ejemplo",
    "preguntas",
    "frecuentes",
    "enlace",
    "anexo",
    "tabla",
    "mapa",
    "plano",
    "croquis",
    "fotografía",
    "fotografías",
    "justificante",
    "recibo",
    "factura",
    "contrato",
    "escritura",
    "nota",
    "simple",
    "catastro",
    "catastral",
    "vehículo",
    "coche",
    "garaje",
    "local",
    "bajo",
    "piso",
    "portal",
    "escalera",
    "puerta",
    "ventana",
    "tejado",
    "patio",
    "jardín",
    "parque",
    "árbol",
    "agua",
    "luz",
    "gas",
    "ruido",
    "olor",
    "humo",
    "basura",
    "limpieza",
    "mantenimiento",
    "reparación",
    "obra",
    "obras",
    "proyecto",
    "presupuesto",
    "memoria",
    "certificación",
    "visado",
    "colegio",
    "instituto",
    "escuela",
    "biblioteca",
    "polideportivo",
    "piscina",
    "teatro",
    "museo",
    "mercado",
    "comercio",
    "bar",
    "restaurante",
    "terraza",
    "evento",
    "fiesta",
    "actividades",
    "talleres",
    "cursos",
    "programa",
    "campaña",
};

/* A long tail of rare words (names, places, technical terms). */
static const char *const SYL[] = {
    "ba",  "be",  "bi",  "bo",  "ca",  "ce",  "ci",  "co",  "cu",  "da",  "de",  "di",
    "do",  "fa",  "fe",  "fi",  "ga",  "go",  "la",  "le",  "li",  "lo",  "lu",  "ma",
    "me",  "mi",  "mo",  "na",  "ne",  "ni",  "no",  "pa",  "pe",  "pi",  "po",  "ra",
    "re",  "ri",  "ro",  "sa",  "se",  "si",  "so",  "ta",  "te",  "ti",  "to",  "va",
    "ve",  "vi",  "za",  "zo",  "cha", "che", "llo", "lla", "rra", "rre", "tra", "tre",
    "bra", "pla", "gue", "qui", "mar", "sal", "ver", "cor", "tan", "pen", "dan", "ñe"};
static const char *const END[] = {"",      "s",   "r",   "n",   "l",    "do", "da", "ción",
                                  "mente", "dad", "ero", "era", "ista", "al", "oso"};
#define TAIL 30000

struct vocab {
  char **w;
  double *cdf; /* Zipf: weight 1/(rank+1) */
  size_t n;
};

static void zipf_cdf(struct vocab *v, double s) {
  v->cdf = malloc(v->n * sizeof *v->cdf);
  double acc = 0;
  for (size_t i = 0; i < v->n; i++) {
    acc += 1.0 / pow((double)(i + 1), s);
    v->cdf[i] = acc;
  }
  for (size_t i = 0; i < v->n; i++)
    v->cdf[i] /= acc;
}

static const char *zipf(const struct vocab *v, struct rng *r) {
  double x = rnd01(r);
  size_t lo = 0, hi = v->n - 1;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (v->cdf[mid] < x)
      lo = mid + 1;
    else
      hi = mid;
  }
  return v->w[lo];
}

static struct vocab general;
static struct vocab dept_words[NDEPTS];

/* The words (3+ bytes, lowercase ASCII; accents kept) of a department's texts. */
static void dept_vocab(size_t k) {
  const struct dept *d = &DEPTS[k];
  struct vocab *v = &dept_words[k];
  size_t cap = 512;
  v->w = malloc(cap * sizeof *v->w);
  const char *const *lists[] = {d->topics, d->keywords, d->sentences, d->subjects};
  size_t sizes[] = {COUNT(d->topics), COUNT(d->keywords), COUNT(d->sentences), COUNT(d->subjects)};
  for (size_t l = 0; l < 4; l++)
    for (size_t i = 0; i < sizes[l] && lists[l][i]; i++) {
      const char *p = lists[l][i];
      while (*p) {
        while (*p && (*p == ' ' || *p == ',' || *p == '.' || *p == ';' || *p == ':' || *p == '?' ||
                      *p == '*' || *p == '@'))
          p++;
        const char *s = p;
        while (*p && *p != ' ' && *p != ',' && *p != '.' && *p != ';' && *p != ':' && *p != '?' &&
               *p != '*')
          p++;
        size_t len = (size_t)(p - s);
        if (len < 4 || (unsigned char)s[0] == 0xc2 /* ¿ */ || s[0] == '@')
          continue;
        char *w = strndup(s, len);
        for (char *c = w; *c; c++)
          if (*c >= 'A' && *c <= 'Z')
            *c = (char)(*c - 'A' + 'a');
        bool dup = false;
        for (size_t j = 0; j < v->n && !dup; j++)
          dup = !strcmp(v->w[j], w);
        if (dup || v->n == cap) {
          free(w);
          continue;
        }
        v->w[v->n++] = w;
      }
    }
  zipf_cdf(v, 0.8);
}

static void vocab_init(void) {
  struct rng r = {99};
  general.n = COUNT(COMMON) + TAIL;
  general.w = malloc(general.n * sizeof *general.w);
  for (size_t i = 0; i < COUNT(COMMON); i++)
    general.w[i] = strdup(COMMON[i]);
  for (size_t i = 0; i < TAIL; i++) {
    char w[64];
    size_t ns = 2 + rnd(&r, 3);
    w[0] = '\0';
    for (size_t k = 0; k < ns; k++)
      strcat(w, PICK(&r, SYL));
    strcat(w, PICK(&r, END));
    general.w[COUNT(COMMON) + i] = strdup(w);
  }
  zipf_cdf(&general, 1.0);
  for (size_t k = 0; k < NDEPTS; k++)
    dept_vocab(k);
}

/* ---- part 2: articles and questions --------------------------------------- */

static const char *const TITLES[] = {"Cómo solicitar @T",
                                     "Requisitos para @T",
                                     "@T: plazos y documentación",
                                     "Preguntas frecuentes sobre @T",
                                     "Tasas y bonificaciones: @T",
                                     "Dónde se tramita @T",
                                     "@T en la sede electrónica",
                                     "Novedades en @T",
                                     "@T para personas mayores",
                                     "@T: quién puede pedirlo",
                                     "Guía rápida: @T",
                                     "Qué hacer si le deniegan @T"};
static const char *const QUALIFIERS[] = {"2026",
                                         "distrito Centro",
                                         "distrito Norte",
                                         "familias numerosas",
                                         "empresas",
                                         "personas con discapacidad",
                                         "menores de 35 años",
                                         "nueva ordenanza",
                                         "trámite en línea",
                                         "actualizado"};
static const char *const SUMMARIES[] = {
    "Información sobre @T: quién puede solicitarlo, qué documentos hacen falta y cuánto tarda.",
    "Todo lo que necesita saber sobre @T, con los plazos y las tasas de este año.",
    "Pasos para tramitar @T en la sede electrónica o con cita previa.",
    "Resumen de la normativa municipal sobre @T y respuestas a las dudas más comunes.",
    "Qué hacer y a quién dirigirse en relación con @T."};
static const char *const PROSE[] = {
    "Para solicitar @T es necesario presentar el documento de identidad y @W.",
    "El plazo de resolución de @T es de @D días hábiles desde la presentación de la solicitud.",
    "Puede tramitar @T en la sede electrónica con certificado digital o Cl@ve, o en cualquier "
    "oficina de atención a la ciudadanía con cita previa.",
    "La tasa correspondiente a @T es de @D euros, salvo las exenciones previstas en la ordenanza "
    "fiscal.",
    "Si la solicitud está incompleta, se le requerirá para que la subsane en un plazo de diez "
    "días.",
    "Las personas mayores de 65 años y las familias numerosas pueden tener bonificaciones en @T.",
    "La resolución sobre @T se notificará por medios electrónicos a quienes estén obligados a "
    "relacionarse así con la administración.",
    "Contra la resolución puede interponerse recurso de reposición en el plazo de un mes.",
    "Más información sobre @W en el teléfono 010 o en la oficina de @W.",
    "No es necesario aportar documentos que ya obren en poder de la administración, como @W.",
    "En el caso de @W, la solicitud debe firmarla el representante legal.",
    "Tenga en cuenta que @T no incluye @W ni @W."};
static const char *const HEADINGS[] = {
    "## Requisitos", "## Documentación necesaria", "## Plazos",    "## Dónde se tramita",
    "## Tasas",      "## Preguntas frecuentes",    "## Normativa", "## Más información"};
static const char *const Q_OPEN[] = {"¿Cómo puedo solicitar @T?",
                                     "¿Dónde se pide @T?",
                                     "¿Qué necesito para @T?",
                                     "¿Cuánto cuesta @T?",
                                     "¿Cuánto tarda @T?",
                                     "¿Quién puede pedir @T?",
                                     "Información sobre @T.",
                                     "Quiero saber cómo tramitar @T.",
                                     "¿Se puede hacer por internet @T?",
                                     "¿Qué documentos hacen falta para @T?",
                                     "¿Qué plazo hay para @T?"};
static const char *const Q_CONTEXT[] = {"Vivo en el municipio desde hace un año.",
                                        "Es para mi madre, que tiene noventa años.",
                                        "Me lo piden en el trabajo.",
                                        "Tengo cita la semana que viene.",
                                        "No tengo certificado digital.",
                                        "Me he mudado hace poco.",
                                        "Soy extranjero.",
                                        "Lo necesito antes de fin de mes.",
                                        "Ya lo pedí y no me ha llegado.",
                                        "Es la primera vez que lo hago.",
                                        "Somos familia numerosa.",
                                        "Trabajo por las mañanas."};

static size_t count_words(const char *s) {
  size_t n = 0;
  bool in = false;
  for (; *s; s++) {
    bool sp = *s == ' ' || *s == '\n';
    n += !sp && !in;
    in = !sp;
  }
  return n;
}

static void capitalize(char *s) {
  if (*s >= 'a' && *s <= 'z')
    *s = (char)(*s - 'a' + 'A');
}

/* A sentence of Zipf words: most from the whole language, some from the
 * department's own. */
static void zipf_sentence(struct vt_buf *b, struct rng *r, const struct vocab *dv) {
  size_t n = 8 + rnd(r, 15), start = b->len;
  if (b->len && b->data[b->len - 1] != '\n') {
    vt_buf_append(b, " ");
    start++;
  }
  for (size_t i = 0; i < n; i++)
    vt_buf_appendf(b, "%s%s", i ? " " : "", chance(r, 0.7) ? zipf(&general, r) : zipf(dv, r));
  vt_buf_append(b, ".");
  capitalize(b->data + start);
}

struct article_gen {
  char *title, *summary, *body;
  bool public;
  size_t words;
};

static void make_article(size_t k, struct article_gen *out) {
  struct rng rr = {k * 7919 + 13}, *r = &rr;
  size_t dk = rnd(r, NDEPTS);
  const struct dept *d = &DEPTS[dk];
  const struct vocab *dv = &dept_words[dk];
  struct gen g = {r, d, PICKL(r, d->topics), (const char *const *)dv->w, dv->n};
  struct vt_buf t = VT_BUF_INIT, s = VT_BUF_INIT, b = VT_BUF_INIT;
  expand(&t, PICK(r, TITLES), &g);
  capitalize(t.data);
  if (chance(r, 0.5))
    vt_buf_appendf(&t, " (%s)", PICK(r, QUALIFIERS));
  expand(&s, PICK(r, SUMMARIES), &g);
  double u = rnd01(r);
  size_t target = 100 + (size_t)(1400 * u * u), words = 0;
  while (words < target) {
    if (chance(r, 0.35) || !b.len) {
      if (b.len)
        vt_buf_append(&b, "\n\n");
      vt_buf_appendf(&b, "%s\n\n", PICK(r, HEADINGS));
    }
    size_t sentences = 2 + rnd(r, 5), before = b.len;
    for (size_t i = 0; i < sentences; i++) {
      if (chance(r, 0.15))
        sentence(&b, PICK(r, PROSE), &g);
      else
        zipf_sentence(&b, r, dv);
    }
    if (chance(r, 0.15)) {
      vt_buf_append(&b, "\n");
      for (size_t i = 0, n = 3 + rnd(r, 3); i < n; i++) {
        vt_buf_append(&b, "\n-");
        for (size_t w = 0, nw = 3 + rnd(r, 4); w < nw; w++)
          vt_buf_appendf(&b, " %s", chance(r, 0.5) ? zipf(&general, r) : zipf(dv, r));
      }
    }
    vt_buf_append(&b, "\n\n");
    words += count_words(b.data + before);
  }
  out->title = vt_buf_steal(&t);
  out->summary = vt_buf_steal(&s);
  out->body = vt_buf_steal(&b);
  out->public = chance(r, 0.85);
  out->words = words;
}

static void article_gen_release(struct article_gen *a) {
  free(a->title);
  free(a->summary);
  free(a->body);
}

/* A citizen's question of 3-25 words. */
static char *make_question(struct rng *r) {
  double x = rnd01(r);
  size_t want = x < 0.3 ? 3 + rnd(r, 4) : x < 0.8 ? 7 + rnd(r, 9) : 16 + rnd(r, 10);
  size_t dk = rnd(r, NDEPTS);
  const struct dept *d = &DEPTS[dk];
  const struct vocab *dv = &dept_words[dk];
  struct gen g = {r, d, PICKL(r, d->topics), (const char *const *)dv->w, dv->n};
  struct vt_buf b = VT_BUF_INIT;
  double form = rnd01(r);
  if (form < 0.25) { /* keywords: the topic's words, a word of the department */
    static const char *const SKIP[] = {"el",  "la",   "los", "las", "de", "del", "en",
                                       "por", "para", "con", "a",   "y",  "un",  "una"};
    char *topic = strdup(g.topic);
    for (char *save = NULL, *w = strtok_r(topic, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
      bool skip = false;
      for (size_t i = 0; i < COUNT(SKIP) && !skip; i++)
        skip = !strcmp(w, SKIP[i]);
      if (!skip)
        vt_buf_appendf(&b, "%s%s", b.len ? " " : "", w);
    }
    free(topic);
    while (count_words(b.data ? b.data : "") < want)
      vt_buf_appendf(&b, "%s%s", b.len ? " " : "", chance(r, 0.6) ? zipf(dv, r) : PICK(r, INTENTS));
  } else if (form < 0.6) { /* what they would write in a request */
    sentence(&b, PICKL(r, d->sentences), &g);
  } else if (form < 0.95) {
    sentence(&b, PICK(r, Q_OPEN), &g);
    if (chance(r, 0.5))
      sentence(&b, PICK(r, Q_CONTEXT), &g);
  } else { /* off topic */
    for (size_t i = 0; i < want; i++)
      vt_buf_appendf(&b, "%s%s", i ? " " : "", zipf(&general, r));
  }
  while (count_words(b.data) < want)
    sentence(&b, chance(r, 0.6) ? PICK(r, Q_CONTEXT) : PICKL(r, d->sentences), &g);
  /* Cut to want words (a question still being typed is cut too). */
  size_t n = 0;
  bool in = false;
  for (size_t i = 0; i < b.len; i++) {
    bool sp = b.data[i] == ' ' || b.data[i] == '\n';
    if (!sp && !in && ++n > want) {
      b.data[i] = '\0';
      b.len = i;
      break;
    }
    in = !sp;
  }
  while (b.len && (b.data[b.len - 1] == ' ' || b.data[b.len - 1] == '\n'))
    b.data[--b.len] = '\0';
  return vt_buf_steal(&b);
}

/* ---- part 2 -------------------------------------------------------------------- */

static struct vt_store *kb_store;
static vt_id kb_tenant;
static size_t kb_articles, kb_threads;
static size_t kb_bytes[16], kb_words[16], kb_terms[16];
static int kb_failed;

static void *loader(void *arg) {
  size_t id = (size_t)(uintptr_t)arg;
  for (size_t k = id; k < kb_articles; k += kb_threads) {
    struct article_gen g;
    make_article(k, &g);
    struct vt_kb_article a = {0};
    a.tenant_id = kb_tenant;
    snprintf(a.lang, sizeof a.lang, "es");
    snprintf(a.visibility, sizeof a.visibility, "%s", g.public ? "public" : "internal");
    a.title = g.title;
    a.summary = g.summary;
    a.body = g.body;
    a.active = true;
    char *terms = vt_kb_terms(&a);
    vt_id aid = 0;
    if (kb_store->kb_article_save(kb_store, &a, terms, 0, vt_now_ms(), &aid) != VT_QS_ONE) {
      fprintf(stderr, "kb_article_save failed (article %zu)\n", k);
      kb_failed = 1;
    }
    kb_bytes[id] += strlen(g.title) + strlen(g.summary) + strlen(g.body);
    kb_words[id] += g.words;
    kb_terms[id] += count_words(terms);
    free(terms);
    article_gen_release(&g);
    if (kb_failed)
      break;
  }
  return NULL;
}

static int rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw) {
  (void)sb;
  (void)flag;
  (void)ftw;
  return remove(path);
}

static off_t file_size(const char *path) {
  struct stat sb;
  return stat(path, &sb) == 0 ? sb.st_size : 0;
}

static int part_kb(const char *location) {
  size_t nart = env_size("ARTICLES", 10000), nq = env_size("SEARCHES", 2000);
  if (!nq)
    nq = 1;
  char dir[64] = "", path[128];
  if (!location) {
    snprintf(dir, sizeof dir, "/tmp/ventanilla-routing.XXXXXX");
    if (!mkdtemp(dir)) {
      perror("mkdtemp");
      return 1;
    }
    snprintf(path, sizeof path, "%s/kb.db", dir);
    location = path;
  }
  bool pg = vt_store_is_postgres(location);
  vocab_init();
  struct vt_store *st = vt_store_open(location, 5000, 8);
  int applied = 0;
  if (!st || st->migrate(st, &applied) != VT_QS_ONE) {
    fprintf(stderr, "cannot open or migrate %s\n", location);
    return 1;
  }
  struct vt_tenant t = {0};
  snprintf(t.code, sizeof t.code, "BEN");
  t.name = "Ayuntamiento de Banco de Pruebas";
  t.timezone = "Europe/Madrid";
  vt_id tid = 0;
  if (st->tenant_upsert(st, &t, &tid) != VT_QS_ONE) {
    fprintf(stderr, "tenant_upsert failed\n");
    return 1;
  }
  kb_store = st;
  kb_tenant = tid;
  kb_articles = nart;
  kb_threads = 4;
  pthread_t th[16];
  int64_t t0 = now_ns();
  for (size_t i = 0; i < kb_threads; i++)
    pthread_create(&th[i], NULL, loader, (void *)(uintptr_t)i);
  for (size_t i = 0; i < kb_threads; i++)
    pthread_join(th[i], NULL);
  int64_t t1 = now_ns();
  if (kb_failed)
    return 1;
  size_t bytes = 0, words = 0, terms = 0;
  for (size_t i = 0; i < kb_threads; i++) {
    bytes += kb_bytes[i];
    words += kb_words[i];
    terms += kb_terms[i];
  }
  if (!nart) /* ARTICLES=0: search what the database holds */
    printf("Knowledge base (%s): no articles added\n", pg ? "PostgreSQL" : "SQLite");
  else
    printf("Knowledge base (%s): %zu articles, %zu words on average (%.1f MB of text, %zu search "
           "terms each), saved with vt_kb_terms + kb_article_save from %zu threads in %.1f s "
           "(%.0f/s)",
           pg ? "PostgreSQL" : "SQLite", nart, words / nart, (double)bytes / 1e6, terms / nart,
           kb_threads, (double)(t1 - t0) / 1e9, (double)nart / ((double)(t1 - t0) / 1e9));
  printf("\n");

  struct rng qr = {555};
  size_t warm = nq < 200 ? nq / 4 : 200;
  char **q = calloc(nq + warm, sizeof *q);
  size_t qwords = 0;
  for (size_t i = 0; i < nq + warm; i++) {
    q[i] = make_question(&qr);
    if (i >= warm)
      qwords += count_words(q[i]);
  }
  printf("Searches: %zu questions of 3-25 words (%.1f on average), public articles, limit 10, "
         "one at a time after %zu unmeasured; e.g. «%s», «%s»\n",
         nq, (double)qwords / (double)nq, warm, q[warm], q[warm + 1]);
  vt_id ids[1] = {tid};
  struct vt_scope scope = {.n = 1, .tenant_ids = ids};
  /* Each question is searched with vt_kb_find, then the store's query alone
   * is made as vt_kb_find makes it (the question's distinct terms, 30
   * candidates), so both see the same load on a shared machine. The search
   * thread's CPU time is taken too: it leaves out time spent waiting for the
   * CPU (and, on PostgreSQL, the server's own work). */
  int64_t *full = calloc(nq, sizeof *full), *store = calloc(nq, sizeof *store),
          *cpu = calloc(nq, sizeof *cpu);
  size_t found = 0, confident = 0, empty = 0, errors = 0, cand = 0, cand_bytes = 0;
  for (size_t i = 0; i < nq + warm; i++) {
    struct vt_kb_match *m = NULL;
    size_t n = 0;
    int64_t c0 = cpu_ns(), a = now_ns();
    int rc = vt_kb_find(st, &scope, q[i], NULL, true, 10, &m, &n);
    int64_t z = now_ns(), c1 = cpu_ns();
    if (i >= warm) {
      full[i - warm] = z - a;
      cpu[i - warm] = c1 - c0;
      errors += rc < 0;
      found += n;
      empty += n == 0;
      confident += n && m[0].confident;
    }
    vt_kb_matches_release(m, n);

    struct vt_terms tt = VT_TERMS_INIT;
    vt_text_terms(q[i], NULL, &tt);
    const char **dq = calloc(tt.n ? tt.n : 1, sizeof *dq);
    size_t nd = 0;
    for (size_t k = 0; k < tt.n; k++) {
      bool seen = false;
      for (size_t j = 0; j < nd && !seen; j++)
        seen = !strcmp(dq[j], tt.v[k]);
      if (!seen)
        dq[nd++] = tt.v[k];
    }
    struct vt_kb_article *items = NULL;
    n = 0;
    a = now_ns();
    if (nd && st->kb_search(st, &scope, dq, nd, true, 30, &items, &n) != VT_QS_ONE)
      errors++;
    z = now_ns();
    if (i >= warm) {
      store[i - warm] = z - a;
      cand += n;
      for (size_t k = 0; k < n; k++)
        cand_bytes += items[k].body ? strlen(items[k].body) : 0;
    }
    if (items)
      VT_RELEASE_ARRAY(items, n, vt_kb_article_release);
    free(dq);
    vt_terms_release(&tt);
  }
  printf("Results: %.1f articles per search on average, %zu searches with none, the first "
         "confident for %.0f%%, %zu errors; the store returned %.1f candidates on average, "
         "their bodies %.1f KB on average (articles: %.1f KB of text)\n",
         (double)found / (double)nq, empty, 100.0 * (double)confident / (double)nq, errors,
         (double)cand / (double)nq, cand ? (double)cand_bytes / (double)cand / 1e3 : 0.0,
         nart ? (double)bytes / (double)nart / 1e3 : 0.0);
  printf("Time per search, ms (1 thread, %zu searches):\n", nq);
  report("vt_kb_find (search + re-ranking), limit 10", full, nq, 1e6, "ms");
  double p99 = (double)pct(full, nq, 0.99) / 1e6;
  report(pg ? "  the same, CPU of this thread (not the server)"
            : "  the same, CPU time of the thread",
         cpu, nq, 1e6, "ms");
  report("kb_search with all the question's terms, 30", store, nq, 1e6, "ms");
  printf("  target: p99 <= 10 ms — %s\n", p99 <= 10 ? "met" : "NOT met");
  for (size_t i = 0; i < nq + warm; i++)
    free(q[i]);
  free(q);
  free(full);
  free(store);
  free(cpu);
  st->close(st);
  if (!pg)
    printf("  (SQLite database after closing: %.0f MB)\n", (double)file_size(location) / 1e6);
  if (*dir)
    nftw(dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
  return 0;
}

int main(int argc, char **argv) {
  const char *part = argc > 1 ? argv[1] : "all";
  if (argc > 3 || (strcmp(part, "all") && strcmp(part, "rules") && strcmp(part, "kb"))) {
    fprintf(stderr, "usage: %s [all|rules|kb] [DB]\n", argv[0]);
    return 2;
  }
  vt_log_threshold = VT_LOG_WARN;
  vt_crypto_init();
  for (size_t k = 0; k < NDEPTS; k++) {
    snprintf(service_codes[k][0], sizeof service_codes[k][0], "%s-tramite", DEPTS[k].code);
    snprintf(service_codes[k][1], sizeof service_codes[k][1], "%s-incidencia", DEPTS[k].code);
  }
  int rc = 0;
  if (strcmp(part, "kb"))
    rc = part_rules();
  if (!rc && strcmp(part, "rules")) {
    if (!strcmp(part, "all"))
      printf("\n");
    rc = part_kb(argc > 2 ? argv[2] : NULL);
  }
  return rc;
}
