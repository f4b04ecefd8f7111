import type { Logger } from '../../logger';

/** Placeholder replaced by the seed module. */
export async function seedDemoIfEmpty(_url: string, _log: Logger): Promise<void> {}
