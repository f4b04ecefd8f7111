// Constants and helpers shared by the embedded-postgres modules.

import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

/** The cluster's superuser, and the system user the server runs as when started by root. */
export const USER = 'postgres';
export const PASSWORD = 'postgres';

export const execFileP = promisify(execFile);
export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
