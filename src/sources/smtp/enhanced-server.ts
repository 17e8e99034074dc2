// smtp-server with one change: a reply text that starts with its own enhanced status code
// (RFC 3463, e.g. "5.7.1 Relay access denied") is sent with that code. smtp-server derives the
// enhanced code of an application's error from the basic code alone (550 → 5.1.1), and a refused
// relay must say 5.7.1. Everything else is smtp-server's own behaviour.
import type net from 'node:net';
import type tls from 'node:tls';
import { SMTPServer } from 'smtp-server';
import { SMTPConnection, type SMTPConnectionOptions } from 'smtp-server/lib/smtp-connection.js';

const ENHANCED = /^[245]\.\d{1,3}\.\d{1,3} /;

class Connection extends SMTPConnection {
  override send(code: number, data?: string | string[] | null, context?: string | false): void {
    // `false` tells smtp-server to add no enhanced code: the text carries it
    super.send(code, data, typeof data === 'string' && ENHANCED.test(data) ? false : context);
  }
}

export class EnhancedSMTPServer extends SMTPServer {
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
