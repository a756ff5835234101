import type { CommandPhrasings, IntentPhrasings } from '../intents';

/** Spanish phrasings of the help questions, each rule beside the questions it is there for. */
export const SPANISH: IntentPhrasings = {
  'what-is-mfa': [
    // qué es MFA · qué significa la autenticación multifactor · explícame la verificación en dos pasos
    'que|explica*|significa|significado|definicion mfa|2fa|multifactor*|multi+factor|doble+factor|dos+factores|dos+pasos|segundo+factor',
    '=mfa|2fa|autenticacion+multifactor',
  ],
  why: [
    // por qué hacemos esto · para qué sirve · ¿es obligatorio?
    'por+que|porque|por+q',
    'para+que sirve|vale',
    'sirve+para+que',
    'obligatori*|necesari*|imprescindible',
  ],
  'is-it-real': [
    // ¿es real este mensaje? · ¿es phishing? · ¿es una estafa? · ¿puedo fiarme?
    'phish*|suplantacion',
    'estafa*|fraude*|fraudulent*|timo|engano|spam|fake|falso|falsa',
    'es|esto real|verdad|verdadero|legitimo|autentico|fiable|seguro|oficial',
    'fiarme|fiar|confiar',
    'quien+eres|quien+envia|quien+ha+enviado|quien+te+envia',
  ],
  'lost-phone': [
    // he perdido mi móvil · me robaron el celular · tengo un teléfono nuevo · cambié de número
    'perdi*|robad*|robaron|robo|roto|rota|rompi*|extravi*|perdida|perdido movil*|telefono*|celular*|smartphone|iphone|android',
    'nuevo|nueva|otro|otra movil|telefono|celular|numero|smartphone|iphone',
    'cambi*|actualiz* numero|movil|telefono|celular',
  ],
  authenticator: [
    // cómo configuro la aplicación Authenticator · clave de acceso · instalar la app
    'authent*ator*|autent*ator*|autenticador*',
    'passkey*|clave+de+acceso|claves+de+acceso|llave+de+acceso|llave+de+seguridad|fido*',
    'instal*|configur*|descarg* aplicacion|app',
  ],
  'sms-retirement': [
    // qué pasa en febrero de 2027 · ¿se acaban los SMS? · ¿dejará de funcionar el SMS?
    '2027',
    'sms|llamada*|voz|mensaje*+de+texto acab*|dej*|retir*|desaparec*|elimin*|fin|termin*',
    'febrero pasa|cambia|ocurre',
  ],
  privacy: [
    // qué se hace con mi número · quién puede ver mi número · privacidad · protección de datos
    'privacidad|rgpd|gdpr|proteccion+de+datos|datos+personales',
    'mi+numero|mis+datos|mi+informacion hac*|har*|ver|compart*|vend*|guard*|almacen*|quien|donde|usa|usar*|utiliz*|segur*|acceso',
  ],
  menu: ['ayuda|ayudame|ayudar', '=menu', 'que+puedes+hacer|que+puedo+preguntar|que+sabes+hacer'],
};

/** Spanish phrasings of the chat commands anybody may type (whole text only). */
export const SPANISH_COMMANDS: CommandPhrasings = {
  // mi estado · estado
  'my-status': ['=mi+estado|estado'],
};
