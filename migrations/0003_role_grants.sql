CREATE TABLE "role_grants" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"contract_id" uuid NOT NULL,
	"role" text NOT NULL,
	"abilities" text[] DEFAULT '{}'::text[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "role_grants_contract_role_unique" UNIQUE("contract_id","role"),
	CONSTRAINT "role_grants_catalogue_check" CHECK ((role = 'employee_manager' AND abilities <@ ARRAY['add_employees', 'deactivate_employees', 'grant_role']::text[]) OR (role = 'time_account_manager' AND abilities <@ ARRAY['create_time_accounts', 'delete_time_accounts', 'grant_role']::text[]) OR (role = 'program_manager' AND abilities <@ ARRAY['create_programs', 'delete_programs', 'grant_role']::text[]) OR (role = 'execution_manager' AND abilities <@ ARRAY['create_executions', 'delete_executions', 'grant_role']::text[]) OR (role = 'api_key_manager' AND abilities <@ ARRAY['create_api_keys', 'delete_api_keys', 'grant_role']::text[]) OR (role = 'key_manager' AND abilities <@ ARRAY['create_users', 'delete_users', 'grant_role']::text[]) OR (role = 'customer_manager' AND abilities <@ ARRAY['edit_customer', 'grant_role']::text[]))
);
--> statement-breakpoint
ALTER TABLE "role_grants" ADD CONSTRAINT "role_grants_contract_id_contracts_id_fk" FOREIGN KEY ("contract_id") REFERENCES "public"."contracts"("id") ON DELETE cascade ON UPDATE no action;