import { addUserMessageHandler } from '../chat/on-user-message';
import { enqueueAssistantReply } from './turn/enqueue';

let registered = false;

/**
 * Hooks the assistant into messageSend (once per process: the handler set is process-wide, and
 * several apps may share a process in tests).
 */
export function registerAssistant(): void {
  if (registered) return;
  registered = true;
  addUserMessageHandler(enqueueAssistantReply);
}
