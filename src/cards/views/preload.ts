import {
  PRELOAD_CARD_DECISIONS,
  PRELOAD_CARD_OUTCOMES,
  type PreloadCardData,
  type PreloadCardOutcome,
  type PreloadCardProblem,
} from '../card-data';
import { formatNumber } from '../format';
import { resolveLocale, t, tp, translate } from '../locales';
import { assertToken } from './shared';

/** What the row needs, in words: "invalid number (too short, read as DK)", "same user as line 4". */
function problemText(problem: PreloadCardProblem, locale: string): string {
  const what = translate(locale, `preload.card.decision.${problem.decision}`);
  switch (problem.decision) {
    case 'invalid-number': {
      const reason = translate(locale, `preload.card.numberProblem.${problem.numberProblem ?? 'invalid'}`);
      return problem.usageLocation
        ? t(locale, 'preload.card.problem.invalidIn', { reason, country: problem.usageLocation })
        : reason;
    }
    case 'duplicate-row':
      return problem.firstLine === undefined
        ? what
        : t(locale, 'preload.card.problem.duplicate', { what, line: problem.firstLine });
    default:
      return what;
  }
}

function outcomeFacts(outcomes: Partial<Record<PreloadCardOutcome, number>>, locale: string) {
  return PRELOAD_CARD_OUTCOMES.filter((outcome) => (outcomes[outcome] ?? 0) > 0).map((outcome) => ({
    label: translate(locale, `preload.card.outcome.${outcome}`),
    value: formatNumber(locale, outcomes[outcome] ?? 0),
  }));
}

/**
 * What `cards/preload.json` binds to. One card per preload, updated in place: the dry run's counts
 * and first problems with Apply, then the progress, then the result. It never carries a number,
 * not even masked (the report file has the masked ones). User names are TextRuns, shown as typed.
 */
export function preloadView(data: PreloadCardData, locale: string) {
  const { stage } = data;
  const canApply = stage.kind === 'preview' && stage.token !== undefined;
  if (canApply) assertToken('preload', stage.token);
  const file = { label: t(locale, 'preload.card.file'), value: data.fileName };
  const rows = { label: t(locale, 'preload.card.rows'), value: formatNumber(locale, data.total) };
  const paragraphs: { text: string }[] = [];
  const notes: { text: string }[] = [];
  let facts: { label: string; value: string }[];
  let heading: string;
  switch (stage.kind) {
    case 'preview': {
      heading = t(locale, 'preload.card.heading');
      facts = [
        file,
        rows,
        ...PRELOAD_CARD_DECISIONS.filter((decision) => (data.counts[decision] ?? 0) > 0).map((decision) => ({
          label: translate(locale, `preload.card.decision.${decision}`),
          value: formatNumber(locale, data.counts[decision] ?? 0),
        })),
      ];
      if (data.overwrite) paragraphs.push({ text: t(locale, 'preload.card.overwriteOn') });
      paragraphs.push({
        text: canApply ? t(locale, 'preload.card.nothingWritten') : t(locale, 'preload.card.nothingToApply'),
      });
      notes.push({ text: t(locale, 'preload.card.reportFollows') });
      break;
    }
    case 'applying':
      heading = t(locale, 'preload.card.headingApplying');
      facts = [file, ...outcomeFacts(stage.outcomes, locale)];
      paragraphs.push({
        text: t(locale, 'preload.card.progress', { done: stage.done, total: stage.toApply }),
      });
      notes.push({ text: t(locale, 'preload.card.appliedBy', { name: stage.by }) });
      break;
    case 'done':
      heading = t(locale, 'preload.card.headingDone');
      facts = [file, ...outcomeFacts(stage.outcomes, locale)];
      if ((stage.outcomes.held ?? 0) > 0)
        paragraphs.push({ text: tp(locale, 'preload.card.heldHint', stage.outcomes.held ?? 0) });
      notes.push({ text: t(locale, 'preload.card.appliedBy', { name: stage.by }) });
      break;
  }
  // Problems matter before Apply; afterwards the card is about the result.
  const problems = stage.kind === 'preview' ? data.problems : [];
  const more = data.problemsTotal - problems.length;
  const problemLines = problems.map((problem) => ({
    text: t(locale, 'preload.card.problemLine', {
      line: problem.line,
      user: problem.user,
      what: problemText(problem, locale),
    }),
  }));
  if (problems.length > 0 && more > 0)
    problemLines.push({ text: tp(locale, 'preload.card.problemsMore', more) });
  return {
    lang: resolveLocale(locale),
    fallbackText: `${heading}: ${data.fileName}`,
    heading,
    facts,
    hasProblems: problemLines.length > 0,
    problemsHeading: t(locale, 'preload.card.problemsHeading'),
    problems: problemLines,
    paragraphs,
    notes,
    canApply,
    token: canApply ? stage.token : '',
    apply: t(locale, 'preload.card.apply'),
  };
}
