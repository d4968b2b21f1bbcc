/* Demo data set: the Comunidad de Madrid, thirteen of its municipalities, their departments,
 * a catalogue of real-world services, citizens' requests, agents' replies and Spanish names. */
#include "demo_data.h"

/* ------------------------------------------------------------------------- */
/* Tenants                                                                   */
/* ------------------------------------------------------------------------- */

const struct vt_demo_tenant vt_demo_tenants[] = {
    {"CM", "Comunidad de Madrid", NULL, "Europe/Madrid", "atencion@comunidad-madrid.example.es",
     "012"},
    {"MAD", "Ayuntamiento de Madrid", "CM", "Europe/Madrid", "atencion@madrid.example.es", "010"},
    {"MOS", "Ayuntamiento de Móstoles", "CM", "Europe/Madrid", "atencion@mostoles.example.es",
     "010"},
    {"ALC", "Ayuntamiento de Alcalá de Henares", "CM", "Europe/Madrid",
     "atencion@alcaladehenares.example.es", "010"},
    {"FUE", "Ayuntamiento de Fuenlabrada", "CM", "Europe/Madrid", "atencion@fuenlabrada.example.es",
     "010"},
    {"LEG", "Ayuntamiento de Leganés", "CM", "Europe/Madrid", "atencion@leganes.example.es", "010"},
    {"GET", "Ayuntamiento de Getafe", "CM", "Europe/Madrid", "atencion@getafe.example.es", "010"},
    {"ALR", "Ayuntamiento de Alcorcón", "CM", "Europe/Madrid", "atencion@alcorcon.example.es",
     "010"},
    {"TOR", "Ayuntamiento de Torrejón de Ardoz", "CM", "Europe/Madrid",
     "atencion@torrejondeardoz.example.es", "010"},
    {"PAR", "Ayuntamiento de Parla", "CM", "Europe/Madrid", "atencion@parla.example.es", "010"},
    {"ALB", "Ayuntamiento de Alcobendas", "CM", "Europe/Madrid", "atencion@alcobendas.example.es",
     "010"},
    {"ROZ", "Ayuntamiento de Las Rozas de Madrid", "CM", "Europe/Madrid",
     "atencion@lasrozas.example.es", "010"},
    {"SSR", "Ayuntamiento de San Sebastián de los Reyes", "CM", "Europe/Madrid",
     "atencion@ssreyes.example.es", "010"},
    {"POZ", "Ayuntamiento de Pozuelo de Alarcón", "CM", "Europe/Madrid",
     "atencion@pozuelodealarcon.example.es", "010"},
};
const size_t vt_demo_tenants_count = sizeof vt_demo_tenants / sizeof vt_demo_tenants[0];

/* ------------------------------------------------------------------------- */
/* Departments                                                               */
/* ------------------------------------------------------------------------- */

const struct vt_demo_department vt_demo_departments[] = {
    {"CM", "educacion", "Consejería de Educación"},
    {"CM", "sanidad", "Consejería de Sanidad"},
    {"CM", "servicios_sociales", "Consejería de Familia, Juventud y Asuntos Sociales"},
    {"CM", "hacienda", "Consejería de Economía, Hacienda y Empleo: Dirección General de Tributos"},
    {"CM", "empleo", "Dirección General del Servicio Público de Empleo"},
    {"CM", "vivienda", "Consejería de Vivienda, Transportes e Infraestructuras: Vivienda"},
    {"CM", "justicia",
     "Consejería de Presidencia, Justicia y Administración Local "
     "(incluye la Oficina de Asistencia a Víctimas 24 horas)"},
    {"CM", "transportes", "Consorcio Regional de Transportes de Madrid"},
    {"CM", "medio_ambiente", "Consejería de Medio Ambiente, Agricultura e Interior"},
    {"CM", "atencion_ciudadana",
     "Dirección General de Calidad de los Servicios y Atención al Ciudadano"},

    {"*", "padron", "Padrón Municipal de Habitantes"},
    {"*", "tributos", "Gestión Tributaria y Recaudación"},
    {"*", "urbanismo", "Urbanismo y Licencias"},
    {"*", "servicios_sociales", "Servicios Sociales y Mayores"},
    {"*", "medio_ambiente", "Medio Ambiente y Limpieza Viaria"},
    {"*", "movilidad", "Movilidad, Tráfico y Policía Municipal"},
    {"*", "cultura_deportes", "Cultura y Deportes"},
    {"*", "atencion_ciudadana", "Oficina de Atención a la Ciudadanía"},
};
const size_t vt_demo_departments_count = sizeof vt_demo_departments / sizeof vt_demo_departments[0];

/* ------------------------------------------------------------------------- */
/* Services                                                                  */
/* ------------------------------------------------------------------------- */

