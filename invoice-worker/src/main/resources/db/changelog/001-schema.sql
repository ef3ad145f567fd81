--liquibase formatted sql

--changeset invoice-worker:001-schema
create table clinics (
  id   bigint primary key,
  name text   not null
);

create table patients (
  id        bigint primary key,
  clinic_id bigint not null references clinics (id),
  name      text   not null
);
create index patients_clinic on patients (clinic_id);

create table products (
  id          bigint primary key,
  clinic_id   bigint not null references clinics (id),
  name        text   not null,
  unit_amount bigint not null check (unit_amount > 0),
  currency    text   not null
);
create index products_clinic on products (clinic_id);

create table invoices (
  id                bigserial primary key,
  clinic_id         bigint      not null references clinics (id),
  patient_id        bigint      not null references patients (id),
  order_id          bigint,
  idempotency_key   text        not null,
  request_id        text        not null,
  amount            bigint      not null check (amount >= 0),
  amount_due        bigint      not null check (amount_due >= 0),
  amount_paid       bigint      not null check (amount_paid >= 0),
  currency          text        not null,
  status            text        not null check (status in ('OPEN', 'PAID')),
  memo              text,
  stripe_invoice_id text,
  metadata          jsonb       not null default '{}',
  created_at        timestamptz not null,
  constraint invoices_clinic_idempotency_key unique (clinic_id, idempotency_key)
);
-- The seed's duplicate checks: same patient and order within 5 minutes, same patient and amount
-- within 2 minutes. One index each, both led by clinic and patient.
create index invoices_same_order on invoices (clinic_id, patient_id, order_id, created_at) where order_id is not null;
create index invoices_same_amount on invoices (clinic_id, patient_id, amount, created_at);

create table invoice_items (
  invoice_id  bigint not null references invoices (id),
  position    int    not null,
  product_id  bigint references products (id),
  description text   not null,
  unit_amount bigint not null,
  quantity    int    not null check (quantity > 0),
  amount      bigint not null,
  primary key (invoice_id, position)
);

create table payments (
  id         bigserial primary key,
  invoice_id bigint      not null references invoices (id),
  amount     bigint      not null,
  currency   text        not null,
  method     text        not null,
  reference  text,
  paid_at    timestamptz not null,
  created_at timestamptz not null
);
create index payments_invoice on payments (invoice_id);

-- One row per (clinic, idempotency key): the outcome of its first command, so that a redelivered,
-- retried or replayed command gets the same answer and never a second invoice.
create table invoice_requests (
  clinic_id        bigint      not null,
  idempotency_key  text        not null,
  request_id       text        not null,
  body_fingerprint text        not null,
  outcome          text        not null check (outcome in ('CREATED', 'DUPLICATE', 'REJECTED')),
  invoice_id       bigint,
  duplicate_rule   text,
  error_code       text,
  error_message    text,
  accepted_at      timestamptz not null,
  completed_at     timestamptz not null,
  primary key (clinic_id, idempotency_key)
);
