--liquibase formatted sql

--changeset invoice-worker:003-stripe
-- OPEN invoices that are created on Stripe too, and how far that got. The phases are the recovery
-- points of the Stripe stage (atomic phases): PENDING, recorded with the invoice in the batch's
-- transaction, nothing on Stripe yet; DRAFT, Stripe's draft invoice exists and its id is known;
-- CREATED, finalized on Stripe, its id is on the invoice too; REJECTED, Stripe refused it for good,
-- error_code says why. A redelivered hand-off resumes from the recorded phase.
create table stripe_invoices (
  invoice_id        bigint      primary key references invoices (id),
  clinic_id         bigint      not null,
  phase             text        not null check (phase in ('PENDING', 'DRAFT', 'CREATED', 'REJECTED')),
  stripe_invoice_id text,
  error_code        text,
  error_message     text,
  created_at        timestamptz not null,
  updated_at        timestamptz not null
);

-- The Stripe customer of each patient, kept so that a patient never gets a second one (Stripe keeps
-- idempotency keys for 24 hours only).
create table stripe_customers (
  clinic_id          bigint      not null references clinics (id),
  patient_id         bigint      not null references patients (id),
  stripe_customer_id text        not null,
  created_at         timestamptz not null,
  primary key (clinic_id, patient_id)
);

-- invoice.paid webhooks look up the local invoice of a Stripe invoice in its clinic.
create index invoices_stripe_invoice on invoices (clinic_id, stripe_invoice_id) where stripe_invoice_id is not null;
