-- 009_open_calls_rls.sql — a first sign-in whose cost does not grow with the table (apply after
-- 008_comment_alerts.sql).
--
-- How to apply: like the others (SQL Editor, or supabase/migrations/). Idempotent: the local
-- stand-in applies it on every start, and running it twice changes nothing.
--
-- Why (traced on 1,000,000 calls with log_min_duration_statement and auto_explain:
-- benchmarks/first_sync_queries.py):
--   * A profile's first sync reads the calls still open: status none of the closed ones, and
--     ai_status none of the settled ones, by id, 1000 at a time. No index served either read,
--     so each walked the primary key over the whole table and checked RLS on every row it
--     passed. The two partial indexes below hold only the open calls, so those reads cost what
--     is open, whatever the history holds. Their conditions are the app's lists
--     (desktop_notifier/events/call.py: CLOSED_STATUSES, SETTLED_AI), written the way the app
--     sends them (`status=not.in.(...)`, in this order): PostgreSQL uses a partial index only
--     for a query whose condition proves the index's.
--   * RLS: a policy that calls auth.uid() evaluates it again for every row a statement looks
--     at; `(select auth.uid())` is evaluated once per statement (an InitPlan), as Supabase's
--     RLS performance guide recommends. The team policy called shares_team(owner_id) for every
--     row (a join each time); it now asks whether owner_id is one of the caller's teammates,
--     a set read once per statement (team_mates(), security definer like shares_team).
--     Who sees what is unchanged.

create index if not exists calls_open_status_id_idx on public.calls (id)
  where status not in ('completed', 'missed', 'failed', 'cancelled');

create index if not exists calls_open_ai_status_id_idx on public.calls (id)
  where ai_status not in ('completed', 'failed');

-- The signed-in user and everyone who shares a team with them (shares_team's set, 004).
create or replace function public.team_mates() returns setof uuid
language sql stable security definer set search_path = '' as $$
  select auth.uid()
  union
  select theirs.user_id
  from public.team_members mine
  join public.team_members theirs on theirs.team_id = mine.team_id
  where mine.user_id = auth.uid()
$$;

revoke execute on function public.team_mates() from public, anon;
grant execute on function public.team_mates() to authenticated, service_role;

drop policy if exists "a user sees the calls they own" on public.calls;
create policy "a user sees the calls they own" on public.calls
  for select to authenticated
  using ((select auth.uid()) = owner_id);

drop policy if exists "a user creates calls they own" on public.calls;
create policy "a user creates calls they own" on public.calls
  for insert to authenticated
  with check ((select auth.uid()) = owner_id);

drop policy if exists "a user edits the calls they own" on public.calls;
create policy "a user edits the calls they own" on public.calls
  for update to authenticated
  using ((select auth.uid()) = owner_id)
  with check ((select auth.uid()) = owner_id);

drop policy if exists "team members see their team's calls" on public.calls;
create policy "team members see their team's calls" on public.calls
  for select to authenticated
  using (owner_id in (select public.team_mates()));
