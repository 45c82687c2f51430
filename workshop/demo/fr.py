"""Demo content in French: Cœur de Loire, a biscuit maker that wants to talk with its customers."""

from .content import Content, Dream, Session, Story

S = Session

SESSIONS = (
    S("Répondre aux avis négatifs sans langue de bois",
      "Un client mécontent sur Google ou Instagram : qui répond, en combien de temps, "
      "avec quel ton ?",
      "Un avis négatif auquel on répond bien fait plus pour nous qu’un avis positif ignoré.",
      "Répondre sous 24 h, signer avec son prénom et proposer de poursuivre en message privé."),
    S("Nos vendeuses et vendeurs de boutique sur Instagram ?",
      "Les équipes des 12 boutiques voient les clients tous les jours : et si elles "
      "racontaient leur quotidien ?",
      "Les clients connaissent déjà Maëlle de la boutique de Nantes : c’est elle qu’ils "
      "veulent voir, pas un logo.",
      "Un compte par boutique, tenu à tour de rôle, avec deux heures par semaine prévues "
      "dans le planning."),
    S("Le service client sur WhatsApp",
      "Nos clients nous écrivent déjà sur WhatsApp via les boutiques : faut-il l’organiser ?",
      "La moitié des questions reçues portent sur les commandes en ligne et les allergènes.",
      "Tester trois mois un numéro WhatsApp unique, avec des réponses préparées pour les "
      "dix questions les plus fréquentes."),
    S("Ce que nos clients disent déjà de nous (veille)",
      "Avant de parler, écouter : où parle-t-on de Cœur de Loire, et qu’en dit-on ?",
      "On parle de nous surtout sur des blogs de recettes et des groupes Facebook de "
      "parents, pas sur notre page.",
      "Suivre chaque semaine le nom de la marque, nos gammes, nos dirigeants et nos deux "
      "principaux concurrents."),
    S("Une charte de prise de parole pour tous les salariés",
      "Peut-on parler de son travail en ligne ? Jusqu’où ? Qui nous couvre en cas d’erreur ?",
      "Beaucoup de collègues n’osent pas partager nos publications par peur de mal faire.",
      "Une charte d’une page, écrite avec les salariés, qui dit surtout ce qu’on a le "
      "droit de faire."),
    S("Faire visiter l’atelier de production en vidéo",
      "Le four, le beurre, les mains des pâtissiers : montrer comment on fait, vraiment.",
      "Les visites d’usine du samedi sont complètes six mois à l’avance.",
      "Une courte vidéo par mois tournée par l’équipe de production elle-même, au téléphone."),
    S("Co-créer un biscuit avec nos clients",
      "Et si la prochaine recette venait des clients ? Concours, votes, dégustations…",
      "Les clients envoient déjà des recettes par courrier et par courriel, sans réponse.",
      "Lancer un « biscuit des clients » choisi en ligne et goûté en boutique."),
    S("Gérer une crise : le rappel de lot de 2021",
      "Qu’aurions-nous dû dire, où, et qui aurait dû parler ?",
      "En 2021, les clients ont appris le rappel par la presse avant de l’apprendre par nous.",
      "Préparer à l’avance les questions-réponses de crise et désigner qui parle, 7 jours "
      "sur 7."),
    S("Mesurer autre chose que les « likes »",
      "Quels chiffres disent vraiment si la conversation avance ?",
      "Le nombre d’abonnés ne nous dit rien sur la confiance des clients.",
      "Suivre le délai de réponse, la part des conversations résolues et les "
      "recommandations spontanées."),
    S("Clients fidèles et blogueurs culinaires : nos ambassadeurs",
      "Ils parlent de nous sans qu’on le leur demande : comment les remercier sans les "
      "acheter ?",
      "Les recommandations de clients fidèles convainquent plus que nos publicités.",
      "Inviter chaque trimestre dix clients fidèles à l’atelier, sans contrepartie demandée."),
    S("Marketing, service client et boutiques : travailler ensemble d’abord",
      "Comment collaborer avec nos clients si nous ne collaborons pas entre nous ?",
      "Une même question client reçoit trois réponses différentes selon le service.",
      "Une réunion de 30 minutes chaque lundi entre les trois équipes, avec les questions "
      "de la semaine."),
    S("Distributeurs et grandes surfaces : qui parle de nos produits ?",
      "Nos partenaires parlent aussi de nous : s’accorder sur les messages.",
      "Les promotions des distributeurs génèrent des questions que nous ne voyons pas passer.",
      "Partager avec les distributeurs un calendrier commun et une liste de contacts."),
    S("Le ton Cœur de Loire : chaleureux, drôle, ligérien ?",
      "Comment sonne notre marque quand c’est une personne qui parle ?",
      "Nos meilleurs messages sont ceux où l’on reconnaît la personne qui écrit.",
      "Un petit guide du ton avec dix exemples réels, bons et moins bons."),
    S("Répondre le soir et le week-end",
      "Les clients écrivent le dimanche soir : quelle organisation, sans épuiser personne ?",
      "40 % des messages arrivent en dehors des heures de bureau.",
      "Une permanence tournante et volontaire, rémunérée, avec un message d’attente honnête."),
    S("Des contenus accessibles à tous",
      "Sous-titres, descriptions d’images, contrastes : qui oublions-nous ?",
      "Aucune de nos vidéos n’est sous-titrée, alors que beaucoup sont vues sans le son.",
      "Sous-titrer toutes les vidéos et décrire chaque image publiée à partir de janvier."),
    S("Le paquet de biscuits comme début de conversation",
      "Un QR code sur l’emballage : pour dire quoi, et pour écouter qui ?",
      "Le paquet est le seul média que tous nos clients ont entre les mains.",
      "Un QR code qui mène à l’histoire du lot et à une vraie personne à qui écrire."),
    S("TikTok : y aller ou pas ?",
      "Nos jeunes clients y sont ; est-ce notre place, et avec qui ?",
      "Les vidéos de recettes faites par des clients y circulent déjà sans nous.",
      "Commencer par écouter trois mois et laisser les apprentis proposer un format."),
    S("Données personnelles et RGPD dans nos échanges",
      "Ce qu’on garde, ce qu’on efface, ce qu’on ne demande jamais.",
      "Les clients nous confient adresses et allergies par message privé.",
      "Une règle simple : ne jamais demander en public, et effacer après 90 jours."),
    S("Le droit à l’erreur en ligne pour les managers",
      "Un salarié se trompe en répondant à un client : que fait son manager ?",
      "La peur de la sanction fait répondre tard, ou pas du tout.",
      "Former tous les managers à soutenir, corriger en privé et remercier en public."),
    S("Commandes en ligne : retards et colis abîmés",
      "Le premier sujet de plainte : comment en faire une occasion de lien ?",
      "Un colis abîmé avec un mot manuscrit en retour devient souvent une photo partagée.",
      "Donner aux conseillers le droit de renvoyer un colis sans demander d’accord."),
    S("Allergènes : répondre juste et vite",
      "Une question sur les fruits à coque mérite une réponse exacte, tout de suite.",
      "Les parents d’enfants allergiques sont nos clients les plus fidèles et les plus "
      "exigeants.",
      "Une fiche allergènes par produit, tenue à jour par la qualité et lisible par tous."),
    S("Raconter nos producteurs de beurre et de farine",
      "Nos partenaires agricoles ont des visages : les montrer, avec leur accord.",
      "Nos clients ignorent que le beurre vient de quatre fermes à moins de 50 km.",
      "Une série « Nos producteurs » écrite avec eux, une ferme par saison."),
    S("Un tableau de bord de la conversation",
      "Suivre la conversation semaine après semaine, sans usine à gaz.",
      "Personne ne sait aujourd’hui combien de messages restent sans réponse.",
      "Un tableau hebdomadaire simple : messages reçus, délai, sujets, sentiment."),
    S("Nos métiers racontés par celles et ceux qui les font",
      "Le recrutement passe aussi par les réseaux : laisser parler les équipes.",
      "Les candidats citent souvent une publication de salarié comme raison de postuler.",
      "Un portrait de métier par mois, écrit et validé par la personne concernée."),
    S("Préparer les questions-réponses avant de publier",
      "Chaque annonce suscite des questions : les anticiper plutôt que les subir.",
      "Le changement de recette du sablé a suscité 300 questions en deux jours.",
      "Avant chaque annonce, écrire ensemble les dix questions probables et leurs réponses."),
    S("Nos concurrents font-ils mieux ? Regard sans complexe",
      "Ce qu’on peut apprendre des autres biscuiteries et des marques qu’on admire.",
      "Un concurrent répond en moins d’une heure, avec humour, et ses clients le disent.",
      "Choisir trois marques modèles et en tirer une pratique à essayer chaque mois."),
    S("Fêtes de fin d’année : grande campagne ou petits gestes ?",
      "Décembre, c’est 30 % des ventes : faut-il crier plus fort ou parler mieux ?",
      "Les messages personnels de décembre dernier ont eu plus d’effet que la campagne.",
      "Remplacer une partie du budget de campagne par des gestes : mots, visites, surprises."),
    S("Un club de clients testeurs",
      "Goûter avant tout le monde, donner son avis, être écouté pour de vrai.",
      "Les clients veulent savoir ce que leur avis a changé.",
      "Un club de 50 testeurs, avec un compte rendu de ce qui a changé grâce à eux."),
)

