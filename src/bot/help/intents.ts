import { resolveLocale, SUPPORTED_LOCALES, type SupportedLocale } from '../../cards/locales';
import { parseCommand } from '../commands';

/**
 * Free-text help questions in chat ("what is MFA?", "er denne besked ægte?", "j'ai perdu mon
 * téléphone") mapped to a small set of intents. Keyword and phrase based on purpose: predictable,
 * explainable, testable per language, and no text leaves the process.
 *
 * How a question is matched:
 * 1. The text is normalised (`normaliseQuestion`): lower case, accents dropped (é → e, å → a,
 *    ü → u), æ → ae, ø → o, œ → oe, ß → ss, and everything that is not a letter or digit becomes a
 *    space. "Qu'est-ce que la MFA ?" → "qu est ce que la mfa".
 * 2. Admin commands are never help questions: text that starts with "wave"/"waves", "list waves", or
 *    anything `parseCommand` reads as an admin command gives `undefined`.
 * 3. Every rule of every language is tried (people type in their own language whatever Teams'
 *    locale says). A rule is a list of terms that must all occur, in any order; a term is a list of
 *    alternatives; an alternative is one word or several consecutive words. Words may use `*` as
 *    a wildcard ("telefon*" matches "telefonen", "*nummer" matches "handynummer").
 *    Rule syntax: terms are separated by spaces, alternatives by `|`, consecutive words by `+`;
 *    a rule that starts with `=` must match the whole text.
 * 4. A rule scores the number of words it matched (a whole-text rule scores 10 more). The highest
 *    score wins; on a tie the reader's own language wins, then the order of `TIE_BREAK` (safety
 *    questions first: "I lost my phone, is this real?" is answered as lost-phone, the urgent one; every
 *    answer repeats the never-ask-for-codes line anyway).
 * 5. The answer's language (`questionLanguage`): the one language whose phrasings alone matched some
 *    of the words, else the reader's locale (see there).
 */

export const HELP_INTENTS = [
  'what-is-mfa',
  'why',
  'is-it-real',
  'lost-phone',
  'authenticator',
  'sms-retirement',
  'privacy',
  'menu',
] as const;

export type HelpIntent = (typeof HELP_INTENTS)[number];

/** Which intent wins when two score the same. */
const TIE_BREAK: readonly HelpIntent[] = [
  'lost-phone',
  'is-it-real',
  'privacy',
  'sms-retirement',
  'authenticator',
  'why',
  'what-is-mfa',
  'menu',
];

/**
 * The phrasebook. Sample phrasings each rule is there for are in the comment beside it; the unit
 * tests hold at least two phrasings per intent per language. Words here are already normalised.
 */
