import type { PreloadCardNumberProblem } from '../cards/card-data';
import type { LocaleKey } from '../cards/locales';
import { t } from '../cards/locales';
import { PRELOAD_DECISIONS } from '../rollout/preload-plan';
import { applyPreload } from './apply-preload';
import type { RolloutDeps } from './deps';
import { preloadReportCsv } from './preload-report';
import { getPreloadRun, type PreloadRun } from './preload-run';
import type { PreloadRunView, PreloadUseCases } from './preload-teams-port';
import { isProblem, type PreloadPreviewError, previewPreload } from './preview-preload';

/** How many rows need a look, from a dry run's counts (the card lists the first ones). */
function problemsTotal(counts: PreloadRun['counts']): number {
  return PRELOAD_DECISIONS.filter(isProblem).reduce((sum, decision) => sum + (counts[decision] ?? 0), 0);
}

/** A failed dry run in the reader's words: the reason, and the line when the reader named one. */
function previewFailureText(error: PreloadPreviewError, locale: string | undefined): string {
  const reason = t(locale, error.messageKey as LocaleKey);
  return error.line === undefined
    ? `${reason}.`
    : t(locale, 'preload.card.refused.atLine', { reason, line: error.line });
}

/** A run as its card shows it (progress and result; the dry run's problems are on the first card only). */
export function preloadRunView(run: PreloadRun): PreloadRunView {
  return {
    preloadId: run.id,
    card: {
      fileName: run.source.kind === 'csv' ? run.source.fileName : run.source.waveId,
      overwrite: run.overwrite,
      total: run.total,
      counts: run.counts,
      problems: [],
      problemsTotal: problemsTotal(run.counts),
    },
    status: run.status,
    requestedBy: run.requestedBy,
    ...(run.appliedBy ? { appliedBy: run.appliedBy } : {}),
    done: run.processed,
    toApply: run.toApply,
    outcomes: run.outcomes,
    ...(run.card ? { cardMessage: run.card } : {}),
  };
}

/** The preload use cases as the Teams flow uses them (the bot's `preload` part). */
export function preloadUseCases(deps: RolloutDeps): PreloadUseCases {
  return {
    async preview({ stream, fileName, requestedBy, overwrite, locale }) {
      const preview = await previewPreload(deps, {
        source: { kind: 'csv', stream, fileName },
        requestedBy,
        overwrite,
      });
      if (!preview.ok) return { ok: false, reason: previewFailureText(preview.error, locale) };
      return {
        ok: true,
        preloadId: preview.preloadId,
        total: preview.total,
        counts: preview.counts,
        problems: preview.problems.map((row) => ({
          line: row.line,
          user: row.user,
          decision: row.decision,
          ...(row.problem ? { numberProblem: row.problem as PreloadCardNumberProblem } : {}),
          ...(row.usageLocation ? { usageLocation: row.usageLocation } : {}),
          ...(row.firstLine !== undefined ? { firstLine: row.firstLine } : {}),
        })),
        problemsTotal: problemsTotal(preview.counts),
        toApply: preview.toApply,
      };
    },
    reportCsv: (preloadId, locale) => preloadReportCsv(deps, preloadId, locale),
    apply: (preloadId, actor) => applyPreload(deps, preloadId, actor),
    async run(preloadId) {
      const run = await getPreloadRun(deps, preloadId);
      return run ? preloadRunView(run) : undefined;
    },
    setCardMessage: (preloadId, message) => deps.preloads.setCard(preloadId, message),
  };
}
