import type { Client } from '@microsoft/microsoft-graph-client';
import {
  type BatchWriteOptions,
  isSuccess,
  itemError,
  type WriteAnswer,
  type WriteRequest,
  writeEachInBatches,
} from './batch-writes';
import { GraphRequestError, graphCall } from './errors';
import { segment } from './paging';
import type { WritePacer } from './write-pacer';

/**
 * Adding users to a group (the Conditional Access enforcement group). Bulk first: PATCH with
 * `members@odata.bind`, 20 per request, inside `$batch`. That is all or nothing, so one user who is
 * already a member (or unknown) fails the whole chunk; that chunk is then done one by one with
 * `members/$ref`, where "already a member" counts as success. Every user gets an outcome; nothing
 * is thrown for one user. Every write is taken from the shared identity write pacer first.
 */
export const MAX_BIND_PER_REQUEST = 20;
/** Graph wants its own URL in a bind, whatever host the client talks to. */
const DIRECTORY_OBJECTS = 'https://graph.microsoft.com/v1.0/directoryObjects';

export type MemberAddStatus = 'added' | 'already-member' | 'not-found' | 'failed';

export interface MemberAddOutcome {
  status: MemberAddStatus;
  /** Why, for 'failed' (and 'not-found'). */
  error?: GraphRequestError;
}

function isAlreadyMember(error: GraphRequestError): boolean {
  return error.status === 400 && /already exist/i.test(error.message);
}

export interface MemberWriteOptions {
  /** Graph's identity write budget: every PATCH, `$ref` POST and DELETE is one write. */
  pacer: WritePacer;
  /** Retries per item after a 429/503/504. Default 5. */
  maxRetries?: number;
  /** `$batch` requests in flight at once. Default 2. */
  concurrency?: number;
}

function batchOptions(options: MemberWriteOptions): BatchWriteOptions {
  return {
    pacer: options.pacer,
    ...(options.maxRetries === undefined ? {} : { maxRetries: options.maxRetries }),
    ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
  };
}

function bindChunk(groupId: string, chunk: readonly string[]): WriteRequest {
  return {
    method: 'PATCH',
    url: `/groups/${segment(groupId)}`,
    body: { 'members@odata.bind': chunk.map((id) => `${DIRECTORY_OBJECTS}/${id}`) },
  };
}

function addOutcome(answer: WriteAnswer): MemberAddOutcome {
  if (isSuccess(answer)) return { status: 'added' };
  const error = itemError(answer);
  if (isAlreadyMember(error)) return { status: 'already-member' };
  if (error.isNotFound) return { status: 'not-found', error };
  return { status: 'failed', error };
}

/**
 * Chunks of 20 binds, each chunk one PATCH item of a `$batch` (20 items, 400 users per request).
 * A chunk refused with 400/404 (a member already there, an unknown id) is retried one user at a
 * time with `members/$ref`, also batched.
 */
export async function addMembers(
  client: Client,
  groupId: string,
  userIds: readonly string[],
  options: MemberWriteOptions,
): Promise<Map<string, MemberAddOutcome>> {
  const outcomes = new Map<string, MemberAddOutcome>();
  const unique = [...new Set(userIds)];
  const chunks: string[][] = [];
  for (let start = 0; start < unique.length; start += MAX_BIND_PER_REQUEST) {
    chunks.push(unique.slice(start, start + MAX_BIND_PER_REQUEST));
  }
  const answers = await writeEachInBatches(
    client,
    chunks.map((chunk, index) => ({ key: index, request: bindChunk(groupId, chunk) })),
    batchOptions(options),
  );
  const oneByOne: string[] = [];
  for (const [index, answer] of answers) {
    const chunk = chunks[index]!;
    if (isSuccess(answer)) {
      for (const id of chunk) outcomes.set(id, { status: 'added' });
    } else if (answer.status === 400 || answer.status === 404) {
      // Somebody in the chunk blocked it: sort it out one user at a time.
      oneByOne.push(...chunk);
    } else {
      const error = itemError(answer);
      for (const id of chunk) outcomes.set(id, { status: 'failed', error });
    }
  }
  const singles = await writeEachInBatches(
    client,
    oneByOne.map((id) => ({
      key: id,
      request: {
        method: 'POST' as const,
        url: `/groups/${segment(groupId)}/members/$ref`,
        body: { '@odata.id': `${DIRECTORY_OBJECTS}/${id}` },
      },
    })),
    batchOptions(options),
  );
  for (const [id, answer] of singles) outcomes.set(id, addOutcome(answer));
  // Same order as asked, whatever order the answers came in.
  return new Map(unique.map((id) => [id, outcomes.get(id)!]));
}

export type MemberRemoveStatus = 'removed' | 'not-member' | 'failed';

export interface MemberRemoveOutcome {
  status: MemberRemoveStatus;
  error?: GraphRequestError;
}

/** Undoing an enforcement in bulk: one `$ref` DELETE per user, 20 per `$batch`. */
export async function removeMembers(
  client: Client,
  groupId: string,
  userIds: readonly string[],
  options: MemberWriteOptions,
): Promise<Map<string, MemberRemoveOutcome>> {
  const unique = [...new Set(userIds)];
  const answers = await writeEachInBatches(
    client,
    unique.map((id) => ({
      key: id,
      request: { method: 'DELETE' as const, url: `/groups/${segment(groupId)}/members/${segment(id)}/$ref` },
    })),
    batchOptions(options),
  );
  return new Map(
    unique.map((id): [string, MemberRemoveOutcome] => {
      const answer = answers.get(id)!;
      if (isSuccess(answer)) return [id, { status: 'removed' }];
      if (answer.status === 404) return [id, { status: 'not-member' }];
      return [id, { status: 'failed', error: itemError(answer) }];
    }),
  );
}

/** For undoing an enforcement: 'not-member' when there was nothing to remove. */
export async function removeMember(
  client: Client,
  groupId: string,
  userId: string,
): Promise<'removed' | 'not-member'> {
  try {
    await graphCall(() => client.api(`/groups/${segment(groupId)}/members/${segment(userId)}/$ref`).delete());
    return 'removed';
  } catch (error) {
    if (error instanceof GraphRequestError && error.isNotFound) return 'not-member';
    throw error;
  }
}