STORIES = (
    Story("{name} raconte une cliente qui avait écrit un dimanche soir : son fils allergique "
          "allait fêter ses sept ans. Une collègue de la qualité a répondu le lundi à 8 h "
          "avec la liste exacte des ingrédients, puis a appelé la boutique de Saint-Nazaire "
          "pour mettre de côté une boîte sans fruits à coque. La cliente a publié la photo "
          "du gâteau d’anniversaire avec un merci à toute l’équipe.",
          ("écoute", "réactivité", "entraide entre collègues")),
    Story("Pour {name}, le plus beau moment, c’est la visite de l’atelier avec une classe "
          "de CM2. Les enfants ont posé des questions sans filtre, un pâtissier a répondu "
          "avec humour, et les parents ont partagé les photos pendant des semaines.",
          ("transparence", "fierté du savoir-faire", "humour")),
    Story("{name} se souvient d’un colis arrivé en miettes chez un client de Lyon. Au lieu "
          "d’un simple remboursement, le conseiller a renvoyé une boîte avec un mot écrit à "
          "la main. Le client en a parlé sur son blog : « une entreprise qui s’excuse comme "
          "une personne ».",
          ("sincérité", "geste personnel", "réactivité")),
    Story("{name} a vécu le lancement du sablé au sarrasin : les clients de la boutique de "
          "Vannes avaient goûté trois versions et voté. Le jour du lancement, ils étaient "
          "là, fiers, et l’ont raconté partout.",
          ("co-création avec les clients", "écoute", "fierté du savoir-faire")),
    Story("Une cliente de longue date a demandé à {name} pourquoi la boîte en fer avait "
          "changé. {name} a pris le temps de lui expliquer le choix du recyclable, en "
          "toute franchise sur les coûts. Elle a fini par écrire un avis très positif.",
          ("transparence", "sincérité", "pédagogie")),
    Story("{name} raconte la journée où la boutique de Nantes a été inondée. Les clients "
          "habitués sont venus aider à déménager les présentoirs, et l’équipe a tout "
          "raconté en direct sur la page de la boutique. Des messages de soutien sont "
          "arrivés de toute la région.",
          ("proximité", "entraide entre collègues", "transparence")),
    Story("Quand un client a publié une critique dure sur le goût du nouveau caramel, "
          "{name} lui a répondu avec son prénom, a reconnu le problème et l’a invité à "
          "goûter la version corrigée. Le client est devenu l’un de nos testeurs.",
          ("sincérité", "réactivité", "écoute")),
    Story("{name} se rappelle une grand-mère qui cherchait « les biscuits de son enfance ». "
          "Une vendeuse a retrouvé la recette de 1962 dans les archives et l’atelier en a "
          "fait une fournée spéciale. Toute la famille est venue la chercher.",
          ("mémoire de la marque", "geste personnel", "entraide entre collègues")),
    Story("Pour {name}, c’est le salon de l’agriculture : les producteurs de beurre étaient "
          "sur le stand avec nous et les visiteurs découvraient d’où vient chaque "
          "ingrédient. Des clients nous ont dit : « on ne savait pas que c’était si local ».",
          ("proximité", "transparence", "alliances avec nos partenaires")),
    Story("{name} raconte une apprentie qui a filmé, avec son téléphone, la préparation des "
          "galettes. La vidéo a été vue 40 000 fois ; des clients ont reconnu l’odeur de "
          "leur enfance rien qu’en la regardant 😊",
          ("créativité", "fierté du savoir-faire", "confiance faite aux équipes")),
    Story("Un distributeur partenaire avait annoncé par erreur une promotion. {name} l’a "
          "appelé, ils ont corrigé ensemble en une heure et publié un message commun plein "
          "d’humour. Les clients ont salué la franchise des deux entreprises.",
          ("alliances avec nos partenaires", "réactivité", "humour")),
    Story("{name} se souvient d’un client malvoyant qui ne pouvait pas lire les "
          "ingrédients. L’équipe a enregistré la fiche de chaque biscuit en audio. Depuis, "
          "une association nous recommande.",
          ("écoute", "créativité", "recommandation")),
    Story("Lors de la fermeture temporaire d’une ligne de production, {name} a vu la "
          "direction expliquer la situation aux clients en vidéo, sans détour. Les "
          "commentaires ont été bienveillants et les ventes ont tenu.",
          ("transparence", "confiance", "sincérité")),
    Story("{name} raconte un échange sur Instagram avec une jeune pâtissière qui "
          "recréait nos biscuits. Plutôt que de s’en plaindre, l’équipe l’a invitée à "
          "l’atelier. Sa vidéo de visite a fait découvrir la marque à un nouveau public.",
          ("ouverture", "co-création avec les clients", "créativité")),
)

