// rebound serve: run until SIGTERM/SIGINT, then stop gracefully and exit 0; SIGHUP reads the rule
// files again. Settings come from the configuration (src/config/load.ts: the file and REBOUND_*
// variables). Errors exit with status 2: a bad setting (naming the key or variable, or a rule file
// and line), a start that fails, a spooler that dies, a second signal while stopping.
import type { Command } from 'commander';
import { ConfigError } from '../config/error.js';
import type { Config } from '../config/load.js';
import { startServe, type ServeConfig, type Serving } from '../serve.js';
import { log } from '../log.js';
import { exitWithConfigError, settings } from './settings.js';

/** What `startServe` takes, from the configuration. */
export function serveConfigOf(c: Config): ServeConfig {
  return { dbPath: c.store.path, smtp: c.smtp, returnPath: c.returnPath, spool: c.spool, host: c.host, imap: c.imap, http: c.http, webhook: c.webhook, events: c.events, forward: c.forward, export: c.export, ui: c.ui, context: { policy: c.policy }, store: { rules: c.classify.rules, url: c.store.url } };
}

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('run the SMTP listener, the IMAP pollers, the HTTP API, webhooks and scheduled exports as configured')
    .action(async (_opts: unknown, cmd: Command) => {
      const config = settings(cmd, { warn: true });
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
      let serving: Serving | undefined;
      // SIGHUP: read the rule files again; a bad one is refused (logged) and the old rules stay
      // (during startup there is nothing to reload: the files are being read)
      const onHangup = () => void serving?.reloadRules();
      process.on('SIGHUP', onHangup);
      try {
        serving = await startServe({
          ...serveConfigOf(config),
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
      process.off('SIGHUP', onHangup);
      try {
        await serving.stop();
      } catch (err) {
        log.error({ err: (err as Error).message }, 'stop failed');
        process.exitCode = 2;
      }
    });
}