const struct vt_demo_service vt_demo_services[] = {
    /* ---- Comunidad de Madrid ---- */
    {"CM",
     "beca-comedor",
     "Becas de comedor escolar (precio reducido del menú)",
     "educacion",
     "Precio reducido del menú escolar para el alumnado de segundo ciclo de Educación Infantil, "
     "Primaria y ESO "
     "escolarizado en centros públicos de la Comunidad de Madrid. Pueden beneficiarse las familias "
     "perceptoras "
     "del Ingreso Mínimo Vital o de la Renta Mínima de Inserción, las víctimas de violencia de "
     "género o de "
     "terrorismo, el alumnado en acogimiento y las familias con renta per cápita baja. La "
     "solicitud se presenta "
     "al inicio de curso en el propio centro o por internet.",
     {"Alumno o alumna matriculado en un centro público que preste servicio de comedor",
      "Renta per cápita familiar del ejercicio de referencia inferior al umbral de la convocatoria",
      "Autorización de consulta de datos tributarios de todos los miembros de la unidad familiar",
      "Presentar la solicitud en el plazo fijado al comienzo del curso", NULL},
     {{"Solicitud de precio reducido de comedor escolar",
       "https://sede.comunidad.madrid/ayudas-becas-subvenciones/precio-reducido-comedor-escolar",
       "sede"},
      {"Instrucciones y umbrales de renta del curso",
       "https://www.comunidad.madrid/servicios/educacion/precio-reducido-menu-escolar", "html"}},
     "web,email,phone,in_person",
     40,
     65},

    {"CM",
     "beca-infantil",
     "Becas para el primer ciclo de Educación Infantil",
     "educacion",
     "Becas para la escolarización de niños y niñas de 0 a 3 años en escuelas infantiles privadas "
     "autorizadas "
     "de la Comunidad de Madrid. La cuantía mensual depende de la renta per cápita familiar y se "
     "descuenta "
     "directamente de la cuota que la familia paga al centro. Se convocan cada año, normalmente en "
     "primavera, "
     "y se solicitan por vía electrónica.",
     {"Niño o niña nacido, o con nacimiento previsto, antes del fin del plazo de solicitud",
      "Plaza en una escuela infantil privada autorizada por la Consejería de Educación",
      "Padres, madres o tutores residentes en la Comunidad de Madrid",
      "Renta per cápita familiar dentro de los límites de la convocatoria", NULL},
     {{"Convocatoria de becas de Educación Infantil (BOCM)",
       "https://www.comunidad.madrid/sites/default/files/doc/educacion/"
       "convocatoria_becas_educacion_infantil.pdf",
       "pdf"},
      {"Solicitud electrónica de la beca",
       "https://sede.comunidad.madrid/ayudas-becas-subvenciones/"
       "becas-primer-ciclo-educacion-infantil",
       "sede"}},
     "web,email,phone",
     60,
     130},

    {"CM",
     "admision-escolar",
     "Admisión de alumnos en centros sostenidos con fondos públicos",
     "educacion",
     "Procedimiento para solicitar plaza en colegios e institutos públicos y concertados (segundo "
     "ciclo de "
     "Infantil, Primaria, ESO y Bachillerato) para el curso siguiente. Se presenta una única "
     "solicitud con hasta "
     "seis centros por orden de preferencia, preferentemente por internet a través de la "
     "Secretaría Virtual. El "
     "baremo tiene en cuenta hermanos en el centro, proximidad del domicilio o del trabajo, renta "
     "y otras "
     "circunstancias; fuera de plazo, las plazas las asigna el Servicio de Apoyo a la "
     "Escolarización.",
     {"Una sola solicitud por alumno, firmada por ambos progenitores o tutores",
      "Presentarla dentro del plazo ordinario, habitualmente en abril",
      "Documentación que acredite las circunstancias alegadas para el baremo",
      "Justificante de domicilio o de lugar de trabajo si se alega proximidad", NULL},
     {{"Solicitud de admisión (Secretaría Virtual)",
       "https://sede.comunidad.madrid/autorizaciones-licencias-permisos-carnes/admision-alumnos",
       "sede"},
      {"Calendario y normas del proceso de admisión",
       "https://www.comunidad.madrid/servicios/educacion/"
       "admision-alumnos-centros-sostenidos-fondos-publicos",
       "html"},
      {"Modelo de solicitud en papel",
       "https://www.comunidad.madrid/sites/default/files/doc/educacion/"
       "solicitud_admision_alumnos.pdf",
       "pdf"}},
     "web,email,phone,in_person,chat",
     45,
     0},

    {"CM",
     "tarjeta-sanitaria",
     "Tarjeta Sanitaria Individual",
     "sanidad",
     "Documento que identifica a cada persona como usuaria del Servicio Madrileño de Salud y le da "
     "acceso a la "
     "atención sanitaria pública. Se solicita en el centro de salud que corresponde al domicilio, "
     "una vez "
     "reconocido el derecho a la asistencia por el INSS. En el centro de salud se tramitan también "
     "los "
     "duplicados por pérdida o deterioro, los cambios de datos y el cambio de médico.",
     {"Derecho a la asistencia sanitaria reconocido por el INSS",
      "Empadronamiento en un municipio de la Comunidad de Madrid",
      "Documento de identidad en vigor (DNI, NIE, TIE o pasaporte)",
      "Certificado o volante de empadronamiento actualizado", NULL},
     {{"Solicitud de Tarjeta Sanitaria Individual",
       "https://www.comunidad.madrid/sites/default/files/doc/sanidad/"
       "solicitud_tarjeta_sanitaria.pdf",
       "pdf"},
      {"Tarjeta sanitaria: cómo obtenerla",
       "https://www.comunidad.madrid/servicios/salud/tarjeta-sanitaria", "html"}},
     "web,phone,in_person,chat",
     10,
     65},

    {"CM",
     "cita-primaria",
     "Cita previa en atención primaria",
     "sanidad",
     "Petición, cambio o anulación de cita con el médico de familia, pediatra o enfermería del "
     "centro de salud "
     "asignado. Puede pedirse por internet, con la app Cita Sanitaria Madrid, por teléfono o en el "
     "mostrador del "
     "centro de salud, en modalidad presencial o telefónica. Las urgencias no se atienden por este "
     "canal: ante "
     "una urgencia hay que llamar al 112.",
     {"Tarjeta sanitaria individual (código CIPA) en vigor",
      "Centro de salud asignado en la Comunidad de Madrid", NULL},
     {{"Cita previa en atención primaria",
       "https://www.comunidad.madrid/servicios/salud/cita-sanitaria", "sede"},
      {"App Cita Sanitaria Madrid: guía de uso",
       "https://www.comunidad.madrid/servicios/salud/app-cita-sanitaria-madrid", "html"}},
     "web,phone,in_person,chat,whatsapp",
     2,
     0},

    {"CM",
     "renta-minima",
     "Renta Mínima de Inserción",
     "servicios_sociales",
     "Prestación económica mensual para personas y familias sin recursos suficientes para cubrir "
     "sus "
     "necesidades básicas, acompañada de un programa individual de inserción social y laboral. La "
     "solicitud se "
     "presenta a través de los servicios sociales municipales, que elaboran el informe social. Es "
     "subsidiaria y "
     "complementaria del Ingreso Mínimo Vital.",
     {"Residir legalmente y estar empadronado en la Comunidad de Madrid al menos un año antes de "
      "la solicitud",
      "Tener entre 25 y 65 años, salvo las excepciones previstas en la Ley 15/2001",
      "Carecer de recursos superiores a la cuantía de la prestación",
      "Haber solicitado antes las pensiones y prestaciones a que se tenga derecho, incluido el IMV",
      "Comprometerse a participar en el programa individual de inserción", NULL},
     {{"Solicitud de Renta Mínima de Inserción",
       "https://www.comunidad.madrid/sites/default/files/doc/asuntos-sociales/solicitud_rmi.pdf",
       "pdf"},
      {"Renta Mínima de Inserción: requisitos y cuantías",
       "https://www.comunidad.madrid/servicios/asuntos-sociales/renta-minima-insercion", "html"}},
     "web,phone,in_person",
     60,
     65},

    {"CM",
     "dependencia",
     "Reconocimiento de la situación de dependencia",
     "servicios_sociales",
     "Valoración del grado de dependencia de las personas que necesitan ayuda de otras para las "
     "actividades "
     "básicas de la vida diaria, para acceder a los servicios y prestaciones del Sistema para la "
     "Autonomía y "
     "Atención a la Dependencia. Un equipo valorador visita el domicilio y, tras la resolución de "
     "grado, se "
     "aprueba el Programa Individual de Atención (PIA): ayuda a domicilio, centro de día, "
     "residencia o "
     "prestación económica.",
     {"Residir en España cinco años, dos de ellos inmediatamente anteriores a la solicitud",
      "Estar empadronado en la Comunidad de Madrid",
      "Informe de salud cumplimentado por el médico de atención primaria",
      "Solicitud firmada por la persona interesada o su representante legal o guardador de hecho",
      NULL},
     {{"Solicitud de reconocimiento de la situación de dependencia",
       "https://www.comunidad.madrid/sites/default/files/doc/asuntos-sociales/"
       "solicitud_dependencia.pdf",
       "pdf"},
      {"Modelo de informe de salud",
       "https://www.comunidad.madrid/sites/default/files/doc/asuntos-sociales/"
       "informe_salud_dependencia.pdf",
       "pdf"},
      {"Dependencia: solicitud electrónica",
       "https://sede.comunidad.madrid/prestacion-social/reconocimiento-dependencia", "sede"}},
     "web,email,phone,in_person",
     120,
     130},

    {"CM",
     "familia-numerosa",
     "Título de familia numerosa",
     "servicios_sociales",
     "Título que acredita la condición de familia numerosa, de categoría general o especial, y da "
     "acceso a "
     "descuentos en transporte, tasas, matrículas, bono social y deducciones fiscales. Se expide a "
     "familias con "
     "tres o más hijos, o con dos si alguno tiene discapacidad, y en los demás supuestos de la Ley "
     "40/2003; en "
     "la Comunidad de Madrid también a familias monoparentales con dos hijos. Debe renovarse antes "
     "de caducar y "
     "cuando cambia el número de miembros.",
     {"Residencia en la Comunidad de Madrid de la persona solicitante",
      "Libro de familia o certificados de nacimiento de los hijos",
      "DNI o NIE de los progenitores y de los hijos mayores de 14 años",
      "Hijos menores de 21 años, o de 25 si estudian, o con discapacidad a cualquier edad",
      "Sentencia de separación o divorcio y convenio regulador, en su caso", NULL},
     {{"Solicitud o renovación del título de familia numerosa",
       "https://sede.comunidad.madrid/autorizaciones-licencias-permisos-carnes/"
       "titulo-familia-numerosa",
       "sede"},
      {"Modelo de solicitud en papel",
       "https://www.comunidad.madrid/sites/default/files/doc/asuntos-sociales/"
       "solicitud_familia_numerosa.pdf",
       "pdf"}},
     "web,email,phone,in_person",
     30,
     65},

    {"CM",
     "abono-transporte",
     "Tarjeta Transporte Público y Abono Joven",
     "transportes",
     "Tarjeta sin contacto del Consorcio Regional de Transportes en la que se cargan los abonos de "
     "30 días, "
     "incluido el Abono Joven para menores de 26 años y las tarifas para mayores de 65. Se "
     "solicita por internet "
     "o con cita previa en las oficinas de gestión, y se envía a domicilio o se recoge en la "
     "oficina. También "
     "se tramitan duplicados por pérdida, robo o deterioro y la aplicación de descuentos.",
     {"DNI, NIE o pasaporte en vigor", "Fotografía reciente en color, de frente y con fondo blanco",
      "Para el Abono Joven, tener menos de 26 años",
      "Título de familia numerosa o certificado de discapacidad si se solicita descuento", NULL},
     {{"Solicitud de la Tarjeta Transporte Público",
       "https://www.comunidad.madrid/servicios/transporte/tarjeta-transporte-publico", "sede"},
      {"Tarifas vigentes del transporte público",
       "https://www.comunidad.madrid/servicios/transporte/tarifas-transporte-publico", "html"}},
     "web,phone,in_person,chat,x",
     10,
     0},

    {"CM",
     "ayuda-alquiler",
     "Ayudas al alquiler de vivienda",
     "vivienda",
     "Ayudas del Plan Estatal de Vivienda gestionadas por la Comunidad de Madrid para pagar el "
     "alquiler de la "
     "vivienda habitual, con una línea específica para jóvenes menores de 35 años. Cubren un "
     "porcentaje de la "
     "renta mensual durante el periodo subvencionable y se abonan tras justificar el pago de los "
     "recibos. Las "
     "solicitudes se presentan en el plazo de cada convocatoria, preferentemente por vía "
     "electrónica.",
     {"Ser titular de un contrato de arrendamiento de vivienda habitual y permanente",
      "Estar empadronado en la vivienda alquilada",
      "Ingresos de la unidad de convivencia por debajo del límite en IPREM de la convocatoria",
      "Renta mensual del alquiler no superior a la máxima fijada",
      "Estar al corriente de las obligaciones tributarias y con la Seguridad Social", NULL},
     {{"Convocatoria de ayudas al alquiler (BOCM)",
       "https://www.comunidad.madrid/sites/default/files/doc/vivienda/"
       "convocatoria_ayudas_alquiler.pdf",
       "pdf"},
      {"Solicitud electrónica de ayuda al alquiler",
       "https://sede.comunidad.madrid/ayudas-becas-subvenciones/ayudas-alquiler-vivienda", "sede"}},
     "web,email,phone,in_person",
     90,
     130},

    {"CM",
     "victimas-delitos",
     "Oficina de Asistencia a Víctimas de Delitos 24 horas",
     "justicia",
     "Oficina de atención a víctimas de delitos abierta las 24 horas todos los días del año, con "
     "atención "
     "presencial y telefónica. Informa sobre derechos, acompaña a dependencias policiales y "
     "judiciales, ofrece "
     "apoyo psicológico y orientación jurídica y deriva a recursos especializados. Es gratuita y "
     "confidencial; "
     "ante un peligro inmediato hay que llamar al 112.",
     {"Haber sido víctima directa o indirecta de un delito, con o sin denuncia",
      "No es necesaria cita previa", NULL},
     {{"Oficina de Asistencia a Víctimas 24 horas",
       "https://www.comunidad.madrid/servicios/justicia/oficina-asistencia-victimas-delito",
       "html"},
      {"Estatuto de la víctima del delito: tus derechos",
       "https://www.comunidad.madrid/sites/default/files/doc/justicia/guia_derechos_victimas.pdf",
       "pdf"}},
     "phone,in_person,email,web",
     0,
     0},

    {"CM",
     "violencia-genero",
     "Punto de atención a víctimas de violencia de género",
     "servicios_sociales",
     "Red de puntos de atención a mujeres víctimas de violencia de género y a sus hijos e hijas, "
     "coordinada por "
     "la Comunidad de Madrid con los ayuntamientos. Ofrece atención social, psicológica y "
     "jurídica, "
     "acompañamiento, acceso a recursos de acogida, teleasistencia ATENPRO y ayudas económicas. Es "
     "gratuita y "
     "confidencial y no exige haber denunciado; el teléfono 016 no deja rastro en la factura.",
     {"Ser mujer víctima de violencia de género, o hija, hijo o persona a su cargo",
      "No es necesario haber presentado denuncia", NULL},
     {{"Red de Puntos de Violencia de Género",
       "https://www.comunidad.madrid/servicios/asuntos-sociales/red-puntos-violencia-genero",
       "html"},
      {"Guía de recursos para mujeres víctimas de violencia de género",
       "https://www.comunidad.madrid/sites/default/files/doc/asuntos-sociales/"
       "guia_recursos_violencia_genero.pdf",
       "pdf"}},
     "phone,in_person,email,whatsapp",
     0,
     0},

    {"CM",
     "parejas-hecho",
     "Registro de Uniones de Hecho",
     "justicia",
     "Inscripción en el Registro de Uniones de Hecho de la Comunidad de Madrid de las parejas que "
     "conviven de "
     "forma estable, así como de sus modificaciones y de la baja. La inscripción es voluntaria y "
     "acredita la "
     "existencia de la pareja ante otras administraciones, por ejemplo para permisos laborales o "
     "la pensión de "
     "viudedad. Ambos miembros deben firmar la solicitud.",
     {"Ser mayores de edad o menores emancipados",
      "Al menos uno de los dos empadronado en la Comunidad de Madrid",
      "No estar casados ni inscritos como pareja de hecho con otra persona",
      "No tener parentesco en línea recta ni colateral hasta el segundo grado",
      "Certificado de estado civil y de empadronamiento de ambos miembros", NULL},
     {{"Solicitud de inscripción en el Registro de Uniones de Hecho",
       "https://www.comunidad.madrid/sites/default/files/doc/justicia/solicitud_uniones_hecho.pdf",
       "pdf"},
      {"Inscripción de uniones de hecho: tramitación electrónica",
       "https://sede.comunidad.madrid/autorizaciones-licencias-permisos-carnes/"
       "registro-uniones-hecho",
       "sede"}},
     "web,email,phone,in_person",
     20,
     65},

    {"CM",
     "demandante-empleo",
     "Inscripción como demandante de empleo",
     "empleo",
     "Alta como demandante de empleo en las oficinas de empleo de la Comunidad de Madrid, "
     "necesaria para "
     "acceder a ofertas, orientación, formación y prestaciones por desempleo. Incluye la "
     "renovación periódica de "
     "la demanda, que puede hacerse por internet en la fecha indicada en el documento DARDE, y la "
     "expedición de "
     "certificados de inscripción. La primera inscripción requiere cita previa.",
     {"DNI o NIE con autorización para trabajar", "Tener 16 años o más",
      "Número de afiliación a la Seguridad Social",
      "Currículum y titulaciones para completar el perfil profesional", NULL},
     {{"Cita previa en oficinas de empleo",
       "https://sede.comunidad.madrid/cita-previa/oficinas-empleo", "sede"},
      {"Renovación de la demanda de empleo por internet",
       "https://www.comunidad.madrid/servicios/empleo/renovacion-demanda-empleo", "html"}},
     "web,phone,in_person,chat",
     1,
     0},

    {"CM",
     "discapacidad",
     "Reconocimiento del grado de discapacidad",
     "servicios_sociales",
     "Valoración del grado de discapacidad en los Centros Base de la Comunidad de Madrid, que "
     "expiden el "
     "certificado y la tarjeta acreditativa que dan acceso a beneficios fiscales, laborales, "
     "educativos y de "
     "movilidad. Un equipo de valoración (medicina, psicología y trabajo social) examina a la "
     "persona con los "
     "informes aportados. También se tramitan revisiones por agravamiento o mejoría.",
     {"Residir en la Comunidad de Madrid",
      "Informes médicos y psicológicos actualizados de las patologías alegadas",
      "DNI o NIE de la persona solicitante y, en su caso, de su representante",
      "Solicitud firmada en el modelo oficial", NULL},
     {{"Solicitud de reconocimiento del grado de discapacidad",
       "https://www.comunidad.madrid/sites/default/files/doc/asuntos-sociales/"
       "solicitud_grado_discapacidad.pdf",
       "pdf"},
      {"Reconocimiento de discapacidad: trámite electrónico",
       "https://sede.comunidad.madrid/prestacion-social/reconocimiento-grado-discapacidad", "sede"},
      {"Centros Base de valoración: direcciones y teléfonos",
       "https://www.comunidad.madrid/servicios/asuntos-sociales/centros-base", "html"}},
     "web,email,phone,in_person",
     120,
     130},

    {"CM",
     "caza-pesca",
     "Licencias de caza y pesca",
     "medio_ambiente",
     "Licencias para practicar la caza y la pesca recreativa en aguas continentales de la "
     "Comunidad de Madrid, "
     "con validez de uno a cinco años. Se obtienen al momento por internet pagando la tasa o en "
     "las oficinas de "
     "atención al ciudadano. Los mayores de 65 años y las personas con discapacidad igual o "
     "superior al 33 % "
     "están exentos del pago de la tasa.",
     {"DNI o NIE en vigor",
      "Para la licencia de caza, certificado de aptitud del examen del cazador o licencia anterior",
      "Pago de la tasa correspondiente (modelo 030)",
      "Los menores de edad necesitan autorización del padre, madre o tutor", NULL},
     {{"Expedición de licencias de caza y pesca",
       "https://sede.comunidad.madrid/autorizaciones-licencias-permisos-carnes/"
       "licencias-caza-pesca",
       "sede"},
      {"Tasas de las licencias de caza y pesca",
       "https://www.comunidad.madrid/sites/default/files/doc/medio-ambiente/"
       "tasas_licencias_caza_pesca.pdf",
       "pdf"}},
     "web,phone,in_person",
     1,
     65},

    {"CM",
     "impuesto-sucesiones",
     "Impuesto sobre Sucesiones y Donaciones",
     "hacienda",
     "Autoliquidación del impuesto por herencias, legados y seguros de vida, y por donaciones, "
     "cuando el "
     "fallecido residía o el donatario reside en la Comunidad de Madrid. Cónyuges, descendientes y "
     "ascendientes "
     "disfrutan de una bonificación del 99 % en la cuota. El plazo para presentar la "
     "autoliquidación de "
     "sucesiones es de seis meses desde el fallecimiento, prorrogable otros seis si se pide en los "
     "cinco "
     "primeros; el de donaciones, un mes.",
     {"Certificado de defunción y de últimas voluntades",
      "Copia del testamento o de la declaración de herederos",
      "Relación de bienes y deudas con su valor a la fecha del fallecimiento",
      "NIF de los herederos y del causante",
      "Autoliquidación en el modelo 650 (sucesiones) o 651 (donaciones)", NULL},
     {{"Modelo 650: autoliquidación de sucesiones",
       "https://sede.comunidad.madrid/impuestos-tasas/modelo-650-sucesiones", "sede"},
      {"Guía del Impuesto sobre Sucesiones y Donaciones",
       "https://www.comunidad.madrid/sites/default/files/doc/hacienda/"
       "guia_impuesto_sucesiones_donaciones.pdf",
       "pdf"}},
     "web,email,phone,in_person",
     20,
     0},

    {"CM",
     "impuesto-itp",
     "Impuesto sobre Transmisiones Patrimoniales y AJD",
     "hacienda",
     "Impuesto que grava, entre otras operaciones, la compra de vivienda usada y de vehículos de "
     "segunda mano "
     "entre particulares, y los documentos notariales como las escrituras de préstamo hipotecario. "
     "Se "
     "autoliquida con el modelo 600, o el 620 para vehículos, en el plazo de un mes desde la "
     "firma. En la "
     "Comunidad de Madrid el tipo general para inmuebles es del 6 %, con tipos reducidos en "
     "determinados "
     "supuestos de vivienda habitual.",
     {"Escritura pública o contrato de compraventa", "NIF de comprador y vendedor",
      "Autoliquidación en el plazo de un mes desde la firma",
      "Para vehículos, permiso de circulación y ficha técnica", NULL},
     {{"Modelo 600: autoliquidación de transmisiones patrimoniales",
       "https://sede.comunidad.madrid/impuestos-tasas/modelo-600-itp-ajd", "sede"},
      {"Modelo 620: compraventa de vehículos usados",
       "https://sede.comunidad.madrid/impuestos-tasas/modelo-620-vehiculos", "sede"},
      {"Precios medios de vehículos y valores de referencia",
       "https://www.comunidad.madrid/servicios/hacienda/valores-referencia-itp", "html"}},
     "web,email,phone,in_person",
     5,
     0},

    {"CM",
     "cita-registro",
     "Cita previa en oficinas de registro y atención al ciudadano",
     "atencion_ciudadana",
     "Cita previa para presentar escritos, solicitudes y documentación dirigidos a cualquier "
     "administración "
     "pública en las oficinas de registro de la Comunidad de Madrid. En ellas también se informa "
     "sobre trámites "
     "y se registra la identidad para Cl@ve. Las empresas, profesionales colegiados y demás "
     "sujetos obligados "
     "deben relacionarse por vía electrónica.",
     {"Documento de identidad en vigor",
      "Documentación que se quiere registrar, con copia si se desea sellada",
      "Cita previa solicitada por internet o en el 012", NULL},
     {{"Cita previa en oficinas de asistencia en materia de registro",
       "https://sede.comunidad.madrid/cita-previa/oficinas-registro", "sede"},
      {"Oficinas de atención al ciudadano: direcciones y horarios",
       "https://www.comunidad.madrid/servicios/atencion-ciudadano/oficinas-atencion-ciudadano",
       "html"}},
     "web,phone,in_person,chat",
     1,
     0},

    /* ---- Every municipality ---- */
    {"*",
     "empadronamiento",
     "Alta y cambio de domicilio en el Padrón",
     "padron",
     "Inscripción en el Padrón Municipal de Habitantes de quienes viven en el municipio, por "
     "llegada desde otro "
     "municipio o del extranjero, por nacimiento o por cambio de domicilio dentro del término "
     "municipal. "
     "Empadronarse es obligatorio y necesario para la tarjeta sanitaria, la escolarización o las "
     "ayudas "
     "sociales. Se tramita con cita previa en las oficinas de atención a la ciudadanía o en la "
     "sede "
     "electrónica con certificado digital o Cl@ve.",
     {"Hoja padronal firmada por todas las personas mayores de edad que se inscriben",
      "Documento de identidad en vigor (DNI, NIE, TIE, pasaporte o documento de la UE)",
      "Documento que acredite el uso de la vivienda: escritura, contrato de alquiler o recibo de "
      "suministro",
      "Si no se es titular, autorización firmada por el titular o por una persona ya empadronada",
      "Libro de familia o certificado de nacimiento para inscribir a menores", NULL},
     {{"Hoja padronal de inscripción",
       "https://www.madrid.es/UnidadesDescentralizadas/Padron/Impresos/hoja_padronal.pdf", "pdf"},
      {"Alta y cambio de domicilio en el Padrón",
       "https://sede.madrid.es/portal/site/tramites/padron-alta-cambio-domicilio", "sede"},
      {"Autorización de empadronamiento en vivienda de otra persona",
       "https://www.madrid.es/UnidadesDescentralizadas/Padron/Impresos/"
       "autorizacion_empadronamiento.pdf",
       "pdf"}},
     "web,email,phone,in_person",
     5,
     65},

    {"*",
     "volante-padron",
     "Volante y certificado de empadronamiento",
     "padron",
     "Documento que informa del domicilio de empadronamiento y de las personas inscritas en él "
     "(volante) o que "
     "lo acredita con plena validez ante otras administraciones y tribunales (certificado). Puede "
     "ser "
     "individual o colectivo, actual o histórico con las fechas de altas y bajas. Se obtiene al "
     "momento en la "
     "sede electrónica o con cita en las oficinas, y también puede enviarse por correo al "
     "domicilio del padrón.",
     {"Estar inscrito en el Padrón Municipal", "Identificación de la persona solicitante",
      "Para pedirlo en nombre de otra persona, autorización firmada y copia de su documento de "
      "identidad",
      NULL},
     {{"Volante y certificado de empadronamiento en línea",
       "https://sede.madrid.es/portal/site/tramites/certificado-volante-empadronamiento", "sede"},
      {"Modelo de autorización para solicitar el certificado",
       "https://www.madrid.es/UnidadesDescentralizadas/Padron/Impresos/"
       "autorizacion_certificado.pdf",
       "pdf"}},
     "web,email,phone,in_person,chat",
     1,
     0},

    {"*",
     "ibi",
     "Impuesto sobre Bienes Inmuebles (IBI)",
     "tributos",
     "Gestión del impuesto anual que pagan los propietarios de viviendas, locales, garajes y "
     "solares. Permite "
     "obtener el recibo, domiciliarlo, acogerse al pago fraccionado o al plan personalizado de "
     "pagos y pedir "
     "bonificaciones, como la de familia numerosa o la de instalaciones de energía solar. Los "
     "cambios de "
     "titularidad se comunican al Catastro, normalmente a través del notario.",
     {"Ser titular del inmueble o su representante", "Referencia catastral o número del recibo",
      "Número de cuenta IBAN para la domiciliación",
      "Para la bonificación de familia numerosa, título en vigor y empadronamiento en el inmueble",
      NULL},
     {{"Domiciliación y pago fraccionado del IBI",
       "https://sede.madrid.es/portal/site/tramites/ibi-domiciliacion-pago-fraccionado", "sede"},
      {"Solicitud de bonificaciones del IBI",
       "https://www.madrid.es/UnidadesDescentralizadas/Hacienda/Impresos/"
       "solicitud_bonificacion_ibi.pdf",
       "pdf"},
      {"Calendario fiscal del año",
       "https://www.madrid.es/portales/munimadrid/es/calendario-fiscal", "html"}},
     "web,email,phone,in_person",
     10,
     65},

    {"*",
     "ivtm",
     "Impuesto sobre Vehículos de Tracción Mecánica",
     "tributos",
     "Impuesto municipal, conocido como impuesto de circulación, que pagan cada año los titulares "
     "de vehículos "
     "con domicilio en el municipio según el Registro de la DGT. Incluye el pago y la "
     "domiciliación del recibo, "
     "la exención para vehículos de personas con discapacidad y las bonificaciones para vehículos "
     "históricos, "
     "eléctricos o híbridos. Las bajas y transferencias se tramitan en la DGT.",
     {"Ser titular del vehículo según el Registro de Vehículos de la DGT",
      "Matrícula del vehículo y NIF del titular",
      "Para la exención por discapacidad, grado igual o superior al 33 % y uso exclusivo del "
      "vehículo",
      "Para bonificaciones, ficha técnica que acredite el tipo de motor o la antigüedad", NULL},
     {{"Solicitud de exención por discapacidad",
       "https://www.madrid.es/UnidadesDescentralizadas/Hacienda/Impresos/"
       "exencion_ivtm_discapacidad.pdf",
       "pdf"},
      {"Pago y domiciliación del impuesto de vehículos",
       "https://sede.madrid.es/portal/site/tramites/ivtm-pago-domiciliacion", "sede"},
      {"Ordenanza fiscal del impuesto de vehículos",
       "https://www.madrid.es/UnidadesDescentralizadas/Hacienda/Ordenanzas/ordenanza_ivtm.pdf",
       "pdf"}},
     "web,email,phone,in_person",
     10,
     65},

    {"*",
     "plusvalia",
     "Plusvalía municipal (IIVTNU)",
     "tributos",
     "Impuesto sobre el Incremento de Valor de los Terrenos de Naturaleza Urbana, que se paga al "
     "vender, "
     "heredar o donar un inmueble. En la compraventa lo paga quien vende y en herencias y "
     "donaciones quien "
     "recibe el bien. Puede elegirse entre el método objetivo y el de plusvalía real, y no hay "
     "impuesto si se "
     "acredita que no ha habido incremento de valor.",
     {"Escritura de la transmisión (compraventa, donación o aceptación de herencia)",
      "Escritura de adquisición anterior para acreditar el valor de compra",
      "Certificado de defunción en caso de herencia",
      "Presentación en 30 días hábiles en transmisiones entre vivos o en seis meses en herencias",
      NULL},
     {{"Autoliquidación de la plusvalía municipal",
       "https://sede.madrid.es/portal/site/tramites/plusvalia-autoliquidacion", "sede"},
      {"Declaración de inexistencia de incremento de valor",
       "https://www.madrid.es/UnidadesDescentralizadas/Hacienda/Impresos/"
       "declaracion_no_incremento.pdf",
       "pdf"}},
     "web,email,phone,in_person",
     30,
     65},

    {"*",
     "obra-menor",
     "Licencia de obra menor y declaración responsable",
     "urbanismo",
     "Autorización de obras de escasa entidad en viviendas y locales: reformas de cocina o baño, "
     "cambio de "
     "solados, sustitución de ventanas o arreglos de fachada. La mayoría se tramitan por "
     "declaración "
     "responsable, que permite empezar la obra desde su presentación; las que afectan a la "
     "estructura o a "
     "edificios protegidos requieren licencia. Se abonan la tasa urbanística y el Impuesto sobre "
     "Construcciones, Instalaciones y Obras (ICIO).",
     {"Impreso de declaración responsable o de solicitud de licencia cumplimentado",
      "Presupuesto detallado de la obra por partidas", "Plano o croquis acotado de la actuación",
      "Justificante de pago de la tasa y del ICIO",
      "Autorización de la comunidad de propietarios si afecta a elementos comunes", NULL},
     {{"Declaración responsable de obras",
       "https://www.madrid.es/UnidadesDescentralizadas/Urbanismo/Impresos/"
       "declaracion_responsable_obras.pdf",
       "pdf"},
      {"Presentación electrónica de declaraciones responsables",
       "https://sede.madrid.es/portal/site/tramites/declaracion-responsable-obras", "sede"},
      {"Guía: ¿qué trámite necesita mi obra?",
       "https://www.madrid.es/portales/munimadrid/es/urbanismo/guia-tramites-obras", "html"}},
     "web,email,phone,in_person",
     20,
     65},

    {"*",
     "licencia-actividad",
     "Licencia de actividad y apertura de locales",
     "urbanismo",
     "Apertura de comercios, oficinas, bares, talleres y otras actividades económicas mediante "
     "declaración "
     "responsable o licencia, según el tipo de actividad y la obra necesaria. Las actividades "
     "inocuas pueden "
     "iniciarse al presentar la declaración; las calificadas requieren licencia con proyecto "
     "técnico. También "
     "se comunican los cambios de titularidad de actividades ya autorizadas.",
     {"Declaración responsable o solicitud de licencia firmada por el titular",
      "Proyecto técnico o memoria firmada por técnico competente, según la actividad",
      "Planos de situación y de distribución del local",
      "Justificante de pago de la tasa por actividad", "Alta en el IAE o declaración censal", NULL},
     {{"Declaración responsable de actividad",
       "https://sede.madrid.es/portal/site/tramites/declaracion-responsable-actividad", "sede"},
      {"Comunicación de cambio de titularidad de actividad",
       "https://www.madrid.es/UnidadesDescentralizadas/Urbanismo/Impresos/"
       "cambio_titularidad_actividad.pdf",
       "pdf"}},
     "web,email,phone,in_person",
     45,
     65},

    {"*",
     "ayuda-domicilio",
     "Servicio de ayuda a domicilio",
     "servicios_sociales",
     "Atención personal y doméstica en el hogar para personas mayores, con discapacidad o en "
     "situación de "
     "dependencia que tienen dificultades para valerse por sí mismas. Incluye ayuda en el aseo, la "
     "movilización, la comida y la limpieza básica, y puede completarse con teleasistencia. Se "
     "solicita en el "
     "centro de servicios sociales y la aportación económica depende de los ingresos.",
     {"Estar empadronado en el municipio",
      "Valoración de la necesidad por el trabajador o la trabajadora social",
      "Declaración de ingresos de la unidad de convivencia",
      "Informe médico sobre la situación de salud", NULL},
     {{"Servicio de ayuda a domicilio para mayores",
       "https://www.madrid.es/portales/munimadrid/es/servicios-sociales/ayuda-domicilio", "html"},
      {"Solicitud de servicios sociales de atención domiciliaria",
       "https://sede.madrid.es/portal/site/tramites/ayuda-domicilio-teleasistencia", "sede"}},
     "phone,in_person,email,web",
     60,
     65},

    {"*",
     "emergencia-social",
     "Ayudas económicas de emergencia social",
     "servicios_sociales",
     "Ayudas puntuales para personas y familias en situación de necesidad urgente: alquiler o "
     "hipoteca para "
     "evitar la pérdida de la vivienda, suministros de luz, agua y gas, alimentación, gafas o "
     "tratamientos no "
     "cubiertos. Se conceden tras entrevista y valoración del trabajador social del centro de "
     "servicios "
     "sociales. No son un ingreso periódico y deben justificarse con facturas.",
     {"Estar empadronado en el municipio con la antigüedad que fije la ordenanza",
      "Ingresos de la unidad familiar inferiores a los límites establecidos",
      "Facturas o presupuestos del gasto para el que se pide la ayuda",
      "Justificar después el destino del dinero", NULL},
     {{"Ayudas económicas de especial necesidad y emergencia social",
       "https://www.madrid.es/portales/munimadrid/es/servicios-sociales/ayudas-emergencia-social",
       "html"},
      {"Cita con los servicios sociales municipales",
       "https://sede.madrid.es/portal/site/tramites/cita-servicios-sociales", "sede"}},
     "phone,in_person,email",
     15,
     65},

    {"*",
     "recogida-enseres",
     "Recogida de muebles y enseres",
     "medio_ambiente",
     "Servicio gratuito de recogida a domicilio de muebles, colchones, electrodomésticos y otros "
     "objetos "
     "voluminosos de uso doméstico. Se pide cita indicando los objetos y se dejan en la puerta del "
     "portal el "
     "día asignado a partir de la hora indicada, nunca antes. No incluye escombros ni restos de "
     "obra, que deben "
     "llevarse al punto limpio.",
     {"Cita previa con la dirección y la relación de objetos",
      "Número máximo de objetos por recogida según la ordenanza",
      "Dejar los objetos en la vía pública solo el día y a la hora indicados", NULL},
     {{"Solicitud de recogida de muebles y enseres",
       "https://sede.madrid.es/portal/site/tramites/recogida-muebles-enseres", "sede"},
      {"Puntos limpios: ubicación y horarios",
       "https://www.madrid.es/portales/munimadrid/es/medio-ambiente/puntos-limpios", "html"}},
     "web,email,phone,chat,whatsapp",
     3,
     0},

    {"*",
     "incidencias-via-publica",
     "Avisos de incidencias en la vía pública",
     "atencion_ciudadana",
     "Comunicación de desperfectos en calles, aceras, parques y mobiliario urbano: baches, farolas "
     "apagadas, "
     "semáforos averiados, alcantarillas sin tapa, bancos rotos, pintadas o ramas caídas. El aviso "
     "se deriva al "
     "servicio municipal responsable y puede seguirse con su número. Ante un peligro inmediato hay "
     "que llamar "
     "al 112 o a la Policía Municipal.",
     {"Ubicación lo más precisa posible (calle, número o referencia cercana)",
      "Descripción del problema y, si es posible, una fotografía", NULL},
     {{"Avisos e incidencias en la vía pública",
       "https://sede.madrid.es/portal/site/tramites/avisos-incidencias-via-publica", "sede"}},
     "web,email,phone,chat,telegram,whatsapp,x,facebook",
     10,
     0},

    {"*",
     "tarjeta-pmr",
     "Tarjeta de estacionamiento para personas con movilidad reducida",
     "movilidad",
     "Tarjeta que permite a las personas con movilidad reducida estacionar en las plazas "
     "reservadas y, con "
     "limitaciones, en zonas de carga y descarga o de aparcamiento regulado. Es personal e "
     "intransferible y "
     "vale en cualquier vehículo que transporte a su titular, conduzca o no. Existe también una "
     "tarjeta "
     "provisional por razones humanitarias para enfermedades graves.",
     {"Estar empadronado en el municipio",
      "Certificado de discapacidad con dictamen positivo de movilidad reducida o de agudeza visual",
      "Fotografía reciente tamaño carné", "DNI o NIE de la persona titular", NULL},
     {{"Solicitud de tarjeta de estacionamiento para personas con movilidad reducida",
       "https://www.madrid.es/UnidadesDescentralizadas/Movilidad/Impresos/"
       "solicitud_tarjeta_estacionamiento.pdf",
       "pdf"},
      {"Tarjeta de estacionamiento: tramitación electrónica",
       "https://sede.madrid.es/portal/site/tramites/tarjeta-estacionamiento-movilidad-reducida",
       "sede"}},
     "web,email,phone,in_person",
     45,
     65},

    {"*",
     "multas-trafico",
     "Multas de tráfico: pago, alegaciones y recursos",
     "movilidad",
     "Consulta y pago de las multas impuestas por la Policía Municipal y los agentes de movilidad "
     "en vías "
     "urbanas, identificación del conductor, alegaciones y recursos. El pago en los 20 días "
     "naturales "
     "siguientes a la notificación tiene una reducción del 50 %, pero supone renunciar a alegar. "
     "Contra la "
     "resolución sancionadora cabe recurso de reposición en el plazo de un mes.",
     {"Número de expediente o de boletín de la denuncia",
      "Matrícula del vehículo y NIF del titular",
      "Escrito de alegaciones con las pruebas que se aporten",
      "Para identificar al conductor, sus datos y número de permiso", NULL},
     {{"Pago de multas de tráfico", "https://sede.madrid.es/portal/site/tramites/multas-pago",
       "sede"},
      {"Alegaciones, recursos e identificación del conductor",
       "https://sede.madrid.es/portal/site/tramites/multas-alegaciones-recursos", "sede"}},
     "web,email,phone,in_person",
     30,
     22},

    {"*",
     "actividades-deportivas",
     "Inscripción en actividades deportivas municipales",
     "cultura_deportes",
     "Inscripción en las escuelas y actividades de los centros deportivos municipales: natación, "
     "pádel, "
     "gimnasia de mantenimiento, yoga, pilates, fútbol sala, atletismo y otras, para niños, "
     "adultos y mayores. "
     "Las plazas se adjudican por orden de inscripción o por sorteo cuando hay más demanda que "
     "oferta. "
     "Empadronados, mayores de 65 años, familias numerosas y personas con discapacidad tienen "
     "precios "
     "reducidos.",
     {"Alta como usuario en la red de instalaciones deportivas municipales",
      "Pago de la cuota mensual, trimestral o de temporada",
      "Certificado médico de aptitud para algunas actividades",
      "Acreditar empadronamiento, familia numerosa o discapacidad para los descuentos", NULL},
     {{"Inscripción en actividades dirigidas y escuelas deportivas",
       "https://deportesweb.madrid.es/DeportesWeb/inscripcion-actividades", "sede"},
      {"Precios públicos de los servicios deportivos",
       "https://www.madrid.es/portales/munimadrid/es/deportes/precios-publicos", "html"}},
     "web,email,phone,in_person",
     5,
     0},

    {"*",
     "reserva-instalaciones",
     "Reserva de instalaciones deportivas",
     "cultura_deportes",
     "Alquiler por horas de pistas de pádel y tenis, campos de fútbol, pabellones y calles de "
     "piscina en los "
     "centros deportivos municipales, con unos días de antelación. La reserva se hace por internet "
     "o en el "
     "propio centro y se paga en el momento. Clubes, colegios y asociaciones pueden solicitar uso "
     "de temporada "
     "en la convocatoria anual.",
     {"Alta como usuario en el sistema de reservas",
      "Pago de la tarifa de uso en el momento de reservar",
      "Respetar las normas de uso y el horario reservado", NULL},
     {{"Reserva de instalaciones deportivas",
       "https://deportesweb.madrid.es/DeportesWeb/reserva-instalaciones", "sede"},
      {"Normativa de uso de las instalaciones deportivas municipales",
       "https://www.madrid.es/UnidadesDescentralizadas/Deportes/normativa_uso_instalaciones.pdf",
       "pdf"}},
     "web,phone,in_person",
     1,
     0},

    {"*",
     "vado",
     "Licencia de vado permanente",
     "movilidad",
     "Licencia que autoriza la entrada y salida de vehículos a través de la acera hacia garajes y "
     "recintos "
     "privados, con reserva de espacio en la vía pública. Incluye la placa oficial numerada, que "
     "es "
     "obligatoria, y el pago anual de la tasa por aprovechamiento especial del dominio público. "
     "También se "
     "tramitan las bajas y los cambios de titular.",
     {"Ser propietario o arrendatario del inmueble o garaje",
      "Licencia de primera ocupación o de funcionamiento del garaje",
      "Plano de situación y fotografía de la entrada", "Pago de la tasa de vado y de la placa",
      NULL},
     {{"Solicitud de licencia de vado",
       "https://sede.madrid.es/portal/site/tramites/licencia-vado-permanente", "sede"},
      {"Ordenanza fiscal de la tasa por paso de vehículos",
       "https://www.madrid.es/UnidadesDescentralizadas/Hacienda/Ordenanzas/"
       "ordenanza_tasa_vados.pdf",
       "pdf"}},
     "web,email,phone,in_person",
     30,
     65},

    {"*",
     "matrimonio-civil",
     "Celebración de matrimonio civil",
     "atencion_ciudadana",
     "Celebración de bodas civiles en las dependencias municipales, oficiadas por el alcalde o la "
     "alcaldesa o "
     "por el concejal en quien delegue. Antes hay que tramitar el expediente matrimonial en el "
     "Registro Civil o "
     "ante notario y, con la resolución favorable, reservar fecha y hora. Los contrayentes deben "
     "acudir con "
     "dos testigos mayores de edad.",
     {"Expediente matrimonial aprobado por el Registro Civil o acta notarial",
      "Reserva de fecha y pago de la tasa por celebración de matrimonio civil",
      "Dos testigos mayores de edad con su documento de identidad",
      "Documento de identidad de los contrayentes", NULL},
     {{"Solicitud de celebración de matrimonio civil",
       "https://sede.madrid.es/portal/site/tramites/matrimonio-civil", "sede"},
      {"Salones, horarios y tasas de las bodas civiles",
       "https://www.madrid.es/portales/munimadrid/es/bodas-civiles", "html"}},
     "web,email,phone,in_person",
     30,
     0},

    {"*",
     "quejas-sugerencias",
     "Sugerencias, reclamaciones y felicitaciones",
     "atencion_ciudadana",
     "Cauce para presentar quejas por el funcionamiento de los servicios municipales, sugerencias "
     "de mejora y "
     "felicitaciones al personal. Cada escrito se registra, se remite a la unidad responsable y se "
     "contesta "
     "por escrito. No sustituye a los recursos administrativos ni interrumpe sus plazos.",
     {"Identificación de la persona que la presenta",
      "Descripción de los hechos, con fecha y lugar", "Medio preferido para recibir la respuesta",
      NULL},
     {{"Sugerencias, reclamaciones y felicitaciones",
       "https://sede.madrid.es/portal/site/tramites/sugerencias-reclamaciones", "sede"}},
     "web,email,phone,in_person,chat,x,facebook",
     15,
     65},
};
const size_t vt_demo_services_count = sizeof vt_demo_services / sizeof vt_demo_services[0];

