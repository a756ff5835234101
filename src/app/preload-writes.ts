import { GraphRequestError, graphCall } from '../graph/errors';
import { phoneMethodsPath } from '../graph/phone-methods';
import type { PhoneType } from '../rollout/directory';
import type { RolloutDeps } from './deps';

/**
 * The preload's phone writes, in the shape of the batched writer in src/graph (key → outcome).
 * Until that writer and the shared write pacer exist, one request per write, a few at a time.
 */
export interface PhoneWrite {
  key: string;
  userId: string;
  phoneType: PhoneType;
  /** Graph format "+45 20123456". */
  phoneNumber: string;
  method: 'POST' | 'PATCH';
}

export type PhoneWriteOutcome = 'written' | 'exists' | 'user-not-found' | 'invalid' | 'failed';

export interface PhoneWriteResult {
  outcome: PhoneWriteOutcome;
  status?: number;
  code?: string;
}

const METHOD_IDS: Record<PhoneType, string> = {
  mobile: '3179e48a-750b-4051-897c-87b9720928f7',
  alternateMobile: 'b6332ec1-7057-4abe-9331-3d72feddfe41',
  office: 'e37fc753-ff3b-4958-9484-eaa9425c82bc',
};

async function writeOne(deps: RolloutDeps, write: PhoneWrite): Promise<PhoneWriteResult> {
  const body = { phoneNumber: write.phoneNumber, phoneType: write.phoneType };
  try {
    await graphCall(() =>
      write.method === 'POST'
        ? deps.graph.api(phoneMethodsPath(write.userId)).post(body)
        : deps.graph.api(`${phoneMethodsPath(write.userId)}/${METHOD_IDS[write.phoneType]}`).patch(body),
    );
    return { outcome: 'written' };
  } catch (error) {
    if (!(error instanceof GraphRequestError)) throw error;
    const result = { status: error.status, ...(error.code ? { code: error.code } : {}) };
    if (write.method === 'POST' && (error.status === 409 || /already exist/i.test(error.message)))
      return { outcome: 'exists', ...result };
    if (error.status === 404) return { outcome: 'user-not-found', ...result };
    if (error.status === 400) return { outcome: 'invalid', ...result };
    if (error.status === 429 || error.status >= 500) throw error;
    return { outcome: 'failed', ...result };
  }
}

export async function writePreloadPhones(
  deps: RolloutDeps,
  writes: readonly PhoneWrite[],
): Promise<Map<string, PhoneWriteResult>> {
  const results = new Map<string, PhoneWriteResult>();
  const queue = [...writes];
  const workers = Array.from({ length: 4 }, async () => {
    for (let write = queue.shift(); write; write = queue.shift()) {
      results.set(write.key, await writeOne(deps, write));
    }
  });
  await Promise.all(workers);
  return results;
}
