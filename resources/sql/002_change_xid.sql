-- 002_change_xid.sql — an exact catch-up cursor for Calls Notifier (apply after 001_calls.sql).
--
-- How to apply: like 001 (SQL Editor, or supabase/migrations/). Idempotent: the local stand-in
-- applies it on every start, and running it twice changes nothing.
--
-- Why: a timestamp cursor (updated_at, id) can skip a row whose transaction started before
-- the cursor's time but committed after the app read past it (a long transaction, a slow
-- job). Transaction ids do not have that hole:
--   * every INSERT/UPDATE stamps the row with its transaction's id (change_xid, xid8);
--   * public.calls_changes() returns the rows changed since a given xid AND the reading
--     snapshot's xmin: every transaction below that watermark has committed or aborted, so
--     nothing below it can still appear. The next read starts at the watermark; a transaction
--     held open for an hour is still caught, with no clock overlap at all.
-- xid8 values travel as decimal text (JSON numbers would lose precision).
-- Requires PostgreSQL 13+ (xid8, pg_current_xact_id); Supabase runs 15+.

-- Existing rows: a non-volatile default is evaluated once by ADD COLUMN and stored in the
-- catalog, so every existing row gets this migration's xid without being rewritten (no
-- updated_at bump, no Realtime event). The default is then dropped: the trigger owns it.
alter table public.calls
  add column if not exists change_xid xid8 default pg_current_xact_id();
alter table public.calls alter column change_xid drop default;

comment on column public.calls.change_xid is
  'Id of the transaction that last inserted or updated the row; set by a trigger.';

create or replace function public.calls_set_change_xid() returns trigger
language plpgsql set search_path = '' as $$
begin
  new.change_xid := pg_current_xact_id();
  return new;
end
$$;

revoke execute on function public.calls_set_change_xid() from public, anon, authenticated;

create or replace trigger calls_set_change_xid
  before insert or update on public.calls
  for each row execute function public.calls_set_change_xid();

-- Rows left without a value (the column added by hand without a default): stamp them now.
-- This UPDATE bumps their updated_at; clients re-read them once, which is harmless.
update public.calls set change_xid = pg_current_xact_id() where change_xid is null;

-- The catch-up order of the app: (change_xid, id).
create index if not exists calls_change_xid_id_idx on public.calls (change_xid, id);

-- One page of rows changed since `since` (all rows when null), in (change_xid, id) order,
-- strictly after (after_xid, after_id) when both are given, at most page_size rows (capped to
-- 1000), plus the snapshot's watermark and whether more rows follow:
--   {"rows": [<row as JSON with change_xid as text>...], "watermark": "<xid>", "more": bool}
-- security invoker: the caller's RLS policies decide which rows are returned.
-- Through PostgREST: POST /rest/v1/rpc/calls_changes {"since": "…", "page_size": 500}.
-- The keyset bounds are written as plain comparisons so that they use the index above; with
-- no bound they are (0, nil uuid), below every real xid (normal xids start at 3). CASE, not
-- COALESCE: under RLS the planner only turns conditions it knows to be leakproof into index
-- conditions, and it does not know COALESCE (a page would then scan the table from its start).
create or replace function public.calls_changes(
  since text default null,
  after_xid text default null,
  after_id uuid default null,
  page_size int default 500
) returns jsonb
language sql stable security invoker set search_path = '' as $$
  with page as (
    select c.*, row_number() over (order by c.change_xid, c.id) as n
    from (
      select c.*
      from public.calls c
      where c.change_xid >= case when since is null then '0'::xid8 else since::xid8 end
        and (c.change_xid, c.id) > (
          case when after_xid is null or after_id is null then '0'::xid8
               else after_xid::xid8 end,
          case when after_xid is null or after_id is null
               then '00000000-0000-0000-0000-000000000000'::uuid else after_id end)
      order by c.change_xid, c.id
      limit least(greatest(coalesce(page_size, 500), 1), 1000) + 1
    ) c
  )
  select jsonb_build_object(
    'rows', coalesce(
      (select jsonb_agg(
                (to_jsonb(p) - 'change_xid' - 'n')
                || jsonb_build_object('change_xid', p.change_xid::text)
                order by p.n)
       from page p
       where p.n <= least(greatest(coalesce(page_size, 500), 1), 1000)),
      '[]'::jsonb),
    'watermark', pg_snapshot_xmin(pg_current_snapshot())::text,
    'more', (select count(*) from page) > least(greatest(coalesce(page_size, 500), 1), 1000)
  )
$$;

revoke execute on function public.calls_changes(text, text, uuid, int) from public, anon;
grant execute on function public.calls_changes(text, text, uuid, int)
  to authenticated, service_role;
