-- bazaar_analyst reads only what is granted here, table by table and, where a table holds a
-- secret, column by column (issue 7). Until now default privileges granted SELECT on every future
-- table of public and analytics to the role: a new table (or a new view) was readable before
-- anyone asked whether it should be. Those default privileges are revoked, every existing grant is
-- replaced by the explicit list below, and a migration that adds a table must grant it itself
-- (docs/analysts.md says how). Secret columns say so in their comment ("Secret: ..."):
-- test/db/analyst-grants.test.ts proves none of them is readable and that a new table is not.
-- No semicolons inside string literals or function bodies: Prisma's offline engine splits on them.

COMMENT ON COLUMN password_reset_tokens.token_hash IS 'Lower-case hex SHA-256 of the emailed token, unique. Secret: not granted to analysts.';

DO E'
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = ''bazaar_analyst'') THEN
    EXECUTE ''ALTER DEFAULT PRIVILEGES IN SCHEMA public, analytics REVOKE ALL ON TABLES FROM bazaar_analyst''\073
    EXECUTE ''REVOKE ALL ON ALL TABLES IN SCHEMA public, analytics FROM bazaar_analyst''\073
    EXECUTE ''GRANT USAGE ON SCHEMA public, analytics TO bazaar_analyst''\073

    -- The stable views.
    EXECUTE ''GRANT SELECT ON analytics.daily_sales, analytics.product_sales, analytics.customer_lifetime_value,
      analytics.cart_abandonment, analytics.search_terms, analytics.llm_usage_daily,
      analytics.llm_cost_per_conversation, analytics.chat_order_attribution TO bazaar_analyst''\073

    -- Tables without secrets, whole.
    EXECUTE ''GRANT SELECT ON
      categories, brands, products, product_images, product_tags, product_variants, inventory_movements,
      product_reviews, search_logs, search_synonyms, search_vocabulary,
      customer_addresses, customer_preferences, customer_identities, login_attempts, admin_audit_log,
      carts, cart_items, discount_codes, wishlists, wishlist_items,
      orders, order_items, order_status_events, payments, shipments, shipment_tracking_events,
      conversation_members, chat_sessions, messages, message_products, chat_activities, chat_modes,
      purchase_intents, llm_model_prices, llm_provider_status, llm_usage_stats, analytics_events
      TO bazaar_analyst''\073

    -- Tables with secret (or private) columns: every other column, by name.
    EXECUTE ''GRANT SELECT (id, email, first_name, last_name, phone, date_of_birth, role, status,
      email_verified_at, accepts_marketing_email, accepts_marketing_sms, last_login_at, failed_login_count,
      locked_until, deleted_at, created_at, updated_at, is_internal) ON customers TO bazaar_analyst''\073
    EXECUTE ''GRANT SELECT (id, customer_id, channel, user_agent, ip, created_at, last_seen_at, expires_at,
      revoked_at, revoked_reason) ON auth_sessions TO bazaar_analyst''\073
    EXECUTE ''GRANT SELECT (id, customer_id, channel, external_thread_id, title, status, detected_intent,
      context, chat_mode_id, message_count, prompt_tokens, completion_tokens, total_tokens, total_cost,
      last_message_at, created_at, updated_at, deleted_at, guest_ip, last_sequence) ON conversations TO bazaar_analyst''\073
    EXECUTE ''GRANT SELECT (id, customer_id, kind, channel, status, error, sent_at, read_at, created_at)
      ON notifications TO bazaar_analyst''\073
    EXECUTE ''GRANT SELECT (id, provider, model, parameters, status, queued_at, started_at, completed_at, error,
      retry_count, conversation_id, customer_id, message_id) ON llm_requests TO bazaar_analyst''\073
    EXECUTE ''GRANT SELECT (id, request_id, finish_reason, prompt_tokens, completion_tokens, total_tokens,
      latency_ms, queue_time_ms, time_to_first_token_ms, cost, currency, cached, cache_key, created_at,
      fallback, model, provider) ON llm_responses TO bazaar_analyst''\073
    -- Not granted at all: password_reset_tokens (secret), _prisma_migrations (the runner''s bookkeeping).
  END IF\073
END';
