import type { CommandPhrasings, IntentPhrasings } from '../intents';

/** German phrasings of the help questions, each rule beside the questions it is there for. */
export const GERMAN: IntentPhrasings = {
  'what-is-mfa': [
    // was ist MFA · was bedeutet Multi-Faktor-Authentifizierung · erklär mir die Zwei-Faktor-Anmeldung
    'was|erklar*|erklaer*|bedeutet|bedeutung|heisst|definition mfa|2fa|multi*faktor*|multi+faktor*|mehr*faktor*|mehrstufig*|zwei*faktor*|zwei+faktor*|2+faktor*|zweistufig*|zwei+stufig*',
    '=mfa|2fa|mehrstufige+authentifizierung|multifaktor+authentifizierung',
  ],
  why: [
    // warum machen wir das · wozu brauche ich das · ist das Pflicht · muss ich das wirklich
    'warum|wieso|weshalb|wozu',
    'pflicht|verpflichtend|notwendig|notig|noetig|erforderlich|zwingend',
    'muss+ich+das|muss+ich+wirklich|was+soll+das|sinn+und+zweck|welchen+sinn|der+sinn',
  ],
  'is-it-real': [
    // ist diese Nachricht echt · ist das Phishing · ist das Betrug · kann ich dem vertrauen
    'phish*',
    'betrug*|betrueg*|abzocke|fake|spam|schwindel|gefalscht*|gefaelscht*',
    'ist+das|ist+es|ist+diese|ist+dieser|ist+die|ist+der|bist+du echt|serios|authentisch|legitim|sicher|vertrauenswurdig|offiziell',
    'vertrauen',
    'wer+bist+du|wer+hat+das|wer+schickt|wer+sendet',
  ],
  'lost-phone': [
    // ich habe mein Handy verloren · Telefon gestohlen · neues Handy · Nummer geändert
    'verloren|verlegt|verliere|gestohlen|geklaut|kaputt|zerbrochen|defekt handy*|telefon*|smartphone|mobiltelefon|iphone|android',
    'neu|neue|neues|neuen|neuer|anderes|andere handy*|telefon*|smartphone|nummer|*nummer|iphone',
    'geandert|geaendert|gewechselt|andern|aendern|wechseln|aktualisier* nummer|*nummer|handy*|telefon*',
  ],
  authenticator: [
    // wie richte ich die Authenticator-App ein · Passkey einrichten · App installieren
    'authent*ator*|autent*ator*',
    'passkey*|hauptschlussel*|zugangsschlussel*|sicherheitsschlussel*|fido*',
    'einricht*|richte|installier*|herunterlad*|runterlad* app',
  ],
  'sms-retirement': [
    // was passiert im Februar 2027 · wird die SMS abgeschaltet · keine SMS mehr
    '2027',
    'sms|anruf*|sprachanruf*|textnachricht* abgeschaltet|abschalt*|eingestellt|einstell*|wegfall*|weg|entfall*|aufhor*|hort+auf|endet|ende|auslauf*|lauft+aus|stopp*|mehr',
    'februar passiert|andert|aendert|anderung*',
  ],
  privacy: [
    // was machen Sie mit meiner Nummer · wer sieht meine Telefonnummer · Datenschutz · DSGVO
    'datenschutz*|dsgvo|gdpr|privatsphare|privatsphaere|personenbezogen*',
    'meine*+nummer|meine*+telefonnummer|meine*+handynummer|meine*+mobilnummer|meine*+daten mit|macht|machen|sehen|teilen|geteilt|weitergegeben|weitergeben|verkauf*|gespeichert|speicher*|wer|woher|sicher|nutzen|genutzt|verwend*|zugriff',
  ],
  menu: ['hilfe', '=menu|menue|optionen', 'was+kannst+du|was+kann+ich+fragen'],
};

/** German phrasings of the chat commands anybody may type (whole text only). */
export const GERMAN_COMMANDS: CommandPhrasings = {
  // mein Status · Status
  'my-status': ['=mein+status|status'],
};
