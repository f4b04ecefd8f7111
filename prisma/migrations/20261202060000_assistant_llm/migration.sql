-- CreateEnum
CREATE TYPE "chat_activity_status" AS ENUM ('succeeded', 'failed');

-- AlterTable
ALTER TABLE "chat_modes" ADD COLUMN     "condition" JSONB NOT NULL DEFAULT '{}',
ADD COLUMN     "max_iterations" INTEGER NOT NULL DEFAULT 4,
ADD COLUMN     "max_prompt_tokens" INTEGER NOT NULL DEFAULT 4000,
ADD COLUMN     "priority" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "llm_requests" ADD COLUMN     "budget_key" TEXT;

-- AlterTable
ALTER TABLE "llm_responses" ADD COLUMN     "fallback" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "model" TEXT,
ADD COLUMN     "provider" TEXT;

-- AlterTable
ALTER TABLE "message_products" ADD COLUMN     "quoted_currency" CHAR(3),
ADD COLUMN     "quoted_price" DECIMAL(12,2),
ADD COLUMN     "quoted_stock" INTEGER,
ADD COLUMN     "variant_id" INTEGER;

-- CreateTable
CREATE TABLE "chat_activities" (
    "id" SERIAL NOT NULL,
    "conversation_id" UUID NOT NULL,
    "message_id" INTEGER,
    "llm_request_id" UUID,
    "tool" TEXT NOT NULL,
    "arguments" JSONB NOT NULL DEFAULT '{}',
    "result_summary" TEXT,
    "duration_ms" INTEGER NOT NULL,
    "status" "chat_activity_status" NOT NULL,
    "error" TEXT,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "chat_activities_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "chat_activities_conversation_id_created_at_idx" ON "chat_activities"("conversation_id", "created_at");

-- CreateIndex
CREATE INDEX "chat_activities_message_id_idx" ON "chat_activities"("message_id");

-- CreateIndex
CREATE INDEX "chat_activities_llm_request_id_idx" ON "chat_activities"("llm_request_id");

-- CreateIndex
CREATE INDEX "llm_requests_budget_key_queued_at_idx" ON "llm_requests"("budget_key", "queued_at");

-- CreateIndex
CREATE INDEX "message_products_variant_id_idx" ON "message_products"("variant_id");

-- AddForeignKey
ALTER TABLE "message_products" ADD CONSTRAINT "message_products_variant_id_fkey" FOREIGN KEY ("variant_id") REFERENCES "product_variants"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "chat_activities" ADD CONSTRAINT "chat_activities_conversation_id_fkey" FOREIGN KEY ("conversation_id") REFERENCES "conversations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "chat_activities" ADD CONSTRAINT "chat_activities_message_id_fkey" FOREIGN KEY ("message_id") REFERENCES "messages"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "chat_activities" ADD CONSTRAINT "chat_activities_llm_request_id_fkey" FOREIGN KEY ("llm_request_id") REFERENCES "llm_requests"("id") ON DELETE SET NULL ON UPDATE CASCADE;


-- ─── Row checks (BEFORE triggers raising 23514, as everywhere: see docs/data-model.md) ───────────

CREATE OR REPLACE FUNCTION "chat_modes_enforce_checks"() RETURNS trigger
LANGUAGE plpgsql
AS E'
BEGIN
    IF NOT (NEW."max_tokens" > 0) THEN
        PERFORM raise_check_violation(TG_TABLE_NAME, ''chat_modes_max_tokens_check'')\073
    END IF\073
    IF NOT (NEW."temperature" >= 0 AND NEW."temperature" <= 2) THEN
        PERFORM raise_check_violation(TG_TABLE_NAME, ''chat_modes_temperature_check'')\073
    END IF\073
    IF NOT (NEW."max_iterations" BETWEEN 1 AND 20) THEN
        PERFORM raise_check_violation(TG_TABLE_NAME, ''chat_modes_max_iterations_check'')\073
    END IF\073
    IF NOT (NEW."max_prompt_tokens" BETWEEN 256 AND 1000000) THEN
        PERFORM raise_check_violation(TG_TABLE_NAME, ''chat_modes_max_prompt_tokens_check'')\073
    END IF\073
    IF NOT (jsonb_typeof(NEW."condition") = ''object'') THEN
        PERFORM raise_check_violation(TG_TABLE_NAME, ''chat_modes_condition_check'')\073
    END IF\073
    RETURN NEW\073
END\073
';
COMMENT ON FUNCTION "chat_modes_enforce_checks"() IS
    'Row checks of chat_modes: chat_modes_max_tokens_check, chat_modes_temperature_check, chat_modes_max_iterations_check (1-20), chat_modes_max_prompt_tokens_check (256-1000000), chat_modes_condition_check (a JSON object).';
COMMENT ON TRIGGER "chat_modes_checks_biu" ON "chat_modes" IS
    'Enforces the CHECK rules of chat_modes (max_tokens, temperature, max_iterations, max_prompt_tokens, condition).';

CREATE OR REPLACE FUNCTION "message_products_enforce_checks"() RETURNS trigger
LANGUAGE plpgsql
AS E'
BEGIN
    IF NOT (NEW."position" >= 0) THEN
        PERFORM raise_check_violation(TG_TABLE_NAME, ''message_products_position_check'')\073
    END IF\073
    IF NOT (NEW."quoted_price" IS NULL OR NEW."quoted_price" >= 0) THEN
        PERFORM raise_check_violation(TG_TABLE_NAME, ''message_products_quoted_price_check'')\073
    END IF\073
    IF NOT (NEW."quoted_stock" IS NULL OR NEW."quoted_stock" >= 0) THEN
        PERFORM raise_check_violation(TG_TABLE_NAME, ''message_products_quoted_stock_check'')\073
    END IF\073
    RETURN NEW\073
END\073
';
COMMENT ON FUNCTION "message_products_enforce_checks"() IS
    'Row checks of message_products: message_products_position_check, message_products_quoted_price_check, message_products_quoted_stock_check.';
COMMENT ON TRIGGER "message_products_checks_biu" ON "message_products" IS
    'Enforces the CHECK rules of message_products (position, quoted_price, quoted_stock).';

CREATE FUNCTION "chat_activities_enforce_checks"() RETURNS trigger
LANGUAGE plpgsql
AS E'
BEGIN
    IF NOT (NEW."duration_ms" >= 0) THEN
        PERFORM raise_check_violation(TG_TABLE_NAME, ''chat_activities_duration_check'')\073
    END IF\073
    IF NOT (length(NEW."tool") BETWEEN 1 AND 100) THEN
        PERFORM raise_check_violation(TG_TABLE_NAME, ''chat_activities_tool_check'')\073
    END IF\073
    RETURN NEW\073
END\073
';
COMMENT ON FUNCTION "chat_activities_enforce_checks"() IS
    'Row checks of chat_activities: chat_activities_duration_check (>= 0), chat_activities_tool_check (1-100 characters).';
CREATE TRIGGER "chat_activities_checks_biu"
    BEFORE INSERT OR UPDATE ON "chat_activities"
    FOR EACH ROW EXECUTE FUNCTION "chat_activities_enforce_checks"();
COMMENT ON TRIGGER "chat_activities_checks_biu" ON "chat_activities" IS
    'Enforces the CHECK rules of chat_activities (duration_ms, tool).';

-- ─── The default chat mode follows LLM_PROVIDER / LLM_MODEL and may use every tool ─────────────

UPDATE "chat_modes"
SET "provider" = 'default',
    "model" = 'default',
    "tools" = ARRAY['search_products', 'get_product_details', 'compare_products', 'get_return_policy',
                    'add_to_cart', 'update_cart', 'get_cart_summary', 'add_to_wishlist', 'get_order_status']
WHERE "slug" = 'default';

-- ─── Comments ───────────────────────────────────────────────────────────────────────────────────

COMMENT ON TYPE "chat_activity_status" IS 'Outcome of one assistant tool call: succeeded or failed.';

COMMENT ON TABLE "chat_activities" IS 'Every tool call the assistant made: which tool, with which arguments, what it returned (summary), how long it took and whether it worked. One row per call, in call order.';
COMMENT ON COLUMN "chat_activities"."id" IS 'Surrogate key (call order within a turn).';
COMMENT ON COLUMN "chat_activities"."conversation_id" IS 'The conversation the turn belongs to.';
COMMENT ON COLUMN "chat_activities"."message_id" IS 'The assistant message the call contributed to, NULL when the turn failed before a reply was stored.';
COMMENT ON COLUMN "chat_activities"."llm_request_id" IS 'The LLM request (turn) that made the call.';
COMMENT ON COLUMN "chat_activities"."tool" IS 'Tool name, e.g. search_products, add_to_cart.';
COMMENT ON COLUMN "chat_activities"."arguments" IS 'Arguments as the provider gave them (JSON). Never holds a customer id: tools act for the conversation''s own customer.';
COMMENT ON COLUMN "chat_activities"."result_summary" IS 'Short summary of the result (e.g. "3 of 12 matching products").';
COMMENT ON COLUMN "chat_activities"."duration_ms" IS 'Wall time of the call in milliseconds, >= 0.';
COMMENT ON COLUMN "chat_activities"."status" IS 'succeeded or failed (unknown tool, invalid arguments, or an error).';
COMMENT ON COLUMN "chat_activities"."error" IS 'Why it failed, NULL when it succeeded.';
COMMENT ON COLUMN "chat_activities"."created_at" IS 'When the call finished.';
COMMENT ON INDEX "chat_activities_conversation_id_created_at_idx" IS 'A conversation''s tool calls in order.';

COMMENT ON COLUMN "chat_modes"."condition" IS 'When the mode applies automatically: a JSON object with optional "channel" (web, websocket, mobile, api, partner) and "segment" (guest, customer, returning = has ordered before). {} matches every conversation. Among matching active modes the highest priority wins, a mode set explicitly on the conversation (conversationSetMode) wins over all.';
COMMENT ON COLUMN "chat_modes"."priority" IS 'Order among modes whose condition matches: higher first.';
COMMENT ON COLUMN "chat_modes"."max_iterations" IS 'Most model round trips (tool calls and answers) per reply, 1-20.';
COMMENT ON COLUMN "chat_modes"."max_prompt_tokens" IS 'Prompt budget per reply: older history is dropped to stay under it, 256-1000000.';
COMMENT ON COLUMN "chat_modes"."provider" IS 'Provider: local, openai (any OpenAI-compatible endpoint), or default (whatever LLM_PROVIDER names).';
COMMENT ON COLUMN "chat_modes"."model" IS 'Model name (matches llm_model_prices.model), default = LLM_MODEL for openai, bazaar-local-1 for local.';

COMMENT ON COLUMN "message_products"."quoted_price" IS 'The price the assistant quoted (what the shopper paid at that moment, sale price included), read from the catalog by the tool that returned the product: the grounding ledger.';
COMMENT ON COLUMN "message_products"."quoted_currency" IS 'ISO 4217 currency of quoted_price.';
COMMENT ON COLUMN "message_products"."quoted_stock" IS 'Units available when quoted (of the quoted variant when there is one).';
COMMENT ON COLUMN "message_products"."variant_id" IS 'The variant that fits what the shopper asked for (colour, size), when the assistant chose one.';
COMMENT ON INDEX "message_products_variant_id_idx" IS 'Foreign-key index.';

COMMENT ON COLUMN "llm_requests"."budget_key" IS 'Whom the daily token budget counts this request against: customer:<id>, or guest:<hash> for a guest (a hash, never the address itself).';
COMMENT ON INDEX "llm_requests_budget_key_queued_at_idx" IS 'Today''s tokens per budget holder (LLM_BUDGET_EXCEEDED).';

COMMENT ON COLUMN "llm_responses"."provider" IS 'Provider that actually answered (differs from llm_requests.provider after a fallback).';
COMMENT ON COLUMN "llm_responses"."model" IS 'Model that actually answered, cost is priced for it.';
COMMENT ON COLUMN "llm_responses"."fallback" IS 'True when the requested provider failed or its circuit was open and local answered instead.';

-- ─── Analysts: LLM usage yes, what people typed and the prompts no ──────────────────────────────
-- llm_requests.prompt holds the shopper's words and system_prompt the chat mode's instructions,
-- llm_responses.content the reply text: analysts read counts, tokens, timings and costs.
DO E'
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = ''bazaar_analyst'') THEN
    EXECUTE ''GRANT SELECT ON chat_activities TO bazaar_analyst''\073
    EXECUTE ''REVOKE SELECT ON llm_requests, llm_responses FROM bazaar_analyst''\073
    EXECUTE ''GRANT SELECT (id, provider, model, parameters, status, queued_at, started_at, completed_at, error, retry_count, conversation_id, customer_id, message_id) ON llm_requests TO bazaar_analyst''\073
    EXECUTE ''GRANT SELECT (id, request_id, finish_reason, prompt_tokens, completion_tokens, total_tokens, latency_ms, queue_time_ms, time_to_first_token_ms, cost, currency, cached, cache_key, provider, model, fallback, created_at) ON llm_responses TO bazaar_analyst''\073
  END IF\073
END';
