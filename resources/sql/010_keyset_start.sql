-- 010_keyset_start.sql — catch-up pages that start where they read, not at the table's first
-- row (apply after 009_open_calls_rls.sql).
--
-- How to apply: like the others (SQL Editor, or supabase/migrations/). Idempotent: the local
-- stand-in applies it on every start, and running it twice changes nothing.
--
-- Why (traced on 1,000,000 calls: benchmarks/first_sync_queries.py): a page of calls_changes
-- (002) and calls_changes_brief (003, 004) had two lower bounds on change_xid, `change_xid >=
-- since` and the keyset row `(change_xid, id) > (after_xid, after_id)`, which is (0, nil uuid)
-- on a pass's first page. A B-tree scan starts from one of them, and PostgreSQL takes the row
-- comparison: the first page of every pass walked the index from the table's first row up to
-- `since`. The first sync's watermark read (`since` above every xid, no rows) took 49 ms at a
-- million calls and 1 ms at ten thousand; every later catch-up pass paid the same walk.
-- Here the row bound is the tighter of the two: after (after_xid, after_id) when given, else
-- just below `since` ((since - 1, the largest uuid): exactly the rows with change_xid >= since).
-- Same results, same order, same page cap and watermark; the functions are 002's and 004's
-- with that bound alone changed (CASE, not GREATEST or COALESCE: under RLS only expressions
-- the planner knows to be leakproof become index conditions).

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
          case when after_xid is not null and after_id is not null then after_xid::xid8
               when since is null or since::numeric < 1 then '0'::xid8
               else (since::numeric - 1)::text::xid8 end,
          case when after_xid is not null and after_id is not null then after_id
               when since is null or since::numeric < 1
               then '00000000-0000-0000-0000-000000000000'::uuid
               else 'ffffffff-ffff-ffff-ffff-ffffffffffff'::uuid end)
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

create or replace function public.calls_changes_brief(
  since text default null,
  after_xid text default null,
  after_id uuid default null,
  page_size int default 500
) returns jsonb
language sql stable security invoker set search_path = '' as $$
  with page as (
    select c.id, c.company_name, c.status, c.score, c.ai_status, c.owner_id, c.created_at,
           c.updated_at, c.claimed_by, c.claimed_at, c.claimed_by_name, c.change_xid,
           row_number() over (order by c.change_xid, c.id) as n
    from (
      select c.*
      from public.calls c
      where c.change_xid >= case when since is null then '0'::xid8 else since::xid8 end
        and (c.change_xid, c.id) > (
          case when after_xid is not null and after_id is not null then after_xid::xid8
               when since is null or since::numeric < 1 then '0'::xid8
               else (since::numeric - 1)::text::xid8 end,
          case when after_xid is not null and after_id is not null then after_id
               when since is null or since::numeric < 1
               then '00000000-0000-0000-0000-000000000000'::uuid
               else 'ffffffff-ffff-ffff-ffff-ffffffffffff'::uuid end)
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
revoke execute on function public.calls_changes_brief(text, text, uuid, int) from public, anon;
grant execute on function public.calls_changes_brief(text, text, uuid, int)
  to authenticated, service_role;
