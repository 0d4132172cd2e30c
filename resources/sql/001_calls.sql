-- 001_calls.sql — the table Calls Notifier watches, for a team's Supabase project.
--
-- How to apply: Supabase dashboard → SQL Editor → paste and run, or put it in
-- supabase/migrations/ and `supabase db push`. The local stand-in
-- (python -m desktop_notifier.devstack) applies it on every start, so it is idempotent:
-- running it twice changes nothing.
--
-- What the app relies on:
--   * public.calls is in publication supabase_realtime → Realtime postgres_changes fire.
--   * REPLICA IDENTITY FULL → UPDATE events carry the full old row and the full new row even
--     when a long, unchanged `transcription` is stored out of line (TOAST). With RLS on, DELETE
--     events still carry only the primary key (Realtime cannot check RLS on a deleted row).
--   * updated_at is maintained by a trigger and indexed with id → the app's catch-up query
--     (updated_at, id) > cursor, ordered by (updated_at, id), is exact and cheap.
--   * RLS: a signed-in user sees (and gets Realtime events for) only the calls they own.
--     Adapt the policies to your team (e.g. managers see their team's calls).
-- Requires PostgreSQL 14+ (create or replace trigger); Supabase runs 15+.

create extension if not exists moddatetime;

create table if not exists public.calls (
  id            uuid primary key default gen_random_uuid(),
  company_name  text,
  status        text,          -- new | in_progress | processing | completed | missed
  transcription text,          -- can be long (tens of KB and more)
  scorecard     jsonb,
  score         int,           -- 0..100 once the analysis is done
  ai_status     text,          -- null | processing | completed | failed
  insights      jsonb,
  owner_id      uuid default auth.uid() references auth.users (id) on delete set null,
  created_at    timestamptz not null default now(),
  updated_at    timestamptz not null default now()
);

comment on table public.calls is 'Sales calls and their AI analysis; watched by Calls Notifier.';

-- Keep updated_at current on every UPDATE (moddatetime ships with Supabase and postgresql-contrib).
create or replace trigger calls_set_updated_at
  before update on public.calls
  for each row execute function moddatetime(updated_at);

-- The catch-up cursor of the desktop app: where (updated_at, id) > (:ts, :id).
create index if not exists calls_updated_at_id_idx on public.calls (updated_at, id);
create index if not exists calls_owner_id_idx on public.calls (owner_id);

alter table public.calls replica identity full;

-- Realtime: stream changes of public.calls.
do $$
begin
  if not exists (
    select from pg_publication_tables
    where pubname = 'supabase_realtime' and schemaname = 'public' and tablename = 'calls'
  ) then
    alter publication supabase_realtime add table public.calls;
  end if;
end
$$;

-- Row Level Security. Example policies: a user sees, creates and edits the calls they own.
-- service_role (server-side jobs) bypasses RLS. No delete policy: users cannot delete calls.
alter table public.calls enable row level security;

drop policy if exists "a user sees the calls they own" on public.calls;
create policy "a user sees the calls they own" on public.calls
  for select to authenticated
  using (auth.uid() = owner_id);

drop policy if exists "a user creates calls they own" on public.calls;
create policy "a user creates calls they own" on public.calls
  for insert to authenticated
  with check (auth.uid() = owner_id);

drop policy if exists "a user edits the calls they own" on public.calls;
create policy "a user edits the calls they own" on public.calls
  for update to authenticated
  using (auth.uid() = owner_id)
  with check (auth.uid() = owner_id);

grant select, insert, update on public.calls to authenticated;
grant all on public.calls to service_role;

-- Row-level change notice for LISTEN clients (e.g. a backend worker). Deliberately small:
-- NOTIFY payloads are limited to 8000 bytes, so never send the row (transcription!), only
-- what a listener needs to decide whether to fetch it.
create or replace function public.notify_calls_change() returns trigger
language plpgsql as $$
declare
  r public.calls := case when tg_op = 'DELETE' then old else new end;
begin
  perform pg_notify('calls_change', json_build_object(
    'op', tg_op,
    'id', r.id,
    'status', r.status,
    'ai_status', r.ai_status
  )::text);
  return null;
end
$$;

create or replace trigger notify_calls_change
  after insert or update or delete on public.calls
  for each row execute function public.notify_calls_change();

-- Derived, reporting-friendly view of calls. Realtime does not fire for (materialized) views:
-- listen to calls_enriched_refresh (or watch public.calls) and refresh it when needed.
-- Materialized views ignore RLS, so it is NOT granted to anon/authenticated.
create materialized view if not exists public.calls_enriched as
select
  c.id,
  c.owner_id,
  c.company_name,
  c.status,
  c.ai_status,
  c.score,
  case
    when c.score is null then null
    when c.score >= 90 then 'excellent'
    when c.score <= 30 then 'low'
    else 'regular'
  end as score_band,
  c.status = 'missed' as is_missed,
  coalesce(length(c.transcription), 0) as transcription_chars,
  c.updated_at - c.created_at as time_to_last_update,
  c.created_at,
  c.updated_at
from public.calls c
with no data;

create unique index if not exists calls_enriched_id_idx on public.calls_enriched (id);
revoke all on public.calls_enriched from anon, authenticated;
grant select on public.calls_enriched to service_role;

-- Refresh helper for a worker that listens to calls_enriched_refresh (debounce it: one refresh
-- per burst of notices is enough). The first refresh cannot be concurrent (no data yet).
create or replace function public.refresh_calls_enriched() returns void
language plpgsql security definer set search_path = '' as $$
begin
  if (select relispopulated from pg_class where oid = 'public.calls_enriched'::regclass) then
    refresh materialized view concurrently public.calls_enriched;
  else
    refresh materialized view public.calls_enriched;
  end if;
end
$$;

revoke execute on function public.refresh_calls_enriched() from public, anon, authenticated;

-- One notice per statement (not per row): a bulk UPDATE of 10 000 calls sends one notice.
create or replace function public.notify_calls_enriched_refresh() returns trigger
language plpgsql as $$
begin
  perform pg_notify('calls_enriched_refresh', json_build_object(
    'table', tg_table_schema || '.' || tg_table_name,
    'op', tg_op,
    'at', now()
  )::text);
  return null;
end
$$;

create or replace trigger calls_enriched_refresh
  after insert or update or delete or truncate on public.calls
  for each statement execute function public.notify_calls_enriched_refresh();
