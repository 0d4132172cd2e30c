-- 008_comment_alerts.sql — comments on a call, to its owner's live topic (the comment alert,
-- issue 17) for apps set to the `broadcast` or `ably` live source. Apps on the default
-- postgres_changes source need none of this: they bind `call_comments` on their own channel.
--
-- How to apply: like 001, after 005_views_comments.sql and after 006 and/or 007. Idempotent.
-- Each trigger is created only where its source is installed (006's or 007's function), so a
-- project without Broadcast or Ably never fails a comment's INSERT over a missing function.
-- Without this file those apps still alert comments: their catch-up reads them at the next
-- reconciliation (every 2 minutes by default).
--
-- What it does: an INSERT on public.call_comments by someone other than the call's owner is
-- published ONCE, to the owner's topic `calls:owner:<owner_id>` (006's and 007's naming), as
-- {record, old_record: null, operation: 'INSERT', table: 'call_comments', schema: 'public'}.
-- Only the owner's topic: nobody else gets a comment alert, and the policy 006 put on
-- realtime.messages (a user reads their own topic) already covers it. Comments by the owner
-- are not published (they never alert). A comment is ≤ 4000 characters: it always fits.

create or replace function public.broadcast_call_comment() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  owner uuid;
begin
  select c.owner_id into owner from public.calls c where c.id = new.call_id;
  if owner is null or owner is not distinct from new.author_id then
    return null;
  end if;
  perform realtime.broadcast_changes(
    'calls:owner:' || owner::text, 'INSERT', 'INSERT', tg_table_name, tg_table_schema, new, null);
  return null;
end
$$;

create or replace function public.ably_outbox_call_comment() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  owner uuid;
begin
  select c.owner_id into owner from public.calls c where c.id = new.call_id;
  if owner is null or owner is not distinct from new.author_id then
    return null;
  end if;
  insert into public.ably_outbox (channel, operation, data)
  values ('calls:owner:' || owner::text, 'INSERT',
          jsonb_build_object('record', to_jsonb(new), 'old_record', null, 'operation', 'INSERT',
                             'table', 'call_comments', 'schema', 'public'));
  return null;
end
$$;

do $$
begin
  if to_regprocedure('public.broadcast_calls_change()') is not null then  -- 006 is applied
    create or replace trigger broadcast_call_comment
      after insert on public.call_comments
      for each row execute function public.broadcast_call_comment();
  end if;
  if to_regclass('public.ably_outbox') is not null then  -- 007 is applied
    create or replace trigger ably_outbox_call_comment
      after insert on public.call_comments
      for each row execute function public.ably_outbox_call_comment();
  end if;
end
$$;
