import type { CommandPhrasings, IntentPhrasings } from '../intents';

/** English phrasings of the help questions, each rule beside the questions it is there for. */
export const ENGLISH: IntentPhrasings = {
  'what-is-mfa': [
    // what is MFA · what does MFA mean · explain two-factor authentication · what's 2-step verification
    'what|whats|explain|meaning|mean|means|define|definition mfa|2fa|multifactor*|multi+factor*|two+factor*|2+factor*|two+step*|2+step*|second+factor',
    'tell+me+about mfa|multifactor*|multi+factor*|two+factor*',
    '=mfa|2fa|multifactor+authentication|multi+factor+authentication',
  ],
  why: [
    // why are we doing this · why do I need it · what's the point · is this mandatory
    'why',
    'what|whats the+point',
    'do+i+have+to|must+i|do+we+have+to|do+i+need+to',
    'mandatory|compulsory|obligatory|required|necessary',
    'reason|reasons',
  ],
  'is-it-real': [
    // is this message real · is this phishing · is this a scam · can I trust this bot · who are you
    'phish*',
    'scam*|fraud*|spam|hoax|fake',
    'is|this|it|message|bot|card|you real|genuine|legit|legitimate|authentic|trustworthy|safe|official',
    'can+i+trust|should+i+trust|trust+this|trust+you',
    'really|actually|is+this|is+it from+it|from+microsoft|from+our|from+the+it|sent+by',
    'who+are+you|who+sent|who+is+this',
  ],
  'lost-phone': [
    // I lost my phone · my phone was stolen · I got a new phone · I changed my number
    'lost|lose|losing|stolen|stole|broke|broken|misplaced|dropped|smashed|cracked|wiped phone*|mobile|cell*|iphone|android|smartphone|device|authenticator',
    'new|replaced|replacement|upgraded|different phone*|mobile|cell*|iphone|android|smartphone|number|device',
    'chang*|switch*|swap*|updat* number|phone*|mobile|provider|carrier|sim',
    'can+t+find|cannot+find|cant+find phone*|mobile|iphone',
  ],
  authenticator: [
    // how do I set up the Authenticator app · add a passkey · install the app · security key
    'authent*ator*|autent*ator*|autenticador*',
    'passkey*|pass+key*',
    'fido*|security+key*|yubikey*|windows+hello',
    'authentication+app|auth+app|mfa+app|2fa+app',
    'set+up|setup|install*|download* app|application',
  ],
  'sms-retirement': [
    // what happens in February 2027 · will SMS stop · are text message codes going away
    '2027',
    'sms|text+message*|texts|voice+call*|phone+call*|calls stop*|end|ends|ending|retir*|going+away|go+away|deprecat*|disappear*|remov*|phas*|discontinu*|switch*+off|turn*+off|shut*|no+longer',
    'february|feb happen*|chang*',
  ],
  privacy: [
    // what will you do with my number · who can see my phone number · privacy · GDPR
    'privacy|private|gdpr|data+protection|personal+data|dpo',
    'my+number|my+phone+number|my+mobile+number|my+data|my+details|my+information|my+info do+with|doing+with|see|share|shared|sell|sold|store|stored|keep|kept|who|use|used|using|access|safe|secure|where+did|why+do+you+have|how+did+you+get',
  ],
  menu: [
    // help · menu · ? · what can you do · what can I ask
    'help',
    '=menu|options',
    'what+can+you+do|what+can+i+ask|what+do+you+do',
  ],
};

/** English phrasings of the chat commands anybody may type (whole text only). */
export const ENGLISH_COMMANDS: CommandPhrasings = {
  // my status · status
  'my-status': ['=my+status|status'],
};