/* ------------------------------------------------------------------------- */
/* Citizens' requests                                                        */
/* ------------------------------------------------------------------------- */

const struct vt_demo_request vt_demo_requests[] = {
    /* beca-comedor */
    {"beca-comedor", "Beca comedor",
     "Buenas tardes, quería saber si este año ya se puede pedir el precio reducido del comedor "
     "para mis dos "
     "hijos, que van al CEIP Pérez Galdós en 3º y 5º de primaria. El año pasado nos lo concedieron "
     "porque "
     "cobramos el IMV. ¿Hay que volver a presentar todo o se renueva solo?"},
    {"beca-comedor", "Consulta",
     "hola mi hija empieza 1 de la eso en el instituto y no se si tiene comedor reducido como en "
     "el colegio, "
     "gracias"},
    {"beca-comedor", "Denegación del precio reducido de comedor",
     "Me han denegado la reducción del comedor escolar por superar la renta per cápita, pero ese "
     "año cobraba "
     "mucho más que ahora: estuve seis meses en el paro y solo entra mi sueldo. Somos cuatro en "
     "casa. ¿Se puede "
     "alegar con la situación actual? ¿Dónde presento la reclamación?"},
    {"beca-comedor", "Llamada 012 - comedor escolar en acogimiento",
     "Llama una señora, abuela de un alumno del colegio Miguel Hernández de Parla. Tiene la guarda "
     "del niño "
     "por resolución de la Comisión de Tutela y pregunta si por estar en acogimiento familiar le "
     "corresponde "
     "el comedor gratis y qué papeles tiene que llevar a secretaría."},
    {"beca-comedor", "comedor",
     "Buenas! cuanto pagaria al dia de comedor con la ayuda? es que sin ella son 4,88 y con dos "
     "niños no llego"},
    {"beca-comedor", "School meals reduced price",
     "Good morning, my son attends a public school in Alcobendas and the school secretary told me "
     "about a "
     "reduced price for school meals. We have international protection status (refugees). Can we "
     "apply, and "
     "which form should I fill in? Thank you very much."},
    {"beca-comedor", "Solicitud fuera de plazo",
     "Nos mudamos a Getafe en noviembre y mi hijo entró en el colegio a mitad de trimestre. "
     "¿Todavía podemos "
     "solicitar la ayuda del menú escolar o el plazo se cerró en septiembre? Soy víctima de "
     "violencia de "
     "género y tengo orden de protección en vigor."},
    {"beca-comedor", "Presentar en papel",
     "El cole dice que la solicitud del comedor reducido es por internet pero no tengo certificado "
     "digital ni "
     "cl@ve. Se puede entregar en papel en el colegio??"},
    {"beca-comedor", "Cuándo se aplica el descuento del comedor",
     "Nos concedieron el precio reducido de comedor a finales de octubre, pero el colegio nos ha "
     "cobrado el "
     "precio completo en los recibos de septiembre y octubre. ¿Nos devolverán la diferencia o ese "
     "dinero se "
     "pierde?"},
    {"beca-comedor", "Firma del padre en la solicitud de comedor",
     "Estoy divorciada y el padre de los niños no quiere firmar la solicitud de ayuda de comedor. "
     "¿Hace falta "
     "su firma? ¿Se cuentan sus ingresos aunque no viva con nosotros? Tengo la sentencia y el "
     "convenio "
     "regulador con la custodia a mi favor."},
    {"beca-comedor", "Menú sin gluten y precio reducido",
     "Mi hijo tiene concedido el precio reducido del comedor y acaban de diagnosticarle celiaquía. "
     "¿Se "
     "mantiene el mismo precio con el menú especial sin gluten o el colegio puede cobrarnos más?"},

    /* beca-infantil */
    {"beca-infantil", "Beca guardería privada",
     "Hola, mi bebé nacerá a principios de junio y queremos llevarla a una escuela infantil "
     "privada desde "
     "septiembre. ¿Podemos pedir ya la beca de infantil aunque todavía no haya nacido?"},
    {"beca-infantil", "Cuantía beca 0-3",
     "Buenos días. ¿Cuánto es la beca de primer ciclo de educación infantil al mes? Pagamos 390 "
     "euros en la "
     "guarde de Alcorcón y nuestra renta per cápita ronda los 11.000 euros. Gracias."},
    {"beca-infantil", "No aparece la escuela infantil en la solicitud",
     "Al rellenar la solicitud de la beca de escuela infantil no me sale nuestra guardería en el "
     "desplegable de "
     "centros. La directora asegura que está autorizada por la Consejería. ¿Qué hago, la dejo en "
     "blanco?"},
    {"beca-infantil", "Excluidos del listado provisional",
     "Nos han excluido del listado provisional de becas de educación infantil con el motivo \"no "
     "consta "
     "autorización de consulta de datos\". Yo marqué la casilla, estoy segura. ¿Cómo subsanamos? "
     "El plazo de "
     "alegaciones acaba el viernes."},
    {"beca-infantil", "consulta beca guarderia",
     "buenas tardes la beca de la guarderia se descuenta de la cuota o me la ingresan a mi en la "
     "cuenta? la "
     "guarderia me cobra entero y dice q espere"},
    {"beca-infantil", "Cambio de escuela infantil con beca concedida",
     "Tenemos concedida la beca para la escuela infantil Pequeños Pasos de Fuenlabrada, pero nos "
     "mudamos a "
     "Leganés en enero y vamos a cambiar al niño de centro. ¿La beca se traslada al nuevo centro o "
     "hay que "
     "pedirla otra vez?"},
    {"beca-infantil", "Nursery grant eligibility",
     "Hi, we are an Italian family living in Pozuelo. Our daughter is 14 months old and goes to a "
     "private "
     "nursery. Are we eligible for the Comunidad de Madrid nursery grant? We have NIE but we have "
     "only been "
     "registered in the padrón since March."},
    {"beca-infantil", "Llamada: plazo becas escuelas infantiles",
     "Llamada de un padre de Torrejón: pregunta por el plazo de la convocatoria de becas para "
     "escuelas "
     "infantiles privadas del curso que viene. Tiene gemelos de 10 meses y quiere saber si hay que "
     "presentar "
     "una solicitud por cada niño."},
    {"beca-infantil", "¿Sirve para escuela pública?",
     "¿La beca de infantil vale también para escuelas infantiles públicas? Nos han dado plaza en "
     "la escuela "
     "municipal de Las Rozas pero la cuota con comedor se nos va de presupuesto."},
    {"beca-infantil", "Abono de becas a los centros",
     "Escribimos desde la escuela infantil Los Peques, centro privado autorizado. Varias familias "
     "con beca "
     "concedida nos preguntan cuándo se abonará el importe de septiembre a diciembre, porque les "
     "estamos "
     "adelantando el descuento. ¿Hay fecha prevista de pago a los centros?"},
    {"beca-infantil", "Qué renta cuenta",
     "Para la beca de guardería, ¿qué declaración de la renta se tiene en cuenta, la del año "
     "pasado o la de "
     "hace dos años? Es que ese año yo no trabajaba y mi mujer sí, y ahora es al revés."},

    /* admision-escolar */
    {"admision-escolar", "Solicitud de plaza para 3 años",
     "Buenos días. Mi hija nació en 2021 y empieza el segundo ciclo de infantil en septiembre. "
     "¿Cuándo se abre "
     "el plazo de admisión y cuántos colegios puedo poner? Nos interesa el CEIP Antonio Machado de "
     "Alcalá, que "
     "está al lado de casa."},
    {"admision-escolar", "Puntos por hermanos",
     "Tengo un hijo en 4º en el colegio concertado Santa Teresa y quiero pedir plaza para el "
     "pequeño en el "
     "mismo centro. ¿Cuántos puntos da tener un hermano matriculado? ¿Y si el mayor termina 6º "
     "este año, sigue "
     "contando?"},
    {"admision-escolar", "URGENTE: escolarización a mitad de curso",
     "Nos hemos mudado de Valencia a Móstoles por trabajo y tengo dos niños de 7 y 11 años sin "
     "colegio desde el "
     "lunes. ¿Dónde pido plaza fuera de plazo? Urgente por favor, no quiero que pierdan más "
     "clases."},
    {"admision-escolar", "Reclamacion listado",
     "En el listado provisional de admision a mi hijo le han dado 8 puntos y deberian ser 10, "
     "porque aporte el "
     "certificado de discapacidad de su padre. como reclamo??"},
    {"admision-escolar", "School place for September",
     "Hello, we are moving from London to Las Rozas in August. Our children are 9 and 13. How do "
     "we apply for "
     "a place at a public or state-funded school for September? Do we need to be registered at the "
     "town hall "
     "first?"},
    {"admision-escolar", "No nos han dado ninguno de los seis colegios",
     "Pusimos seis colegios en la solicitud y en el listado definitivo no aparece ninguno. Nos han "
     "asignado un "
     "centro a 3 km y sin ruta escolar. Mi marido trabaja a turnos y yo no tengo coche. ¿Qué "
     "podemos hacer? "
     "Estoy desesperada."},
    {"admision-escolar", "Firma de los dos progenitores",
     "Estoy separada y el padre no contesta a mis mensajes desde hace meses. Para la solicitud de "
     "admisión en "
     "el instituto piden la firma de los dos. ¿Puedo presentarla yo sola con una declaración "
     "responsable?"},
    {"admision-escolar", "Llamada: abuelo sin acceso a Secretaría Virtual",
     "Llama un abuelo de San Sebastián de los Reyes: no sabe entrar en la Secretaría Virtual para "
     "pedir plaza "
     "de 1º de ESO para su nieto, que vive con él. Pide que le expliquen si puede hacerlo en papel "
     "en el "
     "colegio."},
    {"admision-escolar", "Bachillerato de artes",
     "Hola, estoy en 4º de la ESO y quiero hacer el bachillerato de artes escenicas pero en mi "
     "insti no lo "
     "hay. Pido plaza en el proceso de admision normal o es diferente? tengo 16 años"},
    {"admision-escolar", "¿Hay que matricular después?",
     "Ya ha salido el listado y nos han admitido en el primer colegio que pedimos. ¿Hay que hacer "
     "algo más o "
     "ya está? ¿Cuándo es la matrícula? No me ha llegado nada al correo."},
    {"admision-escolar", "Zona única",
     "Me han dicho que en la Comunidad ya no hay zonas escolares y que puedo pedir cualquier "
     "colegio. ¿Es "
     "verdad? Vivimos en Getafe pero trabajo en Chamberí y me vendría mejor un colegio allí."},

    /* tarjeta-sanitaria */
    {"tarjeta-sanitaria", "Tarjeta sanitaria recién nacido",
     "Buenos días, tuvimos a nuestra hija el 3 de marzo en el Hospital de Getafe. ¿Qué hay que "
     "hacer para "
     "sacarle la tarjeta sanitaria? Ya está inscrita en el Registro Civil y empadronada con "
     "nosotros."},
    {"tarjeta-sanitaria", "He perdido la tarjeta",
     "perdí la cartera con la tarjeta sanitaria dentro, como pido otra? tengo cita con el "
     "especialista la "
     "semana que viene"},
    {"tarjeta-sanitaria", "Health card",
     "Hi, I'm a British citizen, I've got my TIE and I work in Alcalá de Henares. How do I get a "
     "health card "
     "(tarjeta sanitaria)? My employer already registered me with Social Security."},
    {"tarjeta-sanitaria", "Cambio de médico de cabecera",
     "Quiero cambiar de médico de familia dentro de mi centro de salud, no estoy contento con la "
     "atención. "
     "¿Se puede hacer por internet o tengo que ir al mostrador?"},
    {"tarjeta-sanitaria", "Cambio de centro de salud tras mudanza",
     "Me he mudado de Leganés a Fuenlabrada y sigo teniendo asignado el centro de salud de antes. "
     "¿Cómo cambio "
     "de centro? ¿Me dan una tarjeta nueva?"},
    {"tarjeta-sanitaria", "Estudiante extranjera",
     "Soy estudiante venezolana con autorización de estancia por estudios y seguro privado. Me han "
     "dicho que "
     "puedo tener tarjeta sanitaria pública, ¿es cierto? ¿Qué necesito?"},
    {"tarjeta-sanitaria", "Llamada: tarjeta rota",
     "Llamada de un señor de 78 años: la tarjeta sanitaria de su mujer está partida por la mitad y "
     "en la "
     "farmacia no la leen. Pregunta si tiene que ir ella en persona al centro de salud o puede ir "
     "él con el "
     "DNI de los dos."},
    {"tarjeta-sanitaria", "Mis datos en la tarjeta estan mal",
     "En mi tarjeta sanitaria pone mal el segundo apellido, Muños en vez de Muñoz, y en el "
     "hospital me dan "
     "problemas al buscar mi historia. Como lo corrijo"},
    {"tarjeta-sanitaria", "Tarjeta sanitaria para mi madre",
     "Mi madre acaba de llegar de Colombia por reagrupación familiar y ya tiene el NIE. ¿Puede "
     "tener tarjeta "
     "sanitaria? Tiene 70 años y toma medicación para la tensión, nos preocupa que se quede sin "
     "tratamiento."},
    {"tarjeta-sanitaria", "Tarjeta dada de baja",
     "En la farmacia me dicen que mi tarjeta está dada de baja. Estuve trabajando un año en "
     "Alemania y volví "
     "en enero. ¿Tengo que volver a darme de alta? ¿Dónde?"},
    {"tarjeta-sanitaria", "tarjeta virtual",
     "Hay tarjeta sanitaria virtual en el movil? la app me pide un codigo que no se de donde "
     "sacar"},

    /* cita-primaria */
    {"cita-primaria", "No consigo cita con mi médico",
     "Llevo tres días intentando pedir cita con mi médico de cabecera y la primera que sale es "
     "para dentro de "
     "12 días. Tengo una tos que no se me quita desde hace tres semanas. ¿Hay alguna forma de que "
     "me vean "
     "antes?"},
    {"cita-primaria", "Anular cita",
     "Hola, tengo cita mañana a las 10:20 con la enfermera en el centro de salud Las Ciudades y no "
     "voy a poder "
     "ir. ¿Cómo la anulo? En la app no me deja."},
    {"cita-primaria", "pediatra",
     "cita pediatra para mi hijo de 4 años tiene fiebre desde ayer porfa"},
    {"cita-primaria", "Llamada: cita para renovar recetas",
     "Señora mayor que no sabe usar internet pide cita con la doctora Herrero del centro de salud "
     "El Soto, en "
     "Móstoles, para renovar las recetas de la tensión y el colesterol. Prefiere por la mañana, "
     "antes de las "
     "once."},
    {"cita-primaria", "Consulta telefónica para la baja",
     "¿Se puede pedir cita telefónica con el médico para que me renueve el parte de baja? Trabajo "
     "de 8 a 17 y "
     "no me da tiempo a ir al centro."},
    {"cita-primaria", "GP appointment",
     "Hello, how can I book an appointment with my GP? I have my health card but the website is "
     "only in "
     "Spanish and I don't understand the options."},
    {"cita-primaria", "Cita para análisis de sangre",
     "Mi médico me ha mandado unos análisis de sangre y me dijo que pidiera cita en enfermería "
     "para la "
     "extracción. No me aparece esa opción en la web. ¿Cómo se hace?"},
    {"cita-primaria", "La app de cita sanitaria no funciona",
     "Desde la última actualización de la app Cita Sanitaria no puedo entrar, me da error de "
     "conexión todo el "
     "rato. He reinstalado y nada. Necesito pedir cita para mi padre, que tiene 84 años."},
    {"cita-primaria", "Cita como desplazado",
     "Estoy pasando el verano en casa de mi hija en Alcobendas, aunque vivo en Parla. ¿Puedo pedir "
     "cita en el "
     "centro de salud de aquí como desplazada?"},
    {"cita-primaria", "Quiero cita presencial",
     "Siempre me dan cita telefónica y quiero que el médico me vea en persona: tengo un bulto en "
     "el cuello que "
     "me preocupa. ¿Cómo pido que sea presencial?"},
    {"cita-primaria", "sita vacuna",
     "buenos dias pedir sita para la vacuna de la gripe para mi y mi marido somos mayores de 70"},

    /* renta-minima */
    {"renta-minima", "Renta mínima de inserción",
     "Buenas tardes. Estoy separada, con dos niños de 6 y 9 años, y desde que se me acabó el paro "
     "en diciembre "
     "no tengo ningún ingreso. Me han hablado de la renta mínima. ¿Cómo la solicito y cuánto "
     "tardan en "
     "darla?"},
    {"renta-minima", "Estado de mi expediente RMI",
     "Presenté la solicitud de la RMI en los servicios sociales de Fuenlabrada hace cinco meses y "
     "sigo sin "
     "respuesta. ¿Pueden decirme en qué estado está? El expediente es el 2023/RMI/04512."},
    {"renta-minima", "RMI e IMV",
     "Cobro el ingreso mínimo vital, unos 480 euros. ¿Puedo pedir también la renta mínima de la "
     "Comunidad o "
     "son incompatibles?"},
    {"renta-minima", "Llamada: parado de larga duración",
     "Llama un hombre de 58 años, parado de larga duración y sin prestación. Vive solo en una "
     "habitación "
     "alquilada en Alcorcón. Pregunta si puede cobrar la renta mínima aunque no esté empadronado "
     "en la "
     "habitación, porque el dueño no le deja."},
    {"renta-minima", "Reactivar la renta mínima",
     "Me suspendieron la renta mínima porque trabajé dos meses en la campaña de Navidad. El "
     "contrato ya se "
     "acabó. ¿Cómo la reactivo? Tengo un hijo de 3 años y no puedo pagar la luz."},
    {"renta-minima", "Viaje al extranjero",
     "Tengo concedida la RMI y tengo que ir un mes a Marruecos por el fallecimiento de mi madre. "
     "¿Tengo que "
     "avisar a alguien? ¿Me la quitan?"},
    {"renta-minima", "Consulta renta minima",
     "hola tengo 23 años y vivo sola, no trabajo ni tengo ninguna ayuda, puedo pedir la renta "
     "minima o hay que "
     "tener 25??"},
    {"renta-minima", "Cuantía para una familia",
     "¿Cuánto se cobra de renta mínima de inserción una pareja con un hijo? Mi marido tiene una "
     "enfermedad que "
     "le impide trabajar pero no le han dado ninguna pensión."},
    {"renta-minima", "Cambio de municipio siendo perceptor",
     "Somos perceptores de la RMI y nos mudamos de Madrid a Getafe. ¿Lo comunico en los servicios "
     "sociales de "
     "Madrid o en los de Getafe? No quiero que nos la paren."},
    {"renta-minima", "Requerimiento de documentación",
     "Me ha llegado una carta pidiendo el informe de vida laboral y los extractos bancarios de los "
     "últimos 6 "
     "meses para la renta mínima, con 10 días de plazo. El banco me cobra por los extractos, ¿vale "
     "una captura "
     "del móvil?"},
    {"renta-minima", "Ayuda por favor",
     "No tengo para comer ni para el alquiler, me dijeron que la Comunidad tiene una renta para "
     "gente que no "
     "tiene nada. Que hago, donde tengo que ir? Vivo en Parla en la calle Real"},

    /* dependencia */
    {"dependencia", "Solicitud de dependencia para mi madre",
     "Mi madre tiene 86 años y Alzheimer en fase moderada, ya no puede quedarse sola. ¿Cómo "
     "pedimos la "
     "valoración de la dependencia? Vive en Alcorcón con mi hermano."},
    {"dependencia", "Retraso en la valoración",
     "Solicitamos la dependencia para mi padre en febrero y en octubre todavía no ha venido nadie "
     "a valorarle. "
     "Ha empeorado muchísimo. ¿A quién podemos reclamar?"},
    {"dependencia", "Revisión de grado tras un ictus",
     "A mi marido le dieron grado I hace dos años, pero tras el ictus de julio está en silla de "
     "ruedas y "
     "necesita ayuda para todo. ¿Cómo pedimos la revisión del grado?"},
    {"dependencia", "Sin PIA después de 8 meses",
     "Tenemos la resolución de grado II desde hace 8 meses y seguimos sin el PIA. ¿Qué es "
     "exactamente el PIA y "
     "cuándo se empieza a cobrar la prestación por cuidados en el entorno familiar?"},
    {"dependencia", "Llamada: sobrina cuidadora",
     "Llama una vecina de Leganés que cuida de su tía de 91 años, sin hijos. Pregunta si puede "
     "solicitar ella "
     "la dependencia en nombre de su tía y si necesita algún poder notarial."},
    {"dependencia", "Plaza pública en residencia",
     "Queremos que a mi abuela, con grado III de dependencia, le den plaza pública en una "
     "residencia. ¿Se pide "
     "en el PIA o es otro trámite? ¿Cuánto tendría que pagar con su pensión de 900 euros?"},
    {"dependencia", "Informe de salud",
     "El médico de cabecera dice que el informe de salud para la dependencia tarda unos 15 días. "
     "¿Podemos "
     "presentar la solicitud sin él y aportarlo después?"},
    {"dependencia", "Fallecimiento antes de cobrar",
     "Mi padre falleció el mes pasado; tenía aprobada la prestación de dependencia pero nunca "
     "llegó a cobrar "
     "nada. ¿Los herederos tenemos derecho a los atrasos?"},
    {"dependencia", "Care assessment for my father-in-law",
     "My father-in-law lives with us in Pozuelo, he is 88 and has Parkinson's. We were told about "
     "a "
     "'dependencia' assessment to get help at home. He is a Dutch pensioner who has lived here for "
     "10 years. "
     "How do we apply?"},
    {"dependencia", "cuidadora familiar",
     "soy la hija y deje el trabajo para cuidar a mi madre que tiene grado 2, me dijeron que me "
     "pueden dar de "
     "alta en la seguridad social como cuidadora no profesional. eso como se pide?"},
    {"dependencia", "Centro de día con grado I",
     "Me gustaría saber si con el grado I de dependencia se puede acceder a un centro de día. Mi "
     "madre está "
     "muy sola por las mañanas y se le va la cabeza."},

    /* familia-numerosa */
    {"familia-numerosa", "Título familia numerosa",
     "Hola, acabamos de tener el tercer hijo (nació el 14 de enero). ¿Cómo solicitamos el título "
     "de familia "
     "numerosa? ¿Se puede hacer por internet?"},
    {"familia-numerosa", "Renovación por hijo estudiante",
     "Nuestro título de familia numerosa caduca el 30 de abril porque el mayor cumple 21. Está "
     "estudiando "
     "Ingeniería en la Carlos III. ¿Qué documentos hay que llevar para renovarlo hasta los 25?"},
    {"familia-numerosa", "Carné individual",
     "¿Se puede tener el carné individual de familia numerosa en el móvil? Mi hijo mayor lo "
     "necesita para el "
     "abono de transporte y ha perdido el de plástico."},
    {"familia-numerosa", "Paso a categoría especial",
     "Tenemos cuatro hijos y uno de ellos con una discapacidad del 45 %. Ahora tenemos la "
     "categoría general. "
     "¿Pasamos a especial? ¿Qué hay que presentar?"},
    {"familia-numerosa", "Familia monoparental",
     "Soy madre sola con dos niñas de 4 y 7 años y el padre no pasa la pensión. He oído que en "
     "Madrid las "
     "familias monoparentales con dos hijos son familia numerosa. ¿Es así? ¿Qué necesito?"},
    {"familia-numerosa", "Título con custodia compartida",
     "Estoy divorciado, tengo tres hijos con mi ex y la custodia es compartida. Ella tiene el "
     "título de "
     "familia numerosa. ¿Puedo tener yo otro o una copia para los descuentos cuando los niños "
     "están conmigo?"},
    {"familia-numerosa", "Llamada: título caducado",
     "Llama una madre de Parla: el título de familia numerosa le caducó hace dos meses sin darse "
     "cuenta y en "
     "el colegio se lo piden para la matrícula. Pregunta si la renovación es inmediata."},
    {"familia-numerosa", "Large family card",
     "Good afternoon. We are a Romanian family with three children living in Torrejón de Ardoz. "
     "Can we apply "
     "for the large family card (familia numerosa)? We all have NIE and the children were born in "
     "Romania."},
    {"familia-numerosa", "Estado de la renovación",
     "Presenté la renovación del título hace 6 semanas por registro y todavía nada. Me va a "
     "caducar el "
     "descuento del IBI. ¿Cómo está mi solicitud? Número de registro 49/112734."},
    {"familia-numerosa", "Niña en acogimiento",
     "Tenemos dos hijos biológicos y una niña en acogimiento familiar permanente desde hace un "
     "año. ¿Cuenta "
     "para el título de familia numerosa?"},
    {"familia-numerosa", "cuarto hijo",
     "ya tenemos titulo general y ha nacido el cuarto, hay que modificarlo o sirve igual? gracias"},

    /* abono-transporte */
    {"abono-transporte", "Abono joven",
     "Hola! Tengo 19 años y quiero sacarme el abono joven. ¿Puedo pedirlo online o tengo que ir a "
     "una oficina? "
     "Vivo en Fuenlabrada y estudio en la Complu."},
    {"abono-transporte", "Tarjeta robada con el abono cargado",
     "Me han robado la mochila con la tarjeta de transporte dentro y tenía cargado el abono de "
     "este mes. "
     "¿Puedo recuperar el abono en el duplicado? Tengo la denuncia de la Policía."},
    {"abono-transporte", "Youth travel pass",
     "Hi, I'm an Erasmus student from Germany, 22 years old, staying in Madrid until July. Can I "
     "get the youth "
     "travel pass (abono joven) with my passport? What's the monthly price?"},
    {"abono-transporte", "Cumplo 26 años",
     "Mi tarjeta de transporte público caduca el mes que viene porque cumplo 26. ¿Me la cambian "
     "automáticamente a la normal o tengo que pedir una nueva?"},
    {"abono-transporte", "Abono para mayores de 65",
     "Buenos días. Mi padre cumple 65 años en junio y queremos pedirle el abono de la tercera "
     "edad. ¿Qué "
     "necesita y cuánto cuesta ahora?"},
    {"abono-transporte", "Llamada: tarjeta no recibida",
     "Llama un chico de Leganés: pidió la tarjeta de transporte con envío a domicilio hace tres "
     "semanas y no "
     "le ha llegado. Tiene el número de solicitud y pregunta si puede recogerla en una oficina de "
     "gestión."},
    {"abono-transporte", "Foto rechazada",
     "Me han rechazado la solicitud de la tarjeta transporte porque la foto no cumple los "
     "requisitos. Me la "
     "hice con el móvil contra la pared blanca. Qué tiene que tener la foto exactamente?"},
    {"abono-transporte", "Descuento de familia numerosa en el abono",
     "Tenemos título de familia numerosa general. ¿Cómo se aplica el descuento en el abono de mis "
     "hijas de 14 "
     "y 17 años? ¿Hay que hacer algo con la tarjeta?"},
    {"abono-transporte", "tarjeta bloqueada",
     "la tarjeta no me pasa en los tornos del metro desde ayer, en la maquina pone tarjeta "
     "bloqueada. que "
     "hago??"},
    {"abono-transporte", "Cita en la oficina de gestión",
     "Quiero ir a una oficina de gestión de la tarjeta porque la web me da error al subir el DNI. "
     "¿Hace falta "
     "cita previa? ¿Cómo se pide?"},
    {"abono-transporte", "Tarjeta para niños",
     "¿A partir de qué edad hay que sacar tarjeta de transporte a los niños? Mi hija tiene 6 años "
     "y vamos a "
     "empezar a ir al cole en metro."},

    /* ayuda-alquiler */
    {"ayuda-alquiler", "Ayudas alquiler jóvenes",
     "Hola, tengo 28 años y vivo de alquiler en Alcalá de Henares. Pago 750 euros al mes y cobro "
     "unos 1.300. "
     "¿Tengo derecho a la ayuda al alquiler para jóvenes? ¿Cuándo se abre la convocatoria?"},
    {"ayuda-alquiler", "Pago de la ayuda al alquiler",
     "Me concedieron la ayuda al alquiler de la última convocatoria en septiembre y aún no he "
     "cobrado nada. "
     "¿Cuándo ingresan las mensualidades? Necesito ese dinero."},
    {"ayuda-alquiler", "Contrato a nombre de mi pareja",
     "El contrato de alquiler está solo a nombre de mi pareja, pero pagamos a medias y estamos "
     "empadronados "
     "los dos. ¿Puedo solicitar yo la ayuda o tiene que ser el titular del contrato?"},
    {"ayuda-alquiler", "Justificación de pagos en efectivo",
     "Para justificar los pagos del alquiler, ¿vale el recibo que me firma la casera a mano? Le "
     "pago en "
     "efectivo porque ella lo prefiere así."},
    {"ayuda-alquiler", "Ayuda denegada por la renta del piso",
     "Me han denegado la ayuda al alquiler porque la renta de mi piso supera el máximo. Pago 900 € "
     "con la "
     "plaza de garaje incluida; sin garaje serían 820. ¿Puedo recurrir?"},
    {"ayuda-alquiler", "Help with the rent",
     "Hello, I'm a Moroccan resident with NIE. I rent a flat in Parla with my wife and two kids. "
     "Is there any "
     "help from the government to pay the rent? The rent is 800 euros and I earn 1,100."},
    {"ayuda-alquiler", "Llamada: viuda con alquiler",
     "Llama una mujer de 64 años, viuda, con una pensión de 750 euros y un alquiler de 600 en "
     "Getafe. Pregunta "
     "si hay ayudas al alquiler para mayores y si le pueden ayudar a rellenar la solicitud."},
    {"ayuda-alquiler", "subsanación",
     "Me ha llegado requerimiento de subsanación de la ayuda de alquiler, me piden el certificado "
     "de estar al "
     "corriente con Hacienda. Lo tengo pero la sede no me deja subir el archivo, dice que excede "
     "el tamaño"},
    {"ayuda-alquiler", "Cambio de vivienda durante la ayuda",
     "Tengo concedida la ayuda al alquiler y me tengo que cambiar de piso en marzo porque el "
     "casero lo vende. "
     "¿Pierdo la ayuda o puedo seguir cobrándola con el nuevo contrato?"},
    {"ayuda-alquiler", "Alquiler de habitación",
     "Alquilo una habitación en un piso compartido en Madrid por 450 euros. ¿Puedo pedir la ayuda "
     "al alquiler "
     "o solo es para pisos enteros?"},
    {"ayuda-alquiler", "Deuda aplazada con Hacienda",
     "Tengo aplazada una deuda con Hacienda de la renta de 2021 y la voy pagando todos los meses. "
     "¿Me impide "
     "cobrar la ayuda del alquiler?"},

    /* victimas-delitos */
    {"victimas-delitos", "Me atracaron anoche",
     "Anoche me atracaron dos chicos a la salida del metro de Móstoles Central, me quitaron el "
     "móvil y me "
     "dieron un puñetazo en la cara. Ya he puesto la denuncia, pero no puedo dormir y tengo miedo "
     "de volver a "
     "salir. ¿Pueden ayudarme?"},
    {"victimas-delitos", "Llamada nocturna: robo en vivienda",
     "Llamada a las 03:40. Mujer de unos 40 años: han entrado a robar en su vivienda de Getafe "
     "mientras dormía "
     "con sus hijos. La policía ya ha estado allí. Pide orientación y apoyo; está muy nerviosa y "
     "no quiere "
     "quedarse en casa."},
    {"victimas-delitos", "Estafa a mi padre",
     "A mi padre, de 81 años, le han estafado 6.000 euros con una llamada de alguien que se hizo "
     "pasar por el "
     "banco. Está hundido y se siente culpable. ¿Hay algún servicio de apoyo para víctimas? ¿Le "
     "ayudarían con "
     "el juicio?"},
    {"victimas-delitos", "Acompañamiento al juicio",
     "Tengo que declarar como víctima en el juicio por la agresión que sufrí en agosto y me da "
     "pánico ver al "
     "agresor. ¿Alguien de la oficina de víctimas puede acompañarme? ¿Puedo pedir declarar sin "
     "verle?"},
    {"victimas-delitos", "Assault - tourists",
     "My girlfriend and I were assaulted last weekend in Malasaña. We are tourists from Ireland "
     "and we fly home "
     "on Thursday. We reported it to the police. Is there someone who can explain what will happen "
     "with the "
     "case and whether we need to come back for the trial?"},
    {"victimas-delitos", "Ayudas a familiares de víctimas",
     "Mi hermano murió atropellado por un conductor que se dio a la fuga. ¿Existen ayudas públicas "
     "para "
     "familiares de víctimas de delitos violentos? En el juzgado nos dijeron que preguntáramos en "
     "la oficina "
     "de víctimas."},
    {"victimas-delitos", "acoso a mi hijo",
     "mi hijo de 15 años esta siendo acosado y amenazado por redes por unos chavales del barrio, "
     "le han pegado "
     "una vez a la salida del insti. no se si denunciar, que pasos seguir, estoy muy preocupada"},
    {"victimas-delitos", "¿Abren los domingos?",
     "¿La oficina de atención a víctimas abre los domingos? Necesito hablar con alguien hoy mismo, "
     "no puedo "
     "esperar al lunes."},
    {"victimas-delitos", "Necesito hablar con alguien",
     "Hace dos semanas sufrí una agresión sexual en una fiesta. No lo he denunciado y no sé si "
     "quiero hacerlo. "
     "Necesito hablar con alguien que me oriente, por favor, y que sea confidencial."},
    {"victimas-delitos", "Amenazas de un vecino",
     "Mi vecino de arriba lleva meses amenazándome y hace una semana me rayó el coche y me pinchó "
     "las ruedas. "
     "Tengo dos denuncias puestas. Estoy al borde de un ataque de nervios. ¿Pueden darme apoyo "
     "psicológico?"},
    {"victimas-delitos", "Suplantación de identidad",
     "Me han suplantado la identidad por internet y han pedido préstamos a mi nombre. Ya lo he "
     "denunciado. "
     "¿Me pueden asesorar sobre qué derechos tengo como víctima y qué más debo hacer?"},

    /* violencia-genero */
    {"violencia-genero", "Necesito ayuda",
     "No sé si esto es para aquí. Mi pareja me controla el móvil, no me deja ver a mis amigas y el "
     "otro día me "
     "empujó contra la pared. No quiero denunciar todavía. ¿Con quién puedo hablar?"},
    {"violencia-genero", "Una amiga en peligro",
     "Creo que una amiga está sufriendo malos tratos: tiene moratones y siempre pone excusas. "
     "¿Cómo puedo "
     "ayudarla sin ponerla en peligro? ¿Hay algún punto de atención al que pueda acompañarla?"},
    {"violencia-genero", "Llamada: mujer desde el trabajo",
     "Llama una mujer desde su trabajo, habla en voz baja. Vive en Torrejón con su marido y sus "
     "dos hijos. "
     "Pregunta si puede ir al punto de violencia de género sin que su marido se entere y en qué "
     "horario."},
    {"violencia-genero", "Alojamiento con orden de protección",
     "Tengo orden de alejamiento desde marzo pero sigo viviendo en el mismo piso, que él conoce. "
     "¿Hay algún "
     "recurso de alojamiento o ayuda para irme a otra vivienda con mis hijos?"},
    {"violencia-genero", "abogada",
     "hola, me puedes decir donde esta el punto de violencia de genero de alcala? necesito abogado "
     "gratis"},
    {"violencia-genero", "Atención psicológica para mi hija",
     "Mi hija de 12 años ha vivido años de gritos y violencia de su padre hacia mí. Ya estamos "
     "separadas de "
     "él. ¿Hay atención psicológica para menores en el punto municipal?"},
    {"violencia-genero", "Help - violent partner",
     "I am a woman from Ukraine living in Leganés. My partner is violent and I don't speak good "
     "Spanish. Is "
     "there help for me in English or Ukrainian? I am afraid he will take my documents."},
    {"violencia-genero", "Ayudas económicas para víctimas",
     "Soy víctima de violencia de género con sentencia firme y ahora mismo estoy sin trabajo. ¿Qué "
     "ayudas "
     "económicas hay para mujeres en mi situación? Me hablaron de la RAI y de una ayuda de pago "
     "único."},
    {"violencia-genero", "Acoso de mi ex pareja",
     "Mi ex me escribe desde perfiles falsos en Instagram y se presenta en la puerta de mi "
     "trabajo. Llevamos "
     "un año separados. ¿Esto es violencia de género aunque ya no estemos juntos? Tengo capturas "
     "de todo."},
    {"violencia-genero", "Dispositivo ATENPRO",
     "Me han dicho que puedo pedir el dispositivo ATENPRO de teleasistencia para víctimas. ¿Se "
     "pide en el "
     "punto de violencia de género del ayuntamiento?"},
    {"violencia-genero", "Consulta para mi madre",
     "Mi madre tiene 67 años y mi padre la insulta y la humilla a diario desde siempre. Ella dice "
     "que a su "
     "edad ya no merece la pena hacer nada. ¿Hay atención específica para mujeres mayores?"},

    /* parejas-hecho */
    {"parejas-hecho", "Inscripción pareja de hecho",
     "Hola, mi novio y yo llevamos 3 años viviendo juntos en Móstoles y queremos registrarnos como "
     "pareja de "
     "hecho. ¿Qué documentación necesitamos? ¿Hay que pedir cita?"},
    {"parejas-hecho", "Permiso por registro de pareja de hecho",
     "Necesito el certificado de pareja de hecho para pedir los 15 días de permiso en el trabajo. "
     "¿Cuánto "
     "tarda la inscripción? ¿Me dan algún justificante el mismo día?"},
    {"parejas-hecho", "Pareja extranjera",
     "Mi pareja es argentino y ahora mismo está en situación irregular. ¿Podemos inscribirnos como "
     "pareja de "
     "hecho con su pasaporte? Queremos pedir después la tarjeta de familiar de ciudadano de la "
     "UE."},
    {"parejas-hecho", "Baja en el registro",
     "Nos hemos separado y quiero dar de baja la inscripción en el registro de uniones de hecho. "
     "Mi ex no "
     "colabora. ¿Puedo hacerlo yo sola?"},
    {"parejas-hecho", "Certificado de soltería del consulado",
     "Para la pareja de hecho me piden certificado de estado civil. Nací en Ecuador. ¿Vale uno del "
     "consulado? "
     "¿Tiene que estar apostillado?"},
    {"parejas-hecho", "Civil partnership registration",
     "Hi, my partner is Spanish and I am from the US. We want to register as a domestic "
     "partnership (pareja de "
     "hecho) in Madrid. Do we both need to be registered at the padrón? How long does it take?"},
    {"parejas-hecho", "Llamada: certificado para viudedad",
     "Llama un señor de Alcobendas que se inscribió como pareja de hecho en 2015. Su pareja "
     "falleció el mes "
     "pasado y necesita un certificado actualizado de la inscripción para pedir la pensión de "
     "viudedad."},
    {"parejas-hecho", "¿Pareja de hecho o boda?",
     "¿Qué diferencia hay entre inscribirnos como pareja de hecho en la Comunidad y casarnos por "
     "lo civil? Lo "
     "digo sobre todo para que mi pareja pueda cobrar la viudedad si me pasa algo."},
    {"parejas-hecho", "Cambio de domicilio de la pareja",
     "Estamos inscritos como pareja de hecho y nos hemos mudado a otro piso. ¿Hay que comunicarlo "
     "al "
     "registro?"},
    {"parejas-hecho", "pareja de hecho online",
     "buenas, lo de pareja de hecho se puede hacer por internet con certificado digital o hay que "
     "ir los dos "
     "en persona? Yo trabajo en Barcelona entre semana"},
    {"parejas-hecho", "Menor emancipada",
     "Tengo 17 años y estoy emancipada por concesión judicial. ¿Puedo inscribirme como pareja de "
     "hecho con mi "
     "pareja, que tiene 22?"},

    /* demandante-empleo */
    {"demandante-empleo", "Darme de alta en el paro",
     "Me acaban de despedir después de 11 años en la empresa. ¿Cómo me inscribo como demandante de "
     "empleo? "
     "¿Tengo que hacerlo antes de pedir la prestación en el SEPE?"},
    {"demandante-empleo", "Baja por no renovar",
     "Se me pasó renovar la demanda de empleo el día que ponía en la tarjeta y me han dado de "
     "baja. ¿Pierdo "
     "el paro? ¿Cómo me vuelvo a inscribir?"},
    {"demandante-empleo", "Job seeker registration",
     "Hello, I'm a Portuguese citizen. I just moved to Alcalá and I'm looking for a job. Can I "
     "register at the "
     "employment office? Do I need a NIE first?"},
    {"demandante-empleo", "Renovación por internet",
     "¿Cómo renuevo la demanda de empleo por internet? La página me pide un usuario y una "
     "contraseña que no "
     "recuerdo haber creado nunca."},
    {"demandante-empleo", "Llamada: inscripción para formación",
     "Llama una mujer de 52 años de Fuenlabrada que quiere apuntarse al paro para hacer cursos de "
     "atención "
     "sociosanitaria, aunque no cobra prestación. Pregunta si necesita cita."},
    {"demandante-empleo", "Actualizar mi perfil",
     "He terminado un máster y quiero actualizar mi perfil profesional y añadir el título a la "
     "demanda de "
     "empleo. ¿Se puede hacer online?"},
    {"demandante-empleo", "Demandante de mejora de empleo",
     "Tengo un contrato a tiempo parcial de 15 horas y quiero apuntarme como demandante de mejora "
     "de empleo. "
     "¿Se puede estando trabajando?"},
    {"demandante-empleo", "Certificado de inscripción",
     "Necesito un certificado de periodos de inscripción como demandante de empleo para "
     "presentarlo en una "
     "oposición. ¿Dónde lo descargo?"},
    {"demandante-empleo", "primer trabajo",
     "tengo 17 años y acabo de terminar la fp basica, me puedo apuntar al paro para que me llamen "
     "de "
     "ofertas??"},
    {"demandante-empleo", "Viaje estando inscrita",
     "Estoy inscrita como demandante de empleo y voy a ir 10 días a ver a mi familia a Perú. "
     "¿Tengo que "
     "comunicarlo a la oficina de empleo?"},
    {"demandante-empleo", "No hay citas en mi oficina",
     "Llevo una semana intentando coger cita en la oficina de empleo de Getafe y no hay huecos. "
     "¿Puedo ir a "
     "otra oficina? Me urge para la prestación."},

    /* discapacidad */
    {"discapacidad", "Certificado de discapacidad para mi hijo",
     "Buenos días. A mi hijo de 5 años le han diagnosticado TEA y la neuropediatra nos recomendó "
     "pedir el "
     "certificado de discapacidad. ¿Cómo se solicita y qué informes hay que adjuntar?"},
    {"discapacidad", "Revisión por agravamiento",
     "Tengo reconocido un 38 % de discapacidad por una hernia discal, pero me han vuelto a operar "
     "y además "
     "tengo fibromialgia diagnosticada. Quiero pedir la revisión del grado. ¿Tienen que pasar dos "
     "años?"},
    {"discapacidad", "Retraso en la cita del centro base",
     "Presenté la solicitud de valoración de discapacidad hace 9 meses y aún no me han dado cita "
     "en el centro "
     "base. ¿Es normal tanto tiempo? Lo necesito para que me adapten el puesto de trabajo."},
    {"discapacidad", "Tarjeta acreditativa",
     "¿Existe la tarjeta de discapacidad en formato tarjeta para llevar en la cartera? El "
     "certificado en papel "
     "está ya muy estropeado."},
    {"discapacidad", "Llamada: madre con degeneración macular",
     "Llamada de una hija que quiere pedir el grado de discapacidad para su madre de 79 años, con "
     "pérdida de "
     "visión por degeneración macular. Pregunta si es compatible con la solicitud de dependencia."},
    {"discapacidad", "Reclamación previa",
     "Me han reconocido un 28 % y con menos del 33 no tengo ningún beneficio. Creo que no han "
     "valorado mi "
     "depresión mayor. ¿Cómo presento la reclamación previa y qué plazo tengo?"},
    {"discapacidad", "Disability certificate from Belgium",
     "Hello, I have a disability certificate from Belgium (65%). I have now moved to Madrid. Can "
     "it be "
     "recognised here or do I need a new assessment?"},
    {"discapacidad", "cert discapacidad revisable",
     "Mi certificado de discapacidad pone que es revisable en 2024 y ya estamos en 2024, sigue "
     "valiendo? me lo "
     "piden en el trabajo para la retencion del irpf"},
    {"discapacidad", "Valoración en domicilio",
     "Mi marido está encamado tras un ictus y no puede desplazarse al centro base. ¿Pueden "
     "valorarle en "
     "casa?"},
    {"discapacidad", "¿Qué centro base me corresponde?",
     "Vivo en Pozuelo de Alarcón. ¿Qué centro base de valoración de discapacidad me corresponde y "
     "cuál es su "
     "dirección?"},
    {"discapacidad", "Falta el baremo de movilidad",
     "Tengo un 42 % de discapacidad pero en el certificado no aparece el baremo de movilidad, y lo "
     "necesito "
     "para otros trámites. ¿Tengo que pedir una nueva valoración?"},

    /* caza-pesca */
    {"caza-pesca", "Licencia de pesca",
     "Hola, ¿cómo saco la licencia de pesca? Quiero ir con mi hijo de 12 años al embalse de San "
     "Juan este "
     "verano. ¿Él también necesita licencia?"},
    {"caza-pesca", "Renovar licencia de caza",
     "Mi licencia de caza caducó en septiembre. ¿Puedo renovarla por internet? La tenía de 5 "
     "años."},
    {"caza-pesca", "Licencia de otra comunidad",
     "Tengo licencia de caza de Castilla-La Mancha. ¿Me vale para cazar en un coto de la Comunidad "
     "de Madrid o "
     "tengo que sacar otra? He oído que hay una licencia interautonómica."},
    {"caza-pesca", "Examen del cazador",
     "Nunca he tenido licencia de caza. ¿Dónde y cuándo es el examen del cazador? ¿Hay temario "
     "oficial?"},
    {"caza-pesca", "jubilado pesca",
     "soy jubilado de 68 años, la licencia de pesca es gratis para mi? como la saco que no tengo "
     "ordenador"},
    {"caza-pesca", "Fishing licence",
     "Hi, I'm a French tourist visiting in May. I'd like to fly fish in the Lozoya river. Which "
     "licence do I "
     "need and can I buy it online?"},
    {"caza-pesca", "Llamada: pesca desde embarcación",
     "Un señor de San Sebastián de los Reyes pregunta si la licencia de pesca le sirve para pescar "
     "desde "
     "embarcación en el embalse de El Atazar y cuánto cuesta la de un año."},
    {"caza-pesca", "Duplicado de la licencia",
     "He perdido la licencia de caza en papel. Pagué la de 3 años en 2022. ¿Puedo descargar un "
     "duplicado?"},
    {"caza-pesca", "Pagué la tasa pero no tengo licencia",
     "He pagado la tasa de la licencia de pesca con el modelo 030 en el banco, pero no tengo "
     "ninguna "
     "licencia. ¿Qué más tengo que hacer?"},
    {"caza-pesca", "Licencia para mi nieto",
     "Quiero sacarle la licencia de pesca a mi nieto de 15 años. ¿Tiene que firmar su madre o "
     "puedo hacerlo "
     "yo como abuelo?"},

    /* impuesto-sucesiones */
    {"impuesto-sucesiones", "Herencia de mi padre",
     "Mi padre falleció el 12 de febrero en Madrid. Somos tres hermanos y heredamos su piso y unos "
     "30.000 "
     "euros en el banco. ¿Tenemos que pagar el impuesto de sucesiones? Me han dicho que en Madrid "
     "está "
     "bonificado al 99 %."},
    {"impuesto-sucesiones", "Prórroga del plazo de seis meses",
     "El plazo de seis meses para presentar el impuesto de sucesiones se nos acaba el mes que "
     "viene y el "
     "notario aún no tiene la declaración de herederos. ¿Podemos pedir prórroga?"},
    {"impuesto-sucesiones", "Donación a mi hijo",
     "Quiero donar 60.000 euros a mi hijo para la entrada de un piso. ¿Cuánto pagaría de impuesto "
     "de "
     "donaciones en la Comunidad de Madrid? ¿Tiene que ser ante notario para tener la "
     "bonificación?"},
    {"impuesto-sucesiones", "Modelo 650: valor del piso",
     "Estoy rellenando el modelo 650 por internet y no sé qué valor poner al piso de mi madre, si "
     "el catastral "
     "o el de referencia. ¿Me pueden orientar?"},
    {"impuesto-sucesiones", "Inheritance tax - non resident",
     "My mother, a UK national who lived in Pozuelo, passed away in December. I live in "
     "Manchester. Do I have "
     "to pay inheritance tax in Madrid on her house? Can I get the 99% allowance as a "
     "non-resident?"},
    {"impuesto-sucesiones", "Seguro de vida",
     "Al morir mi marido me han ingresado 45.000 euros de un seguro de vida. ¿Hay que declararlo "
     "en sucesiones "
     "aunque no haya más herencia?"},
    {"impuesto-sucesiones", "Llamada: viuda sin saber qué hacer",
     "Llamada de una señora de Alcorcón, viuda desde hace 4 meses. No sabe si tiene que hacer algo "
     "con "
     "Hacienda de la Comunidad por la herencia de su marido; la casa estaba a nombre de los dos."},
    {"impuesto-sucesiones", "Herencia de mi tía",
     "Mi tía, que no tenía hijos, me ha dejado en herencia su casa de Getafe. Soy su sobrino. "
     "¿Tengo "
     "bonificación o pago el impuesto completo?"},
    {"impuesto-sucesiones", "Presentado fuera de plazo",
     "Presentamos el impuesto de sucesiones de mi abuelo tres meses tarde porque no sabíamos nada. "
     "¿Perdemos "
     "la bonificación? Nos ha llegado una carta con un recargo."},
    {"impuesto-sucesiones", "herencia con deudas",
     "mi padre murio con deudas, si renuncio a la herencia tengo que presentar algo del impuesto "
     "de "
     "sucesiones?"},

    /* impuesto-itp */
    {"impuesto-itp", "ITP compra piso",
     "Vamos a comprar un piso de segunda mano en Leganés por 210.000 euros. ¿Cuánto tendremos que "
     "pagar de "
     "ITP? Tengo 33 años, ¿hay algún tipo reducido para jóvenes?"},
    {"impuesto-itp", "Coche de segunda mano",
     "He comprado un coche de segunda mano a un particular por 4.500 euros. ¿Cómo pago el impuesto "
     "de "
     "transmisiones? ¿Es el modelo 620?"},
    {"impuesto-itp", "Comprobación de valores",
     "Me ha llegado una propuesta de liquidación del ITP diciendo que el valor del piso es mayor "
     "que el de la "
     "escritura. ¿Puedo alegar? Lo compramos por debajo del valor de referencia porque estaba para "
     "reformar "
     "entero."},
    {"impuesto-itp", "Transfer tax on our apartment",
     "We bought an apartment in Las Rozas last week. The notary says we have one month to pay the "
     "transfer "
     "tax (ITP). Can our lawyer file it on our behalf online?"},
    {"impuesto-itp", "Plazo para pagar el ITP",
     "Firmamos la compraventa el 28 de febrero. ¿Hasta qué día tengo para presentar el modelo 600? "
     "¿Cuentan "
     "los festivos?"},
    {"impuesto-itp", "Moto usada",
     "Compré una moto de 2012 por 1.200 euros. ¿Tengo que pagar ITP también o hay exención para "
     "vehículos "
     "antiguos?"},
    {"impuesto-itp", "Llamada: plaza de garaje",
     "Llama un comprador que ha adquirido una plaza de garaje en Torrejón por 15.000 euros y "
     "pregunta si "
     "también tiene que liquidar transmisiones patrimoniales y si el tipo es el 6 %."},
    {"impuesto-itp", "AJD de la hipoteca",
     "En la hipoteca, ¿el impuesto de actos jurídicos documentados lo paga el banco o el "
     "comprador? Nos lo "
     "han incluido en la provisión de fondos de la gestoría."},
    {"impuesto-itp", "familia numerosa ITP",
     "Somos familia numerosa y vamos a comprar vivienda habitual. ¿Hay algun tipo reducido de ITP "
     "en la "
     "Comunidad de Madrid?"},
    {"impuesto-itp", "Error en el modelo 600",
     "Presenté el modelo 600 con un error en la referencia catastral. Ya está pagado. ¿Cómo lo "
     "rectifico?"},

    /* cita-registro */
    {"cita-registro", "Registrar documentación para el Ministerio",
     "Necesito presentar un escrito dirigido al Ministerio de Universidades para la homologación "
     "de mi título. "
     "¿Puedo hacerlo en una oficina de registro de la Comunidad? ¿Hace falta cita?"},
    {"cita-registro", "No me cogen el 012",
     "Llevo toda la mañana llamando al 012 para pedir cita en la oficina de registro de Gran Vía y "
     "no me lo "
     "coge nadie. ¿Se puede pedir por internet?"},
    {"cita-registro", "Alta en Cl@ve",
     "Quiero darme de alta en Cl@ve para hacer trámites por internet. ¿Se puede hacer en una "
     "oficina de "
     "atención al ciudadano de la Comunidad con cita?"},
    {"cita-registro", "Llamada: entregar una solicitud en papel",
     "Señora de 80 años pregunta dónde puede entregar en papel la solicitud de una ayuda para su "
     "nieto, porque "
     "en el colegio le dicen que vaya a un registro. Vive en Móstoles."},
    {"cita-registro", "Registro sin cita el último día",
     "¿Se puede ir a registrar sin cita previa? Hoy es el último día de plazo de una convocatoria "
     "y no hay "
     "citas hasta la semana que viene."},
    {"cita-registro", "Registry office appointment",
     "Hi, I need to submit some documents for my residence application. Can I book an appointment "
     "at one of "
     "your registry offices? Which one is the nearest to Alcobendas?"},
    {"cita-registro", "Copia sellada",
     "Cuando presente la documentación en el registro, ¿me darán una copia sellada? Tengo que "
     "justificar que "
     "lo entregué dentro de plazo."},
    {"cita-registro", "Empresa: ¿registro presencial?",
     "Soy administradora de una pequeña SL. ¿Puedo presentar una solicitud de subvención en papel "
     "en la "
     "oficina de registro o las empresas tenemos que hacerlo por internet?"},
    {"cita-registro", "cancelar cita registro",
     "tengo cita mañana en la oficina de registro a las 9:30 y no voy a poder ir, como la anulo "
     "para dejar el "
     "hueco a otra persona"},
    {"cita-registro", "Horario de verano",
     "¿Qué horario tienen en verano las oficinas de atención al ciudadano de la Comunidad de "
     "Madrid? ¿Abren "
     "por la tarde?"},

    /* empadronamiento */
    {"empadronamiento", "Alta en el padrón",
     "Buenos días, me acabo de mudar a Getafe desde Toledo y necesito empadronarme. Vivo de "
     "alquiler con el "
     "contrato a mi nombre. ¿Tengo que pedir cita o puedo ir directamente?"},
    {"empadronamiento", "Empadronar a mi bebé",
     "Hola, ¿cómo empadrono a mi hijo recién nacido? Nació hace dos semanas y ya tenemos el "
     "certificado del "
     "Registro Civil. Los padres estamos empadronados en el mismo domicilio."},
    {"empadronamiento", "Cambio de domicilio",
     "Me he cambiado de piso dentro de Móstoles, de la calle Simón Hernández a la avenida de "
     "Portugal. ¿Qué "
     "papeles necesito para actualizar el padrón?"},
    {"empadronamiento", "El casero no me deja empadronarme",
     "Vivo en una habitación alquilada y el propietario se niega a que me empadrone. Sin "
     "empadronamiento no "
     "puedo pedir la tarjeta sanitaria. ¿Qué puedo hacer? Llevo viviendo aquí desde octubre."},
    {"empadronamiento", "Padrón registration",
     "Hello, I'm from Canada and I just moved to Alcobendas. I need to register at the padrón to "
     "apply for my "
     "TIE. The rental contract is only in my partner's name. What do I need to bring?"},
    {"empadronamiento", "empadronarme",
     "hola buenas, necesito empadronarme urgente para el cole de mis hijos, cuando hay cita? en la "
     "web no "
     "salen"},
    {"empadronamiento", "Llamada: empadronar a un padre mayor",
     "Llama un hombre de 70 años que se va a vivir con su hija en Parla. Pregunta si la hija puede "
     "hacer el "
     "trámite del padrón por él y qué autorización hace falta."},
    {"empadronamiento", "Empadronarme sin contrato",
     "Vivo con unos amigos que tienen el contrato de alquiler y están empadronados. ¿Pueden "
     "autorizarme para "
     "que me empadrone con ellos? ¿Qué impreso hay que rellenar?"},
    {"empadronamiento", "Me mudo a otra ciudad",
     "Me voy a vivir a Valencia. ¿Tengo que darme de baja del padrón aquí o se hace "
     "automáticamente cuando me "
     "empadrone allí?"},
    {"empadronamiento", "Renovación de la inscripción padronal",
     "Me ha llegado una carta diciendo que tengo que renovar mi inscripción en el padrón porque no "
     "tengo "
     "residencia permanente. ¿Qué pasa si no lo hago? Tengo pasaporte de Honduras."},
    {"empadronamiento", "Empadronamiento por internet",
     "¿Puedo empadronarme por la sede electrónica con certificado digital? He comprado una "
     "vivienda en Las "
     "Rozas y tengo la escritura escaneada."},

    /* volante-padron */
    {"volante-padron", "Volante de empadronamiento",
     "Necesito un volante de empadronamiento para matricular a mi hijo en el colegio. ¿Se puede "
     "sacar por "
     "internet?"},
    {"volante-padron", "Certificado histórico para la nacionalidad",
     "Para solicitar la nacionalidad me piden un certificado de empadronamiento histórico con "
     "todos mis "
     "domicilios desde 2014. ¿Cómo lo pido?"},
    {"volante-padron", "Certificate of registration",
     "Hi, I need a certificado de empadronamiento for my NIE appointment next week. Can I get it "
     "online? I "
     "don't have a digital certificate."},
    {"volante-padron", "Volante colectivo",
     "Para la beca me piden un volante colectivo con todas las personas que viven en casa. ¿Lo "
     "puedo pedir yo "
     "aunque el contrato esté a nombre de mi marido?"},
    {"volante-padron", "certificado",
     "me podeis mandar el certificado de empadronamiento al correo? es para el banco"},
    {"volante-padron", "Llamada: envío por correo postal",
     "Llama una señora de Getafe, sin internet, que necesita un certificado de empadronamiento "
     "para renovar la "
     "tarjeta de transporte de su marido. Pide que se lo envíen por correo a casa."},
    {"volante-padron", "Certificado de mi madre en residencia",
     "Mi madre está en una residencia y necesito su certificado de empadronamiento para la "
     "solicitud de "
     "dependencia. ¿Puedo pedirlo yo? Tengo un poder notarial."},
    {"volante-padron", "Volante con el nombre antiguo de la calle",
     "El volante me sale con el nombre antiguo de la calle y el banco no lo acepta porque no "
     "coincide con el "
     "DNI. ¿Me pueden expedir uno con el nombre actual?"},
    {"volante-padron", "¿Volante o certificado?",
     "Para el expediente matrimonial del Registro Civil nos piden el empadronamiento de los dos "
     "últimos años. "
     "¿Sirve el volante o tiene que ser certificado?"},
    {"volante-padron", "Certificado hoy mismo",
     "Necesito hoy mismo un certificado de empadronamiento para presentarlo en el juzgado. ¿Me lo "
     "pueden dar "
     "sin cita en la oficina de la plaza Mayor?"},
    {"volante-padron", "validez volante",
     "El volante que descargo de la web tiene validez o hay que sellarlo? en la gestoria me dicen "
     "que lo "
     "quieren con sello"},

    /* ibi */
    {"ibi", "Domiciliar IBI",
     "Buenas tardes, quiero domiciliar el recibo del IBI de mi piso de la calle Mayor 23. ¿Puedo "
     "hacerlo por "
     "internet? También me interesa el pago fraccionado."},
    {"ibi", "No me ha llegado el recibo del IBI",
     "Este año no me ha llegado la carta del IBI y me dicen que el plazo acaba el 15 de noviembre. "
     "¿Cómo "
     "consigo el recibo para pagarlo?"},
    {"ibi", "Bonificación de familia numerosa en el IBI",
     "Tenemos título de familia numerosa desde este año. ¿Cómo pedimos la bonificación del IBI? "
     "¿Se aplica ya "
     "en el recibo de este año?"},
    {"ibi", "IBI de un piso vendido",
     "Vendí mi piso en abril y me ha llegado a mí el IBI del año entero. ¿No lo tiene que pagar el "
     "comprador? "
     "¿Me lo devuelven?"},
    {"ibi", "Property tax from abroad",
     "Hello, I own an apartment in Pozuelo but I live in Germany. How can I pay the property tax "
     "(IBI) from "
     "abroad? I have a Spanish bank account but I don't receive the letters."},
    {"ibi", "Recargo por devolución del banco",
     "Me ha llegado una providencia de apremio del IBI con un recargo del 20 %. Tenía el recibo "
     "domiciliado y "
     "fue el banco el que lo devolvió por error. ¿Me pueden anular el recargo?"},
    {"ibi", "IBI y placas solares",
     "He instalado placas solares en el tejado de mi chalet. ¿Hay bonificación en el IBI? ¿Qué "
     "documentación "
     "presento?"},
    {"ibi", "Llamada: pagar en dos plazos",
     "Llama un señor de Alcalá, jubilado, que quiere saber cuánto le toca pagar de IBI este año y "
     "si puede "
     "pagarlo en dos plazos, porque con la pensión no llega."},
    {"ibi", "Cambio de titular tras herencia",
     "Mi madre falleció y el recibo del IBI sigue llegando a su nombre. ¿Cómo cambiamos la "
     "titularidad? Ya "
     "está firmada la escritura de herencia."},
    {"ibi", "Subida del IBI",
     "¿Por qué me ha subido el IBI casi un 10 % respecto al año pasado? No he hecho ninguna obra "
     "en casa. "
     "Quiero una explicación."},
    {"ibi", "ibi plazos",
     "hola, el plan de pago personalizado del ibi en cuantos meses se puede hacer? y si me retraso "
     "un mes que "
     "pasa"},

    /* ivtm */
    {"ivtm", "Impuesto de circulación de un coche vendido",
     "Me ha llegado el impuesto de circulación de un coche que vendí hace dos años. El comprador "
     "nunca hizo el "
     "cambio de nombre. ¿Qué hago?"},
    {"ivtm", "Exención por discapacidad",
     "Tengo reconocida una discapacidad del 65 %. ¿Puedo pedir la exención del impuesto de "
     "vehículos? El coche "
     "está a mi nombre y lo uso para ir al trabajo."},
    {"ivtm", "Bonificación coche eléctrico",
     "Me he comprado un coche eléctrico. ¿Qué bonificación tiene en el impuesto de vehículos y "
     "tengo que "
     "pedirla o se aplica sola?"},
    {"ivtm", "Vehículo histórico",
     "Tengo un Seat 600 de 1970 matriculado como histórico. ¿Está exento del impuesto de "
     "circulación? Este año "
     "me ha llegado el recibo completo."},
    {"ivtm", "Coche dado de baja en marzo",
     "Llevé el coche al desguace en marzo y tengo el certificado de baja de la DGT. ¿Me devuelven "
     "la parte "
     "proporcional del impuesto de circulación?"},
    {"ivtm", "Vehicle tax after moving",
     "Hi, I received a letter about the vehicle tax (IVTM) for my car, but I moved to Fuenlabrada "
     "from another "
     "town in January. Which town hall should I pay it to?"},
    {"ivtm", "Llamada: coche a nombre del marido fallecido",
     "Llama una señora de Torrejón: su marido falleció y el impuesto del coche sigue llegando a su "
     "nombre. "
     "Pregunta cómo se cambia."},
    {"ivtm", "impuesto circulacion moto",
     "cuanto se paga de impuesto de circulacion por una moto de 125cc? la acabo de comprar"},
    {"ivtm", "Domiciliación de varios vehículos",
     "Quiero domiciliar el impuesto de vehículos de mis dos coches y de la furgoneta en una cuenta "
     "distinta a "
     "la del IBI. ¿Se puede?"},
    {"ivtm", "Embargo por impuesto de vehículos",
     "Me han embargado 96 euros de la cuenta por un impuesto de vehículos de 2021 que nunca me "
     "llegó. ¿Cómo "
     "puedo recurrir?"},

    /* plusvalia */
    {"plusvalia", "Plusvalía por venta de piso",
     "Vendí mi piso el mes pasado por 240.000 euros; lo compré en 2005 por 180.000. ¿Tengo que "
     "pagar la "
     "plusvalía municipal? ¿Cómo se calcula ahora?"},
    {"plusvalia", "Plusvalía en una herencia",
     "Hemos heredado la casa de nuestros padres en Alcorcón y el notario dice que tenemos que "
     "pagar la "
     "plusvalía en el ayuntamiento. ¿Cuánto plazo hay? ¿Hay bonificación para hijos?"},
    {"plusvalia", "Venta con pérdidas",
     "Vendí el piso por menos de lo que me costó en 2007. Tengo las dos escrituras. ¿Cómo acredito "
     "que no hay "
     "incremento de valor para no pagar la plusvalía?"},
    {"plusvalia", "Who pays plusvalía",
     "We are selling our house in Las Rozas. Who pays the plusvalía tax, the seller or the buyer? "
     "The buyer's "
     "agent says we have to pay it."},
    {"plusvalia", "Autoliquidación por internet",
     "¿Se puede presentar la autoliquidación de la plusvalía por internet o hay que ir al "
     "ayuntamiento? La "
     "venta fue el 10 de mayo."},
    {"plusvalia", "Llamada: donación a una hija",
     "Llama un señor que ha recibido una liquidación de plusvalía de 4.300 euros por la donación "
     "de un piso a "
     "su hija. Pregunta si puede elegir el cálculo por la plusvalía real en vez del método "
     "objetivo."},
    {"plusvalia", "plusvalia vivienda habitual",
     "Hola, hay bonificación en la plusvalía por heredar la vivienda habitual del fallecido? yo "
     "vivía con mi "
     "madre"},
    {"plusvalia", "Prórroga en la herencia",
     "Aún no hemos firmado la aceptación de la herencia y se van a cumplir los seis meses. ¿Cómo "
     "pedimos la "
     "prórroga de la plusvalía?"},
    {"plusvalia", "Devolución por la sentencia del Constitucional",
     "Me liquidaron la plusvalía en 2021 y ahora leo que el Constitucional anuló el impuesto. "
     "¿Puedo reclamar "
     "la devolución?"},
    {"plusvalia", "Plusvalía en el divorcio",
     "En el divorcio el piso pasa a ser solo mío. ¿Tengo que pagar plusvalía por la mitad de mi "
     "exmujer?"},

    /* obra-menor */
    {"obra-menor", "Reforma de baño",
     "Quiero reformar el baño de mi piso: cambiar la bañera por un plato de ducha y alicatar de "
     "nuevo. "
     "¿Necesito licencia de obra o basta con una declaración responsable?"},
    {"obra-menor", "Cambio de ventanas",
     "Vamos a cambiar las ventanas de todo el piso por unas de PVC del mismo color. ¿Hay que pedir "
     "permiso al "
     "ayuntamiento? La comunidad ya ha dicho que sí."},
    {"obra-menor", "¿Tiene licencia la obra de mi vecino?",
     "Un vecino está tirando tabiques en su piso sin ningún cartel de licencia y empieza a las 8 "
     "de la "
     "mañana. ¿Cómo puedo comprobar si tiene permiso de obra?"},
    {"obra-menor", "Tasas de una reforma de cocina",
     "¿Cuánto tengo que pagar de tasas e ICIO por una reforma de cocina de unos 9.000 euros?"},
    {"obra-menor", "Kitchen renovation permit",
     "Hi, I'm renovating my kitchen in Pozuelo: new cabinets and tiles, no structural changes. Do "
     "I need a "
     "permit? My contractor says it's not necessary."},
    {"obra-menor", "Toldo en la terraza",
     "¿Se necesita licencia para poner un toldo en la terraza de un ático? Lo quiero de brazo "
     "extensible, del "
     "mismo color que el resto del edificio."},
    {"obra-menor", "Contenedor de escombros",
     "Para la obra de mi casa necesito poner un contenedor de escombros en la calle una semana. "
     "¿Se pide junto "
     "con la declaración responsable o aparte?"},
    {"obra-menor", "Llamada: cuándo se puede empezar",
     "Llama un albañil que va a hacer una reforma en un piso de Fuenlabrada para un cliente y "
     "pregunta si con "
     "la declaración responsable puede empezar al día siguiente o tiene que esperar respuesta."},
    {"obra-menor", "Presupuesto por partidas",
     "Me han requerido que aporte un presupuesto desglosado por partidas para la declaración "
     "responsable de "
     "obra. El que tengo es un importe global. ¿Qué tiene que incluir exactamente?"},
    {"obra-menor", "cerrar terraza",
     "queremos cerrar la terraza con aluminio, es obra menor? o hace falta proyecto de "
     "arquitecto?"},
    {"obra-menor", "Fachada y muro del chalet",
     "Quiero pintar la fachada de mi chalet de otro color y arreglar el muro de la parcela, que "
     "está agrietado. "
     "¿Qué trámite tengo que hacer?"},

    /* licencia-actividad */
    {"licencia-actividad", "Abrir una peluquería",
     "Quiero abrir una peluquería en un local de 60 m² que antes era una tienda de ropa. ¿Qué "
     "licencia "
     "necesito y cuánto tarda?"},
    {"licencia-actividad", "Cambio de titularidad de un bar",
     "He cogido el traspaso de un bar que ya tenía licencia. ¿Cómo pongo la licencia a mi nombre? "
     "El anterior "
     "dueño me ha dado el documento original."},
    {"licencia-actividad", "Academia en un edificio de viviendas",
     "Vamos a abrir una academia de inglés en un primer piso de un edificio de viviendas. ¿Es "
     "compatible con "
     "el uso? ¿Qué documentación presentamos?"},
    {"licencia-actividad", "Opening a coffee shop",
     "Hello, I want to open a small coffee shop in Alcobendas without a kitchen, just coffee and "
     "pastries. "
     "What type of licence do I need? Do I need an architect?"},
    {"licencia-actividad", "Terraza para el bar",
     "Tengo licencia de bar y quiero poner una terraza con cuatro mesas en la acera. ¿Va con la "
     "licencia de "
     "actividad o es otro trámite?"},
    {"licencia-actividad", "Llamada: centro de estética",
     "Llama una emprendedora que quiere abrir un centro de estética en Leganés. Pregunta si "
     "necesita proyecto "
     "técnico o basta con la declaración responsable, y si puede abrir mientras se tramita."},
    {"licencia-actividad", "Inspección tras la declaración responsable",
     "Presenté la declaración responsable para mi tienda de informática hace un mes. Hoy ha venido "
     "un "
     "inspector y me ha pedido el certificado de la instalación eléctrica. ¿Lo presento por "
     "registro?"},
    {"licencia-actividad", "taller de motos",
     "Buenas, quiero montar un taller de reparacion de motos en una nave del poligono. Que "
     "licencia necesito y "
     "cuanto cuesta el proyecto?"},
    {"licencia-actividad", "Trabajar desde casa",
     "Soy arquitecta autónoma y trabajo desde casa. ¿Necesito licencia de actividad para tener ahí "
     "mi "
     "domicilio profesional?"},
    {"licencia-actividad", "Ampliar la actividad de la frutería",
     "Tenemos una frutería con licencia y queremos vender también pan y productos envasados. ¿Hay "
     "que "
     "modificar la licencia?"},

    /* ayuda-domicilio */
    {"ayuda-domicilio", "Ayuda a domicilio para mi padre",
     "Mi padre tiene 89 años, vive solo en Leganés y ya le cuesta ducharse y hacer la compra. "
     "¿Cómo pedimos el "
     "servicio de ayuda a domicilio del ayuntamiento?"},
    {"ayuda-domicilio", "¿Cuánto cuesta la ayuda a domicilio?",
     "¿La ayuda a domicilio es gratuita? Mi madre cobra una pensión de viudedad de 780 euros."},
    {"ayuda-domicilio", "Llamada: mujer mayor que se ha caído",
     "Llama una señora de 83 años que vive sola en Móstoles y se ha caído dos veces este mes. Pide "
     "que alguien "
     "vaya a ayudarle con la casa y pregunta por la teleasistencia."},
    {"ayuda-domicilio", "Problemas con la auxiliar",
     "Tenemos ayuda a domicilio para mi suegra desde hace un año. La auxiliar nueva llega tarde "
     "casi todos los "
     "días y se va antes de tiempo. ¿Con quién hablamos para reclamar?"},
    {"ayuda-domicilio", "Más horas de ayuda",
     "A mi tío le dan 6 horas semanales de ayuda a domicilio, pero desde que le amputaron la "
     "pierna necesita "
     "bastante más. ¿Cómo pedimos que le aumenten las horas?"},
    {"ayuda-domicilio", "Ayuda temporal tras una operación",
     "Me operan de cadera en enero y voy a estar dos meses sin poder moverme. Vivo sola. ¿Puedo "
     "tener ayuda a "
     "domicilio temporal?"},
    {"ayuda-domicilio", "Lista de espera",
     "En servicios sociales nos dijeron que mi madre está en lista de espera para la ayuda a "
     "domicilio. Han "
     "pasado 4 meses. ¿Cuánto más puede tardar?"},
    {"ayuda-domicilio", "Home help for a neighbour",
     "My elderly neighbour (92) lives alone in Alcalá. She is British and doesn't speak Spanish "
     "well. She "
     "can't clean or cook anymore. Is there home help from the council? How can I help her apply?"},
    {"ayuda-domicilio", "¿SAD municipal o de dependencia?",
     "¿La ayuda a domicilio municipal es lo mismo que la de la ley de dependencia? Mi padre tiene "
     "grado I y no "
     "sé a quién pedírsela."},
    {"ayuda-domicilio", "ayuda domicilio",
     "buenos dias, mi mujer tiene parkinson y yo ya no puedo levantarla solo de la cama. "
     "necesitamos alguien "
     "que venga por las mañanas. gracias"},
    {"ayuda-domicilio", "Suspensión temporal del servicio",
     "Mi madre se va dos meses a casa de mi hermana en Asturias. ¿Hay que suspender la ayuda a "
     "domicilio? No "
     "queremos que pierda el servicio."},

    /* emergencia-social */
    {"emergencia-social", "Ayuda para pagar el alquiler",
     "Debo dos meses de alquiler y el casero dice que me va a denunciar. Me quedé sin trabajo en "
     "septiembre. "
     "¿Existe alguna ayuda de emergencia del ayuntamiento?"},
    {"emergencia-social", "Me van a cortar la luz",
     "Me van a cortar la luz por una factura de 340 euros. Tengo tres hijos pequeños. ¿Pueden "
     "ayudarme a "
     "pagarla?"},
    {"emergencia-social", "Gafas para mi hijo",
     "Mi hijo de 8 años necesita gafas graduadas y no puedo pagarlas, cuestan 180 euros. ¿Hay "
     "ayudas para "
     "esto en servicios sociales?"},
    {"emergencia-social", "Llamada: sin subsidio y sin comida",
     "Llama un hombre de 45 años de Fuenlabrada, lleva un año en paro y ha agotado el subsidio. "
     "Pregunta por "
     "ayudas para comida y si hay banco de alimentos. Pide cita con la trabajadora social."},
    {"emergencia-social", "Cita urgente con la trabajadora social",
     "Necesito cita con la trabajadora social para una ayuda de emergencia. Por teléfono me la dan "
     "para dentro "
     "de un mes y mi situación es urgente."},
    {"emergencia-social", "Justificar la ayuda",
     "Me concedieron una ayuda de emergencia de 600 euros para el alquiler. ¿Cómo y cuándo tengo "
     "que "
     "justificarla? ¿Vale el justificante de la transferencia al casero?"},
    {"emergencia-social", "Desahucio",
     "Tenemos fecha de lanzamiento el 14 de diciembre. Vivo con mi madre enferma y mis dos hijos y "
     "no tenemos "
     "dónde ir. Por favor, ¿qué podemos hacer?"},
    {"emergencia-social", "Emergency help",
     "Hello, I'm a single mother from Nigeria living in Parla. I lost my job and I can't pay for "
     "food and the "
     "water bill this month. Is there emergency help from the town hall?"},
    {"emergencia-social", "ayuda emergencia",
     "hola me dijeron que el ayuntamiento da ayudas para la bombona de butano y comida, es verdad? "
     "somos 5 en "
     "casa y solo trabaja mi marido de vez en cuando"},
    {"emergencia-social", "Ayuda denegada por antigüedad",
     "Me han denegado la ayuda de emergencia social porque solo llevo 4 meses empadronada aquí. "
     "Antes vivía en "
     "otro municipio de la Comunidad. ¿Eso no cuenta?"},
    {"emergencia-social", "Medicamentos que no cubre la Seguridad Social",
     "Soy pensionista y tengo que comprar unos medicamentos que no cubre la Seguridad Social, unos "
     "90 euros al "
     "mes. ¿Puede ayudarme el ayuntamiento?"},

    /* recogida-enseres */
    {"recogida-enseres", "Recogida de un sofá",
     "Buenas, quiero que recojan un sofá de tres plazas y un colchón viejo. Vivo en la calle Río "
     "Duero, 14. "
     "¿Qué día pueden venir?"},
    {"recogida-enseres", "recogida muebles",
     "hola queria pedir recogida de muebles, una mesa y 4 sillas y un somier. Gracias"},
    {"recogida-enseres", "Muebles abandonados junto a los contenedores",
     "Llevan tres días un armario y un colchón tirados junto a los contenedores de la calle Mayor "
     "esquina con "
     "Cervantes. ¿Pueden retirarlos?"},
    {"recogida-enseres", "Old fridge and washing machine",
     "Hi, we're moving out next week and we have an old fridge, a washing machine and a bed frame "
     "to get rid "
     "of. Does the council collect them for free? How do I book?"},
    {"recogida-enseres", "No han pasado a recoger",
     "Tenía cita para la recogida de enseres el martes a partir de las 20:00. Dejé una lavadora y "
     "un mueble en "
     "el portal y el miércoles por la mañana seguían ahí. La vecina se ha quejado. ¿Qué ha "
     "pasado?"},
    {"recogida-enseres", "¿Cuántos muebles por recogida?",
     "Estoy vaciando la casa de mi madre y hay muchos muebles: dos camas, un aparador, un armario "
     "de cuatro "
     "puertas, sillas... ¿Cuántos objetos se pueden dejar en cada recogida?"},
    {"recogida-enseres", "Llamada: no puede bajar el colchón",
     "Llama una vecina de 76 años que no puede bajar un colchón y un sillón a la calle. Pregunta "
     "si el "
     "servicio de recogida sube a casa a por ellos."},
    {"recogida-enseres", "Escombros de una reforma",
     "¿La recogida de enseres también se lleva escombros y azulejos de una reforma? Son unos 8 "
     "sacos."},
    {"recogida-enseres", "Horario del punto limpio",
     "¿Qué horario tiene el punto limpio? Tengo un colchón y unas latas de pintura y prefiero "
     "llevarlo yo en "
     "la furgoneta."},
    {"recogida-enseres", "recogida trastos sabado",
     "Se puede pedir la recogida de trastos un sabado? entre semana trabajo y no puedo bajarlos a "
     "la hora que "
     "decis"},

    /* incidencias-via-publica */
    {"incidencias-via-publica", "Bache peligroso",
     "En la calle Toledo, a la altura del número 56, hay un bache enorme en el carril derecho. "
     "Ayer un "
     "motorista casi se cae. Por favor arréglenlo cuanto antes."},
    {"incidencias-via-publica", "Farola apagada",
     "La farola frente al portal 8 de la calle Pinto lleva una semana apagada y la calle está muy "
     "oscura de "
     "noche. Me da miedo volver del trabajo."},
    {"incidencias-via-publica", "alcantarilla sin tapa",
     "hay una alcantarilla sin tapa en la av de la libertad junto a la parada del bus, un niño se "
     "puede "
     "caer!!! mando foto"},
    {"incidencias-via-publica", "Acera levantada por raíces",
     "Las raíces de un árbol han levantado las baldosas de la acera en la calle Olivo, 23. Mi "
     "madre, que va "
     "con andador, tropezó el otro día. ¿Pueden repararla?"},
    {"incidencias-via-publica", "Semáforo averiado",
     "El semáforo para peatones del cruce de la avenida de España con la calle Zaragoza no se pone "
     "en verde. "
     "Cruzan muchos niños para ir al colegio."},
    {"incidencias-via-publica", "Broken glass in the playground",
     "Hi, there's a broken streetlight and a lot of broken glass in the playground at Parque de la "
     "Paz. Kids "
     "play there every afternoon. Can someone clean it and fix the light?"},
    {"incidencias-via-publica", "Fuente perdiendo agua",
     "Otra vez la fuente del parque Lineal perdiendo agua, lleva así dos semanas y se está "
     "formando un "
     "barrizal. Alguien lo va a arreglar??"},
    {"incidencias-via-publica", "Llamada: rama caída",
     "Llama un vecino de Alcorcón: una rama grande de un pino se ha caído en la acera de la calle "
     "Porto "
     "Cristo e impide el paso. No ha herido a nadie."},
    {"incidencias-via-publica", "Pintadas en el centro cultural",
     "Han hecho pintadas en toda la fachada del centro cultural y en los bancos de la plaza. Es "
     "una pena, "
     "estaba recién pintado."},
    {"incidencias-via-publica", "Aviso sin resolver",
     "Abrí un aviso por un banco roto en el parque de la calle Sevilla hace un mes (número "
     "2024-118342) y "
     "sigue igual. ¿Se ha hecho algo?"},
    {"incidencias-via-publica", "Señal de stop caída",
     "Hay una señal de stop tirada en el suelo en el cruce de la calle Madrid con la calle "
     "Leganés. Los coches "
     "no paran y es peligroso."},

    /* tarjeta-pmr */
    {"tarjeta-pmr", "Tarjeta de aparcamiento para mi madre",
     "Mi madre tiene un 75 % de discapacidad y movilidad reducida reconocida. ¿Cómo pedimos la "
     "tarjeta de "
     "estacionamiento? Soy yo quien la lleva en el coche."},
    {"tarjeta-pmr", "Renovación de la tarjeta de estacionamiento",
     "Mi tarjeta de estacionamiento PMR caduca el mes que viene. ¿Puedo renovarla por internet o "
     "tengo que ir "
     "en persona?"},
    {"tarjeta-pmr", "Uso en otras ciudades y en Francia",
     "¿La tarjeta de estacionamiento de aquí vale en Barcelona y en Francia? Nos vamos de viaje en "
     "verano con "
     "mi hijo, que va en silla de ruedas."},
    {"tarjeta-pmr", "Llamada: tarjeta provisional por ELA",
     "Llama un hombre con ELA recién diagnosticada, todavía sin certificado de discapacidad. "
     "Pregunta por la "
     "tarjeta provisional por razones humanitarias y si su mujer puede pedirla por él."},
    {"tarjeta-pmr", "Dónde puedo aparcar con la tarjeta",
     "Me han multado estando aparcado en zona azul con la tarjeta de movilidad reducida bien "
     "visible. ¿No se "
     "podía aparcar ahí? Quiero saber dónde se puede y dónde no."},
    {"tarjeta-pmr", "Plaza reservada en mi calle",
     "Tengo la tarjeta de estacionamiento y me cuesta mucho encontrar sitio cerca de casa. ¿Puedo "
     "pedir una "
     "plaza reservada con mi matrícula delante del portal?"},
    {"tarjeta-pmr", "UK Blue Badge",
     "Hello, my husband uses a wheelchair. We are British residents in Alcobendas and he has a UK "
     "Blue Badge. "
     "Is it valid here or do we need to apply for a Spanish disabled parking card?"},
    {"tarjeta-pmr", "Tarjeta robada del coche",
     "Me han robado del coche la tarjeta de aparcamiento de minusválidos. Ya he puesto la "
     "denuncia. ¿Cómo pido "
     "un duplicado?"},
    {"tarjeta-pmr", "tarjeta pmr hijo",
     "mi hijo tiene 6 años y paralisis cerebral, va en silla. le pueden dar la tarjeta de "
     "aparcamiento aunque "
     "el no conduce?"},
    {"tarjeta-pmr", "Denegada por falta de dictamen de movilidad",
     "Solicité la tarjeta de estacionamiento y me la han denegado porque mi certificado no tiene "
     "el dictamen "
     "de movilidad reducida. Tengo artrosis severa en las dos rodillas. ¿Qué hago ahora?"},

    /* multas-trafico */
    {"multas-trafico", "Recurso multa",
     "Me han puesto una multa por aparcar en doble fila en la calle Mayor el día 3, pero yo estaba "
     "en el coche "
     "con los intermitentes subiendo a mi padre, que va en silla de ruedas. ¿Cómo presento "
     "alegaciones?"},
    {"multas-trafico", "Multa nunca notificada",
     "Me ha llegado un embargo por una multa de tráfico de 2022 que nunca me notificaron. He "
     "cambiado de "
     "domicilio dos veces desde entonces. ¿Puedo recurrir?"},
    {"multas-trafico", "Identificar al conductor",
     "Me ha llegado una multa de radar del coche de la empresa. ¿Cómo identifico al trabajador que "
     "lo "
     "conducía ese día?"},
    {"multas-trafico", "Low emission zone fine",
     "Hi, I rented a car in Madrid in August and now the rental company says there's a fine from "
     "the town "
     "hall for entering a low emission zone. I live in Norway. How can I pay or appeal from "
     "abroad?"},
    {"multas-trafico", "Pago con descuento",
     "¿Hasta cuándo puedo pagar la multa con el 50 % de descuento? La notificación me llegó el día "
     "12 a la "
     "dirección electrónica habilitada."},
    {"multas-trafico", "Multa por la zona de bajas emisiones",
     "Me han multado por entrar en la zona de bajas emisiones con mi coche de 2004 sin etiqueta. "
     "No sabía que "
     "estaba prohibido y no vi ninguna señal. ¿Puedo alegar?"},
    {"multas-trafico", "Llamada: conducía su hijo",
     "Llama una mujer de Getafe que ha recibido una multa por exceso de velocidad, 58 km/h en una "
     "calle de "
     "50. El coche lo conducía su hijo. Pregunta cómo identificarlo para que no le quiten los "
     "puntos a ella."},
    {"multas-trafico", "grua",
     "me ha llevado la grua el coche de la calle Real, no habia ninguna señal de prohibido, "
     "pusieron la de la "
     "mudanza esa misma mañana. como recupero el coche y como reclamo??"},
    {"multas-trafico", "Alegaciones desestimadas",
     "Presenté alegaciones contra una multa en zona de carga y descarga y me las han desestimado "
     "sin contestar "
     "a nada de lo que decía. ¿Qué puedo hacer ahora?"},
    {"multas-trafico", "Fotografía del radar",
     "¿Puedo ver la fotografía del radar de la multa que me han puesto? El expediente es el "
     "2024/TRF/00734."},
    {"multas-trafico", "Multa pagada dos veces",
     "Pagué la misma multa dos veces, una por la web y otra en el banco por error. ¿Cómo pido la "
     "devolución?"},

    /* actividades-deportivas */
    {"actividades-deportivas", "Natación para niñas",
     "Hola, quería apuntar a mis hijas de 5 y 8 años a natación en el polideportivo municipal. "
     "¿Cuándo se "
     "abren las inscripciones para el curso que viene?"},
    {"actividades-deportivas", "Gimnasia para mayores",
     "Tengo 71 años y me gustaría apuntarme a gimnasia de mantenimiento o a yoga por las mañanas. "
     "¿Quedan "
     "plazas? ¿Cuánto cuesta para jubilados?"},
    {"actividades-deportivas", "Sorteo de la escuela de fútbol",
     "Nos presentamos al sorteo de plazas de la escuela de fútbol y no salimos. ¿Hay lista de "
     "espera? Mi hijo "
     "tiene 9 años y estaba muy ilusionado."},
    {"actividades-deportivas", "Adult swimming lessons",
     "Hello, I'd like to sign up for adult swimming lessons at the municipal sports centre. I'm a "
     "beginner. "
     "Are there evening classes? Do I need to be registered in the town?"},
    {"actividades-deportivas", "Baja por lesión",
     "Quiero dar de baja a mi hijo de baloncesto porque se ha lesionado la rodilla. ¿Me devuelven "
     "el "
     "trimestre que ya he pagado?"},
    {"actividades-deportivas", "Descuento para familia numerosa",
     "¿Tienen descuento en las actividades deportivas las familias numerosas? Tengo a tres niños "
     "apuntados a "
     "distintas actividades y se me va de presupuesto."},
    {"actividades-deportivas", "pilates tarde",
     "hay pilates por la tarde en el poli de la avenida? a partir de las 19 porfa"},
    {"actividades-deportivas", "Natación adaptada",
     "Mi hijo tiene síndrome de Down y le encanta nadar. ¿Hay grupos de natación adaptada en algún "
     "centro "
     "deportivo municipal?"},
    {"actividades-deportivas", "Llamada: error al pagar la inscripción",
     "Llama un padre que no consigue terminar la inscripción online en la escuela de atletismo: la "
     "web le da "
     "error al pagar con tarjeta. Pregunta si puede hacerlo en la oficina del polideportivo."},
    {"actividades-deportivas", "Certificado médico para aquagym",
     "Para apuntarme a aquagym me piden un certificado médico. ¿Sirve un informe de mi médico de "
     "cabecera?"},
    {"actividades-deportivas", "Cambio de grupo",
     "Estoy inscrita en zumba lunes y miércoles a las 10 pero me han cambiado el turno en el "
     "trabajo. ¿Puedo "
     "pasarme al grupo de las 19:30 sin perder la plaza?"},

    /* reserva-instalaciones */
    {"reserva-instalaciones", "Reserva pista de pádel",
     "¿Con cuántos días de antelación se puede reservar pista de pádel en el polideportivo? "
     "Siempre que entro "
     "en la web están todas cogidas."},
    {"reserva-instalaciones", "Anular reserva por lluvia",
     "Reservé la pista de tenis para mañana a las 18:00 pero va a llover. ¿Puedo anularla y que me "
     "devuelvan "
     "el dinero?"},
    {"reserva-instalaciones", "Campo de fútbol 7",
     "Somos un grupo de amigos y queremos alquilar el campo de fútbol 7 un sábado por la mañana. "
     "¿Cuánto "
     "cuesta la hora y cómo se reserva?"},
    {"reserva-instalaciones", "Tennis court booking",
     "Hi, can non-residents book a tennis court at the municipal sports centre? We're staying in "
     "the area for "
     "two weeks."},
    {"reserva-instalaciones", "Pabellón para un club",
     "Somos un club de voleibol femenino federado y necesitamos pista en el pabellón dos tardes a "
     "la semana "
     "para la próxima temporada. ¿Cuándo se solicita?"},
    {"reserva-instalaciones", "Cobro sin confirmación",
     "Intenté reservar la pista de pádel y me cobraron 8,40 € pero no me llegó la confirmación y "
     "la pista "
     "aparece libre. ¿Me devuelven el dinero?"},
    {"reserva-instalaciones", "Llamada: calle de piscina para un cumpleaños",
     "Llama una señora que quiere reservar una calle de la piscina cubierta para un cumpleaños "
     "infantil. "
     "Pregunta si se puede y qué precio tiene."},
    {"reserva-instalaciones", "reserva padel",
     "como me doy de alta en la web de reservas? me pide un numero de abonado que no tengo"},
    {"reserva-instalaciones", "Pista en mal estado",
     "Ayer reservamos la pista 3 de pádel y tenía la red rota y charcos. Pagamos la hora completa. "
     "¿Se puede "
     "reclamar el importe?"},
    {"reserva-instalaciones", "Pista de atletismo para un colegio",
     "Soy profesor de educación física de un colegio concertado y nos gustaría usar la pista de "
     "atletismo una "
     "mañana para una jornada deportiva. ¿Qué trámite hay que hacer?"},

    /* vado */
    {"vado", "Solicitud de vado",
     "He comprado una casa con garaje en la calle Jazmín y quiero pedir el vado permanente. ¿Qué "
     "documentos "
     "necesito y cuánto cuesta al año?"},
    {"vado", "Todavía sin placa de vado",
     "Me concedieron el vado hace un mes, pero aún no tengo la placa y aparcan delante todos los "
     "días. "
     "¿Cuándo la entregan?"},
    {"vado", "Baja del vado",
     "He convertido el garaje en una habitación y ya no uso el vado. ¿Cómo lo doy de baja para no "
     "seguir "
     "pagando la tasa?"},
    {"vado", "Cambio de titular del vado",
     "He alquilado un local con vado que está a nombre del inquilino anterior. ¿Cómo lo pongo a mi "
     "nombre?"},
    {"vado", "Driveway permit",
     "Hello, I'd like to apply for a permanent driveway permit (vado) for my house in Pozuelo. How "
     "long does "
     "it take and what does it cost?"},
    {"vado", "Llamada: vado en unifamiliar",
     "Llama un vecino de Torrejón que pregunta si puede tener vado en el garaje de una sola plaza "
     "de su "
     "vivienda unifamiliar y si hace falta rebajar el bordillo."},
    {"vado", "Placa deteriorada",
     "La placa del vado está descolorida y rota. ¿Cómo pido una nueva? ¿Tiene coste?"},
    {"vado", "Subida de la tasa de vado",
     "Me ha llegado el recibo de la tasa de vado de 180 euros. El año pasado eran 120. ¿Por qué ha "
     "subido "
     "tanto?"},
    {"vado", "vado horario",
     "existe vado solo de horario laboral? tengo un taller y solo lo necesito de 8 a 20"},
    {"vado", "Rebaje de la acera",
     "Me han concedido el vado pero tengo que rebajar la acera. ¿Lo hago yo con mi albañil o lo "
     "hace el "
     "ayuntamiento?"},

    /* matrimonio-civil */
    {"matrimonio-civil", "Boda en el ayuntamiento",
     "Hola, nos queremos casar en el ayuntamiento en septiembre del año que viene. ¿Cómo "
     "reservamos fecha? "
     "¿Hay que tener ya aprobado el expediente?"},
    {"matrimonio-civil", "Tasa de la boda civil",
     "¿Cuánto cuesta casarse en el ayuntamiento? ¿Es más caro en sábado? Ninguno de los dos "
     "estamos "
     "empadronados aquí, pero aquí vivían mis abuelos."},
    {"matrimonio-civil", "Civil wedding at the town hall",
     "Hi! My fiancée is Spanish and I'm American. We'd like to have our civil wedding at the town "
     "hall. What "
     "documents do I need from the US, and do they need an apostille?"},
    {"matrimonio-civil", "Boda fuera del ayuntamiento",
     "¿Puede el concejal casarnos en una finca privada o solo se puede en el salón de plenos?"},
    {"matrimonio-civil", "Expediente ante notario",
     "En el Registro Civil nos dan cita para el expediente dentro de 5 meses. ¿Podemos hacerlo "
     "ante notario "
     "y luego casarnos en el ayuntamiento?"},
    {"matrimonio-civil", "Llamada: invitados y fotos",
     "Llama una pareja de Getafe que quiere saber cuántos invitados caben en el salón de bodas del "
     "ayuntamiento y si se pueden hacer fotos dentro y tirar arroz a la salida."},
    {"matrimonio-civil", "Cambio de fecha de la boda",
     "Teníamos reservada la boda para el 14 de junio a las 12:00, pero tenemos que cambiarla por "
     "un problema "
     "familiar. ¿Se puede cambiar la fecha? ¿Perdemos la tasa?"},
    {"matrimonio-civil", "Testigos extranjeros",
     "¿Los testigos de la boda civil tienen que ser españoles? Mi mejor amiga es francesa y tiene "
     "NIE."},
    {"matrimonio-civil", "boda",
     "buenas!! queremos casarnos el 20 de diciembre que es sabado, hay hueco? somos pocos, unos "
     "30"},
    {"matrimonio-civil", "Que nos case un amigo concejal",
     "Un amigo nuestro es concejal en el ayuntamiento. ¿Puede ser él quien oficie la ceremonia? "
     "¿Hay que "
     "pedirlo por escrito?"},

    /* quejas-sugerencias */
    {"quejas-sugerencias", "Queja por la atención recibida",
     "Quiero poner una queja por el trato que recibí ayer en la oficina de atención a la "
     "ciudadanía de la "
     "plaza de España. La funcionaria me habló de malas maneras y se negó a atenderme porque "
     "llegué 5 minutos "
     "tarde a la cita."},
    {"quejas-sugerencias", "Sugerencia para el parque",
     "Sugiero que pongan más bancos a la sombra y una fuente de agua potable en el parque de la "
     "calle "
     "Fuenlabrada. En verano las personas mayores no tienen dónde sentarse."},
    {"quejas-sugerencias", "Felicitación a la Policía Municipal",
     "Quería felicitar a los agentes de la Policía Municipal que ayudaron a mi padre el sábado "
     "cuando se "
     "desorientó en la calle. Fueron muy amables y le acompañaron a casa. Gracias de corazón."},
    {"quejas-sugerencias", "Autobús urbano",
     "La línea 2 del autobús urbano no cumple los horarios. Ayer esperé 40 minutos en la parada. "
     "Es la "
     "tercera vez esta semana."},
    {"quejas-sugerencias", "Suggestion: English website",
     "I'd like to suggest that the town hall website has an English version. Many foreign "
     "residents can't "
     "understand the procedures."},
    {"quejas-sugerencias", "Queja sin respuesta",
     "Hace dos meses presenté una queja por la suciedad de mi calle y nadie me ha contestado. ¿No "
     "hay un "
     "plazo para responder?"},
    {"quejas-sugerencias", "Sugerencia",
     "Propongo que los polideportivos abran los domingos por la tarde. Muchos trabajamos entre "
     "semana y es "
     "imposible ir."},
    {"quejas-sugerencias", "Llamada: horario de la biblioteca",
     "Llama una vecina indignada porque han reducido el horario de tarde de la biblioteca "
     "municipal y los "
     "estudiantes no tienen dónde estudiar. Quiere presentar una queja formal."},
    {"quejas-sugerencias", "queja limpieza",
     "Los contenedores de la calle Alfareros estan siempre desbordados, huele fatal y hay ratas. "
     "Llevo meses "
     "quejandome. Es una verguenza."},
    {"quejas-sugerencias", "La sede electrónica no funciona",
     "La sede electrónica se cae cada vez que intento pagar una tasa. He perdido tres mañanas. "
     "Exijo que lo "
     "solucionen y que amplíen el plazo."},
};
const size_t vt_demo_requests_count = sizeof vt_demo_requests / sizeof vt_demo_requests[0];

