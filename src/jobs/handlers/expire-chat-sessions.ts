import { expireIdleSessions } from '../../modules/chat/sessions.service';
import type { AppDeps } from '../../server/context';

/** Every minute: chat sessions idle for CHAT_SESSION_IDLE_MINUTES end (see expireIdleSessions). */
export async function expireChatSessions(deps: AppDeps) {
  const result = await expireIdleSessions(deps.db.prisma, deps.config.CHAT_SESSION_IDLE_MINUTES);
  if (result.ended + result.abandoned > 0) deps.log.info(result, 'idle chat sessions ended');
  return result;
}
