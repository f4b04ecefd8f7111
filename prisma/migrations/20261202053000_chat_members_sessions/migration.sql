-- Chat (issue 9): conversation members with read marks and unread counts, chat sessions, the
-- internal-account flag, per-conversation sequence counter, soft delete, guest abuse limits.
-- Generated part (prisma migrate diff), then backfill, row checks, comments and analyst grants.
-- CreateEnum
CREATE TYPE "conversation_member_role" AS ENUM ('owner', 'agent', 'assistant', 'partner', 'observer');

-- CreateEnum
CREATE TYPE "chat_session_status" AS ENUM ('active', 'ended', 'abandoned');

-- CreateEnum
CREATE TYPE "chat_session_end_reason" AS ENUM ('inactivity', 'explicit', 'archived', 'deleted');

-- AlterTable
ALTER TABLE "conversations" ADD COLUMN     "deleted_at" TIMESTAMPTZ(6),
ADD COLUMN     "guest_ip" INET,
ADD COLUMN     "last_sequence" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "customers" ADD COLUMN     "is_internal" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "messages" ADD COLUMN     "customer_id" INTEGER,
ADD COLUMN     "member_id" INTEGER;

-- CreateTable
CREATE TABLE "conversation_members" (
    "id" SERIAL NOT NULL,
    "conversation_id" UUID NOT NULL,
    "customer_id" INTEGER,
    "role" "conversation_member_role" NOT NULL,
    "last_read_sequence" INTEGER NOT NULL DEFAULT 0,
    "unread_count" INTEGER NOT NULL DEFAULT 0,
    "joined_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "left_at" TIMESTAMPTZ(6),
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "conversation_members_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "chat_sessions" (
    "id" SERIAL NOT NULL,
    "conversation_id" UUID NOT NULL,
    "status" "chat_session_status" NOT NULL DEFAULT 'active',
    "started_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_activity_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "ended_at" TIMESTAMPTZ(6),
    "ended_reason" "chat_session_end_reason",
    "first_sequence" INTEGER NOT NULL,
    "last_sequence" INTEGER NOT NULL,
    "message_count" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "chat_sessions_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "conversation_members_customer_id_idx" ON "conversation_members"("customer_id");

-- CreateIndex
CREATE UNIQUE INDEX "conversation_members_conversation_id_customer_id_key" ON "conversation_members"("conversation_id", "customer_id");

-- CreateIndex
CREATE UNIQUE INDEX "conversation_members_one_owner" ON "conversation_members"("conversation_id") WHERE (role = 'owner');

-- CreateIndex
CREATE UNIQUE INDEX "conversation_members_one_assistant" ON "conversation_members"("conversation_id") WHERE (role = 'assistant');

-- CreateIndex
CREATE INDEX "chat_sessions_conversation_id_started_at_idx" ON "chat_sessions"("conversation_id", "started_at");

-- CreateIndex
CREATE INDEX "chat_sessions_active_activity_idx" ON "chat_sessions"("last_activity_at") WHERE (status = 'active');

-- CreateIndex
CREATE UNIQUE INDEX "chat_sessions_one_active_per_conversation" ON "chat_sessions"("conversation_id") WHERE (status = 'active');

-- CreateIndex
CREATE INDEX "conversations_guest_ip_created_at_idx" ON "conversations"("guest_ip", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "conversations_guest_token_hash_key" ON "conversations"("guest_token_hash");

-- CreateIndex
CREATE INDEX "messages_member_id_created_at_idx" ON "messages"("member_id", "created_at");

-- CreateIndex
CREATE INDEX "messages_customer_id_created_at_idx" ON "messages"("customer_id", "created_at");

-- AddForeignKey
ALTER TABLE "messages" ADD CONSTRAINT "messages_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "conversation_members"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "messages" ADD CONSTRAINT "messages_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "customers"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "conversation_members" ADD CONSTRAINT "conversation_members_conversation_id_fkey" FOREIGN KEY ("conversation_id") REFERENCES "conversations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "conversation_members" ADD CONSTRAINT "conversation_members_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "customers"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "chat_sessions" ADD CONSTRAINT "chat_sessions_conversation_id_fkey" FOREIGN KEY ("conversation_id") REFERENCES "conversations"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Backfill: conversations written before this migration get their owner member and sequence counter.
UPDATE "conversations" c SET "last_sequence" = m.max_seq
FROM (SELECT "conversation_id", max("sequence") AS max_seq FROM "messages" GROUP BY 1) m
WHERE m."conversation_id" = c."id";
INSERT INTO "conversation_members" ("conversation_id", "customer_id", "role", "last_read_sequence", "joined_at")
SELECT "id", "customer_id", 'owner', "last_sequence", "created_at" FROM "conversations";

-- Row checks (BEFORE triggers raising 23514, see docs/data-model.md).
CREATE OR REPLACE FUNCTION "conversations_enforce_checks"() RETURNS trigger
LANGUAGE plpgsql
AS E'
BEGIN
    IF NOT (NEW."message_count" >= 0 AND NEW."prompt_tokens" >= 0 AND NEW."completion_tokens" >= 0 AND NEW."total_tokens" >= 0) THEN
        PERFORM raise_check_violation(TG_TABLE_NAME, ''conversations_counts_check'')\073
    END IF\073
    IF NOT (NEW."total_cost" >= 0) THEN
        PERFORM raise_check_violation(TG_TABLE_NAME, ''conversations_total_cost_check'')\073
    END IF\073
    IF NOT (NEW."last_sequence" >= 0) THEN
        PERFORM raise_check_violation(TG_TABLE_NAME, ''conversations_last_sequence_check'')\073
    END IF\073
    RETURN NEW\073
END\073
';
COMMENT ON FUNCTION "conversations_enforce_checks"() IS
    'Row checks of conversations: conversations_counts_check, conversations_total_cost_check, conversations_last_sequence_check.';

CREATE FUNCTION "conversation_members_enforce_checks"() RETURNS trigger
LANGUAGE plpgsql
AS E'
BEGIN
    IF NOT (NEW."last_read_sequence" >= 0 AND NEW."unread_count" >= 0) THEN
        PERFORM raise_check_violation(TG_TABLE_NAME, ''conversation_members_counts_check'')\073
    END IF\073
    IF NOT (NEW."left_at" >= NEW."joined_at") THEN
        PERFORM raise_check_violation(TG_TABLE_NAME, ''conversation_members_left_after_joined_check'')\073
    END IF\073
    RETURN NEW\073
END\073
';
COMMENT ON FUNCTION "conversation_members_enforce_checks"() IS
    'Row checks of conversation_members: conversation_members_counts_check, conversation_members_left_after_joined_check.';
CREATE TRIGGER "conversation_members_checks_biu"
    BEFORE INSERT OR UPDATE ON "conversation_members"
    FOR EACH ROW EXECUTE FUNCTION "conversation_members_enforce_checks"();
COMMENT ON TRIGGER "conversation_members_checks_biu" ON "conversation_members" IS
    'Enforces the CHECK rules of conversation_members (conversation_members_counts_check, conversation_members_left_after_joined_check).';

CREATE FUNCTION "chat_sessions_enforce_checks"() RETURNS trigger
LANGUAGE plpgsql
AS E'
BEGIN
    IF NOT (NEW."first_sequence" >= 1 AND NEW."last_sequence" >= NEW."first_sequence" AND NEW."message_count" >= 0) THEN
        PERFORM raise_check_violation(TG_TABLE_NAME, ''chat_sessions_sequence_check'')\073
    END IF\073
    IF NOT (NEW."ended_at" >= NEW."started_at") THEN
        PERFORM raise_check_violation(TG_TABLE_NAME, ''chat_sessions_ended_after_started_check'')\073
    END IF\073
    IF NOT ((NEW."status" = ''active'') = (NEW."ended_at" IS NULL AND NEW."ended_reason" IS NULL)) THEN
        PERFORM raise_check_violation(TG_TABLE_NAME, ''chat_sessions_status_check'')\073
    END IF\073
    RETURN NEW\073
END\073
';
COMMENT ON FUNCTION "chat_sessions_enforce_checks"() IS
    'Row checks of chat_sessions: chat_sessions_sequence_check, chat_sessions_ended_after_started_check, chat_sessions_status_check (an active session has no end, an ended or abandoned one has its time and reason).';
CREATE TRIGGER "chat_sessions_checks_biu"
    BEFORE INSERT OR UPDATE ON "chat_sessions"
    FOR EACH ROW EXECUTE FUNCTION "chat_sessions_enforce_checks"();
COMMENT ON TRIGGER "chat_sessions_checks_biu" ON "chat_sessions" IS
    'Enforces the CHECK rules of chat_sessions (chat_sessions_sequence_check, chat_sessions_ended_after_started_check, chat_sessions_status_check).';

-- Comments.
COMMENT ON TYPE "conversation_member_role" IS 'Part a member plays in a conversation: owner (the shopper, customer or guest), agent (staff answering by hand), assistant (the shopping assistant), partner (a bridged external channel), observer (reads only).';
COMMENT ON TYPE "chat_session_status" IS 'Chat session state: active, ended (closed explicitly, with the conversation, or idle after the shop answered), abandoned (idle while the last message of the shopper was unanswered).';
COMMENT ON TYPE "chat_session_end_reason" IS 'Why a chat session ended: inactivity (the inactivity job), explicit (a member ended it), archived or deleted (with its conversation).';

COMMENT ON COLUMN "customers"."is_internal" IS 'True for staff and bot accounts (agents, partner bridges, test bots). Messages from internal accounts never trigger automatic assistant replies, so bots cannot answer each other in a loop.';

COMMENT ON COLUMN "conversations"."last_sequence" IS 'Sequence number of the latest message (0 when empty). The next message gets last_sequence + 1 under the lock of this row, so sequences are gapless.';
COMMENT ON COLUMN "conversations"."guest_ip" IS 'IP address a guest conversation was started from (limits guest conversation starts per address). NULL for customer conversations.';
COMMENT ON COLUMN "conversations"."deleted_at" IS 'When the conversation was deleted (soft): title, context and message contents are purged, LLM usage and cost rows are kept. NULL while it exists.';
COMMENT ON COLUMN "messages"."member_id" IS 'Member who wrote the message (the assistant has a member row of its own). NULL for system messages.';
COMMENT ON COLUMN "messages"."customer_id" IS 'Customer account that wrote the message (per-account rate limits, analytics). NULL for guests, the assistant and system messages, and set for the messages of a guest when the guest signs in.';

COMMENT ON TABLE "conversation_members" IS 'Members of a conversation (room) with their role, read mark and unread count. One owner per conversation. A member who left keeps the row with left_at.';
COMMENT ON COLUMN "conversation_members"."id" IS 'Surrogate key.';
COMMENT ON COLUMN "conversation_members"."conversation_id" IS 'Conversation (members are deleted with it).';
COMMENT ON COLUMN "conversation_members"."customer_id" IS 'Customer account of the member. NULL for a guest owner and for the assistant. Unique per conversation.';
COMMENT ON COLUMN "conversation_members"."role" IS 'owner, agent, assistant, partner or observer.';
COMMENT ON COLUMN "conversation_members"."last_read_sequence" IS 'Highest message sequence the member marked as read (0: none).';
COMMENT ON COLUMN "conversation_members"."unread_count" IS 'Messages written by others after last_read_sequence, maintained exactly in the transaction that stores each message and in conversationMarkRead.';
COMMENT ON COLUMN "conversation_members"."joined_at" IS 'When the member joined (or re-joined).';
COMMENT ON COLUMN "conversation_members"."left_at" IS 'When the member left. NULL while a member.';
COMMENT ON COLUMN "conversation_members"."updated_at" IS 'When the row was last changed.';

COMMENT ON TABLE "chat_sessions" IS 'Chat sessions inside a conversation: a run of messages that starts with the first message after a pause and ends explicitly or after CHAT_SESSION_IDLE_MINUTES without messages (job chat.sessions.expire). At most one active session per conversation.';
COMMENT ON COLUMN "chat_sessions"."id" IS 'Surrogate key.';
COMMENT ON COLUMN "chat_sessions"."conversation_id" IS 'Conversation (sessions are deleted with it).';
COMMENT ON COLUMN "chat_sessions"."status" IS 'active, ended or abandoned.';
COMMENT ON COLUMN "chat_sessions"."started_at" IS 'Time of the first message of the session.';
COMMENT ON COLUMN "chat_sessions"."last_activity_at" IS 'Time of the latest message of the session.';
COMMENT ON COLUMN "chat_sessions"."ended_at" IS 'When the session ended: its last activity for an idle session, the time of the request otherwise. NULL while active.';
COMMENT ON COLUMN "chat_sessions"."ended_reason" IS 'inactivity, explicit, archived or deleted. NULL while active.';
COMMENT ON COLUMN "chat_sessions"."first_sequence" IS 'Sequence of the first message of the session.';
COMMENT ON COLUMN "chat_sessions"."last_sequence" IS 'Sequence of the latest message of the session.';
COMMENT ON COLUMN "chat_sessions"."message_count" IS 'Messages in the session.';

-- The analyst role reads the new tables and columns. conversations.guest_token_hash (a secret)
-- is left out by granting conversations column by column.
DO E'
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = ''bazaar_analyst'') THEN
    EXECUTE ''GRANT SELECT ON conversation_members, chat_sessions TO bazaar_analyst''\073
    EXECUTE ''GRANT SELECT (is_internal) ON customers TO bazaar_analyst''\073
    EXECUTE ''REVOKE SELECT ON conversations FROM bazaar_analyst''\073
    EXECUTE ''GRANT SELECT (id, customer_id, channel, external_thread_id, title, status, detected_intent, context, chat_mode_id, message_count, prompt_tokens, completion_tokens, total_tokens, total_cost, last_message_at, last_sequence, guest_ip, deleted_at, created_at, updated_at) ON conversations TO bazaar_analyst''\073
  END IF\073
END';