/* ------------------------------------------------------------------------- */
/* Agents' replies                                                           */
/* ------------------------------------------------------------------------- */

const struct vt_demo_reply vt_demo_replies[] = {
    /* Generic */
    {NULL, "Buenos días. Gracias por contactar con nosotros. Hemos recibido su consulta y la hemos "
           "trasladado "
           "al servicio competente, que le responderá en el menor plazo posible. Un saludo."},
    {NULL, "Buenas tardes. Para poder ayudarle necesitamos algún dato más: ¿podría indicarnos su "
           "municipio de "
           "residencia y, si lo tiene, el número de expediente o de registro? Quedamos a la "
           "espera. Un saludo."},
    {NULL, "Hola. Puede hacer este trámite por la sede electrónica con certificado digital o "
           "Cl@ve. Si no "
           "dispone de ninguno, puede pedir cita previa por teléfono y le atenderemos en persona. "
           "Un saludo."},
    {NULL, "Buenos días. Lamentamos las molestias. Hemos revisado su caso y lo hemos remitido con "
           "prioridad a la "
           "unidad responsable. Le avisaremos en cuanto tengamos novedades."},
    {NULL, "Buenas tardes. Le recordamos que puede consultar el estado de su expediente en la sede "
           "electrónica, "
           "apartado Mis expedientes, identificándose con certificado digital o Cl@ve."},
    {NULL,
     "Hola. Su consulta corresponde a otra administración. Le facilitamos el enlace y el teléfono "
     "de "
     "atención del organismo competente para que pueda dirigirse directamente a ellos. Un saludo."},
    {NULL, "Buenos días. Le adjuntamos el enlace a la información completa del trámite, con los "
           "requisitos, la "
           "documentación necesaria y los plazos. Si le surge cualquier duda, puede respondernos a "
           "este mismo "
           "mensaje."},
    {NULL,
     "Hello. Thank you for your message. The procedure is carried out in Spanish, but you may come "
     "accompanied by someone who can translate for you. Below you will find the link to the "
     "information "
     "and the documents required. Kind regards."},
    {NULL, "Buenas tardes. Puede presentar su escrito en cualquier oficina de registro de las "
           "administraciones "
           "públicas, en Correos mediante correo administrativo o por el Registro Electrónico "
           "General. Guarde el "
           "justificante con la fecha de presentación."},
    {NULL,
     "Buenos días. Hemos registrado su mensaje con el número indicado en el asunto. Por favor, "
     "consérvelo para cualquier consulta posterior. Gracias por su paciencia."},

    /* beca-comedor */
    {"beca-comedor",
     "Buenos días. El precio reducido del comedor se solicita cada curso: no se renueva "
     "automáticamente. Puede presentar la solicitud en la secretaría del colegio o en la sede "
     "electrónica de la Comunidad durante el plazo de septiembre, adjuntando el justificante del "
     "IMV. Un saludo."},
    {"beca-comedor",
     "Buenas tardes. Las familias que se incorporan al centro una vez iniciado el curso pueden "
     "solicitar el precio reducido en el momento de la matrícula. Las víctimas de violencia de "
     "género tienen derecho a la exención total acreditando la orden de protección o el informe "
     "del Ministerio Fiscal."},
    {"beca-comedor",
     "Hola. Si no puede presentarla por internet, entregue el impreso de solicitud firmado en la "
     "secretaría del colegio, que lo registrará. No necesita certificado digital. Recuerde firmar "
     "la autorización de consulta de datos de todos los miembros de la familia."},

    /* beca-infantil */
    {"beca-infantil",
     "Buenos días. Puede solicitar la beca aunque el bebé no haya nacido si la fecha prevista de "
     "parto es anterior al fin del plazo; deberá aportar el informe médico con la fecha prevista "
     "y, tras el nacimiento, el libro de familia. Un saludo."},
    {"beca-infantil",
     "Buenas tardes. La beca no se ingresa a la familia: la Comunidad la abona a la escuela "
     "infantil, que debe descontarla de la cuota mensual desde la resolución. Si su centro no "
     "aplica el descuento, comuníquenoslo indicando el nombre de la escuela."},
    {"beca-infantil",
     "Hola. Para subsanar, presente en el plazo de alegaciones el formulario de subsanación en la "
     "sede electrónica, adjuntando la autorización firmada por todos los miembros de la unidad "
     "familiar o sus certificados de renta. Un saludo."},

    /* admision-escolar */
    {"admision-escolar",
     "Buenos días. El plazo ordinario de admisión se abre en abril. Puede solicitar hasta "
     "seis centros por orden de preferencia en la Secretaría Virtual, con Cl@ve o con el "
     "usuario de Raíces. La solicitud debe ir firmada por ambos progenitores. Un saludo."},
    {"admision-escolar",
     "Buenas tardes. Para escolarizar fuera de plazo debe dirigirse al Servicio de Apoyo a la "
     "Escolarización (SAE) de su zona con el volante de empadronamiento, el libro de familia y "
     "el último informe académico de los niños. Le asignarán plaza en el menor tiempo posible."},
    {"admision-escolar",
     "Hola. Las reclamaciones a los listados provisionales se presentan en el centro elegido "
     "en primera opción o en la Secretaría Virtual dentro de los tres días hábiles siguientes "
     "a su publicación. Adjunte el documento que acredite el punto no baremado."},

    /* tarjeta-sanitaria */
    {"tarjeta-sanitaria",
     "Buenos días. Para el recién nacido, acuda a su centro de salud con el libro de familia "
     "o el certificado de nacimiento y el volante de empadronamiento. Le asignarán pediatra y "
     "le entregarán un documento provisional mientras llega la tarjeta."},
    {"tarjeta-sanitaria",
     "Buenas tardes. El duplicado por pérdida o deterioro se solicita en el mostrador de su "
     "centro de salud con su DNI o NIE. Mientras tanto puede usar la tarjeta sanitaria virtual "
     "de la app Tarjeta Sanitaria Virtual. Un saludo."},
    {"tarjeta-sanitaria",
     "Hola. Primero debe tener reconocido el derecho a la asistencia por el INSS. Después, "
     "acuda a su centro de salud con el documento de identidad, el volante de empadronamiento "
     "y la resolución del INSS, y le tramitarán la tarjeta."},

    /* cita-primaria */
    {"cita-primaria",
     "Buenos días. Puede pedir, cambiar o anular su cita en la web de cita sanitaria o en la app "
     "Cita Sanitaria Madrid con su código CIPA, que figura en la tarjeta. Si no puede, llame a su "
     "centro de salud. Ante una urgencia, llame al 112."},
    {"cita-primaria",
     "Buenas tardes. Si su problema no puede esperar a la primera cita disponible, acuda a su "
     "centro de salud y solicite ser atendido como demanda del día; el personal valorará su "
     "prioridad. Un saludo."},
    {"cita-primaria",
     "Hola. Cuando pida la cita puede elegir la modalidad presencial o telefónica. Si necesita "
     "una consulta presencial, indíquelo al personal del mostrador o al pedirla por teléfono. "
     "Un saludo."},

    /* renta-minima */
    {"renta-minima",
     "Buenos días. La Renta Mínima de Inserción se solicita en el centro de servicios sociales "
     "de su municipio. Pida cita con el trabajador o trabajadora social, que le ayudará a "
     "completar la solicitud y elaborará el informe social. Un saludo."},
    {"renta-minima",
     "Buenas tardes. La RMI es complementaria del Ingreso Mínimo Vital: si la cuantía del IMV es "
     "inferior a la de la RMI que le correspondería, puede percibir la diferencia. Le recomendamos "
     "consultarlo con su trabajador social."},
    {"renta-minima",
     "Hola. Cualquier cambio de domicilio, ingresos o composición familiar debe comunicarse en el "
     "plazo de 15 días a su centro de servicios sociales para evitar la suspensión o el reintegro "
     "de la prestación. Un saludo."},

    /* dependencia */
    {"dependencia",
     "Buenos días. La solicitud de dependencia puede presentarse en su centro de servicios "
     "sociales, en una oficina de registro o en la sede electrónica, junto con el informe de salud "
     "del médico de atención primaria. Después un valorador visitará el domicilio."},
    {"dependencia",
     "Buenas tardes. Si la situación de la persona ha empeorado, puede solicitar la revisión del "
     "grado en cualquier momento aportando un nuevo informe de salud que acredite el "
     "agravamiento. Un saludo."},
    {"dependencia",
     "Hola. El Programa Individual de Atención (PIA) determina el servicio o la prestación que le "
     "corresponde. Los efectos económicos se reconocen desde la fecha de la resolución. Puede "
     "consultar el estado del expediente en el 012."},

    /* familia-numerosa */
    {"familia-numerosa",
     "Buenos días. Puede solicitar el título de familia numerosa en la sede electrónica de la "
     "Comunidad de Madrid o en una oficina de registro, con el libro de familia y los DNI o "
     "NIE. Se expide un carné por cada miembro de la familia. Un saludo."},
    {"familia-numerosa",
     "Buenas tardes. Para renovar el título de un hijo de 21 a 25 años, aporte el certificado "
     "de matrícula del curso actual. Le aconsejamos presentarlo antes de la fecha de caducidad "
     "para no perder los beneficios."},
    {"familia-numerosa",
     "Hola. El título digital de familia numerosa está disponible en la app de la Comunidad de "
     "Madrid y tiene la misma validez que el carné en papel. Un saludo."},

    /* abono-transporte */
    {"abono-transporte",
     "Buenos días. Puede solicitar la Tarjeta Transporte Público por internet, adjuntando la "
     "foto y el documento de identidad, y elegir envío a domicilio o recogida en oficina. El "
     "Abono Joven se carga en la propia tarjeta para menores de 26 años. Un saludo."},
    {"abono-transporte",
     "Buenas tardes. En caso de robo o pérdida, solicite el duplicado por internet o en una "
     "oficina de gestión. Si tenía un abono de 30 días en vigor, se recuperan los días "
     "pendientes en la nueva tarjeta."},
    {"abono-transporte",
     "Hola. La fotografía debe ser reciente, en color, de frente, con fondo blanco liso, sin "
     "gafas de sol ni gorra y con la cara bien visible. Puede volver a subirla desde el enlace "
     "de su solicitud. Un saludo."},

    /* ayuda-alquiler */
    {"ayuda-alquiler",
     "Buenos días. Las ayudas al alquiler se convocan cada año y se publican en el BOCM y en "
     "la web de la Comunidad. Para los menores de 35 años existe una línea específica. Le "
     "recomendamos consultar los límites de ingresos y de renta de la convocatoria."},
    {"ayuda-alquiler",
     "Buenas tardes. Los pagos del alquiler deben justificarse por transferencia bancaria o "
     "recibo domiciliado en los que consten arrendador, arrendatario, importe y mes. Los pagos "
     "en efectivo no se admiten como justificación. Un saludo."},
    {"ayuda-alquiler",
     "Hola. El solicitante debe ser titular del contrato de arrendamiento. Si cambia de "
     "vivienda durante el periodo subvencionado, comuníquelo en el plazo de 15 días aportando "
     "el nuevo contrato para que se valore la continuidad de la ayuda."},

    /* victimas-delitos */
    {"victimas-delitos",
     "Lamentamos mucho lo ocurrido. La Oficina de Asistencia a Víctimas atiende las 24 horas, "
     "todos los días, de forma gratuita y confidencial, presencialmente o por teléfono en el "
     "012. Podemos darle apoyo psicológico y orientación sobre su denuncia."},
    {"victimas-delitos",
     "Buenos días. Como víctima tiene derecho a ser acompañada durante el juicio y a solicitar "
     "medidas de protección para no coincidir con el acusado. Le recomendamos contactar con "
     "la oficina con antelación para organizar el acompañamiento."},
    {"victimas-delitos",
     "Hola. No es necesario haber denunciado para recibir atención. Si está en peligro, llame "
     "al 112. Si lo desea, un profesional puede atenderle hoy mismo por teléfono o en la "
     "oficina, sin cita previa."},

    /* violencia-genero */
    {"violencia-genero",
     "Gracias por escribirnos. No está sola. Puede llamar al 016, gratuito y que no deja "
     "rastro en la factura, o acudir a su Punto de Violencia de Género municipal, donde le "
     "atenderán una psicóloga, una abogada y una trabajadora social sin necesidad de denuncia. "
     "En caso de peligro, llame al 112."},
    {"violencia-genero",
     "Buenos días. En el Punto de Violencia de Género le informarán de los recursos de "
     "alojamiento, las ayudas económicas y el servicio ATENPRO. Puede pedir cita por teléfono; "
     "la atención es confidencial."},
    {"violencia-genero",
     "Hola. Los hijos e hijas de mujeres víctimas también son víctimas y pueden recibir "
     "atención psicológica especializada. Pida cita en su Punto de Violencia de Género y le "
     "informarán del programa para menores."},

    /* parejas-hecho */
    {"parejas-hecho",
     "Buenos días. Para inscribirse en el Registro de Uniones de Hecho necesitan la solicitud "
     "firmada por ambos, los documentos de identidad, el certificado de empadronamiento y el "
     "certificado de estado civil de cada uno. Pueden presentarla por la sede electrónica o con "
     "cita previa. Un saludo."},
    {"parejas-hecho",
     "Buenas tardes. Los documentos expedidos en el extranjero deben estar legalizados o "
     "apostillados y, si no están en español, traducidos por traductor jurado. El certificado "
     "del consulado en España es válido."},
    {"parejas-hecho",
     "Hola. La baja puede solicitarla uno solo de los miembros de la pareja; el registro "
     "notificará la baja al otro miembro. Puede presentar la solicitud en la sede electrónica o "
     "en una oficina de registro."},

    /* demandante-empleo */
    {"demandante-empleo",
     "Buenos días. Puede inscribirse como demandante de empleo pidiendo cita previa en la "
     "oficina de empleo que le corresponda por domicilio, por internet o en el 012. Lleve su "
     "DNI o NIE y su número de la Seguridad Social. Un saludo."},
    {"demandante-empleo",
     "Buenas tardes. La renovación de la demanda se hace por internet en la fecha indicada en "
     "su DARDE. Si se le pasó, puede reinscribirse; si cobra prestación, comuníquelo también "
     "al SEPE lo antes posible."},
    {"demandante-empleo",
     "Hola. El certificado de periodos de inscripción se descarga en el portal de empleo de la "
     "Comunidad de Madrid con certificado digital o Cl@ve, o puede pedirlo en su oficina de "
     "empleo. Un saludo."},

    /* discapacidad */
    {"discapacidad",
     "Buenos días. La solicitud de reconocimiento del grado de discapacidad puede presentarse en "
     "la "
     "sede electrónica o en cualquier registro, junto con los informes médicos y psicológicos "
     "actualizados. El Centro Base le citará para la valoración."},
    {"discapacidad",
     "Buenas tardes. Contra la resolución puede presentar reclamación previa a la vía "
     "jurisdiccional social en el plazo de 30 días hábiles desde la notificación, aportando los "
     "informes que considere que no se han valorado."},
    {"discapacidad",
     "Hola. Si la persona no puede desplazarse por su estado de salud, puede solicitar la "
     "valoración en el domicilio adjuntando un informe médico que lo justifique. Un saludo."},

    /* caza-pesca */
    {"caza-pesca",
     "Buenos días. Puede obtener la licencia de pesca al momento en la sede electrónica pagando la "
     "tasa con tarjeta. Para los menores de edad se necesita la autorización firmada del padre, "
     "la madre o el tutor. Un saludo."},
    {"caza-pesca",
     "Buenas tardes. Los mayores de 65 años están exentos del pago de la tasa, pero deben tener "
     "la licencia. Puede pedirla en cualquier oficina de atención al ciudadano con su DNI."},
    {"caza-pesca",
     "Hola. La licencia interautonómica de caza o pesca es válida en las comunidades adheridas al "
     "convenio. Si su licencia es solo autonómica de otra comunidad, necesitará la de la "
     "Comunidad de Madrid."},

    /* impuesto-sucesiones */
    {"impuesto-sucesiones",
     "Buenos días. En la Comunidad de Madrid los hijos, cónyuges y padres tienen una "
     "bonificación del 99 % en la cuota, pero hay que presentar la autoliquidación (modelo "
     "650) en el plazo de seis meses desde el fallecimiento. Un saludo."},
    {"impuesto-sucesiones",
     "Buenas tardes. Puede solicitar la prórroga de otros seis meses dentro de los cinco "
     "primeros meses desde el fallecimiento, en la sede electrónica, aportando el "
     "certificado de defunción."},
    {"impuesto-sucesiones",
     "Hola. Para aplicar la bonificación en donaciones es necesario formalizarla en "
     "documento público y justificar el origen y el destino del dinero. Presente el modelo "
     "651 en el mes siguiente a la donación."},

    /* impuesto-itp */
    {"impuesto-itp",
     "Buenos días. La compra de vivienda usada tributa por ITP al 6 % en la Comunidad de Madrid. "
     "Debe presentar el modelo 600 en el plazo de un mes desde la firma de la escritura. Su "
     "notario o gestoría pueden presentarlo por usted."},
    {"impuesto-itp",
     "Buenas tardes. La compra de un vehículo usado a un particular se liquida con el modelo 620 "
     "en el plazo de un mes, con la base de las tablas de precios medios de Hacienda. Después "
     "deberá hacer el cambio de titularidad en la DGT."},
    {"impuesto-itp",
     "Hola. Frente a una propuesta de liquidación puede presentar alegaciones en el plazo "
     "indicado en la notificación, aportando pruebas del valor real, como un informe de "
     "tasación. Un saludo."},

    /* cita-registro */
    {"cita-registro",
     "Buenos días. Puede pedir cita en las oficinas de registro de la Comunidad de Madrid por "
     "internet o en el 012. En ellas puede presentar documentación dirigida a cualquier "
     "administración pública. Un saludo."},
    {"cita-registro",
     "Buenas tardes. Al registrar su escrito recibirá un justificante con la fecha y hora de "
     "presentación, que acredita que lo entregó en plazo. Si aporta copia, se la devolveremos "
     "sellada."},
    {"cita-registro",
     "Hola. Las personas jurídicas están obligadas a relacionarse electrónicamente con la "
     "administración, por lo que deben presentar la solicitud a través de la sede electrónica "
     "con el certificado de representante."},

    /* empadronamiento */
    {"empadronamiento",
     "Buenos días. Para empadronarse necesita cita previa, la hoja padronal firmada, su "
     "documento de identidad y el contrato de alquiler o la escritura de la vivienda. Puede "
     "pedir cita en la web o en el 010. Un saludo."},
    {"empadronamiento",
     "Buenas tardes. Si vive en una vivienda de otra persona, el titular o un empadronado "
     "puede autorizarle con el modelo de autorización y copia de su DNI. Si el propietario se "
     "niega, puede acreditar su residencia por otros medios y se podrá realizar una "
     "comprobación."},
    {"empadronamiento",
     "Hola. No necesita darse de baja aquí: al empadronarse en su nuevo municipio, este "
     "comunica el alta y la baja se produce automáticamente. Un saludo."},

    /* volante-padron */
    {"volante-padron",
     "Buenos días. Puede descargar el volante o el certificado de empadronamiento al momento en "
     "la sede electrónica con certificado digital o Cl@ve. También puede solicitar que se lo "
     "enviemos por correo postal al domicilio del padrón llamando al 010."},
    {"volante-padron",
     "Buenas tardes. El certificado histórico con todos sus domicilios puede solicitarlo en la "
     "sede electrónica o con cita previa. Si ha vivido en otros municipios, deberá pedir el "
     "certificado en cada uno de ellos."},
    {"volante-padron",
     "Hola. El documento descargado de la sede lleva firma electrónica y un código seguro de "
     "verificación, por lo que tiene plena validez sin necesidad de sello. Un saludo."},

    /* ibi */
    {"ibi", "Buenos días. Puede domiciliar el IBI y acogerse al pago fraccionado en la sede "
            "electrónica o en el "
            "010, indicando la referencia catastral y el IBAN. La domiciliación surte efecto para "
            "los recibos "
            "posteriores a la solicitud."},
    {"ibi", "Buenas tardes. El IBI lo paga quien es titular del inmueble el 1 de enero, aunque lo "
            "venda durante "
            "el año. El reparto con el comprador es un acuerdo entre particulares que suele "
            "reflejarse en la "
            "escritura."},
    {"ibi", "Hola. Puede obtener un duplicado del recibo para pagarlo en la sede electrónica, en "
            "la app municipal "
            "o en cualquier oficina de atención a la ciudadanía. Un saludo."},

    /* ivtm */
    {"ivtm",
     "Buenos días. El impuesto de vehículos lo paga el titular que figure en la DGT el 1 de enero. "
     "Si "
     "vendió el vehículo, compruebe que se hizo la transferencia en la DGT y aporte el contrato de "
     "compraventa para que revisemos el recibo."},
    {"ivtm",
     "Buenas tardes. Para la exención por discapacidad presente la solicitud con el certificado de "
     "discapacidad, el permiso de circulación y una declaración de uso exclusivo. La exención se "
     "aplica "
     "al periodo siguiente."},
    {"ivtm",
     "Hola. Si el vehículo se dio de baja definitiva en la DGT durante el año, puede solicitar la "
     "devolución del prorrateo por trimestres. Adjunte el certificado de baja. Un saludo."},

    /* plusvalia */
    {"plusvalia",
     "Buenos días. En las compraventas la plusvalía la paga el vendedor. Debe presentar la "
     "autoliquidación en 30 días hábiles desde la firma. Si no ha habido incremento de valor, "
     "presente la declaración con las escrituras de compra y de venta."},
    {"plusvalia",
     "Buenas tardes. En herencias el plazo es de seis meses desde el fallecimiento, prorrogable "
     "otros seis si lo solicita dentro del plazo inicial. Consulte las bonificaciones por "
     "transmisión de la vivienda habitual a descendientes en la ordenanza fiscal."},
    {"plusvalia",
     "Hola. Puede optar por el método de cálculo que resulte más favorable, el objetivo o el real, "
     "aportando las escrituras de adquisición y transmisión. Un saludo."},

    /* obra-menor */
    {"obra-menor",
     "Buenos días. Las reformas interiores sin afectar a la estructura se tramitan mediante "
     "declaración responsable. Puede empezar la obra desde su presentación si aporta toda la "
     "documentación y ha pagado la tasa y el ICIO."},
    {"obra-menor",
     "Buenas tardes. El presupuesto debe desglosar cada partida con su medición y precio unitario: "
     "demoliciones, albañilería, fontanería, electricidad, revestimientos y carpintería. Un "
     "saludo."},
    {"obra-menor", "Hola. La instalación de un contenedor en la vía pública requiere una "
                   "autorización distinta de "
                   "la de la obra; la suele solicitar la empresa del contenedor. Un saludo."},

    /* licencia-actividad */
    {"licencia-actividad",
     "Buenos días. Una peluquería de ese tamaño puede abrir mediante declaración "
     "responsable, acompañada de memoria técnica y planos. Si necesita obras, inclúyalas en "
     "la misma declaración. Un saludo."},
    {"licencia-actividad",
     "Buenas tardes. El cambio de titularidad se comunica con el modelo correspondiente, "
     "firmado por el antiguo y el nuevo titular, y con una copia de la licencia existente."},
    {"licencia-actividad",
     "Hola. Las actividades calificadas, como talleres u hostelería con música, necesitan "
     "licencia con proyecto técnico. Le recomendamos pedir cita con los servicios técnicos "
     "de urbanismo antes de alquilar el local."},

    /* ayuda-domicilio */
    {"ayuda-domicilio",
     "Buenos días. El servicio de ayuda a domicilio se solicita en el centro de servicios "
     "sociales de su barrio. Pida cita con la trabajadora social, que valorará la situación y "
     "las horas necesarias. Un saludo."},
    {"ayuda-domicilio",
     "Buenas tardes. La aportación económica depende de los ingresos de la persona usuaria; "
     "con pensiones bajas puede ser gratuita. La trabajadora social le informará del importe "
     "concreto."},
    {"ayuda-domicilio",
     "Hola. Hemos trasladado su queja a la coordinadora del servicio, que se pondrá en "
     "contacto con ustedes para revisar el horario y, si procede, el cambio de auxiliar. Un "
     "saludo."},

    /* emergencia-social */
    {"emergencia-social",
     "Buenos días. Las ayudas de emergencia social se tramitan en el centro de servicios "
     "sociales tras una entrevista con el trabajador social. Llame al centro, explique la "
     "urgencia de su situación y le darán cita prioritaria."},
    {"emergencia-social",
     "Buenas tardes. Lleve a la cita la factura o el aviso de corte, su documento de "
     "identidad y los justificantes de ingresos de la unidad familiar. Un saludo."},
    {"emergencia-social",
     "Hola. La ayuda se justifica con las facturas o recibos del gasto en el plazo indicado "
     "en la resolución. La transferencia al arrendador es un justificante válido."},

    /* recogida-enseres */
    {"recogida-enseres",
     "Buenos días. Hemos registrado su solicitud de recogida. Deje los objetos en la puerta "
     "del portal el día indicado a partir de las 20:00, nunca antes. El servicio es gratuito. "
     "Un saludo."},
    {"recogida-enseres",
     "Buenas tardes. La recogida de enseres no incluye escombros ni restos de obra. Puede "
     "llevarlos al punto limpio, en pequeñas cantidades, o contratar un contenedor o saco "
     "autorizado."},
    {"recogida-enseres",
     "Hola. Lamentamos la incidencia. Hemos avisado al servicio de limpieza para que pase a "
     "retirar los objetos lo antes posible. Un saludo."},

    /* incidencias-via-publica */
    {"incidencias-via-publica",
     "Buenos días. Gracias por el aviso. Hemos abierto una incidencia y la hemos "
     "trasladado al servicio de vías públicas. Puede seguir su estado con el número "
     "que le hemos enviado."},
    {"incidencias-via-publica",
     "Buenas tardes. Hemos comunicado la avería al servicio de alumbrado público, que "
     "la revisará en los próximos días. Un saludo."},
    {"incidencias-via-publica",
     "Hola. Si existe un peligro inmediato para peatones o vehículos, llame al 112 o a "
     "la Policía Municipal para que señalicen la zona. Hemos registrado su aviso."},

    /* tarjeta-pmr */
    {"tarjeta-pmr",
     "Buenos días. Para la tarjeta de estacionamiento necesita el certificado de discapacidad con "
     "dictamen positivo de movilidad reducida, una fotografía y el DNI de la persona titular. "
     "Puede "
     "solicitarla en la sede electrónica o con cita previa."},
    {"tarjeta-pmr",
     "Buenas tardes. La tarjeta es válida en toda España y en los países de la Unión Europea, "
     "aunque cada ciudad tiene sus propias normas de uso. Le recomendamos consultarlas antes del "
     "viaje."},
    {"tarjeta-pmr",
     "Hola. Para la tarjeta provisional por razones humanitarias se necesita un informe del "
     "médico del servicio público de salud que acredite la enfermedad y la reducción de la "
     "movilidad. Puede presentarla un familiar en su nombre."},

    /* multas-trafico */
    {"multas-trafico",
     "Buenos días. Puede presentar alegaciones en el plazo de 20 días naturales desde la "
     "notificación, en la sede electrónica o en el registro, indicando el número de expediente "
     "y aportando las pruebas que considere."},
    {"multas-trafico",
     "Buenas tardes. Si usted no conducía, identifique al conductor en el plazo de 20 días "
     "naturales con su nombre, DNI y número de permiso, desde la sede electrónica. Un saludo."},
    {"multas-trafico",
     "Hola. El pago con descuento del 50 % puede realizarse en los 20 días naturales siguientes "
     "a la notificación, en la sede electrónica o en entidades colaboradoras."},

    /* actividades-deportivas */
    {"actividades-deportivas",
     "Buenos días. La inscripción en las actividades deportivas del próximo curso se "
     "abre en septiembre. Puede hacerla por internet o en el centro deportivo. Los "
     "empadronados tienen preferencia y precios reducidos."},
    {"actividades-deportivas",
     "Buenas tardes. Las familias numerosas, los mayores de 65 años y las personas con "
     "discapacidad tienen precios reducidos, que se aplican presentando el documento "
     "acreditativo en el centro deportivo. Un saludo."},
    {"actividades-deportivas",
     "Hola. Las bajas deben comunicarse antes del inicio del periodo siguiente. Por "
     "motivos médicos justificados puede solicitar la devolución de la parte no "
     "disfrutada."},

    /* reserva-instalaciones */
    {"reserva-instalaciones",
     "Buenos días. Las pistas pueden reservarse con hasta dos días de antelación por "
     "internet o en la taquilla del centro. Necesita estar dado de alta como usuario. "
     "Un saludo."},
    {"reserva-instalaciones",
     "Buenas tardes. Puede anular su reserva sin coste hasta 24 horas antes. Si la "
     "instalación no pudo usarse por causas del centro, presente la reclamación en "
     "taquilla para la devolución."},
    {"reserva-instalaciones",
     "Hola. Los clubes y entidades pueden solicitar uso de temporada en la "
     "convocatoria anual que se publica en junio. Un saludo."},

    /* vado */
    {"vado", "Buenos días. Para solicitar el vado necesita la licencia del garaje, un plano de "
             "situación y una "
             "foto de la entrada. Tras la concesión debe pagar la tasa y colocar la placa oficial. "
             "Un saludo."},
    {"vado",
     "Buenas tardes. Para dar de baja el vado presente la solicitud, devuelva la placa y reponga "
     "la acera "
     "a su estado original si se rebajó. La tasa dejará de cobrarse desde el ejercicio siguiente."},
    {"vado", "Hola. Si tiene el vado concedido y aparcan delante, puede llamar a la Policía "
             "Municipal para que "
             "retire el vehículo. La placa se entrega tras el pago de la tasa."},

    /* matrimonio-civil */
    {"matrimonio-civil",
     "Buenos días. Para reservar fecha necesitan tener el expediente matrimonial aprobado "
     "por el Registro Civil o el acta notarial. Después pueden solicitar fecha y hora por la "
     "sede electrónica o en las oficinas. Un saludo."},
    {"matrimonio-civil",
     "Buenas tardes. La tasa varía según el día y el lugar de la celebración. Los testigos "
     "pueden ser de cualquier nacionalidad, siempre que sean mayores de edad y lleven su "
     "documento de identidad."},
    {"matrimonio-civil",
     "Hola. Los documentos extranjeros deben estar apostillados y traducidos por traductor "
     "jurado. Le recomendamos consultar con el Registro Civil la documentación exacta para su "
     "país."},

    /* quejas-sugerencias */
    {"quejas-sugerencias",
     "Buenos días. Hemos registrado su reclamación y la hemos trasladado al servicio "
     "responsable, que le responderá por escrito. Le agradecemos que nos lo haya "
     "comunicado."},
    {"quejas-sugerencias",
     "Buenas tardes. Gracias por su sugerencia. La hemos remitido al área competente para "
     "que la estudie. Le informaremos de las medidas que se adopten. Un saludo."},
    {"quejas-sugerencias",
     "Hola. Muchas gracias por su felicitación. La hemos trasladado al personal y a su "
     "responsable. Un saludo."},
};
const size_t vt_demo_replies_count = sizeof vt_demo_replies / sizeof vt_demo_replies[0];

