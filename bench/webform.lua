-- wrk script: citizens filing web-form requests, each with its own contact
-- details and text, spread over the municipalities' catalogues.
local tenants = {"MAD", "MOS", "ALC", "FUE", "LEG", "GET", "ALR", "TOR", "PAR", "ALB", "ROZ", "SSR", "POZ"}
local services = {"empadronamiento", "volante-padron", "ibi", "recogida-enseres", "incidencias-via-publica"}
local n = 0
local thread_id = 0
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("thread_id", counter)
end

function request()
  n = n + 1
  local k = thread_id * 100000000 + n
  local body = string.format(
    '{"tenant":"%s","service":"%s","name":"Vecina %d","email":"vecina%d@correo.example",' ..
    '"phone":"+3466%07d","subject":"Consulta número %d","body":"Buenos días, quería saber cómo ' ..
    'hacer el trámite de %s. Gracias. Ref %d"}',
    tenants[(k % #tenants) + 1], services[(k % #services) + 1], k, k, k % 10000000, k,
    services[(k % #services) + 1], k)
  return wrk.format("POST", "/api/v1/public/requests", {["Content-Type"] = "application/json"}, body)
end

function done(summary, latency, requests)
  io.write(string.format("BENCH non2xx=%d errors=%d\n", summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
