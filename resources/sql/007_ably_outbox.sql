-- 007: the Ably source's outbox. Every change of a call is written, in the same transaction,
-- to `public.ably_outbox`, one row per owner's channel (`calls:owner:<owner_id>`, the same
-- per-owner naming as 006's topics; an UPDATE that moves a call to another owner goes to both,
-- a call without an owner to none). A handler outside the database (the stand-in's
-- `desktop_notifier/devstack/ably_publisher.py`; in a real project an Edge Function called by a
-- Database Webhook on this table, or the same script run as a service) publishes each row to
-- Ably with the REST API and the root key, then deletes it: the root key never leaves the
-- server side, and a row stays until Ably accepted it (at-least-once; the app dedupes).
--
-- The message the app receives: name = the operation, data = {record, old_record, operation}
-- (`truncated: true` and only the small values for rows over 60 KB: Ably's default message
-- size limit is 64 KiB; the app then reads the whole row over PostgREST).
--
-- Nobody but the server reads the outbox: RLS on, no policy, no grants to anon/authenticated.

create table if not exists public.ably_outbox (
  id bigint generated always as identity primary key,
  channel text not null,
  operation text not null,
  data jsonb not null,
  created_at timestamptz not null default now()
);
alter table public.ably_outbox enable row level security;
revoke all on public.ably_outbox from anon, authenticated;

create or replace function public.ably_outbox_calls_change() returns trigger
language plpgsql security definer set search_path = '' as $$
declare
  r public.calls := case when tg_op = 'DELETE' then old else new end;
  channels text[] := array[]::text[];
  ch text;
  body jsonb;
begin
  if r.owner_id is not null then
    channels := channels || ('calls:owner:' || r.owner_id::text);
  end if;
  if tg_op = 'UPDATE' and old.owner_id is not null and old.owner_id is distinct from new.owner_id
  then
    channels := channels || ('calls:owner:' || old.owner_id::text);
  end if;
  body := jsonb_build_object('record', to_jsonb(new), 'old_record', to_jsonb(old),
                             'operation', tg_op);
  if octet_length(body::text) > 60000 then
    body := jsonb_build_object(
      'record', (select jsonb_object_agg(key, value) from jsonb_each(to_jsonb(new))
                 where octet_length(value::text) <= 64),
      'old_record', (select jsonb_object_agg(key, value) from jsonb_each(to_jsonb(old))
                     where octet_length(value::text) <= 64),
      'operation', tg_op, 'truncated', true);
  end if;
  foreach ch in array channels loop
    insert into public.ably_outbox (channel, operation, data) values (ch, tg_op, body);
  end loop;
  return null;
end
$$;

create or replace trigger ably_outbox_calls_change
  after insert or update or delete on public.calls
  for each row execute function public.ably_outbox_calls_change();
