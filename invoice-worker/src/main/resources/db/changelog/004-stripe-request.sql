--liquibase formatted sql

--changeset invoice-worker:004-stripe-request
-- The request that created a Stripe-bound invoice, recorded with its PENDING phase and written in the
-- Stripe invoice's metadata (request_id): a paid Stripe invoice pays this local invoice only when its
-- metadata names both. Null for invoices recorded before it was kept, whose metadata has none either.
alter table stripe_invoices add column request_id text;
