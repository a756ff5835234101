import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { type FaultInjector, InvalidFaultError } from './faults';
import type { SimFiles } from './files';
import { RequestBodyError, readJsonBody, sendJson } from './http-io';
import type { Transcript } from './transcript';

/**
 * `/_sim/…`: the simulator's own HTTP API, so a bot running in another process (benchmarks, the
 * dev server) can be inspected and given faults the same way in-process tests do.
 *
 *   GET    /_sim/stats                                   counters
 *   GET    /_sim/transcript?aadObjectId=&conversationId=&limit=   recent activities, rejections, violations
 *   GET    /_sim/faults                                  current faults
 *   POST   /_sim/faults  { inject, block, uninstalled, installed, gone, restore, random }
 *   DELETE /_sim/faults                                  drop all faults
 *   POST   /_sim/conversations  { id, aadObjectId?, tenantId? }   a chat the user opened (Teams knows it)
 *   DELETE /_sim/conversations/{id}                      Teams forgets the chat: writes to it get 404
 *   POST   /_sim/files  { name, contentBase64, ttlSeconds? }   a user sends a file: its file.download.info content
 *   POST   /_sim/uploads  { name }                       a user accepts a FileConsentCard: the uploadInfo
 *   GET    /_sim/uploads/{uniqueId}                      what the bot uploaded there { name, size, complete, contentBase64 }
 *   POST   /_sim/reset                                   forget everything
 */

const operation = z.enum([
  'createConversation',
  'sendToConversation',
  'replyToActivity',
  'updateActivity',
  'deleteActivity',
  'getMembers',
  'getMember',
]);

const scriptedFault = z.object({
  action: z.discriminatedUnion('kind', [
    z.object({
      kind: z.literal('status'),
      status: z.number().int().min(400).max(599),
      retryAfterSeconds: z.number().min(0).optional(),
      body: z.unknown().optional(),
    }),
    z.object({
      kind: z.literal('timeout'),
      mode: z.enum(['hold', 'destroy']),
      deliver: z.boolean().optional(),
    }),
  ]),
  match: z
    .object({
      aadObjectId: z.string().optional(),
      conversationId: z.string().optional(),
      operation: z.union([operation, z.array(operation)]).optional(),
    })
    .optional(),
  times: z.number().int().positive().optional(),
});

const randomFaults = z.object({
  probabilities: z.partialRecord(
    z.enum(['429', '412', '500', '502', '503', '504', 'timeout']),
    z.number().min(0).max(1),
  ),
  seed: z.number().int().optional(),
  retryAfterSeconds: z.number().min(0).optional(),
  timeoutMode: z.enum(['hold', 'destroy']).optional(),
  operations: z.array(operation).optional(),
});

const ids = z.array(z.string().min(1)).optional();

const faultsBody = z.object({
  inject: z.array(scriptedFault).optional(),
  block: ids,
  uninstalled: ids,
  installed: ids,
  gone: ids,
  restore: ids,
  random: randomFaults.nullable().optional(),
});

export interface ControlContext {
  readonly transcript: Transcript;
  readonly faults: FaultInjector;
  readonly conversations: {
    addConversation(conversation: { id: string; aadObjectId?: string; tenantId?: string }): void;
    forgetConversation(conversationId: string): boolean;
  };
  readonly files: SimFiles;
  reset(): void;
}

const hostedFile = z.object({
  name: z.string().min(1).max(255),
  contentBase64: z.base64(),
  ttlSeconds: z
    .number()
    .int()
    .min(0)
    .max(24 * 3600)
    .optional(),
});

const uploadSession = z.object({ name: z.string().min(1).max(255) });

const knownConversation = z.object({
  id: z.string().min(1).max(1000),
  aadObjectId: z.string().min(1).max(200).optional(),
  tenantId: z.string().min(1).max(200).optional(),
});

function lastOf<T>(items: readonly T[], limit: number): T[] {
  return items.slice(Math.max(0, items.length - limit));
}