/* ------------------------------------------------------------------------- */
/* Names                                                                     */
/* ------------------------------------------------------------------------- */

const char *const vt_demo_given_names[] = {
    "María",        "Carmen",      "Ana",
    "Laura",        "Lucía",       "Marta",
    "Elena",        "Cristina",    "Isabel",
    "Pilar",        "Raquel",      "Rocío",
    "Paula",        "Sara",        "Irene",
    "Andrea",       "Alba",        "Nerea",
    "Noelia",       "Beatriz",     "Silvia",
    "Patricia",     "Sonia",       "Nuria",
    "Inmaculada",   "Mercedes",    "Dolores",
    "Julia",        "Sofía",       "Martina",
    "Yolanda",      "Teresa",      "Concepción",
    "Montserrat",   "María José",  "María Ángeles",
    "Ana Belén",    "Rosa María",  "María del Carmen",
    "Antonia",      "José",        "Antonio",
    "Manuel",       "Francisco",   "David",
    "Javier",       "Daniel",      "Pablo",
    "Sergio",       "Jorge",       "Alejandro",
    "Alberto",      "Fernando",    "Luis",
    "Carlos",       "Rubén",       "Adrián",
    "Álvaro",       "Diego",       "Hugo",
    "Iván",         "Raúl",        "Ramón",
    "Jesús",        "Ángel",       "Tomás",
    "Enrique",      "Óscar",       "Gonzalo",
    "Mario",        "Rafael",      "Miguel Ángel",
    "Juan Carlos",  "José Luis",   "Francisco Javier",
    "José Antonio", "Juan Manuel",
};
const size_t vt_demo_given_names_count = sizeof vt_demo_given_names / sizeof vt_demo_given_names[0];

