-- 006_broadcast.sql — Broadcast from the database: for apps set to the `broadcast` live source
-- (settings dialog → Fonte ao vivo, or `desktop-notifier configure --source broadcast`).
--
-- How to apply: like 001 (SQL Editor, or supabase/migrations/ + `supabase db push`); after
-- 001_calls.sql. Idempotent. Needs a Supabase project with Realtime Broadcast authorisation
-- (realtime.messages, realtime.broadcast_changes, realtime.topic(): every hosted project has
-- them; self-hosted: Realtime 2.33+).
--
-- What it does:
--   * A trigger on public.calls publishes every INSERT/UPDATE/DELETE ONCE, to the topic of
--     the call's owner, `calls:owner:<owner_id>` (for an UPDATE that moves a call to another
--     owner, to both owners' topics; a call without an owner is not published). One topic per
--     OWNER, not per team: public.calls has no team column, and the topic then mirrors the
--     table's own RLS ("a user sees the calls they own"). For teams, publish to
--     'calls:team:' || team_id and change the policy below to check team membership.
--   * Authorisation happens once, when a desktop joins its private channel: Realtime checks
--     that the signed-in user can SELECT from realtime.messages with realtime.topic() set to
--     the topic. The policy below lets a user read only their own topic. Nothing is checked per
--     change (with postgres_changes every change is checked against every subscriber).
--   * Rows over 250 KB (a long transcription) travel with only their small values and
--     `truncated: true`; the app then reads the whole row over PostgREST (Realtime drops a
--     message over the project's payload limit, 256 KB on the free plan, delivering it to no
--     one; the old and new row together must stay under it).
--
-- The message the app receives (event = the operation):
--   {record, old_record, operation, table: 'calls', schema: 'public', id[, truncated]}

create or replace function public.broadcast_calls_change() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  r public.calls := case when tg_op = 'DELETE' then old else new end;
  topics text[] := array[]::text[];
  topic text;
  full_size integer;
  small_new jsonb;
  small_old jsonb;
begin
  if r.owner_id is not null then
    topics := topics || ('calls:owner:' || r.owner_id::text);
  end if;
  if tg_op = 'UPDATE' and old.owner_id is not null and old.owner_id is distinct from new.owner_id
  then
    topics := topics || ('calls:owner:' || old.owner_id::text);
  end if;
  full_size := octet_length(coalesce(to_jsonb(new)::text, '')) +
               octet_length(coalesce(to_jsonb(old)::text, ''));
  foreach topic in array topics loop
    if full_size <= 250000 then
      perform realtime.broadcast_changes(
        topic, tg_op, tg_op, tg_table_name, tg_table_schema, new, old);
    else
      select jsonb_object_agg(key, value) into small_new
        from jsonb_each(to_jsonb(new)) where octet_length(value::text) <= 64;
      select jsonb_object_agg(key, value) into small_old
        from jsonb_each(to_jsonb(old)) where octet_length(value::text) <= 64;
      perform realtime.send(
        jsonb_build_object('record', small_new, 'old_record', small_old, 'operation', tg_op,
                           'table', tg_table_name, 'schema', tg_table_schema,
                           'truncated', true),
        tg_op, topic, true);
    end if;
  end loop;
  return null;
end
$$;

create or replace trigger broadcast_calls_change
  after insert or update or delete on public.calls
  for each row execute function public.broadcast_calls_change();

-- Who may receive which topic: a signed-in user, their own calls' topic only.
drop policy if exists "calls notifier: a user receives their own calls" on realtime.messages;
create policy "calls notifier: a user receives their own calls" on realtime.messages
  for select to authenticated
  using (
    realtime.messages.extension = 'broadcast'
    and realtime.topic() = 'calls:owner:' || (select auth.uid())::text
  );