STORY_ADDITIONS = (
    "Ce qui m’a le plus marqué·e, c’est qu’on ne m’a demandé l’autorisation de personne.",
    "J’ajoute : c’est aussi grâce aux collègues de la logistique, qu’on oublie souvent.",
    "Je précise que tout s’est fait en moins d’une journée.",
    "Ce jour-là, je me suis dit que je travaillais dans la bonne entreprise.",
    "Le client nous écrit encore à chaque Noël.",
)

DREAMS = (
    Dream("Chaque client peut parler à une vraie personne, en moins d’une heure",
          "Sur le canal qu’il choisit, quelqu’un qui signe de son prénom.",
          ("Chez Cœur de Loire, chaque client qui nous écrit parle à une personne qui "
           "signe de son prénom.",
           "Nous répondons en moins d’une heure, sur le canal que le client a choisi, "
           "le soir comme le dimanche.",
           "Nos conseillers ont le droit d’agir tout de suite, sans attendre d’accord.")),
    Dream("Nos salariés sont nos meilleurs porte-parole",
          "Fiers, libres de parler de leur métier, soutenus s’ils se trompent.",
          ("Chaque salarié de Cœur de Loire parle librement de son métier en ligne.",
           "Une charte courte dit ce que nous pouvons faire, pas seulement ce qui est interdit.",
           "Quand quelqu’un se trompe, son manager le soutient en public et corrige en "
           "privé.")),
    Dream("Nos clients inventent avec nous les biscuits de demain",
          "Un club de testeurs, des recettes votées, un biscuit des clients chaque année.",
          ("Chaque année, un biscuit imaginé par nos clients entre dans la gamme.",
           "Nos testeurs goûtent avant tout le monde et savent ce que leur avis a changé.",
           "L’atelier est ouvert aux clients un samedi par mois.")),
    Dream("Tout le monde sait d’où vient chaque ingrédient",
          "Transparence totale : producteurs, recettes, allergènes, fabrication.",
          ("Chaque paquet raconte son lot : la ferme, le moulin, l’équipe qui l’a cuit.",
           "Nos producteurs parlent eux-mêmes de leur travail, à nos côtés.",
           "Une question sur un allergène reçoit une réponse exacte en quelques minutes.")),
    Dream("Quand un problème arrive, les clients l’apprennent par nous",
          "Une communication de crise préparée, honnête et rapide.",
          ("Quand un problème survient, nos clients l’apprennent par nous, en premier.",
           "Les questions-réponses sont prêtes avant que quiconque ne parle en public.",
           "Une personne désignée répond 7 jours sur 7, avec la vérité, même incomplète.")),
    Dream("Nos boutiques sont des lieux de rencontre, en vrai et en ligne",
          "Chaque boutique a sa voix, son compte, ses habitués.",
          ("Chacune de nos douze boutiques a sa propre voix en ligne, tenue par son équipe.",
           "Les habitués s’y retrouvent, en vrai comme sur les réseaux.",
           "Les équipes ont du temps prévu pour cela dans leur planning.")),
    Dream("Marketing, service client et boutiques ne font qu’une équipe",
          "Une seule réponse, cohérente, quel que soit le service interrogé.",
          ("Le marketing, le service client et les boutiques travaillent comme une seule "
           "équipe.",
           "Chaque lundi, nous partageons les questions des clients et y répondons ensemble.",
           "Un client reçoit la même réponse, quel que soit le service à qui il parle.")),
    Dream("Nos contenus sont accessibles à tous",
          "Sous-titres, descriptions, langage simple : personne n’est laissé de côté.",
          ("Toutes nos vidéos sont sous-titrées et chaque image est décrite.",
           "Nous écrivons simplement, pour être compris de toutes et tous.",
           "Les associations de personnes handicapées testent nos contenus avec nous.")),
)

