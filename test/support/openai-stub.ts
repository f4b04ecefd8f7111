import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local HTTP server speaking the OpenAI chat-completions streaming protocol (the one stand-in
 * the project allows). Each request takes the next scripted reply; request bodies are kept.
 */
export type StubReply =
  | { kind: 'stream'; chunks: (Record<string, unknown> | string)[] }
  | { kind: 'status'; status: number; body?: unknown; headers?: Record<string, string> }
  | { kind: 'hang' };

export interface OpenAiStub {
  url: string;
  requests: Record<string, unknown>[];
  push(...replies: StubReply[]): void;
  close(): Promise<void>;
}

/** A chunk with text, a tool call delta, a finish reason or usage. */
export const chunk = (delta: Record<string, unknown>, finish: string | null = null) => ({
  id: 'chatcmpl-stub',
  object: 'chat.completion.chunk',
  created: 1,
  model: 'stub',
  choices: [{ index: 0, delta, finish_reason: finish }],
});
export const usage = (prompt: number, completion: number) => ({
  id: 'chatcmpl-stub',
  object: 'chat.completion.chunk',
  created: 1,
  model: 'stub',
  choices: [],
  usage: { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion },
});
/** A whole streamed text answer split in pieces, then usage. */
export const textReply = (text: string, prompt = 50, completion = 10): StubReply => ({
  kind: 'stream',
  chunks: [
    chunk({ role: 'assistant', content: '' }),
    ...(text.match(/\s*\S+/g) ?? []).map((piece) => chunk({ content: piece })),
    chunk({}, 'stop'),
    usage(prompt, completion),
  ],
});

export async function startOpenAiStub(): Promise<OpenAiStub> {
  const queue: StubReply[] = [];
  const requests: Record<string, unknown>[] = [];
  const hanging = new Set<ServerResponse>();
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    for await (const part of req) body += String(part);
    requests.push(JSON.parse(body || '{}') as Record<string, unknown>);
    const reply = queue.shift() ?? {
      kind: 'status',
      status: 500,
      body: { error: { message: 'no scripted reply' } },
    };
    if (reply.kind === 'hang') {
      hanging.add(res);
      return;
    }
    if (reply.kind === 'status') {
      res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
      res.end(JSON.stringify(reply.body ?? { error: { message: `status ${reply.status}` } }));
      return;
    }
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    for (const c of reply.chunks) res.write(`data: ${typeof c === 'string' ? c : JSON.stringify(c)}\n\n`);
    res.end('data: [DONE]\n\n');
  };
  const server: Server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    push: (...replies) => queue.push(...replies),
    async close() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
