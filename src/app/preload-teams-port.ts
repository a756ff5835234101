import type { Readable } from 'node:stream';
import type {
  PreloadCardData,
  PreloadCardDecision,
  PreloadCardOutcome,
  PreloadCardProblem,
} from '../cards/card-data';

/**
 * What the Teams side of the phone preload needs from the preload use cases (preview-preload.ts,
 * apply-preload.ts), in the words its cards speak. `preloadUseCases` (preload-teams-wiring.ts)
 * binds them; the bot gets it as one of its parts, so the chat flow stays a translation.
 */

export interface PreloadActor {
  id: string;
  name: string;
}

export type PreloadPreviewAnswer =
  | {
      ok: true;
      preloadId: string;
      total: number;
      counts: Partial<Record<PreloadCardDecision, number>>;
      /** The first rows to look at, with line numbers. */
      problems: readonly PreloadCardProblem[];
      problemsTotal: number;
      /** Rows Apply would work on; 0: the card offers no Apply. */
      toApply: number;
    }
  /** The file could not be read as a preload (no user column, malformed CSV…): said in the reader's words. */
  | { ok: false; reason: string };

export type PreloadApplyAnswer =
  | { ok: true }
  | { ok: false; reason: 'not-found' | 'expired' | 'already-applied' | 'not-admin' };

/** A preload as its card shows it at any moment, and where that card is. */
export interface PreloadRunView {
  preloadId: string;
  card: Omit<PreloadCardData, 'stage'>;
  status: 'previewed' | 'applying' | 'done';
  requestedBy: PreloadActor;
  appliedBy?: PreloadActor;
  /** Actionable rows done so far, of `toApply`. */
  done: number;
  toApply: number;
  outcomes: Partial<Record<PreloadCardOutcome, number>>;
  /** The 1:1 message holding the card, once the bot posted it. */
  cardMessage?: { conversationId: string; activityId: string };
}

export interface PreloadUseCases {
  preview(input: {
    stream: Readable;
    fileName: string;
    requestedBy: PreloadActor;
    overwrite: boolean;
    /** For a refusal's words. */
    locale?: string;
  }): Promise<PreloadPreviewAnswer>;
  /** The per-row report as CSV (numbers masked), headed in `locale`; undefined once the dry run is gone. */
  reportCsv(preloadId: string, locale?: string): Promise<string | undefined>;
  apply(preloadId: string, actor: PreloadActor): Promise<PreloadApplyAnswer>;
  run(preloadId: string): Promise<PreloadRunView | undefined>;
  /** Remembers which message shows the preload, so progress updates it in place. */
  setCardMessage(preloadId: string, message: { conversationId: string; activityId: string }): Promise<void>;
}
