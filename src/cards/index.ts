/** The cards module: typed card data in, localised and validated Adaptive Cards out. */
export { setCardsDirectory } from './assets';
export * from './card-data';
export { formatDate, formatNumber, InvalidIsoDateError } from './format';
export { helpdeskName } from './helpdesk';
export { MAX_CARD_BYTES } from './house-rules';
export { type CardLinks, loadLinks } from './links';
export { UnboundTemplateError } from './literal';
export {
  type LocaleKey,
  MissingLocaleKeyError,
  MissingTextParamError,
  resolveLocale,
  SUPPORTED_LOCALES,
  type SupportedLocale,
  t,
  tp,
  translate,
} from './locales';
export {
  ADAPTIVE_CARD_CONTENT_TYPE,
  type AdaptiveCardAttachment,
  type AdaptiveCardJson,
  expandCard,
  renderCard,
} from './render';
export { validateCard } from './validate';
export { MAX_DIGEST_NAMES } from './views/ready-digest';
export { MissingActionTokenError, SMS_VOICE_RETIREMENT, UnmaskedPhoneError } from './views/shared';
