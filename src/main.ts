/**
 * The `nadoo` command line: `serve`, `migrate`, `create-admin`, `enrolment-link`, `import-django`,
 * `seed-demo`.
 * Every command reads the same environment variables as the server (see README).
 */
import { Command, CommanderError } from "commander";
import pino from "pino";
import { type Config, ConfigError, loadConfig } from "./config.ts";
import type { DatabaseHandle } from "./db/connection.ts";
import { transaction } from "./db/transaction.ts";
import { loggerOptions } from "./http/logging.ts";
import { NotFoundError, ValidationError } from "./lib/errors.ts";
import { systemActor } from "./modules/audit/service.ts";
import { type IssuedEnrolmentLink, issueEnrolmentLink } from "./modules/auth/enrolment.ts";
import { authSettings } from "./modules/auth/settings.ts";
import { describeDatabase, explainLockedDatabase, formatDemoResult } from "./modules/demo/output.ts";
import { DemoRefusedError, seedDemo } from "./modules/demo/service.ts";
import { isLanguage } from "./modules/identity/language.ts";
import type { User } from "./modules/identity/schema.ts";
import { createUser, findUserByCode } from "./modules/identity/service.ts";
import { formatUserCode } from "./modules/identity/user-code.ts";
import { progressBar } from "./modules/import/progress.ts";
import { importDjangoDump } from "./modules/import/service.ts";
import { openMigratedDatabase, startServer } from "./server.ts";

const program = new Command("nadoo")
  .description("NADOO execution management system")
  .showHelpAfterError()
  .exitOverride();

program
  .command("serve")
  .description("Apply pending migrations, then serve the API, NADOO OS and the website (PORT, HOST).")
  .action(async () => {
    const server = await startServer(loadConfig());
    const stop = (signal: string) => {
      server.app.log.info({ signal }, "shutting down");
      server.close().then(
        () => process.exit(0),
        (error: unknown) => {
          server.app.log.error({ err: error }, "shutdown failed");
          process.exit(1);
        },
      );
    };
    process.once("SIGTERM", () => stop("SIGTERM"));
    process.once("SIGINT", () => stop("SIGINT"));
  });

program
  .command("migrate")
  .description("Apply pending database migrations and exit. Safe to run repeatedly and concurrently.")
  .action(async () => {
    const config = loadConfig();
    const database = await openMigratedDatabase(config, pino(loggerOptions(config.logLevel)));
    await database.close();
  });

/** Commands that print results keep standard output for them; log lines go to standard error. */
async function withDatabase<T>(work: (database: DatabaseHandle, config: Config) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const database = await openMigratedDatabase(
    config,
    pino(loggerOptions(config.logLevel), pino.destination(2)),
  );
  try {
    return await work(database, config);
  } finally {
    await database.close();
  }
}

function printEnrolmentLink(user: User, issued: IssuedEnrolmentLink): void {
  process.stdout.write(
    `User:            ${user.displayName}\n` +
      `User code:       ${formatUserCode(user.code)}\n` +
      `Valid until:     ${issued.link.expiresAt.toISOString()} (one use)\n` +
      `Enrolment link:\n${issued.url}\n`,
  );
}

program
  .command("create-admin")
  .description("Create a superuser and print their one-time enrolment link (PUBLIC_URL/os/enrol/<token>).")
  .requiredOption("--name <display name>", "the person's name as shown in NADOO")
  .option("--language <language>", "de or en", "de")
  .action(async (options: { name: string; language: string }) => {
    if (!isLanguage(options.language)) throw new ValidationError("--language must be de or en.");
    const language = options.language;
    await withDatabase(async ({ db }, config) => {
      const { user, issued } = await transaction(db, async (tx) => {
        const user = await createUser(tx, systemActor, {
          displayName: options.name,
          isStaff: true,
          isSuperuser: true,
          language,
        });
        return { user, issued: await issueEnrolmentLink(tx, authSettings(config), systemActor, user.id) };
      });
      process.stdout.write("Superuser created. Open the link in a browser to register a passkey.\n");
      printEnrolmentLink(user, issued);
    });
  });

program
  .command("enrolment-link")
  .description("Issue a new one-time enrolment link for an existing user (e.g. after all keys were lost).")
  .argument("<user-code>", "the user's code, e.g. K7QM-3XTD-9PWA")
  .action(async (userCode: string) => {
    await withDatabase(async ({ db }, config) => {
      const user = await findUserByCode(db, userCode);
      if (!user) throw new NotFoundError(`No user has the code ${userCode}.`);
      printEnrolmentLink(user, await issueEnrolmentLink(db, authSettings(config), systemActor, user.id));
    });
  });

program
  .command("import-django")
  .description("Import a `manage.py dumpdata` JSON file of the original NADOO-IT system (one transaction).")
  .argument("<file>", "the dump, e.g. dump.json")
  .option("--dry-run", "import, print the report, then roll everything back")
  .option("--json", "print the report as JSON")
  .action(async (file: string, options: { dryRun?: boolean; json?: boolean }) => {
    await withDatabase(async ({ db }) => {
      const bar = progressBar();
      const report = await importDjangoDump(db, file, {
        dryRun: options.dryRun ?? false,
        onProgress: (done, total) => bar.update(done, total),
      }).finally(() => bar.finish());
      process.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : report.format());
    });
  });

program
  .command("seed-demo")
  .description(
    "Create the demo customer Muster GmbH (people with roles, programs, time accounts, a year of " +
      "executions) and print its people's enrolment links. Run again, it adds nothing and prints fresh " +
      "links for the demo's own people only. Refuses a database holding other customers, and " +
      "NODE_ENV=production, unless --force.",
  )
  .option("--force", "also write into a database that holds other customers, or with NODE_ENV=production")
  .action(async (options: { force?: boolean }) => {
    const force = options.force ?? false;
    const target = describeDatabase(loadConfig());
    process.stdout.write(`Database: ${target}\n`);
    if (process.env.NODE_ENV === "production" && !force) {
      // Before opening: opening applies migrations, which a production database gets from its deploy.
      throw new DemoRefusedError(
        `NODE_ENV is production, so ${target} looks like a live database; nothing was changed. ` +
          "The demo adds a customer, five active people and a working API key. To load it anyway, run " +
          "`nadoo seed-demo --force`.",
      );
    }
    await withDatabase(async ({ db }, config) => {
      process.stdout.write(formatDemoResult(await seedDemo(db, { settings: authSettings(config), force })));
    }).catch((error: unknown) => {
      throw explainLockedDatabase(error);
    });
  });

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    process.exitCode = error.exitCode;
  } else if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
    process.exitCode = 2;
  } else {
    process.stderr.write(`nadoo: ${(error as Error).message}\n`);
    process.exitCode = 1;
  }
}
