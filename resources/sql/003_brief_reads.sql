-- 003_brief_reads.sql — catch-up pages without the heavy columns (apply after 002_change_xid.sql).
--
-- How to apply: like 001 and 002. Idempotent: the local stand-in applies it on every start.
--
-- Why: the app decides alerts from a call's status, score, AI status and timestamps; the
-- transcription (tens of KB), insights and scorecard are read only when a call window opens.
-- calls_changes (002) returns whole rows, so a week of changes on a busy team meant hundreds
-- of MB of transcriptions downloaded for nothing. calls_changes_brief is the same page (same
-- order, keyset, watermark and page cap) with those three columns left out. A server without
-- it is still read through calls_changes (the app drops the columns after reading).
create or replace function public.calls_changes_brief(
  since text default null,
  after_xid text default null,
  after_id uuid default null,
  page_size int default 500
) returns jsonb
language sql stable security invoker set search_path = '' as $$
  with page as (
    select c.id, c.company_name, c.status, c.score, c.ai_status, c.owner_id, c.created_at,
           c.updated_at, c.change_xid, row_number() over (order by c.change_xid, c.id) as n
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

revoke execute on function public.calls_changes_brief(text, text, uuid, int) from public, anon;
grant execute on function public.calls_changes_brief(text, text, uuid, int)
  to authenticated, service_role;

-- The first sync of a new profile reads the calls still open (any status but these) and the
-- newest ones, not the table: this index serves "newest first".
create index if not exists calls_created_at_id_idx on public.calls (created_at desc, id desc);
