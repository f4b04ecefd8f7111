#!/usr/bin/env node
// A complete, copyable Bazaar chat client (Node 18+, `npm install graphql-ws ws`).
//
//   node examples/chat-client.mjs                        # start a guest conversation, type messages
//   node examples/chat-client.mjs --token <bearer>       # as a signed-in customer
//   node examples/chat-client.mjs --conversation <id> --guest-token <token> --after 12
//
// Every line typed on stdin is sent as a message; every message of the conversation is printed as
// `#<sequence> <ROLE> <sender>: <text>` when it arrives — yours, the assistant's, an agent's. The
// client survives dropped connections: it reconnects with back-off and resubscribes from the last
// sequence it printed, so nothing is lost or printed twice; a send that failed mid-flight is
// retried with the same clientMessageId, so it is stored once. On end of input it waits for the
// echo of what it sent, then exits.
import { randomUUID } from 'node:crypto';
import readline from 'node:readline';
import { parseArgs } from 'node:util';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';

const { values: args } = parseArgs({
  options: {
    url: { type: 'string', default: 'ws://localhost:4000/graphql' },
    token: { type: 'string' },
    conversation: { type: 'string' },
    'guest-token': { type: 'string' },
    after: { type: 'string', default: '0' },
  },
});

const START = `mutation { conversationStart { conversation { id } guestToken userErrors { code message } } }`;
const SEND = `mutation($input: MessageSendInput!) {
  messageSend(input: $input) { message { sequence } userErrors { code message } }
}`;
const MESSAGE_ADDED = `subscription($id: ID!, $after: Int, $guestToken: String) {
  messageAdded(conversationId: $id, afterSequence: $after, guestToken: $guestToken) {
    sequence role content sender { displayName }
  }
}`;

let conversationId = args.conversation ?? null;
let guestToken = args['guest-token'] ?? null;
let last = Number(args.after); // the last sequence printed: resume from here
let stopStream = null;
let mySends = 0;
let myHighest = 0;

const client = createClient({
  url: args.url,
  webSocketImpl: WebSocket,
  connectionParams: args.token ? { authorization: `Bearer ${args.token}` } : {},
  lazy: false,
  retryAttempts: Infinity,
  shouldRetry: () => true,
  on: {
    // graphql-ws would re-send the original subscription (with the original afterSequence) after a
    // reconnect; instead drop it when the socket closes and subscribe again from `last`.
    closed: () => {
      stopStream?.();
      stopStream = null;
    },
    connected: () => {
      if (conversationId) follow();
    },
  },
});

/** One query or mutation over the socket. */
function request(query, variables = {}) {
  return new Promise((resolve, reject) => {
    let result;
    client.subscribe(
      { query, variables },
      { next: (r) => (result = r), error: reject, complete: () => resolve(result) },
    );
  });
}

/** Subscribe to the conversation from the last printed sequence. */
function follow() {
  stopStream?.();
  stopStream = client.subscribe(
    { query: MESSAGE_ADDED, variables: { id: conversationId, after: last, guestToken } },
    {
      next: ({ data, errors }) => {
        if (errors) return console.error('subscription refused:', errors[0].message);
        const m = data.messageAdded;
        if (m.sequence <= last) return; // already printed (cannot happen with afterSequence, but cheap)
        last = m.sequence;
        process.stdout.write(`#${m.sequence} ${m.role} ${m.sender?.displayName ?? 'System'}: ${m.content}\n`);
      },
      error: (err) => console.error('subscription error:', err),
      complete: () => {},
    },
  );
}

/** messageSend, retried with the same clientMessageId until it is stored (or refused for good). */
async function send(content) {
  const input = { conversationId, content, clientMessageId: randomUUID(), guestToken };
  for (let attempt = 1; ; attempt++) {
    try {
      const { data, errors } = await request(SEND, { input });
      const code = errors?.[0]?.extensions?.code;
      if (code === 'RATE_LIMITED') {
        await sleep(errors[0].extensions.retryAfterSeconds * 1000);
        continue;
      }
      if (errors) return console.error('not sent:', errors[0].message);
      if (data.messageSend.userErrors.length > 0)
        return console.error('not sent:', data.messageSend.userErrors[0].message);
      myHighest = Math.max(myHighest, data.messageSend.message.sequence);
      return;
    } catch (err) {
      // The socket dropped mid-request: the message may or may not be stored. Same id again.
      if (attempt >= 10) return console.error('not sent:', err);
      await sleep(Math.min(5000, 200 * 2 ** attempt));
    }
  }
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

if (!conversationId) {
  const { data, errors } = await request(START);
  if (errors || data.conversationStart.userErrors.length > 0) {
    console.error('cannot start:', errors?.[0]?.message ?? data.conversationStart.userErrors[0].message);
    process.exit(1);
  }
  conversationId = data.conversationStart.conversation.id;
  guestToken = data.conversationStart.guestToken;
  console.error(`conversation ${conversationId}${guestToken ? ` guest token ${guestToken}` : ''}`);
}
follow();

// Messages are sent one at a time, in the order typed.
let queue = Promise.resolve();
const lines = readline.createInterface({ input: process.stdin });
lines.on('line', (line) => {
  if (!line.trim()) return;
  mySends++;
  queue = queue.then(() => send(line));
});
lines.on('close', async () => {
  await queue;
  const deadline = Date.now() + 10_000;
  while (mySends > 0 && last < myHighest && Date.now() < deadline) await sleep(50);
  stopStream?.();
  await client.dispose();
});
