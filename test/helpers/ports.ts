// A free TCP port on loopback, from the kernel (listen on 0, read it, close): no fixed numbers.
// The kernel may hand the port it just got back again on the next call, since nothing holds it yet
// (a Postfix given the same port for two of its services answered with the wrong one): a port this
// process was already given is never returned twice.
import { createServer } from 'node:net';

const given = new Set<number>();

function kernelPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

export async function freePort(): Promise<number> {
  for (let i = 0; i < 100; i++) {
    const port = await kernelPort();
    if (!given.has(port)) {
      given.add(port);
      return port;
    }
  }
  throw new Error('no free port on 127.0.0.1 that this process was not already given');
}
