import type { Attachment, ConversationReference } from 'botbuilder';
import { z } from 'zod';
import { composeWaveStartingCard, composeWaveStartRefusalCard } from '../cards/admin-cards';
import { composeMessageCard } from '../cards/message-cards';
import { signWaveStartToken } from '../rollout/action-token';
import {
  checkDeadlineDays,
  checkGroupId,
  checkWaveName,
  OVERLAP_WAVES_NAMED,
  WaveStartRefusedError,
} from '../rollout/wave-start';
import type { RolloutDeps } from './deps';
import { NotRetryableError } from './not-retryable';
import { startWave } from './start-wave';

/**
 * A wave start asked for in chat runs here, off the chat turn: reading a 50,000-user group to
 * check the overlap takes longer than Teams waits for a turn. The chat gets "checking" at once and
 * the outcome (the wave starting, an overlap warning, or why not) when the check is done.
 */

/** How long an overlap warning's button works. */
export const WAVE_START_OFFER_SECONDS = 3600;
/** How long a request waits for the worker (and, once done, keeps the id of the wave it started). */
const REQUEST_SECONDS = 24 * 3600;

const count = z.number().int().nonnegative();

/** The warning's numbers, kept with the request so the button's answer can show them again. */
const storedOverlap = z.object({
  targeted: count,
  overlapping: count,
  alreadyDone: count,
  waves: z
    .array(
      z.object({ waveId: z.string().max(200), name: z.string().max(400), users: count, alreadyDone: count }),
    )
    .max(OVERLAP_WAVES_NAMED),
  usersInOtherWaves: count,
  alreadyDoneInOtherWaves: count,
});

/** What the admin asked for, as stored between the chat turn, the job and the warning's button. */
const storedRequest = z.object({
  groupId: z.string().max(100),
  name: z.string().max(400).optional(),
  deadlineDays: z.string().max(20).optional(),
  includeOverlap: z.boolean(),
  createdBy: z.object({ id: z.string().max(200), name: z.string().max(400) }),
  adminConversation: z.record(z.string(), z.unknown()),
  locale: z.string().max(40).optional(),
  /** Set once the wave exists: a retried job answers again instead of starting a second wave. */
  waveId: z.string().max(200).optional(),
  /** Set while the overlap warning's button is on offer: the wave it would start and the warning's numbers. */
  offer: z.object({ waveName: z.string().max(400), overlap: storedOverlap }).optional(),
});
export type ChatWaveStart = Omit<z.infer<typeof storedRequest>, 'waveId' | 'offer'>;

/** What the warning's button started: the wave's name and the numbers the warning showed. */
export type AcceptedOffer = NonNullable<z.infer<typeof storedRequest>['offer']>;

export type CheckedWaveStart = z.infer<typeof storedRequest>;

/** Checks what can be checked at once: group id, name, deadline (WaveStartRefusedError). */
export function checkWaveStartRequest(deps: RolloutDeps, request: ChatWaveStart): CheckedWaveStart {
  return storedRequest.parse({
    ...request,
    groupId: checkGroupId(request.groupId),
    name: checkWaveName(request.name),
    deadlineDays:
      request.deadlineDays === undefined
        ? undefined
        : String(checkDeadlineDays(request.deadlineDays, deps.config.WAVE_DEFAULT_DEADLINE_DAYS)),
  });
}

/** Stores a checked request and queues its start; nothing is created until the job checked the group. */
export async function queueWaveStart(deps: RolloutDeps, request: CheckedWaveStart): Promise<void> {
  await deps.jobs.checkWaveStart(await deps.waveStartRequests.save(request, REQUEST_SECONDS));
}

/**
 * The warning's button: takes the stored request (once: a second click, or a click after the
 * hour, finds nothing) and queues it again, this time leaving out the users other waves have.
 * The caller checked the token and that the clicker is an admin. Undefined when the offer is gone.
 */
export async function acceptWaveStartOffer(
  deps: RolloutDeps,
  requestId: string,
  clickerId: string,
): Promise<AcceptedOffer | undefined> {
  const taken = storedRequest.safeParse(await deps.waveStartRequests.take(requestId));
  if (!taken.success || taken.data.waveId || !taken.data.offer) return undefined;
  const { offer, waveId: _none, ...request } = taken.data;
  const accepted: ChatWaveStart = { ...request, includeOverlap: true };
  await deps.audit.append({
    at: deps.now().toISOString(),
    actor: clickerId,
    action: 'wave-start-overlap-accepted',
    detail: `group ${accepted.groupId}`,
  });
  await deps.jobs.checkWaveStart(await deps.waveStartRequests.save(accepted, REQUEST_SECONDS));
  return offer;
}

/**
 * Checks and starts a wave asked for in chat, and answers in that chat: the wave starting, the
 * overlap warning with its button, why not, or (on the last try) that nothing started.
 */
export async function runChatWaveStart(
  deps: RolloutDeps,
  requestId: string,
  attempt: { last: boolean },
): Promise<void> {
  const stored = storedRequest.safeParse(await deps.waveStartRequests.get(requestId));
  if (!stored.success) throw new NotRetryableError(`wave start request ${requestId} is gone or unreadable`);
  const request = stored.data;
  // Teams' per-chat limits apply to these answers too: waited out as Teams asks (sendSoon).
  const answer = (card: Attachment) =>
    deps.outbox.sendSoon(request.adminConversation as Partial<ConversationReference>, {
      type: 'message',
      attachments: [card],
    });
  const started = request.waveId ? await deps.repo.getWave(request.waveId) : undefined;
  if (started) {
    await answer(composeWaveStartingCard({ wave: started, locale: request.locale }));
    return;
  }
  try {
    const wave = await startWave(deps, request);
    await deps.waveStartRequests.replace(requestId, { ...request, waveId: wave.id }, REQUEST_SECONDS);
    await answer(composeWaveStartingCard({ wave, locale: request.locale }));
  } catch (error) {
    if (error instanceof WaveStartRefusedError) {
      let token: string | undefined;
      if (error.refusal.kind === 'overlap') {
        // Kept for the button; the button's token names this request and nothing else.
        const { overlap, waveName } = error.refusal;
        const offered = { ...request, offer: { waveName, overlap } };
        await deps.waveStartRequests.replace(requestId, offered, WAVE_START_OFFER_SECONDS);
        const exp = Math.floor(deps.now().getTime() / 1000) + WAVE_START_OFFER_SECONDS;
        token = signWaveStartToken({ requestId, exp }, deps.config.ACTION_TOKEN_SECRET);
      }
      await answer(composeWaveStartRefusalCard(error.refusal, { locale: request.locale, token }));
      return;
    }
    // Graph or Redis failing: retried; after the last attempt the admin hears that nothing started.
    if (attempt.last) {
      await answer(composeMessageCard('waveStartFailed', { config: deps.config, locale: request.locale }));
    }
    throw error;
  }
}
