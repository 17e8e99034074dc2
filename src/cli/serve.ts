// rebound serve: run until SIGTERM/SIGINT, then stop gracefully and exit 0. Settings come from the
// environment (src/config/smtp.ts). Errors exit with status 2: a bad setting (naming the variable),
// a start that fails, a spooler that dies, a second signal while stopping.
import type { Command } from 'commander';
import { ConfigError, smtpConfigFromEnv } from '../config/smtp.js';
import { imapConfigFromEnv } from '../config/imap.js';
import { startServe } from '../serve.js';
import { log } from '../log.js';
import { dbPath } from './common.js';

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('run the SMTP listener for the bounce domains and the IMAP pollers (settings: REBOUND_SMTP_*, REBOUND_VERP_* and REBOUND_IMAP_* variables)')
    .action(async (_opts: unknown, cmd: Command) => {
      const smtp = configOrExit(() => smtpConfigFromEnv(process.env));
      const imap = configOrExit(() => imapConfigFromEnv(process.env));
      // handlers first: a signal during startup stops the server as soon as it is up
      let signalled: NodeJS.Signals | undefined;
      let wake: () => void = () => {};
      const signal = new Promise<void>((resolve) => (wake = resolve));
      const onSignal = (sig: NodeJS.Signals) => {
        // a second signal while stopping: stop waiting for the sessions
        if (signalled) process.exit(2);
        signalled = sig;
        log.info({ signal: sig }, 'stopping');
        wake();
      };
      process.on('SIGTERM', onSignal);
      process.on('SIGINT', onSignal);
      let serving;
      try {
        serving = await startServe({
          dbPath: dbPath(cmd),
          smtp,
          imap,
          // nothing can be stored any more: stop, and let the supervisor start us again
          onFatal: () => {
            process.exitCode = 2;
            onSignal('SIGTERM');
          },
        });
      } catch (err) {
        if (err instanceof ConfigError) exitWithConfigError(err);
        // the port is taken, the database cannot be opened, ...
        process.stderr.write(`rebound: cannot start: ${(err as Error).message}\n`);
        process.exit(2);
      }
      await signal;
      try {
        await serving.stop();
      } catch (err) {
        log.error({ err: (err as Error).message }, 'stop failed');
        process.exitCode = 2;
      }
    });
}

export function configOrExit<T>(read: () => T): T {
  try {
    return read();
  } catch (err) {
    if (err instanceof ConfigError) exitWithConfigError(err);
    throw err;
  }
}

function exitWithConfigError(err: ConfigError): never {
  process.stderr.write(`rebound: bad setting ${err.message}\n`);
  process.exit(2);
}