const RULES: Readonly<Record<HelpIntent, Readonly<Record<SupportedLocale, readonly string[]>>>> = {
  'what-is-mfa': {
    en: [
      // what is MFA · what does MFA mean · explain two-factor authentication · what's 2-step verification
      'what|whats|explain|meaning|mean|means|define|definition mfa|2fa|multifactor*|multi+factor*|two+factor*|2+factor*|two+step*|2+step*|second+factor',
      'tell+me+about mfa|multifactor*|multi+factor*|two+factor*',
      '=mfa|2fa|multifactor+authentication|multi+factor+authentication',
    ],
    da: [
      // hvad er MFA · hvad betyder multifaktorgodkendelse · forklar totrinsbekræftelse
      'hvad|forklar|betyder|betyde|definition mfa|2fa|multifaktor*|multi+faktor*|to+faktor*|tofaktor*|totrin*|to+trin*|flerfaktor*',
      '=mfa|2fa|multifaktorgodkendelse|totrinsbekraeftelse',
    ],
    de: [
      // was ist MFA · was bedeutet Multi-Faktor-Authentifizierung · erklär mir die Zwei-Faktor-Anmeldung
      'was|erklar*|erklaer*|bedeutet|bedeutung|heisst|definition mfa|2fa|multi*faktor*|multi+faktor*|mehr*faktor*|mehrstufig*|zwei*faktor*|zwei+faktor*|2+faktor*|zweistufig*|zwei+stufig*',
      '=mfa|2fa|mehrstufige+authentifizierung|multifaktor+authentifizierung',
    ],
    fr: [
      // qu'est-ce que la MFA · c'est quoi la double authentification · que signifie MFA
      'quoi|qu|que|quel|quelle|signifie|veut+dire|explique*|definition mfa|2fa|a2f|multifacteur*|multi+facteur*|deux+facteurs|double+authentification|deux+etapes|2+etapes',
      '=mfa|2fa|a2f|authentification+multifacteur',
    ],
    es: [
      // qué es MFA · qué significa la autenticación multifactor · explícame la verificación en dos pasos
      'que|explica*|significa|significado|definicion mfa|2fa|multifactor*|multi+factor|doble+factor|dos+factores|dos+pasos|segundo+factor',
      '=mfa|2fa|autenticacion+multifactor',
    ],
  },
  why: {
    en: [
      // why are we doing this · why do I need it · what's the point · is this mandatory
      'why',
      'what|whats the+point',
      'do+i+have+to|must+i|do+we+have+to|do+i+need+to',
      'mandatory|compulsory|obligatory|required|necessary',
      'reason|reasons',
    ],
    da: [
      // hvorfor gør vi det · hvorfor skal jeg det · hvad skal det gøre godt for · er det obligatorisk
      'hvorfor',
      'hvad godt+for|til+for',
      'obligatorisk|nodvendig*|tvungen|tvungent|pakraevet|krav|formalet|formal+med',
    ],
    de: [
      // warum machen wir das · wozu brauche ich das · ist das Pflicht · muss ich das wirklich
      'warum|wieso|weshalb|wozu',
      'pflicht|verpflichtend|notwendig|notig|noetig|erforderlich|zwingend',
      'muss+ich+das|muss+ich+wirklich|was+soll+das|sinn+und+zweck|welchen+sinn|der+sinn',
    ],
    fr: [
      // pourquoi faisons-nous cela · à quoi ça sert · est-ce obligatoire
      'pourquoi',
      'quoi sert|servir',
      'obligatoire*|necessaire|indispensable|impose|imposee',
    ],
    es: [
      // por qué hacemos esto · para qué sirve · ¿es obligatorio?
      'por+que|porque|por+q',
      'para+que sirve|vale',
      'sirve+para+que',
      'obligatori*|necesari*|imprescindible',
    ],
  },
  'is-it-real': {
    en: [
      // is this message real · is this phishing · is this a scam · can I trust this bot · who are you
      'phish*',
      'scam*|fraud*|spam|hoax|fake',
      'is|this|it|message|bot|card|you real|genuine|legit|legitimate|authentic|trustworthy|safe|official',
      'can+i+trust|should+i+trust|trust+this|trust+you',
      'really|actually|is+this|is+it from+it|from+microsoft|from+our|from+the+it|sent+by',
      'who+are+you|who+sent|who+is+this',
    ],
    da: [
      // er denne besked ægte · er det phishing · er det svindel · kan jeg stole på det
      'phish*',
      'svindel*|svindl*|fup|bedrag*|spam|falsk*|fidus*',
      'er+det|er+denne|er+beskeden|er+botten|er+du|er+dette aegte|rigtig|autentisk|legitim|sikkert|officiel',
      'stole+pa|tillid',
      'hvem+er+du|hvem+har+sendt|hvem+sendte',
    ],
    de: [
      // ist diese Nachricht echt · ist das Phishing · ist das Betrug · kann ich dem vertrauen
      'phish*',
      'betrug*|betrueg*|abzocke|fake|spam|schwindel|gefalscht*|gefaelscht*',
      'ist+das|ist+es|ist+diese|ist+dieser|ist+die|ist+der|bist+du echt|serios|authentisch|legitim|sicher|vertrauenswurdig|offiziell',
      'vertrauen',
      'wer+bist+du|wer+hat+das|wer+schickt|wer+sendet',
    ],
    fr: [
      // ce message est-il authentique · est-ce du phishing · c'est une arnaque · puis-je faire confiance
      'phish*|hamecon*',
      'arnaque*|escroquer*|fraude*|frauduleu*|spam|fake|canular',
      'est+ce|c+est|ce+message|ce+bot|est+il|est+elle vrai|faux|fausse|authentique|legitime|fiable|officiel|serieux|securise',
      'confiance',
      'qui+etes+vous|qui+es+tu|qui+envoie|qui+a+envoye',
    ],
    es: [
      // ¿es real este mensaje? · ¿es phishing? · ¿es una estafa? · ¿puedo fiarme?
      'phish*|suplantacion',
      'estafa*|fraude*|fraudulent*|timo|engano|spam|fake|falso|falsa',
      'es|esto real|verdad|verdadero|legitimo|autentico|fiable|seguro|oficial',
      'fiarme|fiar|confiar',
      'quien+eres|quien+envia|quien+ha+enviado|quien+te+envia',
    ],
  },
  'lost-phone': {
    en: [
      // I lost my phone · my phone was stolen · I got a new phone · I changed my number
      'lost|lose|losing|stolen|stole|broke|broken|misplaced|dropped|smashed|cracked|wiped phone*|mobile|cell*|iphone|android|smartphone|device|authenticator',
      'new|replaced|replacement|upgraded|different phone*|mobile|cell*|iphone|android|smartphone|number|device',
      'chang*|switch*|swap*|updat* number|phone*|mobile|provider|carrier|sim',
      'can+t+find|cannot+find|cant+find phone*|mobile|iphone',
    ],
    da: [
      // jeg har mistet min telefon · min mobil er stjålet · jeg har fået ny telefon · jeg har skiftet nummer
      'mist*|tabt|stjal*|stjaalet|odelagt|smadret|itu|glemt|vaek telefon*|mobil*|iphone|android|smartphone',
      'ny|nye|nyt|anden|andet telefon*|mobil*|nummer|*nummer|iphone|smartphone',
      'skift*|aendr*|byt*|opdater* nummer|*nummer|telefon*|mobil*',
    ],
    de: [
      // ich habe mein Handy verloren · Telefon gestohlen · neues Handy · Nummer geändert
      'verloren|verlegt|verliere|gestohlen|geklaut|kaputt|zerbrochen|defekt handy*|telefon*|smartphone|mobiltelefon|iphone|android',
      'neu|neue|neues|neuen|neuer|anderes|andere handy*|telefon*|smartphone|nummer|*nummer|iphone',
      'geandert|geaendert|gewechselt|andern|aendern|wechseln|aktualisier* nummer|*nummer|handy*|telefon*',
    ],
    fr: [
      // j'ai perdu mon téléphone · on m'a volé mon portable · nouveau téléphone · j'ai changé de numéro
      'perdu*|perte|vol|vole|volee|casse*|egare*|oublie* telephone*|portable|mobile|smartphone|iphone|android|tel',
      'nouveau|nouvel|nouvelle|autre telephone*|portable|mobile|numero|smartphone|iphone',
      'change*|changer|modifi*|mettre+a+jour numero|telephone*|portable|mobile',
    ],
    es: [
      // he perdido mi móvil · me robaron el celular · tengo un teléfono nuevo · cambié de número
      'perdi*|robad*|robaron|robo|roto|rota|rompi*|extravi*|perdida|perdido movil*|telefono*|celular*|smartphone|iphone|android',
      'nuevo|nueva|otro|otra movil|telefono|celular|numero|smartphone|iphone',
      'cambi*|actualiz* numero|movil|telefono|celular',
    ],
  },
  authenticator: {
    en: [
      // how do I set up the Authenticator app · add a passkey · install the app · security key
      'authent*ator*|autent*ator*|autenticador*',
      'passkey*|pass+key*',
      'fido*|security+key*|yubikey*|windows+hello',
      'authentication+app|auth+app|mfa+app|2fa+app',
      'set+up|setup|install*|download* app|application',
    ],
    da: [
      // hvordan sætter jeg Authenticator-appen op · adgangsnøgle · installer appen
      'authent*ator*|autent*ator*',
      'adgangsnogle*|passkey*|sikkerhedsnogle*|fido*',
      'godkendelsesapp*|godkender+app*',
      'saette+op|saetter|opsaet*|installer*|hent|download* app|appen',
    ],
    de: [
      // wie richte ich die Authenticator-App ein · Passkey einrichten · App installieren
      'authent*ator*|autent*ator*',
      'passkey*|hauptschlussel*|zugangsschlussel*|sicherheitsschlussel*|fido*',
      'einricht*|richte|installier*|herunterlad*|runterlad* app',
    ],
    fr: [
      // comment configurer l'application Authenticator · créer une clé d'accès · installer l'appli
      'authent*ator*|autent*ator*',
      'passkey*|cle+d+acces|cles+d+acces|cle+de+securite|fido*',
      'installer|configurer|telecharger|parametrer|installe* application|appli|app',
    ],
    es: [
      // cómo configuro la aplicación Authenticator · clave de acceso · instalar la app
      'authent*ator*|autent*ator*|autenticador*',
      'passkey*|clave+de+acceso|claves+de+acceso|llave+de+acceso|llave+de+seguridad|fido*',
      'instal*|configur*|descarg* aplicacion|app',
    ],
  },
  'sms-retirement': {
    en: [
      // what happens in February 2027 · will SMS stop · are text message codes going away
      '2027',
      'sms|text+message*|texts|voice+call*|phone+call*|calls stop*|end|ends|ending|retir*|going+away|go+away|deprecat*|disappear*|remov*|phas*|discontinu*|switch*+off|turn*+off|shut*|no+longer',
      'february|feb happen*|chang*',
    ],
    da: [
      // hvad sker der i februar 2027 · stopper sms · forsvinder sms-koderne
      '2027',
      'sms|opkald|taleopkald|stemmeopkald|tekstbesked* stop*|ophor*|forsvind*|udfas*|slut|nedlag*|fjern*|lukk*|holder+op|udgar',
      'februar sker|aendr*',
    ],
    de: [
      // was passiert im Februar 2027 · wird die SMS abgeschaltet · keine SMS mehr
      '2027',
      'sms|anruf*|sprachanruf*|textnachricht* abgeschaltet|abschalt*|eingestellt|einstell*|wegfall*|weg|entfall*|aufhor*|hort+auf|endet|ende|auslauf*|lauft+aus|stopp*|mehr',
      'februar passiert|andert|aendert|anderung*',
    ],
    fr: [
      // que se passe-t-il en février 2027 · les SMS vont-ils s'arrêter · fin des SMS
      '2027',
      'sms|appel*|vocal*|texto*|message*+texte arret*|fin|supprim*|retir*|disparai*|disparition|termin*',
      'fevrier passe|change*|arrive',
    ],
    es: [
      // qué pasa en febrero de 2027 · ¿se acaban los SMS? · ¿dejará de funcionar el SMS?
      '2027',
      'sms|llamada*|voz|mensaje*+de+texto acab*|dej*|retir*|desaparec*|elimin*|fin|termin*',
      'febrero pasa|cambia|ocurre',
    ],
  },
  privacy: {
    en: [
      // what will you do with my number · who can see my phone number · privacy · GDPR
      'privacy|private|gdpr|data+protection|personal+data|dpo',
      'my+number|my+phone+number|my+mobile+number|my+data|my+details|my+information|my+info do+with|doing+with|see|share|shared|sell|sold|store|stored|keep|kept|who|use|used|using|access|safe|secure|where+did|why+do+you+have|how+did+you+get',
    ],
    da: [
      // hvad gør I med mit nummer · hvem kan se mit telefonnummer · privatliv · GDPR
      'privatliv*|gdpr|persondata*|databeskyttelse*|personoplysning*|persondataforordning*',
      'mit+nummer|mit+telefonnummer|mit+mobilnummer|mine+data|mine+oplysninger gor|gore|bruge*|bruger|se|del*|saelge*|gem*|opbevar*|hvem|hvorfra|hvor+har|sikker*|adgang',
    ],
    de: [
      // was machen Sie mit meiner Nummer · wer sieht meine Telefonnummer · Datenschutz · DSGVO
      'datenschutz*|dsgvo|gdpr|privatsphare|privatsphaere|personenbezogen*',
      'meine*+nummer|meine*+telefonnummer|meine*+handynummer|meine*+mobilnummer|meine*+daten mit|macht|machen|sehen|teilen|geteilt|weitergegeben|weitergeben|verkauf*|gespeichert|speicher*|wer|woher|sicher|nutzen|genutzt|verwend*|zugriff',
    ],
    fr: [
      // que ferez-vous de mon numéro · qui peut voir mon numéro · confidentialité · RGPD
      'confidentialite|rgpd|gdpr|vie+privee|donnees+personnelles|protection+des+donnees',
      'mon+numero|mes+donnees|mes+informations faites|faire|fait|ferez|voir|partag*|vend*|stock*|conserv*|garde*|qui|ou|utilis*|securi*|acces',
    ],
    es: [
      // qué se hace con mi número · quién puede ver mi número · privacidad · protección de datos
      'privacidad|rgpd|gdpr|proteccion+de+datos|datos+personales',
      'mi+numero|mis+datos|mi+informacion hac*|har*|ver|compart*|vend*|guard*|almacen*|quien|donde|usa|usar*|utiliz*|segur*|acceso',
    ],
  },
  menu: {
    en: [
      // help · menu · ? · what can you do · what can I ask
      'help',
      '=menu|options',
      'what+can+you+do|what+can+i+ask|what+do+you+do',
    ],
    da: ['hjaelp', '=menu|muligheder', 'hvad+kan+du|hvad+kan+jeg+sporge*|hvad+kan+jeg+spoerge*'],
    de: ['hilfe', '=menu|menue|optionen', 'was+kannst+du|was+kann+ich+fragen'],
    fr: ['aide|aidez+moi|aider', '=menu', 'que+peux+tu|que+pouvez+vous|que+puis+je+demander|que+sais+tu'],
    es: ['ayuda|ayudame|ayudar', '=menu', 'que+puedes+hacer|que+puedo+preguntar|que+sabes+hacer'],
  },
};

