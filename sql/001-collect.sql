-- massho's central store, version 1 (docs/fleet.md). Applied by `massho db migrate`, which
-- runs each migration once, in one transaction, and records its SHA-256 in
-- massho.migrations: a migration is never edited once released; a change is a new file.
--
-- For a destruction, organisation is the contractor's (the one that destroyed it).
--
-- Stations may only add: they hold no privilege on the tables, only EXECUTE on the push_*
-- functions below, which insert and never update or delete. The columns an auditor
-- searches are taken by the database from the record's own JSON, not from the station.
-- Auditors read (massho_auditor). Nothing here trusts a signature: `massho report verify
-- --from` checks every stored certificate and ledger again, offline from the stations.

CREATE SCHEMA massho;

DO $$
BEGIN
	IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'massho_station') THEN
		CREATE ROLE massho_station NOLOGIN;
	END IF;
	IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'massho_auditor') THEN
		CREATE ROLE massho_auditor NOLOGIN;
	END IF;
END $$;

-- Every record as the station wrote it (raw: the bytes its .json.p7s signs, and whose
-- SHA-256 the certificate embeds), keyed by that SHA-256: the same record pushed twice is
-- one row; another record under an id already taken is refused (massho.conflicts).
CREATE TABLE massho.records (
	sha256        text PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
	record_id     text NOT NULL UNIQUE,
	kind          text NOT NULL,
	raw           bytea NOT NULL,
	p7s           bytea,
	doc           jsonb NOT NULL,
	serial        text,
	model         text,
	identity_hash text,
	organisation  text,
	class         text,
	figure41_row  smallint,
	method        text,
	outcome       text,
	started_at    timestamptz,
	ended_at      timestamptz,
	pushed_by     name NOT NULL DEFAULT session_user,
	received_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX records_serial ON massho.records (serial);
CREATE INDEX records_identity ON massho.records (identity_hash);
CREATE INDEX records_org ON massho.records (organisation, kind);

-- Signed PDFs (certificates and batch summaries), keyed by their SHA-256; record_sha256 is
-- what the station says the certificate embeds (checked again by the auditor).
CREATE TABLE massho.certificates (
	sha256        text PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
	name          text NOT NULL,
	record_sha256 text REFERENCES massho.records (sha256),
	pdf           bytea NOT NULL,
	pushed_by     name NOT NULL DEFAULT session_user,
	received_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX certificates_record ON massho.certificates (record_sha256);
-- A PDF is compressed already: PostgreSQL's attempt to compress it again gains nothing and
-- cost 8 ms a certificate (docs/performance.md, the push bench).
ALTER TABLE massho.certificates ALTER COLUMN pdf SET STORAGE EXTERNAL;

-- Each station's ledger (report/ledger.h). A ledger is named by the hash of its first entry
-- (unique to it: a time, a record id) and belongs to the role that pushed that entry: only
-- that role may add to it, and only the next entry of its chain. Ledger ids are printed on
-- certificates (the hash entry 2 extends): without an owner, any station's credentials
-- could push a forged next entry, or a checkpoint, and shut the real station out.
CREATE TABLE massho.ledgers (
	id            text PRIMARY KEY CHECK (id ~ '^[0-9a-f]{64}$'),
	owner         name NOT NULL DEFAULT session_user,
	created_at    timestamptz NOT NULL DEFAULT now()
);

-- The ledger's entries, as its file holds them.
CREATE TABLE massho.ledger_entries (
	ledger        text NOT NULL REFERENCES massho.ledgers (id),
	seq           bigint NOT NULL CHECK (seq > 0),
	line          text NOT NULL,
	hash          text NOT NULL,
	file_sha256   text NOT NULL,
	record_id     text NOT NULL,
	pushed_by     name NOT NULL DEFAULT session_user,
	received_at   timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (ledger, seq)
);
CREATE INDEX ledger_entries_file ON massho.ledger_entries (file_sha256);

-- Its signed checkpoints: the head file's bytes and the station's CMS signature over them.
CREATE TABLE massho.ledger_checkpoints (
	ledger        text NOT NULL REFERENCES massho.ledgers (id),
	count         bigint NOT NULL CHECK (count > 0),
	head          bytea NOT NULL,
	p7s           bytea NOT NULL,
	pushed_by     name NOT NULL DEFAULT session_user,
	received_at   timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (ledger, count)
);

-- What was refused: another record, certificate or ledger entry under a key already taken.
CREATE TABLE massho.conflicts (
	id            bigserial PRIMARY KEY,
	what          text NOT NULL,
	key           text NOT NULL,
	stored_sha256 text NOT NULL,
	offered_sha256 text NOT NULL,
	offered       bytea NOT NULL,
	pushed_by     name NOT NULL DEFAULT session_user,
	received_at   timestamptz NOT NULL DEFAULT now(),
	UNIQUE (what, key, offered_sha256)
);

CREATE TABLE massho.migrations (
	version       integer PRIMARY KEY,
	sha256        text NOT NULL,
	applied_at    timestamptz NOT NULL DEFAULT now()
);

-- A JSON string field as text: NULL when absent or not a string.
CREATE FUNCTION massho.jtext(d jsonb, VARIADIC path text[]) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
	SELECT CASE WHEN jsonb_typeof(d #> path) = 'string' THEN d #>> path END
$$;

CREATE FUNCTION massho.jtime(d jsonb, VARIADIC path text[]) RETURNS timestamptz
LANGUAGE plpgsql STABLE AS $$
BEGIN
	RETURN massho.jtext(d, VARIADIC path)::timestamptz;
EXCEPTION WHEN others THEN
	RETURN NULL;
END $$;

CREATE FUNCTION massho.jdate(d jsonb, VARIADIC path text[]) RETURNS date
LANGUAGE plpgsql STABLE AS $$
BEGIN
	RETURN massho.jtext(d, VARIADIC path)::date;
EXCEPTION WHEN others THEN
	RETURN NULL;
END $$;

-- The push functions are planned once (generic plans): planned for each call, with the
-- record and the PDF as parameters, the planner copied them several times per call (59 %
-- of the server's time when pushing everything again; docs/performance.md).
--
-- push_record(raw, p7s): 'inserted', 'present' (the same bytes are stored), or 'conflict'
-- (another record holds this record_id: refused, and kept in massho.conflicts).
CREATE FUNCTION massho.push_record(raw bytea, p7s bytea) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = massho, pg_temp SET plan_cache_mode = force_generic_plan AS $$
DECLARE
	h text := encode(sha256(raw), 'hex');
	d jsonb;
	id text;
	old text;
BEGIN
	IF length(raw) > 4194304 OR length(p7s) > 65536 THEN
		RAISE EXCEPTION 'record larger than 4 MiB, or its signature than 64 KiB' USING ERRCODE = '22023';
	END IF;
	d := convert_from(raw, 'UTF8')::jsonb;
	id := jtext(d, 'record_id');
	IF id IS NULL OR jtext(d, 'kind') IS NULL THEN
		RAISE EXCEPTION 'not a massho record (no record_id or kind)' USING ERRCODE = '22023';
	END IF;
	IF EXISTS (SELECT 1 FROM records WHERE sha256 = h) THEN
		RETURN 'present';
	END IF;
	SELECT sha256 INTO old FROM records WHERE record_id = id;
	IF FOUND THEN
		INSERT INTO conflicts (what, key, stored_sha256, offered_sha256, offered)
			VALUES ('record', id, old, h, raw) ON CONFLICT DO NOTHING;
		RETURN 'conflict';
	END IF;
	INSERT INTO records (sha256, record_id, kind, raw, p7s, doc, serial, model, identity_hash,
			     organisation, class, figure41_row, method, outcome, started_at, ended_at)
	VALUES (h, id, jtext(d, 'kind'), raw, p7s, d,
		jtext(d, 'device', 'serial'), jtext(d, 'device', 'model'), jtext(d, 'device', 'identity_hash'),
		coalesce(jtext(d, 'work', 'organisation'), jtext(d, 'contractor', 'organisation')),
		coalesce(jtext(d, 'policy', 'class'), jtext(d, 'class')),
		CASE WHEN jsonb_typeof(coalesce(d #> '{policy,figure41_row}', d -> 'figure41_row')) = 'number'
		     THEN (coalesce(d #> '{policy,figure41_row}', d -> 'figure41_row'))::text::smallint END,
		coalesce(jtext(d, 'method', 'id'), jtext(d, 'method')),
		coalesce(jtext(d, 'outcome'), jtext(d, 'status')),
		coalesce(jtime(d, 'started_at'), jtime(d, 'issued_at'), jtime(d, 'destroyed_at')),
		coalesce(jtime(d, 'ended_at'), jtime(d, 'issued_at'), jtime(d, 'recorded_at')));
	RETURN 'inserted';
EXCEPTION WHEN unique_violation THEN
	-- Pushed at the same moment by another session: asked again, it is there now.
	RETURN push_record(raw, p7s);
END $$;

-- push_certificate(name, record_sha256, pdf): 'inserted' or 'present'. The record must be
-- stored first (NULL for a batch summary, which embeds none).
CREATE FUNCTION massho.push_certificate(name text, record_sha256 text, pdf bytea) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = massho, pg_temp SET plan_cache_mode = force_generic_plan AS $$
DECLARE
	h text := encode(sha256(pdf), 'hex');
BEGIN
	IF length(pdf) > 268435456 OR length(name) > 255 OR record_sha256 IS NULL OR record_sha256 !~ '^[0-9a-f]{64}$' THEN
		RAISE EXCEPTION 'certificate larger than 256 MiB, its name than 255 bytes, or no record named' USING ERRCODE = '22023';
	END IF;
	IF EXISTS (SELECT 1 FROM certificates c WHERE c.sha256 = h) THEN
		RETURN 'present';
	END IF;
	INSERT INTO certificates (sha256, name, record_sha256, pdf) VALUES (h, name, record_sha256, pdf);
	RETURN 'inserted';
EXCEPTION WHEN unique_violation THEN
	RETURN 'present';
END $$;

-- refuse(what, key, stored, offered): keep what was refused, and say so.
CREATE FUNCTION massho.refuse(what text, key text, stored bytea, offered bytea) RETURNS text
LANGUAGE sql SECURITY DEFINER SET search_path = massho, pg_temp AS $$
	INSERT INTO conflicts (what, key, stored_sha256, offered_sha256, offered)
	VALUES (what, key, encode(sha256(coalesce(stored, '')), 'hex'), encode(sha256(offered), 'hex'), offered)
	ON CONFLICT DO NOTHING;
	SELECT 'conflict';
$$;

-- push_ledger_entry(ledger, line): one entry as the ledger's file holds it (a JSON line):
-- 'inserted', 'present', or 'conflict' (another entry under this number, another role's
-- ledger, or not the next link of the stored chain: refused and kept in conflicts). The
-- first entry names the ledger (its hash) and makes the pushing role its owner.
CREATE FUNCTION massho.push_ledger_entry(ledger text, line text) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = massho, pg_temp SET plan_cache_mode = force_generic_plan AS $$
DECLARE
	d jsonb;
	s bigint;
	old text;
	who name;
	last_seq bigint;
	last_hash text;
	k text;
BEGIN
	IF length(line) > 65536 THEN
		RAISE EXCEPTION 'ledger entry larger than 64 KiB' USING ERRCODE = '22023';
	END IF;
	d := line::jsonb;
	IF jsonb_typeof(d -> 'seq') IS DISTINCT FROM 'number' OR (d ->> 'seq')::numeric < 1
	   OR coalesce(jtext(d, 'hash'), '') !~ '^[0-9a-f]{64}$' OR coalesce(jtext(d, 'prev'), '') !~ '^[0-9a-f]{64}$'
	   OR jtext(d, 'sha256') IS NULL OR jtext(d, 'record_id') IS NULL THEN
		RAISE EXCEPTION 'not a ledger entry' USING ERRCODE = '22023';
	END IF;
	s := (d ->> 'seq')::bigint;
	k := ledger || ':' || s;
	SELECT e.line INTO old FROM ledger_entries e WHERE e.ledger = push_ledger_entry.ledger AND e.seq = s;
	IF FOUND THEN
		IF old = line THEN
			RETURN 'present';
		END IF;
		RETURN refuse('ledger entry', k, convert_to(old, 'UTF8'), convert_to(line, 'UTF8'));
	END IF;
	SELECT l.owner INTO who FROM ledgers l WHERE l.id = push_ledger_entry.ledger;
	IF NOT FOUND THEN
		IF s <> 1 OR jtext(d, 'hash') <> ledger OR jtext(d, 'prev') <> repeat('0', 64) THEN
			RETURN refuse('ledger entry (no such ledger)', k, NULL, convert_to(line, 'UTF8'));
		END IF;
		INSERT INTO ledgers (id) VALUES (ledger);
	ELSIF who <> session_user THEN
		RETURN refuse('ledger entry (another role''s ledger)', k, NULL, convert_to(line, 'UTF8'));
	ELSE
		SELECT e.seq, e.hash INTO last_seq, last_hash FROM ledger_entries e
			WHERE e.ledger = push_ledger_entry.ledger ORDER BY e.seq DESC LIMIT 1;
		IF s <> last_seq + 1 OR jtext(d, 'prev') <> last_hash THEN
			RETURN refuse('ledger entry (not the next link)', k, NULL, convert_to(line, 'UTF8'));
		END IF;
	END IF;
	INSERT INTO ledger_entries (ledger, seq, line, hash, file_sha256, record_id)
		VALUES (ledger, s, line, jtext(d, 'hash'), jtext(d, 'sha256'), jtext(d, 'record_id'));
	RETURN 'inserted';
EXCEPTION WHEN unique_violation THEN
	-- Pushed at the same moment by another session: asked again, it is there now.
	RETURN push_ledger_entry(ledger, line);
END $$;

-- push_checkpoint(ledger, count, head, p7s): the ledger's signed head, by its owner, naming
-- an entry stored (its count and hash): 'inserted', 'present' or 'conflict'.
CREATE FUNCTION massho.push_checkpoint(ledger text, count bigint, head bytea, p7s bytea) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = massho, pg_temp SET plan_cache_mode = force_generic_plan AS $$
DECLARE
	old bytea;
	h jsonb;
	k text := ledger || ':' || count;
BEGIN
	IF length(head) > 4096 OR length(p7s) > 65536 THEN
		RAISE EXCEPTION 'checkpoint too large' USING ERRCODE = '22023';
	END IF;
	SELECT c.head INTO old FROM ledger_checkpoints c WHERE c.ledger = push_checkpoint.ledger AND c.count = push_checkpoint.count;
	IF FOUND THEN
		IF old = head THEN
			RETURN 'present';
		END IF;
		RETURN refuse('ledger checkpoint', k, old, head);
	END IF;
	IF NOT EXISTS (SELECT 1 FROM ledgers l WHERE l.id = push_checkpoint.ledger AND l.owner = session_user) THEN
		RETURN refuse('ledger checkpoint (not this role''s ledger)', k, NULL, head);
	END IF;
	BEGIN
		h := convert_from(head, 'UTF8')::jsonb;
	EXCEPTION WHEN others THEN
		h := NULL;
	END;
	IF h IS NULL OR (h ->> 'count') IS DISTINCT FROM count::text OR NOT EXISTS (
		SELECT 1 FROM ledger_entries e WHERE e.ledger = push_checkpoint.ledger AND e.seq = count
		AND e.hash = jtext(h, 'last_hash')) THEN
		RETURN refuse('ledger checkpoint (names no stored entry)', k, NULL, head);
	END IF;
	INSERT INTO ledger_checkpoints (ledger, count, head, p7s) VALUES (ledger, count, head, p7s);
	RETURN 'inserted';
EXCEPTION WHEN unique_violation THEN
	RETURN push_checkpoint(ledger, count, head, p7s);
END $$;

-- Handovers (My Number chain of custody) and the destruction that completed each.
-- A handover names no organisation of its own: the erasure before it does.
CREATE VIEW massho.handovers AS
	SELECT h.record_id, h.serial, h.model, coalesce(h.organisation, e.organisation) AS organisation,
	       h.class, h.figure41_row, massho.jdate(h.doc, 'destroy_by') AS destroy_by, h.ended_at AS issued_at,
	       d.record_id AS completed_by, d.ended_at AS completed_at
	FROM massho.records h
	LEFT JOIN massho.records e ON e.record_id = massho.jtext(h.doc, 'erasure', 'record_id')
	LEFT JOIN massho.records d ON d.kind = 'destruction'
		AND massho.jtext(d.doc, 'handover', 'record_id') = h.record_id
	WHERE h.kind = 'handover';

CREATE VIEW massho.overdue_handovers AS
	SELECT *, current_date - destroy_by AS days_overdue
	FROM massho.handovers
	WHERE completed_by IS NULL AND destroy_by < current_date;

CREATE VIEW massho.organisation_counts AS
	SELECT coalesce(organisation, '') AS organisation, kind, outcome, count(*) AS records,
	       min(ended_at) AS first, max(ended_at) AS last
	FROM massho.records
	GROUP BY 1, 2, 3;

REVOKE ALL ON SCHEMA massho FROM PUBLIC;
REVOKE ALL ON ALL FUNCTIONS IN SCHEMA massho FROM PUBLIC;
GRANT USAGE ON SCHEMA massho TO massho_station, massho_auditor;
GRANT EXECUTE ON FUNCTION massho.push_record(bytea, bytea), massho.push_certificate(text, text, bytea),
	massho.push_ledger_entry(text, text), massho.push_checkpoint(text, bigint, bytea, bytea)
	TO massho_station;
GRANT SELECT ON ALL TABLES IN SCHEMA massho TO massho_auditor;
GRANT EXECUTE ON FUNCTION massho.jtext(jsonb, text[]), massho.jtime(jsonb, text[]), massho.jdate(jsonb, text[])
	TO massho_auditor;
