import type { CommandPhrasings, IntentPhrasings } from '../intents';

/** French phrasings of the help questions, each rule beside the questions it is there for. */
export const FRENCH: IntentPhrasings = {
  'what-is-mfa': [
    // qu'est-ce que la MFA · c'est quoi la double authentification · que signifie MFA
    'quoi|qu|que|quel|quelle|signifie|veut+dire|explique*|definition mfa|2fa|a2f|multifacteur*|multi+facteur*|deux+facteurs|double+authentification|deux+etapes|2+etapes',
    '=mfa|2fa|a2f|authentification+multifacteur',
  ],
  why: [
    // pourquoi faisons-nous cela · à quoi ça sert · est-ce obligatoire
    'pourquoi',
    'quoi sert|servir',
    'obligatoire*|necessaire|indispensable|impose|imposee',
  ],
  'is-it-real': [
    // ce message est-il authentique · est-ce du phishing · c'est une arnaque · puis-je faire confiance
    'phish*|hamecon*',
    'arnaque*|escroquer*|fraude*|frauduleu*|spam|fake|canular',
    'est+ce|c+est|ce+message|ce+bot|est+il|est+elle vrai|faux|fausse|authentique|legitime|fiable|officiel|serieux|securise',
    'confiance',
    'qui+etes+vous|qui+es+tu|qui+envoie|qui+a+envoye',
  ],
  'lost-phone': [
    // j'ai perdu mon téléphone · on m'a volé mon portable · nouveau téléphone · j'ai changé de numéro
    'perdu*|perte|vol|vole|volee|casse*|egare*|oublie* telephone*|portable|mobile|smartphone|iphone|android|tel',
    'nouveau|nouvel|nouvelle|autre telephone*|portable|mobile|numero|smartphone|iphone',
    'change*|changer|modifi*|mettre+a+jour numero|telephone*|portable|mobile',
  ],
  authenticator: [
    // comment configurer l'application Authenticator · créer une clé d'accès · installer l'appli
    'authent*ator*|autent*ator*',
    'passkey*|cle+d+acces|cles+d+acces|cle+de+securite|fido*',
    'installer|configurer|telecharger|parametrer|installe* application|appli|app',
  ],
  'sms-retirement': [
    // que se passe-t-il en février 2027 · les SMS vont-ils s'arrêter · fin des SMS
    '2027',
    'sms|appel*|vocal*|texto*|message*+texte arret*|fin|supprim*|retir*|disparai*|disparition|termin*',
    'fevrier passe|change*|arrive',
  ],
  privacy: [
    // que ferez-vous de mon numéro · qui peut voir mon numéro · confidentialité · RGPD
    'confidentialite|rgpd|gdpr|vie+privee|donnees+personnelles|protection+des+donnees',
    'mon+numero|mes+donnees|mes+informations faites|faire|fait|ferez|voir|partag*|vend*|stock*|conserv*|garde*|qui|ou|utilis*|securi*|acces',
  ],
  menu: ['aide|aidez+moi|aider', '=menu', 'que+peux+tu|que+pouvez+vous|que+puis+je+demander|que+sais+tu'],
};

/** French phrasings of the chat commands anybody may type (whole text only). */
export const FRENCH_COMMANDS: CommandPhrasings = {
  // mon statut · statut
  'my-status': ['=mon+statut|statut'],
};
