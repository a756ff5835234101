import { t } from './locales';

/**
 * The helpdesk as people should read it: HELPDESK_CONTACT when set, otherwise "your IT helpdesk"
 * in the reader's language. Every sentence that names the helpdesk gets it from here.
 */
export function helpdeskName(locale: string | undefined, contact: string | undefined): string {
  return contact?.trim() || t(locale, 'common.helpdeskFallback');
}
