import type { PreloadCardStage } from '../cards/card-data';
import type { AdaptiveCardAttachment } from '../cards/render';
import { renderCard } from '../cards/render';
import { assertNever } from '../rollout/assert-never';
import type { PreloadRunView } from './preload-teams-port';

/** The preload's card for where its run stands: the dry run (with Apply when given a token), progress, result. */
export function composePreloadRunCard(
  run: PreloadRunView,
  locale: string | undefined,
  applyToken?: string,
): AdaptiveCardAttachment {
  let stage: PreloadCardStage;
  switch (run.status) {
    case 'previewed':
      stage = { kind: 'preview', ...(applyToken && run.toApply > 0 ? { token: applyToken } : {}) };
      break;
    case 'applying':
      stage = {
        kind: 'applying',
        by: (run.appliedBy ?? run.requestedBy).name,
        done: run.done,
        toApply: run.toApply,
        outcomes: run.outcomes,
      };
      break;
    case 'done':
      stage = { kind: 'done', by: (run.appliedBy ?? run.requestedBy).name, outcomes: run.outcomes };
      break;
    default:
      return assertNever(run.status, 'preload status');
  }
  return renderCard('preload', { ...run.card, stage }, locale ?? 'en');
}
