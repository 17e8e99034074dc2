// The yardstick for bench/smtp.mjs: smtp-server with the listener's connection options that reads
// each message and answers 250, storing nothing. Prints its port on stdout.
import { SMTPServer } from 'smtp-server';

const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['AUTH', 'STARTTLS'],
  disableReverseLookup: true,
  logger: false,
  size: 10 * 1024 * 1024,
  onData(stream, _session, cb) {
    stream.on('data', () => {});
    stream.on('end', () => cb(null, 'OK'));
  },
});
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  process.stdout.write(`${server.server.address().port}\n`);
});
for (const s of ['SIGINT', 'SIGTERM']) process.on(s, () => server.close(() => process.exit(0)));
