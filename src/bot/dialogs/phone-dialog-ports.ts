import type { PhoneCorrections } from '../../app/correct-phone';
import type { PhoneDialogPorts } from './phone-correction-dialog';

/** The phone dialog's ports, on the correction use cases: what the user says is said in the dialog's turn. */
export function phoneDialogPorts(corrections: PhoneCorrections, secret: string): PhoneDialogPorts {
  return {
    secret,
    helpdesk: (locale) => corrections.helpdesk(locale),
    defaultCountry: (userId) => corrections.defaultCountry(userId),
    submit: (context, submission) => corrections.submit(submission, (text) => context.sendActivity(text)),
    ended: (_context, options, how) => corrections.dialogEnded(options, how),
    audit: (entry) => corrections.auditDialog(entry),
  };
}
