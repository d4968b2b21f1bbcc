-- Creating a ticket in one call. The same steps as src/store/sqlite/tickets.c
-- (create_job), run server-side: fifteen client round trips per web-form
-- request were most of PostgreSQL's CPU time (measured: 1,400 req/s with the
-- server's processes saturating both cores). Every statement of a VOLATILE
-- PL/pgSQL function takes a fresh snapshot under READ COMMITTED, so a lookup
-- made after an advisory lock sees what the previous holder committed.
CREATE FUNCTION vt_ticket_create(
  p_tenant bigint, p_service bigint, p_department bigint, p_channel text, p_priority text,
  p_subject text, p_body text, p_citizen bigint, p_citizen_name text,
  p_id_kinds text[], p_id_values text[], p_id_verified boolean[],
  p_actor bigint, p_assignee bigint, p_direction text, p_access_hash text, p_access_token text,
  p_cmid text, p_idem_scope text, p_idem_key text, p_idem_hash text, p_now bigint, p_year integer,
  OUT o_ticket bigint, OUT o_message bigint, OUT o_citizen bigint, OUT o_reference text,
  OUT o_replayed boolean, OUT o_idem_conflict boolean, OUT o_secret text)
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  r record;
  v_found bigint;
  v_last bigint;
  v_code text;
  v_kind text;
  v_n integer := coalesce(array_length(p_id_kinds, 1), 0);
