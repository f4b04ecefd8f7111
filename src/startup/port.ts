import net from 'node:net';
import { StartupError } from './errors';

/**
 * Fails fast, before the database is started or migrated, when the HTTP port cannot be bound:
 * another Bazaar (or anything else) already listens there, or it needs privileges.
 */
export async function assertPortFree(port: number, host: string): Promise<void> {
  if (port === 0) return;
  await new Promise<void>((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.once('error', (err: NodeJS.ErrnoException) => reject(portError(err, port, host)));
    probe.listen(port, host, () => probe.close(() => resolve()));
  });
}

/** The sentence for an HTTP listen failure (also used when the real listen loses a race). */
export function portError(
  err: NodeJS.ErrnoException,
  port: number,
  host: string,
  variable: 'PORT' | 'METRICS_PORT' = 'PORT',
): Error {
  const hostVariable = variable === 'PORT' ? 'HOST' : 'METRICS_HOST';
  if (err.code === 'EADDRINUSE') {
    return new StartupError(
      `Port ${port} is already in use on ${host} (another Bazaar, or another program): stop it, or choose another port, e.g. ${variable}=${port === 65535 ? 4000 : port + 1} npm start.`,
    );
  }
  if (err.code === 'EACCES') {
    return new StartupError(
      `Port ${port} needs administrator rights: choose a port above 1023, e.g. ${variable}=${variable === 'PORT' ? 4000 : 9464}.`,
    );
  }
  if (err.code === 'EADDRNOTAVAIL' || err.code === 'ENOTFOUND') {
    return new StartupError(
      `${hostVariable}=${host} is not an address of this machine: use 0.0.0.0 (every interface) or 127.0.0.1.`,
    );
  }
  return err;
}
