/**
 * The `nadoo` command line: `serve`, `migrate`, and (added by later modules) more. Every command
 * reads the same environment variables as the server (see README).
 */
import { Command, CommanderError } from "commander";
import pino from "pino";
import { ConfigError, loadConfig } from "./config.ts";
import { loggerOptions } from "./http/logging.ts";
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