const char *const vt_demo_surnames[] = {
    "García",  "Rodríguez", "González", "Fernández", "López",   "Martínez",  "Sánchez",
    "Pérez",   "Gómez",     "Martín",   "Jiménez",   "Ruiz",    "Hernández", "Díaz",
    "Moreno",  "Muñoz",     "Álvarez",  "Romero",    "Alonso",  "Gutiérrez", "Navarro",
    "Torres",  "Domínguez", "Vázquez",  "Ramos",     "Gil",     "Ramírez",   "Serrano",
    "Blanco",  "Molina",    "Morales",  "Suárez",    "Ortega",  "Delgado",   "Castro",
    "Ortiz",   "Rubio",     "Marín",    "Sanz",      "Núñez",   "Iglesias",  "Medina",
    "Garrido", "Cortés",    "Castillo", "Santos",    "Lozano",  "Guerrero",  "Cano",
    "Prieto",  "Méndez",    "Cruz",     "Calvo",     "Gallego", "Vidal",     "León",
    "Márquez", "Herrera",   "Peña",     "Flores",    "Cabrera", "Campos",    "Vega",
    "Fuentes", "Carrasco",  "Díez",     "Caballero", "Reyes",   "Nieto",     "Aguilar",
    "Pascual", "Herrero",   "Montero",  "Lorenzo",   "Hidalgo", "Giménez",   "Ibáñez",
    "Ferrer",  "Durán",     "Benítez",
};
const size_t vt_demo_surnames_count = sizeof vt_demo_surnames / sizeof vt_demo_surnames[0];