BEGIN
  o_replayed := false;
  o_idem_conflict := false;

  -- Lock order everywhere: idempotency key, channel message id, identities
  -- (sorted), then rows (ref_counters, tickets).
  IF p_idem_key IS NOT NULL THEN
    PERFORM pg_advisory_xact_lock(hashtextextended(p_idem_scope || ':' || p_idem_key, 0));
    SELECT request_hash, ticket_id, message_id, secret INTO r FROM idempotency_keys
      WHERE scope = p_idem_scope AND key = p_idem_key AND created_at > p_now - 86400000;
    IF FOUND THEN
      IF r.request_hash <> p_idem_hash THEN
        o_idem_conflict := true;
        RETURN;
      END IF;
      o_secret := r.secret;
      o_ticket := r.ticket_id;
      o_message := r.message_id;
      o_replayed := true;
      SELECT t.reference, t.citizen_id INTO o_reference, o_citizen FROM tickets t WHERE t.id = r.ticket_id;
      RETURN;
    END IF;
  END IF;
  IF p_cmid IS NOT NULL THEN
    PERFORM pg_advisory_xact_lock(hashtextextended('message:' || p_channel || ':' || p_cmid, 0));
    SELECT m.ticket_id, m.id INTO o_ticket, o_message FROM messages m
      WHERE m.channel = p_channel AND m.channel_message_id = p_cmid;
    IF FOUND THEN
      o_replayed := true;
      SELECT t.reference, t.citizen_id INTO o_reference, o_citizen FROM tickets t WHERE t.id = o_ticket;
      RETURN;
    END IF;
  END IF;

  -- One person, one citizen: every identity is locked before any is looked
  -- up, so two first contacts of the same person create one record.
  PERFORM pg_advisory_xact_lock(hashtextextended(x, 0)) FROM (
    SELECT p_id_kinds[i] || ':' || p_id_values[i] AS x FROM generate_subscripts(p_id_kinds, 1) i
    ORDER BY (p_id_kinds[i] || ':' || p_id_values[i]) COLLATE "C") locks;
  v_found := p_citizen;
  -- The strongest identity decides who this is.
  FOREACH v_kind IN ARRAY ARRAY['national_id', 'email', 'phone', 'telegram', 'whatsapp', 'x', 'facebook'] LOOP
    EXIT WHEN v_found IS NOT NULL;
    FOR i IN 1 .. v_n LOOP
      IF p_id_kinds[i] = v_kind THEN
        SELECT coalesce(c.merged_into, c.id) INTO v_found FROM citizen_identities ci
          JOIN citizens c ON c.id = ci.citizen_id WHERE ci.kind = v_kind AND ci.value = p_id_values[i];
        EXIT WHEN v_found IS NOT NULL;
      END IF;
    END LOOP;
  END LOOP;
  IF v_found IS NULL THEN
    INSERT INTO citizens(name, origin_tenant_id, created_at)
      VALUES (coalesce(p_citizen_name, ''), p_tenant, p_now) RETURNING id INTO v_found;
  ELSIF coalesce(p_citizen_name, '') <> '' THEN
    UPDATE citizens SET name = p_citizen_name WHERE id = v_found AND name = '';
  END IF;
  FOR i IN 1 .. v_n LOOP
    INSERT INTO citizen_identities(citizen_id, kind, value, verified, created_at)
      VALUES (v_found, p_id_kinds[i], p_id_values[i], p_id_verified[i], p_now)
      ON CONFLICT (kind, value) DO NOTHING;
  END LOOP;
  o_citizen := v_found;

  -- The counter row's lock serialises creations in one administration and
  -- year until COMMIT: numbers are unique and without gaps.
  INSERT INTO ref_counters(tenant_id, year, last) VALUES (p_tenant, p_year, 1)
    ON CONFLICT (tenant_id, year) DO UPDATE SET last = ref_counters.last + 1
    RETURNING last, (SELECT code FROM tenants WHERE id = p_tenant) INTO v_last, v_code;
  o_reference := v_code || '-' || lpad(p_year::text, 4, '0') || '-' ||
    CASE WHEN length(v_last::text) >= 6 THEN v_last::text ELSE lpad(v_last::text, 6, '0') END;

  INSERT INTO tickets(tenant_id, reference, service_id, department_id, citizen_id, channel,
                      priority, assignee_id, subject, access_hash, created_at, updated_at)
    VALUES (p_tenant, o_reference, p_service, p_department, v_found, p_channel, p_priority,
            p_assignee, p_subject, p_access_hash, p_now, p_now)
    RETURNING id INTO o_ticket;
  INSERT INTO messages(ticket_id, direction, channel, author_user_id, author_citizen_id, body,
                       internal, channel_message_id, created_at)
    VALUES (o_ticket, p_direction, p_channel,
            CASE WHEN p_direction = 'out' THEN p_actor END,
            CASE WHEN p_direction = 'in' THEN v_found END,
            p_body, false, p_cmid, p_now)
    RETURNING id INTO o_message;
  INSERT INTO ticket_search(ticket_id, doc)
    VALUES (o_ticket, to_tsvector('vt_search', p_subject || ' ' || p_body));
  INSERT INTO events(tenant_id, at, actor_kind, actor_id, action, object_kind, object_id,
                     ticket_id, citizen_id, message_id, data)
    VALUES (p_tenant, p_now, CASE WHEN p_actor IS NOT NULL THEN 'user' ELSE 'citizen' END,
            coalesce(p_actor, v_found), 'ticket_created', 'ticket', o_ticket, o_ticket, v_found,
            o_message, jsonb_build_object('channel', p_channel, 'reference', o_reference));

  IF p_idem_key IS NOT NULL THEN
    -- Keys live a day; expired ones (with the tokens they kept) go as new
    -- ones arrive. SKIP LOCKED: concurrent writers do not queue on the purge.
    DELETE FROM idempotency_keys WHERE (scope, key) IN (SELECT scope, key FROM idempotency_keys
      WHERE created_at <= p_now - 86400000 FOR UPDATE SKIP LOCKED);
    INSERT INTO idempotency_keys(scope, key, request_hash, ticket_id, message_id, secret, created_at)
      VALUES (p_idem_scope, p_idem_key, p_idem_hash, o_ticket, o_message, p_access_token, p_now)
      ON CONFLICT (scope, key) DO UPDATE SET request_hash = EXCLUDED.request_hash,
        ticket_id = EXCLUDED.ticket_id, message_id = EXCLUDED.message_id,
        secret = EXCLUDED.secret, created_at = EXCLUDED.created_at;
  END IF;
END;
$$;
