--liquibase formatted sql

--changeset invoice-worker:002-demo-data context:demo
insert into clinics (id, name) values (1, 'Demo clinic 1'), (2, 'Demo clinic 2');
insert into patients (id, clinic_id, name)
  select g, 1, 'Patient ' || g from generate_series(101, 110) g
  union all
  select g, 2, 'Patient ' || g from generate_series(201, 210) g;
insert into products (id, clinic_id, name, unit_amount, currency) values
  (1, 1, 'Semaglutide, 1 month', 29900, 'usd'),
  (2, 1, 'Tirzepatide, 1 month', 39900, 'usd'),
  (3, 1, 'Consultation', 4900, 'usd'),
  (4, 2, 'Lab panel', 12900, 'usd');
