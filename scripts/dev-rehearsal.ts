import type { IncomingMessage, ServerResponse } from 'node:http';
import { relative } from 'node:path';
import { PaparanError, reportMessages } from './messages.ts';
import { appendRehearsal, cleanTake, takeProblem } from './rehearsal.ts';

/** Where the presenter view sends a finished rehearsal under `paparan dev`. */
export const REHEARSAL_URL = '/__paparan/rehearsal';

const MAX_BODY = 256 * 1024;

/**
 * Saves a rehearsal the presenter view posts: only with this session's token (a page elsewhere cannot read it, and
 * its custom header cannot be sent across origins without a preflight this server never answers), only JSON, only
 * a take that passes the same checks as the file. Answers every request it was given; returns once it has.
 */
export async function saveRehearsal(req: IncomingMessage, res: ServerResponse, options: { token: string; file: string; log: (line: string) => void }): Promise<void> {
  const answer = (status: number, body: object) => void res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' }).end(JSON.stringify(body));
  if (req.method !== 'POST') return answer(405, { error: 'POST a rehearsal here' });
  if (req.headers['x-paparan-token'] !== options.token) return answer(403, { error: 'not this session' });
  if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) return answer(415, { error: 'send JSON' });
  // Refused before a byte is read, and the connection closed: the sender need not stream the rest to learn it.
  const tooLarge = () => void res.writeHead(413, { 'content-type': 'application/json; charset=utf-8', connection: 'close' }).end(JSON.stringify({ error: `at most ${MAX_BODY} bytes` }));
  if (Number(req.headers['content-length'] ?? 0) > MAX_BODY) return tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of req as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > MAX_BODY) return tooLarge();
      chunks.push(chunk);
    }
  } catch {
    return answer(400, { error: 'the request broke off' });
  }
  let take: unknown;
  try {
    take = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    return answer(400, { error: 'not JSON' });
  }
  const problem = takeProblem(take);
  if (problem) return answer(400, { error: `${problem.path.join('.') || 'rehearsal'}: ${problem.message}` });
  try {
    const saved = appendRehearsal(options.file, cleanTake(take));
    const where = relative(process.cwd(), options.file);
    options.log(`✓ rehearsal ${saved.rehearsals.length} saved to ${where}`);
    return answer(200, { file: where, rehearsals: saved.rehearsals.length });
  } catch (error) {
    // The file is broken (kept as it is) or cannot be written: the terminal says where and what to do, the page
    // keeps the take, and Save can be pressed again once the file is fixed.
    const first = error instanceof PaparanError ? error.messages[0] : undefined;
    if (!first) {
      options.log(`✗ rehearsal not saved: ${(error as Error).message}`);
      return answer(500, { error: (error as Error).message });
    }
    options.log(`✗ rehearsal not saved:\n${reportMessages((error as PaparanError).messages)}`);
    const where = `${relative(process.cwd(), first.file) || first.file}:${first.position.line}:${first.position.column}`;
    return answer((error as PaparanError).kind === 'input' ? 409 : 500, { error: `${where} ${first.message}`, hint: first.hint });
  }
}
