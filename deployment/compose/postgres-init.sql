-- Run once by the postgres image on an empty volume, as the schema owner "invoice" (POSTGRES_USER).
-- The worker connects as invoice_app: data rights on what the owner creates, no DDL. Migrations run
-- as the owner, in compose's db-migration service.
CREATE ROLE invoice_app LOGIN PASSWORD 'invoice_app';
GRANT CONNECT ON DATABASE invoice TO invoice_app;
GRANT USAGE ON SCHEMA public TO invoice_app;
ALTER DEFAULT PRIVILEGES FOR ROLE invoice IN SCHEMA public
  GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO invoice_app;
ALTER DEFAULT PRIVILEGES FOR ROLE invoice IN SCHEMA public
  GRANT USAGE, SELECT ON SEQUENCES TO invoice_app;
