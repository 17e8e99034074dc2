// smtp-server with two changes:
// - a reply text that starts with its own enhanced status code (RFC 3463, e.g. "5.7.1 Relay access
//   denied") is sent with that code. smtp-server derives the enhanced code of an application's error
//   from the basic code alone (550 → 5.1.1), and a refused relay must say 5.7.1;
// - a client that half-closes its side still gets the replies it is owed. Exim pipelines QUIT
//   behind the final dot and shuts down its writing side at once, then reads the 250 and the 221.
//   With Node's default (allowHalfOpen false) the server's side ends with the client's, so the
//   250, sent once the message is committed, could no longer be written and Exim retried the
//   message later. Sockets are kept half open instead, and the connection closes itself once
//   every command the client sent before its FIN has been answered.
// Everything else is smtp-server's own behaviour.
import type net from 'node:net';
import type tls from 'node:tls';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { SMTPConnection, type SMTPConnectionOptions } from 'smtp-server/lib/smtp-connection.js';
import type { SMTPStream } from 'smtp-server/lib/smtp-stream.js';

const ENHANCED = /^[245]\.\d{1,3}\.\d{1,3} /;

class Connection extends SMTPConnection {
  override send(code: number, data?: string | string[] | null, context?: string | false): void {
    // `false` tells smtp-server to add no enhanced code: the text carries it
    const ctx = typeof data === 'string' && ENHANCED.test(data) ? false : context;
    const socket = this._socket;
    if (socket.readyState !== 'writeOnly') return super.send(code, data, ctx);
    // the client half-closed: smtp-server writes only to a socket open both ways, so for this one
    // write the socket says it is (send() is smtp-server's single write site)
    Object.defineProperty(socket, 'readyState', { value: 'open', configurable: true });
    try {
      super.send(code, data, ctx);
    } finally {
      delete (socket as { readyState?: unknown }).readyState;
    }
  }

  // one parser per socket (a new one after STARTTLS); it finishes when its socket's readable side
  // ended and every command before that was handled (the end of data waits for onData's answer)
  override _createParser(): SMTPStream {
    const parser = super._createParser();
    parser.on('finish', () => {
      // a pipelined QUIT has closed the connection already; otherwise nothing more can come
      if (!this._closing && !this._closed) this.close();
    });
    return parser;
  }
}

export class EnhancedSMTPServer extends SMTPServer {
  constructor(options: SMTPServerOptions) {
    super({ ...options, allowHalfOpen: true });
  }

  // the same as SMTPServer.connect (smtp-server 3.21), with our connection class
  override connect(socket: net.Socket | tls.TLSSocket, socketOptions?: SMTPConnectionOptions | null): void {
    const connection = new Connection(this, socket, socketOptions);
    this.connections.add(connection);
    connection.on('error', (err: Error) => this._onError(err));
    connection.on('connect', (data) => this._onClientConnect(data));
    connection.init();
  }
}

export type { SMTPConnection };
