-- What a fresh Supabase project already has before any user migration runs, recreated for the
-- local stand-in (python -m desktop_notifier.devstack). Applied by schema.py before
-- resources/sql/*.sql. Idempotent: safe to run against a database that already has it.
--
-- Not a copy of Supabase's schema: only the parts our migrations and clients rely on.

-- API roles. PostgREST/Realtime switch to these per request; service_role bypasses RLS.
do $$
begin
  if not exists (select from pg_roles where rolname = 'anon') then
    create role anon nologin noinherit;
  end if;
  if not exists (select from pg_roles where rolname = 'authenticated') then
    create role authenticated nologin noinherit;
  end if;
  if not exists (select from pg_roles where rolname = 'service_role') then
    create role service_role nologin noinherit bypassrls;
  end if;
end
$$;

grant usage on schema public to anon, authenticated, service_role;
-- Supabase's statement timeouts for the API roles; PostgREST applies them per request.
alter role anon set statement_timeout = '3s';
alter role authenticated set statement_timeout = '8s';
-- Like Supabase: new objects in public are reachable by the API roles; RLS is the guard.
alter default privileges in schema public grant all on tables to anon, authenticated, service_role;
alter default privileges in schema public grant all on functions to anon, authenticated, service_role;
alter default privileges in schema public grant all on sequences to anon, authenticated, service_role;

-- GoTrue's schema, reduced to what foreign keys and policies reference.
create schema if not exists auth;
grant usage on schema auth to anon, authenticated, service_role;

create table if not exists auth.users (
  id uuid primary key default gen_random_uuid(),
  email text unique,
  encrypted_password text,
  created_at timestamptz not null default now()
);

-- GoTrue keeps sign-in sessions and their rotated refresh tokens in the database, so both
-- outlive a server restart (supabase/auth internal/models/sessions.go, refresh_token.go).
-- Not granted to the API roles. Times are on the stand-in's (offsettable) server clock.
create table if not exists auth.sessions (
  id uuid primary key,
  user_id uuid not null references auth.users (id) on delete cascade,
  created_at timestamptz not null default now()
);

create table if not exists auth.refresh_tokens (
  id bigserial primary key,
  token text not null unique,
  user_id uuid not null,
  session_id uuid not null references auth.sessions (id) on delete cascade,
  parent text,
  revoked boolean not null default false,
  created_at timestamptz not null,
  updated_at timestamptz not null
);
create index if not exists refresh_tokens_session_idx on auth.refresh_tokens (session_id, id);

-- Same definitions as Supabase: claims come from the request.jwt.claims setting that
-- PostgREST and Realtime set per request (the legacy request.jwt.claim.* settings first).
create or replace function auth.uid() returns uuid
language sql stable as $$
  select coalesce(
    nullif(current_setting('request.jwt.claim.sub', true), ''),
    (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub')
  )::uuid
$$;

create or replace function auth.role() returns text
language sql stable as $$
  select coalesce(
    nullif(current_setting('request.jwt.claim.role', true), ''),
    (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'role')
  )::text
$$;

create or replace function auth.jwt() returns jsonb
language sql stable as $$
  select coalesce(
    nullif(current_setting('request.jwt.claim', true), ''),
    nullif(current_setting('request.jwt.claims', true), '')
  )::jsonb
$$;

-- Realtime only streams tables that are members of this publication.
do $$
begin
  if not exists (select from pg_publication where pubname = 'supabase_realtime') then
    create publication supabase_realtime;
  end if;
end
$$;

-- The stand-in's own helpers: wal2json v2 rows shaped like realtime.apply_rls does.
create schema if not exists standin;

-- The project's JWT secret, so a restarted stand-in keeps its API keys (one row).
create table if not exists standin.jwt_secret (
  only_row boolean primary key default true check (only_row),
  secret text not null
);
revoke all on standin.jwt_secret from public;

-- Mirrors realtime."cast": text value of a wal2json column -> jsonb of the typed value.
create or replace function standin.cast(val text, type_ regtype) returns jsonb
language plpgsql immutable as $$
declare
  res jsonb;
begin
  if val is null then
    return 'null'::jsonb;
  end if;
  if type_::text = 'bytea' then
    return to_jsonb(val);
  end if;
  execute format('select to_jsonb(%L::' || type_::text || ')', val) into res;
  return res;
end
$$;

-- wal2json add-tables entry: schema.table with its special characters escaped.
create or replace function standin.wal2json_name(schema_ text, table_ text) returns text
language sql immutable as $$
  select regexp_replace(schema_, '([ ,.*''\\])', '\\\1', 'g') || '.'
      || regexp_replace(table_, '([ ,.*''\\])', '\\\1', 'g')
$$;

-- One wal2json v2 change -> (payload.data, rls enabled?, primary key as {name: text value}).
-- Follows realtime.apply_rls: record falls back to identity values for unchanged TOAST
-- columns; UPDATE old_record = identity; DELETE old_record = identity, PK only under RLS;
-- over max_record_bytes -> errors ["Error 413: Payload Too Large"], values <= 64 bytes kept.
create or replace function standin.shape(wal jsonb, max_record_bytes integer)
returns table (data jsonb, rls boolean, pk jsonb)
language plpgsql stable as $$
declare
  entity regclass := to_regclass(format('%I.%I', wal ->> 'schema', wal ->> 'table'));
  action text := case wal ->> 'action'
    when 'I' then 'INSERT' when 'U' then 'UPDATE' when 'D' then 'DELETE' end;
  too_big boolean := octet_length(wal::text) > max_record_bytes;
  is_rls boolean;
  cols jsonb;
  old_cols jsonb;
  output jsonb;
begin
  if entity is null or action is null then
    return;
  end if;
  select relrowsecurity into is_rls from pg_class where oid = entity;

  select coalesce(jsonb_agg(jsonb_build_object(
           'name', c ->> 'name',
           'raw', c -> 'value' #>> '{}',
           'value', standin.cast(c -> 'value' #>> '{}', (c ->> 'typeoid')::oid::regtype),
           'pkey', exists(select from jsonb_array_elements(wal -> 'pk') p
                          where p ->> 'name' = c ->> 'name'))
         order by n), '[]'::jsonb)
    into cols
    from jsonb_array_elements(coalesce(wal -> 'columns', '[]')) with ordinality as t(c, n);

  select coalesce(jsonb_agg(jsonb_build_object(
           'name', c ->> 'name',
           'raw', c -> 'value' #>> '{}',
           'value', standin.cast(c -> 'value' #>> '{}', (c ->> 'typeoid')::oid::regtype),
           'pkey', exists(select from jsonb_array_elements(wal -> 'pk') p
                          where p ->> 'name' = c ->> 'name'))
         order by n), '[]'::jsonb)
    into old_cols
    from jsonb_array_elements(coalesce(wal -> 'identity', '[]')) with ordinality as t(c, n);

  output := jsonb_build_object(
    'schema', wal ->> 'schema',
    'table', wal ->> 'table',
    'type', action,
    'commit_timestamp', to_char(((wal ->> 'timestamp')::timestamptz at time zone 'utc'),
                                'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
    'columns', (select jsonb_agg(jsonb_build_object('name', pa.attname, 'type', pt.typname)
                                 order by pa.attnum)
                from pg_attribute pa join pg_type pt on pa.atttypid = pt.oid
                where pa.attrelid = entity and pa.attnum > 0 and not pa.attisdropped),
    'errors', case when too_big then jsonb_build_array('Error 413: Payload Too Large') end);

  if action <> 'DELETE'
     and not exists (select from jsonb_array_elements(cols) c where (c ->> 'pkey')::boolean) then
    output := jsonb_set(output, '{errors}',
                        jsonb_build_array('Error 400: Bad Request, no primary key'));
    return query select output, is_rls, null::jsonb;
    return;
  end if;

  if action in ('INSERT', 'UPDATE') then
    output := output || jsonb_build_object('record', coalesce((
      select jsonb_object_agg(coalesce(c ->> 'name', oc ->> 'name'),
                              case when c is null then oc -> 'value' else c -> 'value' end)
      from jsonb_array_elements(cols) c
      full outer join jsonb_array_elements(old_cols) oc on c ->> 'name' = oc ->> 'name'
      where not too_big
         or (c ->> 'raw' is not null and octet_length((c -> 'value')::text) <= 64)), '{}'::jsonb));
  end if;
  if action in ('UPDATE', 'DELETE') then
    output := output || jsonb_build_object('old_record', coalesce((
      select jsonb_object_agg(oc ->> 'name', oc -> 'value')
      from jsonb_array_elements(old_cols) oc
      where (not too_big
             or (oc ->> 'raw' is not null and octet_length((oc -> 'value')::text) <= 64))
        and (action = 'UPDATE' or not is_rls or (oc ->> 'pkey')::boolean)), '{}'::jsonb));
  end if;

  return query select output, is_rls, (
    select jsonb_object_agg(c ->> 'name', c -> 'raw')
    from jsonb_array_elements(case when action = 'DELETE' then old_cols else cols end) c
    where (c ->> 'pkey')::boolean);
end
$$;

-- Consume up to max_changes changes (whole transactions) the slot holds for the tables and
-- actions of publication supabase_realtime (like realtime.list_changes) and return them
-- shaped, in commit order.
drop function if exists standin.poll_changes(name, integer);
create or replace function standin.poll_changes(
  slot name, max_record_bytes integer, max_changes integer
)
returns table (data jsonb, rls boolean, pk jsonb)
language plpgsql as $$
declare
  pub_tables text;
  pub_actions text;
  change record;
begin
  select string_agg(standin.wal2json_name(schemaname, tablename), ',')
    into pub_tables
    from pg_publication_tables where pubname = 'supabase_realtime';
  select nullif(concat_ws(',', case when pubinsert then 'insert' end,
                               case when pubupdate then 'update' end,
                               case when pubdelete then 'delete' end), '')
    into pub_actions
    from pg_publication where pubname = 'supabase_realtime';
  if pub_tables is null or pub_actions is null then
    -- Nothing is published: still consume, so the slot does not pin WAL.
    pub_tables := 'standin.nothing_published';
    pub_actions := 'insert';
  end if;
  for change in
    select x.data::jsonb as wal
    from pg_logical_slot_get_changes(slot, null, max_changes,
      'format-version', '2', 'include-pk', 'true', 'include-transaction', 'false',
      'include-timestamp', 'true', 'include-type-oids', 'true',
      'actions', pub_actions, 'add-tables', pub_tables) x
  loop
    return query select * from standin.shape(change.wal, max_record_bytes);
  end loop;
end
$$;
