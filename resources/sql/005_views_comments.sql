-- 005_views_comments.sql — the dashboard's and the calls list's reads, and comments on a call
-- (apply after 003_brief_reads.sql; 004 and 006 are other changes).
--
-- How to apply: like 001–003. Idempotent: the local stand-in applies it on every start.
--
-- calls_day(day_start, day_end): every call created in [day_start, day_end) that the caller may
-- see, as compact arrays [id, company_name, status, score, ai_status, owner_id, created_at,
-- updated_at], oldest first. One jsonb value, so PostgREST's db-max-rows (1000 on hosted
-- projects) does not cut a busy day short, and ~80 bytes a call instead of a whole row. The
-- app's dashboard aggregates these rows itself: it must know each call's last state to follow
-- a live change exactly (a call moving from processing to completed leaves one count and joins
-- another), which a table of totals cannot tell it. `security invoker`: RLS decides.
create or replace function public.calls_day(day_start timestamptz, day_end timestamptz)
returns jsonb
language sql stable security invoker set search_path = '' as $$
  select jsonb_build_object(
    'calls', coalesce(
      (select jsonb_agg(
                jsonb_build_array(c.id, c.company_name, c.status, c.score, c.ai_status,
                                  c.owner_id, c.created_at, c.updated_at)
                order by c.created_at, c.id)
       from public.calls c
       where c.created_at >= day_start and c.created_at < day_end),
      '[]'::jsonb),
    'read_at', now()
  )
$$;

-- calls_before(before, before_id, page_size): the page of calls just older than
-- (before, before_id) in (created_at, id) order, newest first, same compact arrays: what the
-- calls list shows when it is scrolled past today.
create or replace function public.calls_before(
  before timestamptz,
  before_id uuid,
  page_size int default 200
) returns jsonb
language sql stable security invoker set search_path = '' as $$
  select coalesce(
    (select jsonb_agg(
              jsonb_build_array(p.id, p.company_name, p.status, p.score, p.ai_status,
                                p.owner_id, p.created_at, p.updated_at)
              order by p.created_at desc, p.id desc)
     from (
       select c.*
       from public.calls c
       where (c.created_at, c.id) < (before, before_id)
       order by c.created_at desc, c.id desc
       limit least(greatest(coalesce(page_size, 200), 1), 1000)
     ) p),
    '[]'::jsonb)
$$;

revoke execute on function public.calls_day(timestamptz, timestamptz) from public, anon;
revoke execute on function public.calls_before(timestamptz, uuid, int) from public, anon;
grant execute on function public.calls_day(timestamptz, timestamptz)
  to authenticated, service_role;
grant execute on function public.calls_before(timestamptz, uuid, int)
  to authenticated, service_role;

-- Comments on a call, written from the call window. Plain text (the app shows it as such).
-- author_email is the writer's e-mail from their token, so readers need no access to
-- auth.users to say who wrote it.
create table if not exists public.call_comments (
  id           uuid primary key default gen_random_uuid(),
  call_id      uuid not null references public.calls (id) on delete cascade,
  author_id    uuid default auth.uid() references auth.users (id) on delete set null,
  author_email text default (auth.jwt() ->> 'email'),
  body         text not null check (length(body) between 1 and 4000),
  created_at   timestamptz not null default now()
);

comment on table public.call_comments is 'Comments on a call; shown live in Calls Notifier.';

create index if not exists call_comments_call_id_created_at_idx
  on public.call_comments (call_id, created_at, id);

alter table public.call_comments replica identity full;

do $$
begin
  if not exists (
    select from pg_publication_tables
    where pubname = 'supabase_realtime' and schemaname = 'public' and tablename = 'call_comments'
  ) then
    alter publication supabase_realtime add table public.call_comments;
  end if;
end
$$;

-- RLS: whoever can see the call (the subquery runs under the reader's own calls policies)
-- reads its comments and may add one as themselves. No update or delete: comments stay.
alter table public.call_comments enable row level security;

drop policy if exists "who sees the call reads its comments" on public.call_comments;
create policy "who sees the call reads its comments" on public.call_comments
  for select to authenticated
  using (exists (select 1 from public.calls c where c.id = call_id));

drop policy if exists "who sees the call comments on it" on public.call_comments;
create policy "who sees the call comments on it" on public.call_comments
  for insert to authenticated
  with check (author_id = auth.uid()
              and exists (select 1 from public.calls c where c.id = call_id));

grant select, insert on public.call_comments to authenticated;
grant all on public.call_comments to service_role;
