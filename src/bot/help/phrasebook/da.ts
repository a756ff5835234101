import type { CommandPhrasings, IntentPhrasings } from '../intents';

/** Danish phrasings of the help questions, each rule beside the questions it is there for. */
export const DANISH: IntentPhrasings = {
  'what-is-mfa': [
    // hvad er MFA · hvad betyder multifaktorgodkendelse · forklar totrinsbekræftelse
    'hvad|forklar|betyder|betyde|definition mfa|2fa|multifaktor*|multi+faktor*|to+faktor*|tofaktor*|totrin*|to+trin*|flerfaktor*',
    '=mfa|2fa|multifaktorgodkendelse|totrinsbekraeftelse',
  ],
  why: [
    // hvorfor gør vi det · hvorfor skal jeg det · hvad skal det gøre godt for · er det obligatorisk
    'hvorfor',
    'hvad godt+for|til+for',
    'obligatorisk|nodvendig*|tvungen|tvungent|pakraevet|krav|formalet|formal+med',
  ],
  'is-it-real': [
    // er denne besked ægte · er det phishing · er det svindel · kan jeg stole på det
    'phish*',
    'svindel*|svindl*|fup|bedrag*|spam|falsk*|fidus*',
    'er+det|er+denne|er+beskeden|er+botten|er+du|er+dette aegte|rigtig|autentisk|legitim|sikkert|officiel',
    'stole+pa|tillid',
    'hvem+er+du|hvem+har+sendt|hvem+sendte',
  ],
  'lost-phone': [
    // jeg har mistet min telefon · min mobil er stjålet · jeg har fået ny telefon · jeg har skiftet nummer
    'mist*|tabt|stjal*|stjaalet|odelagt|smadret|itu|glemt|vaek telefon*|mobil*|iphone|android|smartphone',
    'ny|nye|nyt|anden|andet telefon*|mobil*|nummer|*nummer|iphone|smartphone',
    'skift*|aendr*|byt*|opdater* nummer|*nummer|telefon*|mobil*',
  ],
  authenticator: [
    // hvordan sætter jeg Authenticator-appen op · adgangsnøgle · installer appen
    'authent*ator*|autent*ator*',
    'adgangsnogle*|passkey*|sikkerhedsnogle*|fido*',
    'godkendelsesapp*|godkender+app*',
    'saette+op|saetter|opsaet*|installer*|hent|download* app|appen',
  ],
  'sms-retirement': [
    // hvad sker der i februar 2027 · stopper sms · forsvinder sms-koderne
    '2027',
    'sms|opkald|taleopkald|stemmeopkald|tekstbesked* stop*|ophor*|forsvind*|udfas*|slut|nedlag*|fjern*|lukk*|holder+op|udgar',
    'februar sker|aendr*',
  ],
  privacy: [
    // hvad gør I med mit nummer · hvem kan se mit telefonnummer · privatliv · GDPR
    'privatliv*|gdpr|persondata*|databeskyttelse*|personoplysning*|persondataforordning*',
    'mit+nummer|mit+telefonnummer|mit+mobilnummer|mine+data|mine+oplysninger gor|gore|bruge*|bruger|se|del*|saelge*|gem*|opbevar*|hvem|hvorfra|hvor+har|sikker*|adgang',
  ],
  menu: ['hjaelp', '=menu|muligheder', 'hvad+kan+du|hvad+kan+jeg+sporge*|hvad+kan+jeg+spoerge*'],
};

/** Danish phrasings of the chat commands anybody may type (whole text only). */
export const DANISH_COMMANDS: CommandPhrasings = {
  // min status · status
  'my-status': ['=min+status|status'],
};