CAFE_NOTES = (
    ("Une vraie conversation, c’est quand la marque se souvient de ce qu’on lui a dit.",
     "Exemple cité : une librairie qui répond aux avis avec des conseils de lecture.",
     "Ce qui rend l’échange vrai : un prénom, de l’humour, un engagement tenu.",
     "Plusieurs clients disent : « je veux savoir qu’il y a quelqu’un derrière ».",
     "On se méfie des réponses toutes faites, même polies.",
     "Un partenaire : les petites marques répondent mieux que les grandes.",
     "Souvenir partagé : une réponse rapide un dimanche a changé l’avis d’un client.",
     "La conversation commence souvent par une plainte : c’est une chance."),
    ("Frein n°1 : la peur de mal faire et d’être sanctionné.",
     "Les informations sont éparpillées entre trois services.",
     "Personne n’a le temps prévu pour répondre : on le fait « en plus ».",
     "Les outils sont différents en boutique et au siège.",
     "Validation trop longue : quand la réponse est prête, le client est parti.",
     "Les vendeuses ne savent pas ce que le marketing publie.",
     "Idée : un canal interne commun où remonter les questions des clients.",
     "Un client : « vos équipes sont formidables en boutique, pourquoi pas en ligne ? »"),
    ("Il faudrait une charte courte, écrite avec les salariés.",
     "Besoin d’une formation pratique : cas réels, pas de théorie.",
     "Les managers doivent montrer l’exemple et couvrir les erreurs.",
     "Un binôme expérimenté / débutant pour les premières réponses.",
     "Accès direct aux fiches produits et allergènes depuis le téléphone.",
     "Reconnaître ce travail dans les entretiens annuels.",
     "Commencer petit : une boutique pilote, puis étendre.",
     "Les clients proposent d’aider à tester les nouveaux formats."),
)

