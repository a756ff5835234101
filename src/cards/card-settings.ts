import type { Config } from '../config';

/** The settings the cards read: the organisation's name and the helpdesk to name. */
export type CardSettings = Pick<Config, 'ORGANIZATION_NAME' | 'HELPDESK_CONTACT'>;
