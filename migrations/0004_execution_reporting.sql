CREATE TABLE "api_key_customers" (
	"api_key_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	CONSTRAINT "api_key_customers_api_key_id_customer_id_pk" PRIMARY KEY("api_key_id","customer_id")
);
--> statement-breakpoint
CREATE TABLE "api_keys" (
	"id" uuid PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"name" text NOT NULL,
	"key_hash" text NOT NULL,
	"display_prefix" text NOT NULL,
	"legacy" boolean DEFAULT false NOT NULL,
	"restricted" boolean DEFAULT false NOT NULL,
	"expires_at" timestamp (3) with time zone,
	"last_used_at" timestamp (3) with time zone,
	"revoked_at" timestamp (3) with time zone,
	"revoked_by_user_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "api_keys_key_hash_unique" UNIQUE("key_hash"),
	CONSTRAINT "api_keys_key_hash_check" CHECK ("api_keys"."key_hash" ~ '^[0-9a-f]{64}$')
);
--> statement-breakpoint
CREATE TABLE "executions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"customer_program_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"reported_by_user_id" uuid,
	"api_key_id" uuid,
	"time_saved_seconds" integer NOT NULL,
	"covered_seconds" integer NOT NULL,
	"billed_seconds" integer NOT NULL,
	"price_per_second" numeric(14, 6) NOT NULL,
	"price" numeric(14, 6) NOT NULL,
	"currency" text NOT NULL,
	"payment_status" text DEFAULT 'not_paid' NOT NULL,
	"occurred_at" timestamp (3) with time zone,
	"paid_at" timestamp (3) with time zone,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "executions_payment_status_check" CHECK ("executions"."payment_status" IN ('not_paid', 'paid', 'refunded', 'revoked')),
	CONSTRAINT "executions_seconds_check" CHECK ("executions"."covered_seconds" >= 0 AND "executions"."billed_seconds" >= 0 AND "executions"."covered_seconds" + "executions"."billed_seconds" = "executions"."time_saved_seconds")
);
--> statement-breakpoint
CREATE TABLE "idempotency_records" (
	"user_id" uuid NOT NULL,
	"key" text NOT NULL,
	"request_hash" text NOT NULL,
	"response_status" integer NOT NULL,
	"response_body" jsonb NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "idempotency_records_user_id_key_pk" PRIMARY KEY("user_id","key")
);
--> statement-breakpoint
CREATE TABLE "customer_program_time_accounts" (
	"customer_program_id" uuid NOT NULL,
	"time_account_id" uuid NOT NULL,
	"position" integer NOT NULL,
	CONSTRAINT "customer_program_time_accounts_customer_program_id_time_account_id_pk" PRIMARY KEY("customer_program_id","time_account_id"),
	CONSTRAINT "customer_program_time_accounts_position_unique" UNIQUE("customer_program_id","position")
);
--> statement-breakpoint
CREATE TABLE "customer_programs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"program_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"default_time_saved_seconds" integer DEFAULT 0 NOT NULL,
	"pricing_mode" text DEFAULT 'tiered' NOT NULL,
	"price_per_second" numeric(14, 6) DEFAULT '0' NOT NULL,
	"tiers" jsonb,
	"currency" text DEFAULT 'EUR' NOT NULL,
	"is_active" boolean DEFAULT true NOT NULL,
	"tier_basis_seconds" bigint DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "customer_programs_default_time_saved_check" CHECK ("customer_programs"."default_time_saved_seconds" BETWEEN 0 AND 86400),
	CONSTRAINT "customer_programs_pricing_mode_check" CHECK ("customer_programs"."pricing_mode" IN ('fixed', 'tiered')),
	CONSTRAINT "customer_programs_price_check" CHECK ("customer_programs"."price_per_second" >= 0),
	CONSTRAINT "customer_programs_currency_check" CHECK ("customer_programs"."currency" ~ '^[A-Z]{3}$'),
	CONSTRAINT "customer_programs_tier_basis_check" CHECK ("customer_programs"."tier_basis_seconds" >= 0)
);
--> statement-breakpoint
CREATE TABLE "program_dependencies" (
	"program_id" uuid NOT NULL,
	"dependency_id" uuid NOT NULL,
	CONSTRAINT "program_dependencies_program_id_dependency_id_pk" PRIMARY KEY("program_id","dependency_id"),
	CONSTRAINT "program_dependencies_not_self" CHECK ("program_dependencies"."program_id" <> "program_dependencies"."dependency_id")
);
--> statement-breakpoint
CREATE TABLE "programs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"is_active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "time_account_entries" (
	"id" uuid PRIMARY KEY NOT NULL,
	"time_account_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"seconds" bigint NOT NULL,
	"balance_after_seconds" bigint NOT NULL,
	"execution_id" uuid,
	"actor_user_id" uuid,
	"actor_api_key_id" uuid,
	"reason" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "time_account_entries_kind_check" CHECK ("time_account_entries"."kind" IN ('top_up', 'execution_debit', 'refund', 'adjustment', 'transfer')),
	CONSTRAINT "time_account_entries_seconds_check" CHECK ("time_account_entries"."seconds" <> 0),
	CONSTRAINT "time_account_entries_balance_check" CHECK ("time_account_entries"."balance_after_seconds" >= 0)
);
--> statement-breakpoint
CREATE TABLE "time_accounts" (
	"id" uuid PRIMARY KEY NOT NULL,
	"customer_id" uuid NOT NULL,
	"name" text NOT NULL,
	"is_active" boolean DEFAULT true NOT NULL,
	"balance_seconds" bigint DEFAULT 0 NOT NULL,
	"deactivated_at" timestamp (3) with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "time_accounts_balance_not_negative" CHECK ("time_accounts"."balance_seconds" >= 0)
);
--> statement-breakpoint
ALTER TABLE "api_key_customers" ADD CONSTRAINT "api_key_customers_api_key_id_api_keys_id_fk" FOREIGN KEY ("api_key_id") REFERENCES "public"."api_keys"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_key_customers" ADD CONSTRAINT "api_key_customers_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_revoked_by_user_id_users_id_fk" FOREIGN KEY ("revoked_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "executions" ADD CONSTRAINT "executions_customer_program_id_customer_programs_id_fk" FOREIGN KEY ("customer_program_id") REFERENCES "public"."customer_programs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "executions" ADD CONSTRAINT "executions_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "executions" ADD CONSTRAINT "executions_reported_by_user_id_users_id_fk" FOREIGN KEY ("reported_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "executions" ADD CONSTRAINT "executions_api_key_id_api_keys_id_fk" FOREIGN KEY ("api_key_id") REFERENCES "public"."api_keys"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "idempotency_records" ADD CONSTRAINT "idempotency_records_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_program_time_accounts" ADD CONSTRAINT "customer_program_time_accounts_customer_program_id_customer_programs_id_fk" FOREIGN KEY ("customer_program_id") REFERENCES "public"."customer_programs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_program_time_accounts" ADD CONSTRAINT "customer_program_time_accounts_time_account_id_time_accounts_id_fk" FOREIGN KEY ("time_account_id") REFERENCES "public"."time_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_programs" ADD CONSTRAINT "customer_programs_program_id_programs_id_fk" FOREIGN KEY ("program_id") REFERENCES "public"."programs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_programs" ADD CONSTRAINT "customer_programs_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "program_dependencies" ADD CONSTRAINT "program_dependencies_program_id_programs_id_fk" FOREIGN KEY ("program_id") REFERENCES "public"."programs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "program_dependencies" ADD CONSTRAINT "program_dependencies_dependency_id_programs_id_fk" FOREIGN KEY ("dependency_id") REFERENCES "public"."programs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "time_account_entries" ADD CONSTRAINT "time_account_entries_time_account_id_time_accounts_id_fk" FOREIGN KEY ("time_account_id") REFERENCES "public"."time_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "time_accounts" ADD CONSTRAINT "time_accounts_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "api_key_customers_customer_idx" ON "api_key_customers" USING btree ("customer_id");--> statement-breakpoint
CREATE INDEX "api_keys_user_idx" ON "api_keys" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "executions_customer_created_idx" ON "executions" USING btree ("customer_id","created_at");--> statement-breakpoint
CREATE INDEX "executions_program_created_idx" ON "executions" USING btree ("customer_program_id","created_at");--> statement-breakpoint
CREATE INDEX "customer_program_time_accounts_account_idx" ON "customer_program_time_accounts" USING btree ("time_account_id");--> statement-breakpoint
CREATE INDEX "customer_programs_customer_idx" ON "customer_programs" USING btree ("customer_id");--> statement-breakpoint
CREATE INDEX "customer_programs_program_idx" ON "customer_programs" USING btree ("program_id");--> statement-breakpoint
CREATE INDEX "program_dependencies_dependency_idx" ON "program_dependencies" USING btree ("dependency_id");--> statement-breakpoint
CREATE INDEX "time_account_entries_account_idx" ON "time_account_entries" USING btree ("time_account_id","id");--> statement-breakpoint
CREATE INDEX "time_account_entries_execution_idx" ON "time_account_entries" USING btree ("execution_id");--> statement-breakpoint
CREATE INDEX "time_accounts_customer_idx" ON "time_accounts" USING btree ("customer_id");--> statement-breakpoint
-- The time-account ledger is append-only, like the audit log: entries are added, never changed.
CREATE FUNCTION time_account_entries_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'time_account_entries is append-only' USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER time_account_entries_append_only
  BEFORE UPDATE OR DELETE ON "time_account_entries"
  FOR EACH ROW EXECUTE FUNCTION time_account_entries_refuse_change();
--> statement-breakpoint
CREATE TRIGGER time_account_entries_no_truncate
  BEFORE TRUNCATE ON "time_account_entries"
  FOR EACH STATEMENT EXECUTE FUNCTION time_account_entries_refuse_change();