HOST_SUMMARIES = (
    "Pour les nouveaux venus : au tour précédent, on a surtout parlé de confiance.",
    "Résumé de l’hôte : la table précédente a insisté sur le temps et les outils.",
    "Ce que les visiteurs d’avant nous ont laissé : « répondre vite, mais vrai ».",
    "Récapitulatif : deux idées fortes, la charte et le binôme pour débuter.",
)

INSIGHTS = (
    "Les clients ne veulent pas une marque parfaite, ils veulent une marque qui répond.",
    "Nos équipes de boutique sont déjà notre meilleur réseau social.",
    "Avant de parler aux clients, il faut que nous nous parlions entre services.",
    "La peur de l’erreur bloque plus que le manque d’outils.",
    "Une plainte bien traitée crée plus de confiance qu’une publicité.",
    "Écouter d’abord : on ne sait pas encore où nos clients parlent de nous.",
    "Le temps pour répondre doit être prévu, pas pris « en plus ».",
    "Nos partenaires (distributeurs, producteurs) doivent être dans la conversation.",
    "Les petits gestes personnels se partagent plus que les grandes campagnes.",
    "La transparence sur les ingrédients est attendue, pas un bonus.",
    "Les clients veulent choisir leur canal : WhatsApp, courriel, boutique…",
    "Une charte qui autorise vaut mieux qu’une charte qui interdit.",
    "Il faut mesurer la qualité des échanges, pas le nombre d’abonnés.",
    "Les clients fidèles sont prêts à co-créer avec nous.",
    "Une crise se prépare avant : questions-réponses et porte-parole désignés.",
    "L’accessibilité de nos contenus est un angle mort.",
    "Les managers doivent être formés avant les équipes.",
    "Le paquet de biscuits peut ouvrir la conversation.",
)

