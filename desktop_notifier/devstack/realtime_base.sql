-- What a Supabase project's database has for Realtime Broadcast, modelled for the stand-in
-- (applied after supabase_base.sql, before the project's migrations; idempotent).
--
-- supabase/realtime priv/repo/tenant_schema/realtime/tables/messages.sql: realtime.messages
--   (the real one is partitioned by inserted_at, one partition a day; one plain table here),
--   RLS enabled, insert/select/update granted to the API roles. Its policies, written by the
--   project, decide who may read (receive) and write (send) on a topic.
-- .../functions/topic.sql: realtime.topic() = the `realtime.topic` setting of this transaction
--   (the join-time authorisation sets it; realtime.send sets it too).
-- .../functions/send.sql: realtime.send(payload, event, topic, private) inserts one message
--   (payload gets an `id`), a failure is only a warning.
-- .../functions/broadcast_changes.sql: realtime.broadcast_changes(...) sends
--   {old_record, record, operation, table, schema} for one row.
-- lib/realtime/tenants/replication_connection.ex streams inserts of realtime.messages (its own
--   publication) and broadcasts each to its topic: the stand-in polls a wal2json slot on the
--   table instead (standin.poll_messages, devstack/broadcast.py).

create schema if not exists realtime;
grant usage on schema realtime to anon, authenticated, service_role;

create table if not exists realtime.messages (
  topic       text not null,
  extension   text not null,
  payload     jsonb,
  event       text,
  private     boolean default false,
  updated_at  timestamp without time zone not null default now(),
  inserted_at timestamp without time zone not null default now(),
  id          uuid not null default gen_random_uuid(),
  primary key (id, inserted_at)
);
alter table realtime.messages enable row level security;
grant insert, select, update on realtime.messages to anon, authenticated, service_role;

create or replace function realtime.topic() returns text
language sql stable as $$
  select nullif(current_setting('realtime.topic', true), '')::text;
$$;

create or replace function realtime.send(
  payload jsonb, event text, topic text, private boolean default true
) returns void
language plpgsql as $$
declare
  generated_id uuid;
  final_payload jsonb;
begin
  begin
    generated_id := gen_random_uuid();
    if payload ? 'id' then
      final_payload := payload;
    else
      final_payload := jsonb_set(payload, '{id}', to_jsonb(generated_id));
    end if;
    execute format('set local realtime.topic to %L', topic);
    insert into realtime.messages (id, payload, event, topic, private, extension)
    values (generated_id, final_payload, event, topic, private, 'broadcast');
  exception
    when others then
      raise warning 'WarnSendingBroadcastMessage: %', sqlerrm;
  end;
end
$$;

create or replace function realtime.broadcast_changes(
  topic_name text, event_name text, operation text, table_name text, table_schema text,
  new record, old record, level text default 'ROW'
) returns void
language plpgsql as $$
declare
  row_data jsonb := '{}'::jsonb;
begin
  if level = 'STATEMENT' then
    raise exception 'function can only be triggered for each row, not for each statement';
  end if;
  if operation = 'INSERT' or operation = 'UPDATE' or operation = 'DELETE' then
    row_data := jsonb_build_object('old_record', old, 'record', new, 'operation', operation,
                                   'table', table_name, 'schema', table_schema);
    perform realtime.send(row_data, event_name, topic_name);
  else
    raise exception 'Unexpected operation type: %', operation;
  end if;
exception
  when others then
    raise exception 'Failed to process the row: %', sqlerrm;
end
$$;

-- The stand-in's replication of realtime.messages: consume up to max_changes inserts from a
-- wal2json slot, in commit order.
create or replace function standin.poll_messages(slot name, max_changes integer)
returns table (id text, topic text, event text, payload text, private boolean)
language plpgsql as $$
declare
  change record;
  cols jsonb;
begin
  for change in
    select x.data::jsonb as wal
    from pg_logical_slot_get_changes(slot, null, max_changes,
      'format-version', '2', 'include-transaction', 'false',
      'actions', 'insert', 'add-tables', 'realtime.messages') x
  loop
    select jsonb_object_agg(c ->> 'name', c -> 'value') into cols
      from jsonb_array_elements(change.wal -> 'columns') c;
    if cols ->> 'extension' = 'broadcast' then
      return query select cols ->> 'id', cols ->> 'topic', cols ->> 'event',
                          cols ->> 'payload', coalesce((cols ->> 'private')::boolean, false);
    end if;
  end loop;
end
$$;