export async function handleControl(
  context: ControlContext,
  request: IncomingMessage,
  response: ServerResponse,
  url: URL,
): Promise<void> {
  const { transcript, faults } = context;
  const route = `${request.method} ${url.pathname.replace(/\/+$/, '')}`;
  const forget = /^DELETE \/_sim\/conversations\/([^/]+)$/.exec(route);
  if (forget) {
    let id: string;
    try {
      id = decodeURIComponent(forget[1]!);
    } catch {
      return sendJson(response, 400, {
        error: { code: 'BadArgument', message: 'malformed conversation id' },
      });
    }
    if (context.conversations.forgetConversation(id)) return sendJson(response, 204, undefined);
    return sendJson(response, 404, { error: { code: 'NotFound', message: `no conversation ${id}` } });
  }
  const uploaded = /^GET \/_sim\/uploads\/([^/]+)$/.exec(route);
  if (uploaded) {
    const file = context.files.uploaded(decodeURIComponent(uploaded[1]!));
    if (!file) return sendJson(response, 404, { error: { code: 'NotFound', message: 'no such upload' } });
    const { content, ...rest } = file;
    return sendJson(response, 200, { ...rest, contentBase64: content.toString('base64') });
  }
  switch (route) {
    case 'POST /_sim/files': {
      const body = await readParsed(request, response, hostedFile, 80_000_000);
      if (!body) return;
      const ttl = body.ttlSeconds === undefined ? undefined : body.ttlSeconds * 1000;
      return sendJson(
        response,
        201,
        context.files.hostFile(body.name, Buffer.from(body.contentBase64, 'base64'), ttl),
      );
    }
    case 'POST /_sim/uploads': {
      const body = await readParsed(request, response, uploadSession, 10_000);
      if (!body) return;
      return sendJson(response, 201, context.files.openUpload(body.name));
    }
    case 'GET /_sim/stats':
      return sendJson(response, 200, transcript.stats);
    case 'GET /_sim/transcript': {
      const limit = Math.max(1, Math.min(10_000, Number(url.searchParams.get('limit') ?? 100) || 100));
      const aadObjectId = url.searchParams.get('aadObjectId');
      const conversationId = url.searchParams.get('conversationId');
      const activities = aadObjectId
        ? transcript.activitiesFor(aadObjectId)
        : conversationId
          ? transcript.activitiesIn(conversationId)
          : transcript.activities;
      const rejections = aadObjectId ? transcript.rejectionsFor(aadObjectId) : transcript.rejections;
      return sendJson(response, 200, {
        stats: transcript.stats,
        conversationId: aadObjectId
          ? transcript.conversationIdFor(aadObjectId)
          : (conversationId ?? undefined),
        activities: lastOf(activities, limit),
        rejections: lastOf(rejections, limit),
        violations: lastOf(transcript.violations, limit),
      });
    }
    case 'GET /_sim/faults':
      return sendJson(response, 200, faults.snapshot());
    case 'DELETE /_sim/faults':
      faults.clear();
      return sendJson(response, 200, faults.snapshot());
    case 'POST /_sim/faults':
      return applyFaults(faults, request, response);
    case 'POST /_sim/conversations':
      return addConversation(context, request, response);
    case 'POST /_sim/reset':
      context.reset();
      return sendJson(response, 204, undefined);
    default:
      return sendJson(response, 404, { error: { code: 'NotFound', message: `no control route ${route}` } });
  }
}

/** A JSON body checked against `schema`; on a bad one the 400 is already sent and the result is undefined. */
async function readParsed<T>(
  request: IncomingMessage,
  response: ServerResponse,
  schema: z.ZodType<T>,
  maxBytes: number,
): Promise<T | undefined> {
  let raw: unknown;
  try {
    raw = await readJsonBody(request, maxBytes);
  } catch (error) {
    if (!(error instanceof RequestBodyError)) throw error;
    sendJson(response, error.status, { error: { code: 'BadSyntax', message: error.message } });
    return undefined;
  }
  const parsed = schema.safeParse(raw ?? {});
  if (parsed.success) return parsed.data;
  const message = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
  sendJson(response, 400, { error: { code: 'BadArgument', message } });
  return undefined;
}

async function addConversation(context: ControlContext, request: IncomingMessage, response: ServerResponse) {
  let raw: unknown;
  try {
    raw = await readJsonBody(request, 10_000);
  } catch (error) {
    if (!(error instanceof RequestBodyError)) throw error;
    return sendJson(response, error.status, { error: { code: 'BadSyntax', message: error.message } });
  }
  const parsed = knownConversation.safeParse(raw ?? {});
  if (!parsed.success) {
    const message = parsed.error.issues
      .map((issue) => `${issue.path.join('.')}: ${issue.message}`)
      .join('; ');
    return sendJson(response, 400, { error: { code: 'BadArgument', message } });
  }
  context.conversations.addConversation(parsed.data);
  return sendJson(response, 201, { id: parsed.data.id });
}

async function applyFaults(faults: FaultInjector, request: IncomingMessage, response: ServerResponse) {
  let raw: unknown;
  try {
    raw = await readJsonBody(request, 1_000_000);
  } catch (error) {
    if (!(error instanceof RequestBodyError)) throw error;
    return sendJson(response, error.status, { error: { code: 'BadSyntax', message: error.message } });
  }
  const parsed = faultsBody.safeParse(raw ?? {});
  if (!parsed.success) {
    const message = parsed.error.issues
      .map((issue) => `${issue.path.join('.')}: ${issue.message}`)
      .join('; ');
    return sendJson(response, 400, { error: { code: 'BadArgument', message } });
  }
  const body = parsed.data;
  try {
    for (const fault of body.inject ?? []) faults.inject(fault);
    if (body.random !== undefined) faults.setRandom(body.random ?? undefined);
  } catch (error) {
    if (!(error instanceof InvalidFaultError)) throw error;
    return sendJson(response, 400, { error: { code: 'BadArgument', message: error.message } });
  }
  for (const id of body.block ?? []) faults.blockUser(id);
  for (const id of body.uninstalled ?? []) faults.markUninstalled(id);
  for (const id of body.installed ?? []) faults.markInstalled(id);
  for (const id of body.gone ?? []) faults.removeUser(id);
  for (const id of body.restore ?? []) faults.restoreUser(id);
  return sendJson(response, 200, faults.snapshot());
}