FEEDBACK = (
    "Super format : j’ai appris plus en une matinée qu’en six mois de réunions.",
    "J’aurais aimé plus de sessions sur la mesure et les chiffres.",
    "Merci aux clients venus : leur regard a tout changé 🙏",
    "Un peu court pour la session sur la crise, à refaire.",
    "Les notes partagées sont précieuses, je vais les relire avec mon équipe.",
    "La grille construite automatiquement a évité les choix impossibles, bravo.",
    "Prochaine fois : inviter aussi nos distributeurs.",
    "J’ai osé animer une session pour la première fois, merci pour l’accueil.",
    "Trop de sessions en même temps sur le service client.",
    "On devrait refaire ça chaque trimestre.",
    "Bonne énergie, mais il faudra passer aux actes vite.",
    "Le mélange salariés / clients est la vraie valeur de la journée.",
    "Salles un peu petites pour les sessions populaires.",
    "J’ai découvert des collègues que je ne connaissais pas, après dix ans ici !",
)

WORDS = (
    "Confiance", "Écoute", "Enthousiaste", "Fier", "Fière", "Motivé·e", "Inspiré·e",
    "Curieux", "Curieuse", "Ensemble", "Optimiste", "Énergie", "Gratitude", "Élan",
    "Conversation", "Proximité", "Sincérité", "Déterminé·e", "Ouverture", "Lien",
    "Espoir", "Merci 🙏", "Confiance", "Ensemble", "Écoute", "Hâte !", "Bienveillance",
    "Cœur", "Envie d’agir", "Serein·e",
)

