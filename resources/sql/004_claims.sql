-- 004_claims.sql — teams, and "I'll call back" claims on calls (apply after 003_brief_reads.sql).
--
-- How to apply: like 001–003 (SQL Editor, or supabase/migrations/). Idempotent: the local
-- stand-in applies it on every start, and running it twice changes nothing.
--
-- What the app relies on:
--   * public.team_members says who is on which team and who leads it (role 'lead'). A member
--     sees the calls of everyone on their teams (the alerts go to the whole team) and gets
--     their Realtime changes (Realtime checks the same select policy per subscriber).
--     Escalation alerts go to the members whose role is 'lead' (the app reads its own row).
--   * claimed_by / claimed_at / claimed_by_name on public.calls: the first teammate who says
--     "Vou retornar" (I'll call back) owns the call-back. The app claims with
--       PATCH /rest/v1/calls?id=eq.<id>&claimed_by=is.null  {"claimed_by": "<own user id>"}
--     and reads the representation: one row = claimed; no row = someone else was first.
--   * RLS lets a team member claim an unclaimed call of their team once, for themselves.
--   * The trigger keeps the first claim (a second claim is refused even by the call's owner),
--     stamps claimed_at and claimed_by_name on the server, and lets a teammate who does not own
--     the call change nothing but the claim.
-- Requires PostgreSQL 14+ (create or replace trigger); Supabase runs 15+.

create table if not exists public.team_members (
  team_id uuid not null,
  user_id uuid not null references auth.users (id) on delete cascade,
  role    text not null default 'member' check (role in ('member', 'lead')),
  primary key (team_id, user_id)
);

create index if not exists team_members_user_id_idx on public.team_members (user_id);

comment on table public.team_members is
  'Who is on which sales team; role lead receives escalations of unclaimed missed calls.';

-- Whether the signed-in user shares a team with `other` (or is `other`). security definer:
-- the policies below call it, and a policy on team_members reading team_members would recurse.
create or replace function public.shares_team(other uuid) returns boolean
language sql stable security definer set search_path = '' as $$
  select other = auth.uid() or exists (
    select 1
    from public.team_members mine
    join public.team_members theirs on theirs.team_id = mine.team_id
    where mine.user_id = auth.uid() and theirs.user_id = other
  )
$$;

revoke execute on function public.shares_team(uuid) from public, anon;
grant execute on function public.shares_team(uuid) to authenticated, service_role;

alter table public.team_members enable row level security;

drop policy if exists "a member sees the members of their teams" on public.team_members;
create policy "a member sees the members of their teams" on public.team_members
  for select to authenticated
  using (public.shares_team(user_id));

grant select on public.team_members to authenticated;
grant all on public.team_members to service_role;

alter table public.calls add column if not exists claimed_by uuid
  references auth.users (id) on delete set null;
alter table public.calls add column if not exists claimed_at timestamptz;
alter table public.calls add column if not exists claimed_by_name text;

comment on column public.calls.claimed_by is
  'The teammate who said they will call back (the first claim is kept).';

drop policy if exists "team members see their team's calls" on public.calls;
create policy "team members see their team's calls" on public.calls
  for select to authenticated
  using (public.shares_team(owner_id));

-- USING: the row must be unclaimed (a claimed call matches no row: the PATCH answers []).
-- WITH CHECK: the claim is the caller's own.
drop policy if exists "a team member claims an unclaimed call" on public.calls;
create policy "a team member claims an unclaimed call" on public.calls
  for update to authenticated
  using (claimed_by is null and public.shares_team(owner_id))
  with check (claimed_by = auth.uid() and public.shares_team(owner_id));

-- The first claim stays; the server stamps it. auth.uid() is null for service_role and for
-- the database's own jobs: they may release a claim (set claimed_by back to null).
create or replace function public.calls_keep_first_claim() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  claim_columns constant text[] :=
    array['claimed_by', 'claimed_at', 'claimed_by_name', 'updated_at', 'change_xid'];
  me constant uuid := auth.uid();
begin
  if new.claimed_by is distinct from old.claimed_by then
    if old.claimed_by is not null and not (me is null and new.claimed_by is null) then
      raise exception 'this call was already claimed'
        using errcode = '23514', detail = 'The first claim is kept.';
    end if;
    if me is not null and new.claimed_by is distinct from me then
      raise exception 'a user can only claim a call for themselves' using errcode = '42501';
    end if;
    new.claimed_at := case when new.claimed_by is null then null else now() end;
    new.claimed_by_name := (
      select coalesce(to_jsonb(u) -> 'raw_user_meta_data' ->> 'full_name', u.email)
      from auth.users u where u.id = new.claimed_by);
  else
    new.claimed_at := old.claimed_at;
    new.claimed_by_name := old.claimed_by_name;
  end if;
  if me is not null and me is distinct from old.owner_id
     and (to_jsonb(new) - claim_columns) is distinct from (to_jsonb(old) - claim_columns) then
    raise exception 'a teammate can only claim this call' using errcode = '42501';
  end if;
  return new;
end
$$;

revoke execute on function public.calls_keep_first_claim() from public, anon, authenticated;

create or replace trigger calls_keep_first_claim
  before update on public.calls
  for each row execute function public.calls_keep_first_claim();

-- The catch-up's brief page (003) with the claim columns, so a claim made while the app was
-- away is read back too (same order, keyset, watermark and page cap as in 003).
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
