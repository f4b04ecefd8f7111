import type { UserMessageHandler } from '../../chat/on-user-message';
import { openLlmRequest } from '../llm/accounting.service';
import { budgetExceeded, budgetKey } from '../llm/budget.service';
import { resolveTarget } from '../llm/target';
import { ASSISTANT_QUEUE_TOPIC } from './dispatcher';
import { selectMode } from './modes.service';

/**
 * messageSend's hook (inside its transaction): checks the sender's daily token budget, picks the
 * chat mode, reserves the id the reply will have (tokens stream under it), writes the queued
 * llm_requests row and enqueues the reply job — all committing with the shopper's message, or
 * not at all. A spent budget refuses the message with LLM_BUDGET_EXCEEDED.
 */
export const enqueueAssistantReply: UserMessageHandler = async (
  ctx,
  tx,
  { message, conversation, sender },
) => {
  const customerId = sender.customerId ?? conversation.customerId ?? null;
  const key = budgetKey({ customerId, guestIdentity: conversation.guestIp ?? conversation.id });
  const limit = customerId != null ? ctx.config.LLM_DAILY_TOKENS_CUSTOMER : ctx.config.LLM_DAILY_TOKENS_GUEST;
  const mode = await selectMode(tx, conversation, ctx.prisma);
  const target = resolveTarget(ctx.config, mode);
  const opened = await openLlmRequest(
    tx,
    {
      provider: target.provider,
      model: target.model,
      prompt: message.content,
      systemPrompt: mode.promptTemplate,
      parameters: {
        mode: mode.slug,
        temperature: mode.temperature,
        maxTokens: mode.maxTokens,
        maxIterations: mode.maxIterations,
        maxPromptTokens: mode.maxPromptTokens,
        tools: mode.tools,
      },
      conversationId: conversation.id,
      customerId,
      messageId: message.id,
      budgetKey: key,
    },
    // The budget check, the reply's id and the workers' wake-up (at commit) ride on the insert.
    { dailyLimit: limit, announce: { topic: ASSISTANT_QUEUE_TOPIC, event: {} }, reserveReplyId: true },
  );
  if ('refused' in opened) throw budgetExceeded(limit, opened.used);
  const { requestId } = opened;
  const replyMessageId = opened.replyMessageId!;
  await ctx.jobs.send('assistant.reply', { requestId, replyMessageId }, { tx });
};