COMMITMENTS = (
    "Rédiger la charte de prise de parole avec dix salariés volontaires",
    "Tester un numéro WhatsApp unique pendant trois mois",
    "Mettre en place la réunion du lundi entre marketing, service client et boutiques",
    "Préparer les questions-réponses de crise et désigner les porte-parole",
    "Sous-titrer toutes nos vidéos existantes",
    "Lancer le club des 50 clients testeurs",
    "Ouvrir le compte Instagram de la boutique de Nantes en pilote",
    "Former les managers au droit à l’erreur en ligne",
    "Construire le tableau de bord hebdomadaire de la conversation",
    "Tourner une vidéo par mois à l’atelier avec l’équipe de production",
    "Écrire la série « Nos producteurs » avec la ferme de la Chênaie",
    "Donner aux conseillers le droit de renvoyer un colis sans validation",
    "Mettre à jour les fiches allergènes et les rendre accessibles en boutique",
    "Mettre en place la veille sur la marque, les gammes et les concurrents",
    "Organiser la première journée portes ouvertes pour les clients fidèles",
    "Ajouter un QR code « parlez-nous » sur les paquets de sablés",
    "Définir la permanence du week-end avec les volontaires",
    "Partager un calendrier de publications avec nos distributeurs",
    "Choisir trois marques modèles et en tirer une pratique par mois",
    "Recueillir dix portraits de métiers pour la page recrutement",
    "Remplacer une partie de la campagne de Noël par des gestes personnels",
    "Rédiger le guide du ton Cœur de Loire avec dix exemples réels",
)

FIRST_NAMES = (
    "Anaïs", "Chloé", "Clément", "Hélène", "Jérôme", "Maëlle", "Noël", "Zoé", "François",
    "Gaëlle", "Léa", "Loïc", "Mégane", "Régis", "Séverine", "Thérèse", "Benoît", "Joël",
    "Raphaël", "Inès", "Camille", "Julien", "Sophie", "Mathieu", "Élodie", "Nicolas",
    "Aurélie", "Thomas", "Céline", "Antoine", "Manon", "Hugo", "Émilie", "Lucas",
    "Juliette", "Maxime", "Pauline", "Théo", "Laure", "Bastien", "Océane", "Yann", "Sarah",
    "Karim", "Nadia", "Mehdi", "Amina", "Youssef", "Fatou", "Mamadou", "Soizic", "Erwan",
    "Gwenaëlle", "Ronan", "Armelle", "Cédric", "Valérie", "Stéphane", "Agnès", "Hervé",
    "Rosalie", "Léon", "Jeanne", "Adèle", "Margaux", "Loïs", "Bérénice", "Anaëlle",
)