const FOLD: Readonly<Record<string, string>> = { æ: 'ae', ø: 'o', œ: 'oe', ß: 'ss', đ: 'd', ł: 'l' };

/** Lower case, no accents, letters and digits only, single spaces. */
export function normaliseQuestion(text: string): string {
  return text
    .toLowerCase()
    .replace(/[æøœßđł]/g, (char) => FOLD[char] ?? char)
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

type Alternative = readonly RegExp[];
interface Rule {
  readonly exact: boolean;
  readonly terms: readonly (readonly Alternative[])[];
  readonly source: string;
}

function wordPattern(glob: string): RegExp {
  const escaped = glob.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[\\p{L}\\p{N}]*');
  return new RegExp(`^${escaped}$`, 'u');
}

function compileRule(source: string): Rule {
  const exact = source.startsWith('=');
  const body = exact ? source.slice(1) : source;
  const terms = body
    .split(' ')
    .filter(Boolean)
    .map((term) => term.split('|').map((alternative) => alternative.split('+').map(wordPattern)));
  return { exact, terms, source };
}

const COMPILED = HELP_INTENTS.flatMap((intent) =>
  SUPPORTED_LOCALES.flatMap((language) =>
    RULES[intent][language].map((source) => ({ intent, language, rule: compileRule(source) })),
  ),
);

/** The longest alternative found as consecutive words in `words`, or 0. */
function matchTerm(words: readonly string[], alternatives: readonly Alternative[]): number {
  let best = 0;
  for (const alternative of alternatives) {
    if (alternative.length <= best) continue;
    for (let start = 0; start + alternative.length <= words.length; start++) {
      if (alternative.every((pattern, offset) => pattern.test(words[start + offset] ?? ''))) {
        best = alternative.length;
        break;
      }
    }
  }
  return best;
}

function scoreRule(words: readonly string[], rule: Rule): number {
  if (rule.exact) {
    const [alternatives] = rule.terms;
    const whole = alternatives?.some(
      (alternative) =>
        alternative.length === words.length &&
        alternative.every((pattern, index) => pattern.test(words[index] ?? '')),
    );
    return whole ? words.length + 10 : 0;
  }
  let score = 0;
  for (const term of rule.terms) {
    const matched = matchTerm(words, term);
    if (matched === 0) return 0;
    score += matched;
  }
  return score;
}

/** The positions of the words a rule matched (every occurrence of every term), or undefined if it does not match. */
function matchedPositions(words: readonly string[], rule: Rule): number[] | undefined {
  if (rule.exact) return scoreRule(words, rule) > 0 ? words.map((_, index) => index) : undefined;
  const positions: number[] = [];
  for (const term of rule.terms) {
    const before = positions.length;
    for (const alternative of term) {
      for (let start = 0; start + alternative.length <= words.length; start++) {
        if (alternative.every((pattern, offset) => pattern.test(words[start + offset] ?? ''))) {
          for (let offset = 0; offset < alternative.length; offset++) positions.push(start + offset);
        }
      }
    }
    if (positions.length === before) return undefined;
  }
  return positions;
}

/** Every word of each language's phrasings, as written ("hvad", "telefon*") and as patterns. */
const PHRASEBOOK_WORDS = new Map(
  SUPPORTED_LOCALES.map((language) => {
    const written = HELP_INTENTS.flatMap((intent) => RULES[intent][language])
      .flatMap((source) => source.replace(/^=/, '').split(/[ |+]/))
      .filter(Boolean);
    return [
      language,
      {
        /** Words without a wildcard: "es", "que", "hvad", "warum". */
        plain: new Set(written.filter((word) => !word.includes('*'))),
        patterns: [...new Set(written)].map(wordPattern),
      },
    ] as const;
  }),
);

function isPlainWordOf(language: SupportedLocale, word: string): boolean {
  return PHRASEBOOK_WORDS.get(language)?.plain.has(word) ?? false;
}

function isWordOf(language: SupportedLocale, word: string): boolean {
  return PHRASEBOOK_WORDS.get(language)?.patterns.some((pattern) => pattern.test(word)) ?? false;
}

/** Shorter words ("a", "i", "et") belong to too many languages to tell them apart. */
const MIN_TELLING_WORD = 3;

const ADMIN_TEXT = /^(wave|waves)( |$)|^list waves$/;
/** Inverted question and exclamation marks: written in Spanish only. */
const SPANISH_MARKS = /[¿¡]/;
const QUESTION_MARKS_ONLY = /^\s*[?¿]+\s*$/;

export interface HelpMatch {
  intent: HelpIntent;
  /** The language whose phrase matched (may differ from the reader's locale). */
  language: SupportedLocale;
  score: number;
  /** The rule that matched, for logs and tests. */
  rule: string;
}

/**
 * The best help intent for a chat message, with the language whose phrasing matched; undefined for
 * unrelated text and admin commands. `locale` (a Teams locale tag such as "da-DK") only breaks ties.
 */
export function matchHelpQuestion(text: string, locale?: string): HelpMatch | undefined {
  if (QUESTION_MARKS_ONLY.test(text))
    return { intent: 'menu', language: resolveLocale(locale), score: 1, rule: '?' };
  const normalised = normaliseQuestion(text);
  if (!normalised || ADMIN_TEXT.test(normalised)) return undefined;
  const command = parseCommand(text).kind;
  if (command !== 'unknown' && command !== 'help') return undefined;
  const words = normalised.split(' ');
  const preferred = resolveLocale(locale);
  let best: HelpMatch | undefined;
  for (const { intent, language, rule } of COMPILED) {
    const score = scoreRule(words, rule);
    if (score === 0) continue;
    const candidate = { intent, language, score, rule: rule.source };
    if (!best || better(candidate, best, preferred)) best = candidate;
  }
  return best;
}

function better(a: HelpMatch, b: HelpMatch, preferred: SupportedLocale): boolean {
  if (a.score !== b.score) return a.score > b.score;
  const aOwn = a.language === preferred;
  const bOwn = b.language === preferred;
  if (aOwn !== bOwn) return aOwn;
  return TIE_BREAK.indexOf(a.intent) < TIE_BREAK.indexOf(b.intent);
}

/** The help intent a chat message asks for, or undefined (unrelated text, admin commands). */
export function matchHelpIntent(text: string, locale?: string): HelpIntent | undefined {
  return matchHelpQuestion(text, locale)?.intent;
}

/**
 * The language to answer in: the one the question is clearly written in, else the reader's locale
 * (a Teams locale tag; unsupported or absent → English). Decided from the phrasebook's words only:
 * 1. The languages whose phrasings matched the question (whole rules, as for the intent).
 * 2. A matched word is evidence for a language when no other language's matching phrasing matched
 *    it: "hvad" in "hvad er MFA?" is Danish, "MFA" is everybody's. One language with evidence wins.
 * 3. No evidence, several languages matched ("qué es MFA?" is matched by French and Spanish alike):
 *    the other words decide, when exactly one of those languages has one of them among its
 *    phrasings' plain words; Spanish's ¿ and ¡ count as such a word.
 * 4. A question that also holds a word only other languages' phrasings use is mixed ("jeg har brug
 *    for help"): the reader's locale.
 * Anything else stays on the reader's locale too: short or shared words ("MFA?", "ok", "passkey",
 * "phishing"), and text that matches no question.
 */
export function questionLanguage(text: string, locale?: string): SupportedLocale {
  const preferred = resolveLocale(locale);
  const normalised = normaliseQuestion(text);
  if (!normalised || ADMIN_TEXT.test(normalised)) return preferred;
  const words = normalised.split(' ');
  const matched = new Map<SupportedLocale, Set<number>>();
  for (const { language, rule } of COMPILED) {
    const positions = matchedPositions(words, rule);
    if (!positions) continue;
    const own = matched.get(language) ?? new Set<number>();
    for (const position of positions) own.add(position);
    matched.set(language, own);
  }
  const candidates = [...matched.keys()];
  const onlyIn = (
    language: SupportedLocale,
    among: readonly SupportedLocale[],
    has: (l: SupportedLocale) => boolean,
  ) => has(language) && among.every((other) => other === language || !has(other));
  let chosen = candidates.filter((language) =>
    [...(matched.get(language) ?? [])].some((position) =>
      onlyIn(language, candidates, (l) => matched.get(l)?.has(position) ?? false),
    ),
  );
  if (chosen.length === 0 && candidates.length > 1) {
    const otherWords = words.filter((_, position) =>
      candidates.every((language) => !matched.get(language)?.has(position)),
    );
    chosen = candidates.filter(
      (language) =>
        (language === 'es' && SPANISH_MARKS.test(text)) ||
        otherWords.some((word) => onlyIn(language, candidates, (l) => isPlainWordOf(l, word))),
    );
  }
  const [language] = chosen;
  if (chosen.length !== 1 || !language) return preferred;
  const mixed = words.some(
    (word) =>
      word.length >= MIN_TELLING_WORD &&
      !isWordOf(language, word) &&
      SUPPORTED_LOCALES.some((other) => isPlainWordOf(other, word)),
  );
  return mixed ? preferred : language;
}

/** Every rule source per intent and language, for tests that check the phrasebook itself. */
export function helpRules(): Readonly<
  Record<HelpIntent, Readonly<Record<SupportedLocale, readonly string[]>>>
> {
  return RULES;
}
