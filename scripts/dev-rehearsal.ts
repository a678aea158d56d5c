import type { IncomingMessage, ServerResponse } from 'node:http';
import { relative } from 'node:path';
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
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of req as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > MAX_BODY) return answer(413, { error: `at most ${MAX_BODY} bytes` });
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
    options.log(`✗ rehearsal not saved: ${(error as Error).message}`);
    return answer(500, { error: (error as Error).message });
  }
}