CONTENT = Content(
    language="fr",
    company="Cœur de Loire",
    facilitator_name="Animation démo",
    titles={
        "open_space": "Cœur de Loire — Journée clients & équipes",
        "barcamp": "Barcamp « Réseaux sociaux » de Cœur de Loire",
        "appreciative_inquiry": "Cœur de Loire — Quand nos clients nous recommandent",
        "world_cafe": "Café clients « Parlons-nous vraiment ? »",
    },
    questions={
        "open_space": "Comment parler avec nos clients sur les réseaux sociaux, plutôt que "
                      "de leur parler ?",
        "barcamp": "Qu’avons-nous appris, chacun, sur la conversation avec les clients en "
                   "ligne ?",
        "appreciative_inquiry": "Ces moments où un échange avec un client nous a rendus "
                                "fiers : comment en faire notre façon d’être en ligne ?",
        "world_cafe": "Qu’est-ce qu’une vraie conversation entre Cœur de Loire et ses "
                      "clients ?",
    },
    cafe_questions=(
        "Quand avez-vous eu une vraie conversation avec une marque en ligne ? Qu’est-ce qui "
        "l’a rendue vraie ?",
        "Qu’est-ce qui nous empêche, en interne, de répondre vite et humainement ?",
        "Si chaque salarié pouvait parler au nom de Cœur de Loire, de quoi aurait-on besoin ?",
    ),
    first_names=FIRST_NAMES,
    rooms=("Salle Loire", "Salle Erdre", "Atelier", "Verrière", "Salle Sèvre", "Bibliothèque",
           "Terrasse", "Salle Cher", "Salle Vienne", "Salle Indre", "Grenier", "Salle Maine"),
    slots=("9 h 30", "11 h", "14 h", "15 h 30", "17 h"),
    sessions=SESSIONS,
    key_points=(
        "Les clients attendent une réponse humaine plus qu’une réponse parfaite.",
        "Le temps de réponse compte autant que le contenu.",
        "Les équipes sont prêtes, à condition d’avoir un cadre clair.",
        "Plusieurs clients présents ont dit qu’ils nous recommanderaient plus souvent "
        "s’ils savaient à qui parler.",
        "On manque d’une vue commune sur ce qui se dit de nous.",
        "Les partenaires peuvent relayer nos messages si on les associe tôt.",
        "Les petits gestes se partagent plus que les campagnes.",
        "Personne ne se sent autorisé à répondre aujourd’hui.",
    ),
    recommendations=(
        "Commencer petit, avec une équipe pilote volontaire.",
        "Associer le service client dès le départ.",
        "Prévoir du temps dans les plannings plutôt que d’ajouter une tâche.",
        "Mesurer le délai de réponse et la satisfaction, pas les abonnés.",
        "Faire relire par un client avant de publier.",
        "Partager chaque mois ce qui a marché et ce qui a raté.",
    ),
    open_questions=(
        "Qui valide une réponse sensible le week-end ?",
        "Quel budget pour la formation ?",
        "Comment associer les boutiques franchisées ?",
        "Que fait-on si un salarié est pris à partie en ligne ?",
        "Faut-il un outil commun, ou d’abord des habitudes communes ?",
        "Comment mesurer la confiance ?",
    ),
    room_questions=(
        "Les clients auront-ils une réponse le dimanche aussi ?",
        "Les vendeurs peuvent-ils parler de leur métier sans demander d’autorisation ?",
        "Qui répond à une cliente qui se plaint publiquement sur Instagram ?",
        "La charte sera-t-elle écrite avec les salariés, ou imposée ?",
        "Comment saurons-nous si les clients nous font plus confiance dans six mois ?",
        "Les boutiques franchisées participent-elles au pilote ?",
        "Serons-nous formés avant de publier au nom de l’entreprise ?",
        "Les clients peuvent-ils tester les nouvelles réponses avant leur mise en ligne ?",
    ),
    notes=(
        "Tour de table : chacun a partagé un exemple vécu.",
        "Démo en direct sur un téléphone, très parlant.",
        "Question de la salle : et les clients qui ne sont pas sur les réseaux ?",
        "Retour d’expérience d’une cliente : elle a arrêté de suivre une marque qui ne "
        "répondait jamais.",
        "Lien partagé : la charte d’une coopérative voisine (à demander à Yann).",
        "Désaccord constructif sur le ton : humour oui, mais pas sur les sujets sensibles.",
        "Chiffre cité : 40 % des messages arrivent hors des heures de bureau.",
        "À creuser : former des binômes salarié / client.",
        "Conclusion : on essaie trois mois et on fait le point ensemble.",
    ),
    stories=STORIES,
    story_additions=STORY_ADDITIONS,
    strength_forms={
        "écoute": ("écoute", "à l’écoute", "écoute des clients", "Écoute"),
        "réactivité": ("réactivité", "très réactifs", "réactifs"),
        "sincérité": ("sincérité", "sincères"),
        "transparence": ("transparence", "transparents"),
        "humour": ("humour", "sens de l’humour", "de l’humour 😄"),
        "fierté du savoir-faire": ("fierté du savoir-faire", "fiers de notre savoir-faire"),
    },
    theme_titles={
        "écoute": "L’écoute avant tout",
        "transparence": "La transparence : montrer comment on fait",
        "réactivité": "Réactivité, même le dimanche",
        "sincérité": "Sincérité, sans langue de bois",
    },
    dreams=DREAMS,
    table_notes=CAFE_NOTES,
    host_summaries=HOST_SUMMARIES,
    insights=INSIGHTS,
    feedback=FEEDBACK,
    words=WORDS,
    commitments=COMMITMENTS,
    teams=("Équipe réseaux sociaux", "Service client", "Direction marketing",
           "Boutiques Nantes & Vannes", "Qualité", "Ressources humaines"),
    convener_intro="Session « {title} », animée par {name}, {count} participants.",
)
