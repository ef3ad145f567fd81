--liquibase formatted sql

--changeset invoice-worker:005-stripe-backlog
-- The Stripe stage's backlog gauge counts the invoices not yet CREATED or REJECTED and the age of the
-- oldest; without this index that read would scan every Stripe invoice ever made.
create index stripe_invoices_unfinished on stripe_invoices (created_at) where phase in ('PENDING', 'DRAFT');
