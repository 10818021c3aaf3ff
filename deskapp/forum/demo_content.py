"""Phrase tables for the demo forum: the Dutch Werkplein content it is made of.

A phrase block is a multi-line string: one phrase per line, a line starting
with ``+ `` continues the phrase above, ``¶`` is a paragraph break and ``↵`` a
line break. :data:`THEMES` is one block per kind of question: a ``@@ key
category reason tags...`` line, then ``@ field`` sections (see :class:`Theme`).
``{slot}`` fields are filled per question by :mod:`deskapp.forum.demo_text`
(see :data:`SLOTS`).
"""

from __future__ import annotations

from dataclasses import dataclass

URGENT = "geld"
MEETING = "gesprek"
RULES = "regels"
CHECK = "check"

SLOTS = (
    "gemeente", "bedrag", "bedrag_klein", "huur", "datum", "later", "afspraak", "dag",
    "weken", "maanden", "jaar", "werkgever", "km", "rib", "kinderen", "leeftijd",
    "huisgenoot", "uren", "bron", "Bron", "voornaam", "opleiding", "beroep", "energie",
    "schuldeiser", "toeslag", "hulp", "aandoening", "staff", "client",
)  # fmt: skip
"""Every slot a phrase may use; the generator fills all of them."""


def phrases(block: str) -> tuple[str, ...]:
    """Split a phrase block into phrases (see the module docstring)."""
    out: list[str] = []
    for line in block.strip().splitlines():
        text = line.strip()
        if text.startswith("+ ") and out:
            out[-1] = f"{out[-1]} {text[2:]}"
        elif text:
            out.append(text)
    return tuple(
        p.replace(" ¶", "¶").replace("¶", "\n\n").replace("↵", "\n") for p in out
    )


def words(block: str) -> tuple[str, ...]:
    """Split a block of short items separated by ``|`` or newlines."""
    return tuple(w.strip() for w in block.replace("\n", "|").split("|") if w.strip())


@dataclass(frozen=True, slots=True)
class Theme:
    """One kind of client question, with everything said about it."""

    key: str
    category: str
    reason: str
    tags: tuple[str, ...]
    titles: tuple[str, ...]
    situations: tuple[str, ...]
    asks: tuple[str, ...]
    staff: tuple[str, ...]
    adviser: tuple[str, ...]
    peer: tuple[str, ...]
    followups: tuple[str, ...]


def themes(block: str) -> tuple[Theme, ...]:
    """Parse themes: ``@@ key category reason tags...``, then ``@ field`` blocks."""
    out = []
    for chunk in block.split("@@ ")[1:]:
        head, *sections = chunk.split("\n@ ")
        key, category, reason, *tags = head.split()
        fields = {}
        for section in sections:
            name, _, text = section.partition("\n")
            fields[name.strip()] = phrases(text)
        out.append(Theme(key, category, reason, tuple(tags), **fields))
    return tuple(out)


CATEGORIES = (
    ("Inkomen & uitkering", "inkomen-uitkering", False,
     "Vragen over bijstand, uitbetaling, terugvordering en bijverdienen."),
    ("Werk & re-integratie", "werk-reintegratie", False,
     "Solliciteren, WW, re-integratie, studie en starten als zzp'er."),
    ("Zorg & Wmo", "zorg-wmo", False,
     "Hulp thuis, voorzieningen en het keukentafelgesprek van de Wmo."),
    ("Schulden & toeslagen", "schulden-toeslagen", False,
     "Betalingsachterstanden, deurwaarders, beslag en toeslagen."),
    ("Gesprekken voorbereiden", "gesprekken-voorbereiden", False,
     "Bereid je gesprek met de klantmanager, werkgever of Wmo-consulent voor."),
    ("Kennisbank", "kennisbank", True,
     "Antwoorden van het Werkplein op vragen die vaak gesteld worden."),
)  # fmt: skip
"""(name, slug, is_kb, description) of every category, in id order."""

STAFF = (
    ("sanne.werkplein", "Sanne de Vries"), ("mark.werkplein", "Mark Jansen"),
    ("fatima.werkplein", "Fatima El Amrani"), ("joost.werkplein", "Joost Bakker"),
    ("ingrid.werkplein", "Ingrid Mulder"), ("kevin.werkplein", "Kevin Smit"),
    ("esther.werkplein", "Esther Hoekstra"), ("ramon.werkplein", "Ramon Pinas"),
)  # fmt: skip
"""Werkplein employees; the first one is the demo desk's default account."""

ADVISERS = (
    ("peter.arbeidsadviseur", "Peter Dijkstra, onafhankelijk arbeidsadviseur"),
    ("linda.clientondersteuner", "Linda Veenstra, cliëntondersteuner"),
    ("ahmed.arbeidsadviseur", "Ahmed Bouzid, onafhankelijk arbeidsadviseur"),
)

FIRST_NAMES = words("""
Sanne|Kevin|Lisa|Mohamed|Fatima|Jeroen|Anouk|Dennis|Priya|Wesley|Naima|Ricardo|Tamara
Bas|Joyce|Yusuf|Ilse|Marco|Sabrina|Erik|Hatice|Patrick|Chantal|Rachid|Mirjam|Stefan
Aylin|Gerrit|Samira|Roy|Agnieszka|Tom|Esra|Ferry|Nicole|Omar|Wilma|Danny|Shanti|Henk
Kim|Jasper|Soufiane|Monique|Tomasz|Linda|Ahmet|Romy|Ingrid|Bilal|Debora|Marcel|Noor
Ramon|Hanneke|Lucas|Zeynep|Richard|Astrid|Mehmet|Femke|Jordy|Karin|Dewi|Tim|Rosa
Sven|Iris|Abdel|Petra|Sjoerd|Melek|Niels|Yvonne|Ruben|Anja|Ivan|Mila|Gerda|Sander
""")

LAST_NAMES = words("""
de Vries|Jansen|Bakker|Visser|Smit|Meijer|de Boer|Mulder|de Groot|Bos|Vos|Peters
Hendriks|van Dijk|Dekker|Brouwer|de Wit|Dijkstra|Smits|de Graaf|van der Meer|Kok
Yilmaz|El Idrissi|Kaya|Bouali|Pinas|Ramdin|Nowak|Kowalski|Hoekstra|Postma|Kuipers
Veenstra|Boersma|Wouters|Koster|Prins|Huisman|Jacobs|Vermeulen|van den Berg|Schouten
Öztürk|Benali|Sitaldin|Doorson|Wiersma|Zijlstra|Tuinstra|Nijboer|Oosterhuis|Bulut
""")

GEMEENTEN = words("""
Groningen|Delfzijl|Appingedam|Veendam|Hoogezand|Stadskanaal|Winschoten|Assen
Emmen|Leeuwarden|Drachten|Zwolle|Meppel|Hoogeveen|Almere|Lelystad|Utrecht|Amersfoort
Arnhem|Nijmegen|Apeldoorn|Enschede|Hengelo|Deventer|Tilburg|Breda|Eindhoven|Helmond
Rotterdam|Schiedam|Den Haag|Zoetermeer|Leiden|Haarlem|Zaandam|Amsterdam|Heerlen|Venlo
""")

WERKGEVERS = words("""
de Albert Heijn|een schoonmaakbedrijf|PostNL|de thuiszorg|een uitzendbureau
een distributiecentrum|de gemeente|een bouwbedrijf|een callcenter|de Action
een zorginstelling|een hotel|een transportbedrijf|een kinderopvang|een bakkerij
een kapsalon|een tuinbouwbedrijf|een restaurant|een beveiligingsbedrijf|de Jumbo
""")

KLANTMANAGERS = words("""
mevrouw De Boer|meneer Yilmaz|mevrouw Postma|meneer Kuipers|mijn klantmanager
mevrouw Benali|meneer Wouters|mevrouw Zijlstra|de nieuwe klantmanager|meneer Ramdin
""")

RE_INTEGRATIE = words("""
Werkfit Noord|Stap Verder|Route naar Werk|De Werkbrug|Talentkracht|Opnieuw Aan Het Werk
""")

KINDEREN = words("""
mijn dochter van 6|twee kinderen van 4 en 9|drie kinderen|mijn zoon van 15
een baby van 5 maanden|twee tieners|mijn kinderen (7 en 11)|mijn zoontje van 3
""")

HUISGENOTEN = words("""
mijn zoon van 29|mijn broer|een vriend die tijdelijk bij mij woont|mijn moeder (68)
mijn dochter van 31|mijn neef|mijn ex die nergens anders terecht kan|een kennis
""")

BRONNEN = words("""
mijn buurman|een vriendin|mijn zwager|iemand op Facebook|mijn vorige klantmanager
mijn werkgever|iemand in de wachtkamer|een collega|mijn moeder|de schuldhulpverlener
iemand van het buurthuis|mijn zus|een oud-collega|iemand op een forum|mijn huisarts
""")

OPLEIDINGEN = words("""
een mbo-opleiding tot verzorgende|een cursus boekhouden|het heftruckcertificaat
een opleiding tot taxichauffeur|de pabo|een taalcursus|een VCA-cursus
een opleiding tot doktersassistente|een hbo-deeltijdopleiding|een cursus Excel
""")

BEROEPEN = words("""
schoonmaker|magazijnmedewerker|kapper|schilder|thuiszorgmedewerker|chauffeur
administratief medewerker|kok|verkoper|beveiliger|tuinman|pedagogisch medewerker
""")

ENERGIE = words("Essent|Eneco|Vattenfall|Budget Energie|mijn energieleverancier")
SCHULDEISERS = words("""
de zorgverzekeraar|het CJIB|de woningcorporatie|een webwinkel|de Belastingdienst
het waterschap|mijn telefoonprovider|een incassobureau
""")
TOESLAGEN = words("huurtoeslag|zorgtoeslag|kinderopvangtoeslag|kindgebonden budget")
HULP = words("""
huishoudelijke hulp|een scootmobiel|een traplift|begeleiding thuis
een aangepaste douche|vervoer naar de dagbesteding|een rolstoel|dagbesteding
""")
AANDOENINGEN = words("""
reuma|COPD|een hernia|MS|een burn-out|slechte knieën|de gevolgen van een beroerte
artrose|hartfalen|een chronische longziekte
""")

AFSPRAKEN = words("""
volgende week dinsdag|morgen om 10 uur|donderdag|over twee weken|maandagochtend
vrijdagmiddag|volgende week|woensdag om half 2|aanstaande maandag
""")

MONTHS = words("""
januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december
""")
WEEKDAYS = words("maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag")
STREETS = words("""
Kerkstraat|Dorpsstraat|Stationsweg|Molenweg|Julianastraat|Beatrixlaan|Schoolstraat
Marktstraat|Prinses Irenestraat|Hoofdweg|Lindelaan|Parkweg|Vaartweg|Zuiderdiep
""")

GREETINGS = words("""
Hoi,|Hallo,|Hallo allemaal,|Beste medewerker,|Goedemiddag,|Goedemorgen,|Goedenavond,
Hey allemaal|Beste lezer,|Dag,|Hoi hoi,|Beste Werkplein,|hallo|Beste mensen,
""")

OPENINGS = phrases("""
Ik weet niet goed waar ik dit moet vragen, dus ik probeer het maar hier.
Eerste keer dat ik hier iets post, sorry als het in de verkeerde categorie staat.
Ik hoop dat iemand mij kan helpen want ik word er gek van.
Sorry voor het lange verhaal.
Ik heb al drie keer gebeld maar kom er niet uit.
Ik zit er echt mee in mijn maag.
Via de website van de gemeente kwam ik hier terecht.
Mijn klantmanager is op vakantie en ik heb een vraag.
Ik heb de site al doorgezocht maar kan het antwoord niet vinden.
Misschien een domme vraag, maar toch.
Mijn Nederlands is niet zo goed, sorry voor de fouten.
Ik stel deze vraag namens mijn moeder, zij heeft geen computer.
Ik vraag het hier voor mijn broer, hij durft het zelf niet.
Ik heb het al eerder gevraagd maar nog geen antwoord gekregen.
Ik lig er wakker van, dus ik hoop op een snel antwoord.
Een vriendin raadde me aan om het hier te vragen.
""")

BACKGROUNDS = phrases("""
Ik ben {leeftijd} jaar en woon met {kinderen} in {gemeente}.
Ik zit al {maanden} maanden in de bijstand.
Ik woon alleen in een huurhuis in {gemeente}, de huur is {huur} per maand.
Tot vorig jaar werkte ik als {beroep} bij {werkgever}.
Ik ben alleenstaande ouder van {kinderen}.
Ik heb {aandoening} en kan daardoor niet alles wat ik zou willen.
Mijn contract bij {werkgever} is na {jaar} jaar niet verlengd.
Ik ben {leeftijd} en heb {jaar} jaar als {beroep} gewerkt.
Mijn partner en ik hebben samen een bijstandsuitkering.
Ik werk {uren} uur per week als {beroep} en krijg aanvullende bijstand.
Sinds de scheiding sta ik er alleen voor met {kinderen}.
Ik woon nu {maanden} maanden in {gemeente}, hiervoor woonde ik bij mijn ouders.
Ik heb een WW-uitkering gehad en zit nu {weken} weken in de bijstand.
""")

EXTRAS = phrases("""
Moet ik daar zelf iets voor doen of gaat dat automatisch?
Hoe lang duurt zoiets meestal?
Kan ik dat ook online regelen via Mijn Werkplein?
En moet ik dit ook aan de Belastingdienst doorgeven?
Heeft iemand hier ervaring mee?
Ik wil gewoon weten waar ik aan toe ben.
Mag ik iemand meenemen als ik langs moet komen?
Is daar een formulier voor?
Wie kan ik hiervoor het beste bellen?
En wat gebeurt er als ik het niet op tijd regel?
Graag een antwoord in gewone taal, de brieven snap ik niet.
""")

CLOSINGS = words("""
Alvast bedankt!|Groetjes|Bvd|Alvast heel erg bedankt voor het meedenken.
Mvg {voornaam}|Groet, {voornaam}|Dank u wel alvast.|Hoop dat iemand snel reageert.
Thanks!|Gr {voornaam}|Ik hoor het graag.|Groetjes {voornaam}|Bedankt voor het lezen.
""")

PII_SENTENCES = phrases("""
Mijn BSN is {bsn}, misschien kunnen jullie even kijken?
Ik heb gebeld en mijn BSN {bsn} doorgegeven, maar niemand kon me helpen.
Het geld moet naar {iban}, dat is mijn nieuwe rekening.
Mijn rekeningnummer is {iban} en daar is niks op binnengekomen.
Bel me gerust op {phone}.
Mijn nummer is {phone}, ik ben overdag bereikbaar.
Mail me maar op {email}.
U kunt mij ook mailen: {email}
Mijn adres is {straat} {huisnr}, {postcode} {gemeente}, daar kan de brief heen.
Postcode {postcode} huisnummer {huisnr}, voor als iemand langs wil komen.
""")

TYPOS = (
    ("het ", "t "), ("een ", "n "), ("uitkering", "uitkeering"),
    ("gemeente", "gemeende"),
    ("ontvangen", "ontvange"), ("weet ", "wee "), ("niet ", "nie "), ("dat ", "dt "),
    ("heb ", "heeb "), ("wat ", "wt "), ("klantmanager", "klantmanger"),
    ("bijstand", "bijstant"), ("hebben", "hebbe"), (" ik ", " k "),
    ("misschien", "misschein"), ("eigenlijk", "eigelijk"), ("Werkplein", "werkplein"),
    ("formulier", "formuleer"), ("?", "??"), ("wordt", "word"), ("gebeld", "gebelt"),
    ("alsjeblieft", "aub"), (". ", " "), ("Ik ", "ik "), ("jullie", "julie"),
)  # fmt: skip
"""(correct, sloppy) pairs; the generator applies a few to informal posts."""

STAFF_GREETINGS = words("""
Beste {client},|Hallo {client},|Goedemorgen {client},|Goedemiddag {client},
Hoi {client},|Beste vraagsteller,|Dag {client},
""")

STAFF_INTROS = phrases("""
Dank u wel voor uw vraag.
Goed dat u het hier vraagt.
Vervelend dat u hiermee zit, ik help u graag verder.
Ik begrijp dat dit spannend is.
Bedankt voor uw bericht.
Ik leg het zo duidelijk mogelijk uit.
Fijn dat u op tijd aan de bel trekt.
""")

STAFF_REFERRALS = phrases("""
Omdat het om uw persoonlijke situatie gaat, kan ik hier niet in uw dossier kijken.
+ Neem daarvoor contact op met uw klantmanager.
Bel ons gerust op werkdagen tussen 9 en 17 uur, dan kijken we samen in uw dossier.
In **Mijn Werkplein** ziet u onder *Berichten* welke stukken we nog van u nodig hebben.
U kunt uw klantmanager ook een bericht sturen via Mijn Werkplein; u krijgt binnen twee
+ werkdagen antwoord.
Zet op het forum liever geen persoonlijke gegevens zoals uw BSN of rekeningnummer;
+ die bespreken we telefonisch.
Lukt het niet online? Kom dan langs bij de balie van het Werkplein, op werkdagen
+ van 9 tot 17 uur.
Bel ons op werkdagen tussen 9 en 17 uur als u er niet uitkomt.
""")

STAFF_SIGNOFFS = phrases("""
Met vriendelijke groet,↵{staff}↵Werkplein
Groet,↵{staff}, Werkplein
Hartelijke groet,↵{staff} (Werkplein)
Succes!↵{staff} – team Werk & Inkomen
Vriendelijke groet,↵{staff}↵Klantcontact Werkplein
""")

STAFF_SECOND = phrases("""
Dat begrijp ik. Het snelst is om ons te bellen op werkdagen tussen 9 en 17 uur; dan
+ kunnen we meteen in uw dossier kijken.
Goede vraag. Dat hangt af van uw persoonlijke situatie. Stuur uw klantmanager een
+ bericht via **Mijn Werkplein**, dan krijgt u binnen twee werkdagen antwoord.
Ik heb uw vraag doorgezet naar uw klantmanager. Die neemt binnen twee werkdagen contact
+ met u op.
Dat kunnen we het beste samen bekijken. Wilt u ons bellen op werkdagen tussen 9 en 17
+ uur? Houd uw klantnummer bij de hand.
""")
"""Staff answers to a theme's own follow-up questions."""

CLOSE_NOTES = phrases("""
We sluiten deze vraag omdat we geen reactie meer hebben ontvangen. Heeft u nog een
+ vraag?
+ Stel dan gerust een nieuwe vraag.
Deze vraag is dubbel geplaatst. We gaan verder in de andere vraag van {client}.
Omdat dit over uw persoonlijke dossier gaat, heeft uw klantmanager u gebeld. We sluiten
+ deze vraag.
Gesloten: de vraag is telefonisch afgehandeld.
We hebben het antwoord ook in de kennisbank gezet. Deze vraag gaat dicht.
""")

ADVISER_INTROS = phrases("""
Ik ben onafhankelijk adviseur en help cliënten van het Werkplein gratis.
Als cliëntondersteuner zie ik dit vaker.
Hallo {client}, ik reageer even als onafhankelijk arbeidsadviseur.
Goede vraag, {client}.
Ik werk niet voor het Werkplein, maar kan je wel wat wegwijs maken.
""")

ADVISER_OUTROS = phrases("""
Wil je dat ik meega naar het gesprek? Stuur me dan een privébericht.
Kom je er niet uit, dan kun je gratis een afspraak met mij maken.
Laat even weten hoe het is afgelopen!
Neem gerust iemand mee naar het gesprek; dat is je goed recht.
""")

PEER_INTROS = words("""
Ik had precies hetzelfde vorig jaar.|Herkenbaar!|Ik ben geen medewerker, maar:
Uit eigen ervaring:|Hmm, lastig.|Ik heb dat ook gehad.|Heel vervelend voor je.
Ik zit zelf ook in de bijstand.|Even wat tips:|Volgens mij zit het zo:
""")

PEER_OUTROS = words("""
Succes ermee!|Vraag het voor de zekerheid even na bij het Werkplein.|Sterkte!
Laat je niet afschepen.|Hoop dat je er wat aan hebt.|Groetjes en succes.
""")

FOLLOWUP_PAIRS = tuple(
    tuple(pair.split(" => "))
    for pair in phrases("""
Dank u. Maar wat als ik de brief niet meer heb? => Geen probleem: er staat een kopie in
+ Mijn Werkplein onder *Documenten*.
Ik heb gebeld maar kreeg niemand te pakken, het was steeds in gesprek. => Excuses
+ daarvoor. Het is het rustigst tussen 14 en 16 uur. U kunt ook een bericht sturen via
+ Mijn Werkplein.
Oké, en hoe lang duurt dat dan ongeveer? => Meestal twee tot vijf werkdagen. U krijgt
+ altijd een brief of een bericht in Mijn Werkplein.
Moet ik dat via Mijn Werkplein doen? Ik kan niet inloggen met mijn DigiD. => Dan kunt
+ u langskomen bij de balie, op werkdagen van 9 tot 17 uur. Een nieuwe DigiD vraagt u
+ aan
+ op digid.nl.
Ik snap het nog steeds niet helemaal, kunt u het simpeler uitleggen? => Natuurlijk. Kort
+ gezegd: geef het door, lever de papieren in en wij rekenen het voor u uit. Bel ons
+ gerust als u het liever even hoort.
Ik heb het formulier op {datum} opgestuurd, is dat dan op tijd? => Als het binnen de
+ termijn in de brief is, is het op tijd. Ik zie hier uw dossier niet; uw klantmanager
+ kan het voor u nakijken.
Maar {bron} zegt iets heel anders, wie moet ik nu geloven? => Goed dat u het checkt.
+ Wat ik hierboven schreef zijn de regels van het Werkplein. Twijfelt u, bel ons dan.
Dank je. Mag ik dan wel iemand meenemen naar het gesprek? => Ja, dat mag altijd. Een
+ onafhankelijk cliëntondersteuner kan ook gratis mee.
""")
)
"""(client follow-up, staff answer) pairs that fit any theme."""

THANKS = phrases("""
Top, dank je wel! Het is gelukt.
Bedankt, duidelijk verhaal.
Dank u wel, ik heb net gebeld en het is opgelost.
Super, het geld staat er inmiddels op!
Dank jullie wel allemaal, ik weet nu wat ik moet doen.
Thanks, fijn dat jullie zo snel reageren.
Heel erg bedankt, ik was echt in paniek.
Bedankt {staff}! Het gesprek ging goed.
Dankjewel, ik ga het zo doen.
Opgelost, dank voor de hulp 👍
""")

BUMPS = words("""
Iemand?|Ik heb nog steeds niks gehoord...|Is er al iemand die hier iets over weet?
Up. Het is echt dringend.|Hallo? Ik wacht nog steeds op antwoord.
Kan er iemand van het Werkplein reageren?
Ik heb inmiddels ook gemaild maar niks gehoord.
""")

URGENT_PREFIXES = words("Dringend:|HELP:|Spoed!|[DRINGEND]|Help!!|URGENT:")
TITLE_CONTEXTS = (
    " ({gemeente})", " [{gemeente}]", " - Werkplein {gemeente}", " (al {weken} weken)",
    " ({leeftijd} jaar, {kinderen})", " - sinds {datum}", " (gemeente {gemeente})",
    " ({leeftijd} jaar)", " - alleenstaand, {leeftijd} jaar",
    ", wie weet dit? ({gemeente})", " - werk {uren} uur per week",
)  # fmt: skip
"""Context people add to a title; the generator adds one to most plain titles."""
TITLE_SUFFIXES = (
    "??",
    "!",
    " (dringend)",
    " - graag snel antwoord",
    " ({gemeente})",
    "?!",
)

REG_LINKS = {
    "participatiewet": "https://www.rijksoverheid.nl/onderwerpen/bijstand",
    "ww": "https://www.uwv.nl/particulieren/werkloos",
    "wmo": "https://www.rijksoverheid.nl/onderwerpen/zorg-en-ondersteuning-thuis",
    "toeslagen": "https://www.rijksoverheid.nl/onderwerpen/toeslagen",
    "schulden": "https://www.rijksoverheid.nl/onderwerpen/schulden",
}
"""Where a staff answer or KB article points for more general information."""

THEMES = themes("""
@@ uitkering_gestopt inkomen-uitkering geld participatiewet urgent-geld
@ titles
Uitkering gestopt zonder bericht
Bijstand ineens stopgezet na {maanden} maanden
Geen uitkering meer sinds {datum}, wat moet ik doen
Brief: uitkering stopt per {later}. Mag dat zomaar?
Uitkering opgeschort omdat een formulier te laat was
Bijstand stopgezet in {gemeente}, ik heb niks meer
@ situations
Vandaag kreeg ik een brief dat mijn uitkering per {datum} is stopgezet.
Volgens de brief heb ik mijn inlichtingenplicht geschonden, maar ik weet niet waarmee.
Ik had een afspraak bij {km} gemist omdat ik ziek was, en nu is mijn bijstand
+ opgeschort.
Ik heb het wijzigingsformulier {weken} weken te laat ingeleverd, denk ik.
Mijn {huisgenoot} is bij mij ingetrokken en nu denken ze dat we samenwonen.
Ik heb {kinderen} en nu komt er niks meer binnen, terwijl de huur van {huur} ook moet.
@ asks
Kunnen ze dit zomaar doen zonder eerst met mij te praten?
Hoe krijg ik mijn uitkering zo snel mogelijk terug?
Kan ik bezwaar maken en krijg ik dan in de tussentijd nog geld?
Wat moet ik nu als eerste doen?
@ staff
Vervelend dat uw uitkering is stopgezet. In de brief staat altijd de reden en vanaf
+ welke datum het besluit geldt. Vaak gaat het om ontbrekende gegevens; levert u die
+ alsnog aan, dan kan de uitkering meestal snel weer worden betaald.¶Wat u nu kunt
+ doen:↵- Lever ontbrekende stukken zo snel mogelijk aan via **Mijn Werkplein**.↵- Bent
+ u het niet eens met het besluit? Dan kunt u binnen **6 weken** bezwaar maken.↵- Heeft
+ u nu geen geld voor eten of huur? Vraag dan naar een voorschot.
Een uitkering wordt niet zomaar beëindigd: u krijgt altijd een besluit met de reden.
+ Bij een opschorting krijgt u eerst een hersteltermijn om de gevraagde gegevens aan te
+ leveren. Doet u dat binnen die termijn, dan loopt de uitkering gewoon door.
@ adviser
Lees de brief goed: staat er *opschorting* of *beëindiging*? Bij een opschorting kun je
+ het vaak nog herstellen door de stukken alsnog in te leveren. Bij een beëindiging
+ kun je
+ binnen 6 weken bezwaar maken; vraag er dan meteen een voorlopige voorziening bij.
@ peer
Bij mij was het ook zo, bleek dat ze een bankafschrift misten. Gewoon bellen en vragen.
Ze mogen je uitkering niet stoppen zonder je eerst te horen, dus dit is sowieso
+ onterecht.
Ga meteen naar het loket, dan betalen ze het dezelfde dag nog uit.
@ followups
Ik heb de stukken nu ingeleverd. Hoe lang duurt het voordat er weer geld komt?
Moet ik voor het bezwaar een advocaat hebben?
@@ betaling_niet_ontvangen inkomen-uitkering geld participatiewet urgent-geld
@ titles
Uitkering nog niet ontvangen deze maand
Geen geld op mijn rekening, betaling bijstand te laat?
Waar blijft mijn uitkering van {datum}
{bedrag} te weinig ontvangen deze maand
Betaling niet binnen, vaste lasten gaan mis
Vakantiegeld niet ontvangen?
@ situations
Normaal staat mijn uitkering er rond het eind van de maand op, maar nu is er niks.
Ik heb deze maand maar {bedrag} gekregen in plaats van het normale bedrag.
Mijn huur van {huur} wordt automatisch afgeschreven en nu sta ik rood.
Ik heb sinds {datum} niks meer ontvangen en heb {kinderen} thuis.
Ik ben verhuisd naar {gemeente} en sinds dat moment krijg ik niks meer.
Op mijn specificatie staat een inhouding van {bedrag_klein} die ik niet snap.
@ asks
Weet iemand wanneer de uitkering deze maand wordt betaald?
Waarom is het bedrag lager dan anders?
Wat kan ik doen nu ik geen geld heb voor boodschappen?
Is dit een storing of ligt het aan mij?
@ staff
De uitkering wordt elke maand rond dezelfde datum betaald; het kan 1 à 2 werkdagen
+ duren voordat het geld op uw rekening staat. Is het bedrag lager dan normaal, dan ziet
+ u de reden op uw **betaalspecificatie** in Mijn Werkplein. Een inhouding komt vaak
+ door inkomsten die u heeft doorgegeven of door een aflossing.
Als er niets is betaald, controleren we eerst of we alle gegevens van u hebben. Kijk in
+ **Mijn Werkplein** onder *Betalingen*.¶Staat daar niets vreemds? Bel ons dan op
+ werkdagen tussen 9 en 17 uur. Heeft u dringend geld nodig voor eten, vraag dan naar
+ een
+ voorschot.
@ adviser
Vraag om een specificatie van de inhouding. Ze moeten je altijd kunnen uitleggen waarom
+ je minder krijgt, en bij een aflossing moet je beslagvrije voet blijven staan.
@ peer
Bij mij is het ook nog niet binnen, denk dat het later komt door de feestdag.
Ze betalen altijd pas op de laatste dag van de maand, gewoon even afwachten.
Vorige maand had ik dat ook, bleek dat ze mijn inkomsten dubbel hadden geteld.
@ followups
Het staat er nog steeds niet op. Wanneer kan ik een voorschot aanvragen?
Op de specificatie staat 'verrekening', wat betekent dat?
@@ huisuitzetting schulden-toeslagen geld schulden urgent-geld
@ titles
Dreigende huisuitzetting, huurachterstand van {bedrag}
Woningcorporatie wil mij uit huis zetten
Brief van de rechter over ontruiming, wat nu
Huurachterstand {maanden} maanden, kan het Werkplein helpen?
Ontruiming op {later} aangekondigd!
@ situations
Ik heb een huurachterstand van {bedrag} bij de woningcorporatie.
Ik heb een brief gekregen dat de woning op {later} wordt ontruimd.
Door ziekte ben ik {maanden} maanden achter geraakt met de huur van {huur}.
De woningcorporatie wil geen betalingsregeling meer, zeggen ze.
Ik woon hier met {kinderen} en ik weet niet waar we heen moeten.
@ asks
Kan het Werkplein de huurachterstand betalen?
Is er nog iets wat ik kan doen om de ontruiming te stoppen?
Waar kan ik vandaag nog terecht voor hulp?
@ staff
Neem **vandaag nog** contact met ons op; bij een dreigende ontruiming gaat u bij ons
+ voor. Wat we samen kunnen doen:↵- een afspraak met schuldhulpverlening van de
+ gemeente;↵- contact met de woningcorporatie over een betalingsregeling;↵- kijken of u
+ recht heeft op bijzondere bijstand of huurtoeslag.¶Bel ons op werkdagen tussen 9 en 17
+ uur en zeg dat het om een ontruiming gaat.
Een woningcorporatie moet een huurachterstand eerst melden bij de gemeente
+ (vroegsignalering). Vaak kunnen we dan nog een regeling treffen. Neem zo snel mogelijk
+ contact met ons op, dan bellen we samen met de corporatie.
@ adviser
Ga ook naar het Juridisch Loket (https://www.juridischloket.nl); je kunt de rechter
+ vragen de ontruiming op te schorten als er een betalingsregeling loopt.
@ peer
Zolang je kinderen hebt mogen ze je niet uit huis zetten, dat is de wet.
Bel de woningcorporatie zelf en bied een klein bedrag per maand aan, dat werkte bij mij.
@ followups
De corporatie zegt dat het te laat is. Kan het Werkplein echt nog iets doen?
@@ deurwaarder schulden-toeslagen geld schulden urgent-geld
@ titles
Deurwaarder komt {afspraak} langs, help
Brief van de deurwaarder over {bedrag}
Deurwaarder dreigt met beslag op mijn spullen
Deurwaarderskosten zijn hoger dan de schuld?
Deurwaarder namens {schuldeiser}, wat kan ik doen
@ situations
Ik kreeg een brief van de deurwaarder namens {schuldeiser} over {bedrag}.
De oorspronkelijke schuld was {bedrag_klein} maar nu is het veel meer geworden.
De deurwaarder komt {afspraak} langs om beslag te leggen.
Ik heb al een betalingsregeling voorgesteld maar ze reageren niet.
@ asks
Mag de deurwaarder zomaar mijn spullen meenemen?
Kan het Werkplein met de deurwaarder bellen?
Moet ik de deur opendoen?
@ staff
Een deurwaarder moet zich aan regels houden: uw **beslagvrije voet** moet altijd
+ overblijven, en spullen die u echt nodig hebt (bed, koelkast, kleding) mag hij niet
+ meenemen.¶Wij kunnen u aanmelden voor schuldhulpverlening. Bel ons op werkdagen tussen
+ 9 en 17 uur; dan maken we een afspraak met een schuldhulpverlener.
Neem contact op met de deurwaarder en vraag om een overzicht van de schuld en de kosten.
+ Komt u er samen niet uit, dan helpt schuldhulpverlening van de gemeente. Meer uitleg
+ vindt u op [rijksoverheid.nl](https://www.rijksoverheid.nl/onderwerpen/schulden).
@ adviser
Laat de deurwaarder controleren of hij je beslagvrije voet goed heeft berekend; dat gaat
+ vaak mis. Je kunt de berekening zelf nakijken met de rekenhulp van de Rechtspraak.
@ peer
Gewoon niet opendoen, dan kunnen ze niks.
Je kunt ook bij geldfit.nl anoniem hulp vragen, heb ik ook gedaan.
@ followups
Hij staat morgen voor de deur. Kan ik vandaag nog iemand spreken?
@@ beslag schulden-toeslagen geld schulden urgent-geld
@ titles
Beslag op mijn uitkering, ik hou bijna niks over
Loonbeslag en nu maar {bedrag_klein} per maand over
Beslagvrije voet klopt niet?
Beslag gelegd door {schuldeiser} op mijn bijstand
@ situations
Er is beslag gelegd op mijn uitkering door {schuldeiser}.
Ik hou na het beslag nog maar {bedrag_klein} over om van te leven.
Mijn werkgever {werkgever} houdt {bedrag_klein} per maand in voor loonbeslag.
Er lopen twee beslagen tegelijk en ik snap niet hoe dat werkt.
@ asks
Hoeveel mag er maximaal worden ingehouden?
Wie berekent de beslagvrije voet en hoe kan ik die laten controleren?
Kan het beslag van mijn uitkering worden afgehaald?
@ staff
Bij beslag houdt u altijd een **beslagvrije voet** over: het bedrag dat u nodig heeft
+ om van te leven. Wij betalen het deel boven die grens aan de deurwaarder.¶Klopt de
+ berekening niet, geef dan door wat er is veranderd (bijvoorbeeld huur of kinderen).
+ Dan
+ laten we de beslagvrije voet opnieuw berekenen.
Als er meerdere beslagen zijn, moet één deurwaarder de coördinatie doen. Zorg dat uw
+ gegevens kloppen en vraag ook om hulp van schuldhulpverlening.
@ adviser
Check ook of de zorgverzekering en huur nog worden betaald; vaak kun je die via
+ budgetbeheer laten doorbetalen zodat er geen nieuwe schulden ontstaan.
@ peer
Ze mogen maximaal de helft van je uitkering inhouden.
Bij mij hebben ze het na een telefoontje verlaagd.
@ followups
Welke papieren moet ik aanleveren voor een nieuwe berekening?
@@ energie_afsluiting schulden-toeslagen geld schulden urgent-geld
@ titles
{energie} dreigt gas en licht af te sluiten
Afsluiting energie op {later}, achterstand {bedrag}
Energierekening veel te hoog, kan niet betalen
Stroom wordt afgesloten, ik heb {kinderen}
@ situations
Ik heb een brief van {energie} dat ze mij per {later} afsluiten.
Mijn achterstand is opgelopen tot {bedrag}.
Het nieuwe voorschot is ineens {bedrag_klein} per maand, dat kan ik niet betalen.
Ik heb thuis {kinderen} en mijn {huisgenoot} heeft medische apparatuur.
@ asks
Mogen ze zomaar afsluiten?
Kan ik bijzondere bijstand krijgen voor de energierekening?
Wat moet ik vandaag nog doen?
@ staff
Een energieleverancier moet u eerst aanbieden om u aan te melden bij
+ schuldhulpverlening. In de winter gelden extra regels tegen afsluiten. Neem vandaag
+ contact met ons op, dan kijken we samen naar een regeling en schuldhulp.
Vraag {energie} om een betalingsregeling en geef door dat u hulp zoekt bij de gemeente.
+ Wij kunnen contact opnemen met de leverancier. Bel ons op werkdagen tussen 9 en 17
+ uur.
@ adviser
Laat ook even naar je voorschot kijken: vaak is dat te hoog ingeschat. Het Energieloket
+ van je gemeente kan gratis langskomen voor energiebesparing.
@ peer
In de winter mogen ze nooit afsluiten, dus je hebt tot april de tijd.
Ik kreeg via de gemeente een energietoeslag, misschien kan dat bij jou ook?
@ followups
{energie} zegt dat ik eerst de helft moet betalen. Klopt dat?
@@ terugvordering inkomen-uitkering geld participatiewet
@ titles
Werkplein vordert {bedrag} terug, kan dat
Terugvordering bijstand na {maanden} maanden?
Moet {bedrag} terugbetalen aan de gemeente
Brief over terugvordering en boete, ik schrik me kapot
@ situations
Ik moet ineens {bedrag} terugbetalen omdat ik inkomsten niet op tijd had doorgegeven.
Volgens de brief heb ik {maanden} maanden te veel bijstand gekregen.
Ik werkte een paar uur bij {werkgever} en dacht dat het Werkplein dat zelf wist.
Er staat ook een boete in de brief van {bedrag_klein}.
@ asks
Kan ik een betalingsregeling krijgen?
Moet ik dit echt allemaal terugbetalen?
Hoe maak ik bezwaar tegen de boete?
@ staff
Als u te veel bijstand heeft ontvangen, moeten we dat terugvorderen. U kunt een
+ **betalingsregeling** krijgen die past bij uw inkomen; daarbij houdt u altijd genoeg
+ over om van te leven.¶Bent u het niet eens met het besluit, dan kunt u binnen **6
+ weken** bezwaar maken. Zet in uw bezwaar waarom u het er niet mee eens bent.
Inkomsten moet u altijd zelf doorgeven, ook als u denkt dat wij ze al kennen. Voor de
+ terugbetaling maken we een regeling; neem daarvoor contact op met uw klantmanager.
@ adviser
Vraag om een berekening per maand. Er gaan regelmatig fouten in terugvorderingen
+ zitten, vooral als inkomsten over twee maanden zijn verdeeld.
@ peer
Na 5 jaar mogen ze niks meer terugvorderen, dus check de data.
Bij mij werd de boete kwijtgescholden omdat ik het zelf had gemeld.
@ followups
Hoeveel moet ik dan per maand aflossen?
@@ ww_gat werk-reintegratie geld ww urgent-geld
@ titles
WW nog niet ontvangen en geen inkomen
Gat tussen laatste salaris en WW
WW aangevraagd op {datum}, nog niks gehoord
WW lager dan bijstand, kan ik aanvullen?
@ situations
Mijn contract bij {werkgever} is gestopt en ik heb op {datum} WW aangevraagd.
Ik heb al {weken} weken geen inkomen meer.
Mijn WW is ongeveer {bedrag} per maand, dat is minder dan de bijstand.
UWV zegt dat het nog {weken} weken kan duren.
@ asks
Kan ik bij het Werkplein een voorschot krijgen tot de WW er is?
Kan ik aanvullende bijstand krijgen naast de WW?
@ staff
Voor de WW is het **UWV** uw aanspreekpunt. Is uw WW lager dan het sociaal minimum,
+ dan kunt u bij ons **aanvullende bijstand** aanvragen. Zit u zonder geld tot de eerste
+ WW-betaling, vraag dan bij ons naar de mogelijkheden van een voorschot.¶Meer over de
+ WW: [UWV](https://www.uwv.nl/particulieren/werkloos).
U kunt UWV om een voorschot op de WW vragen als de beslissing lang duurt. Daarnaast kunt
+ u aanvullende bijstand aanvragen als uw totale inkomen onder de bijstandsnorm ligt.
@ adviser
Vergeet niet dat je vermogen meetelt voor aanvullende bijstand. Laat het uitrekenen
+ voordat je aanvraagt.
@ peer
Bij de WW hoor je altijd binnen 4 weken, anders krijg je het automatisch.
Ik kreeg aanvulling, maar moest wel alles opnieuw aanleveren.
@ followups
Moet ik voor de aanvulling mijn bankafschriften van drie maanden sturen?
@@ gesprek_klantmanager gesprekken-voorbereiden gesprek participatiewet gesprek
@ titles
Gesprek met klantmanager {afspraak}, wat kan ik verwachten
Eerste gesprek bij het Werkplein, tips?
Uitnodiging 'heronderzoek', moet ik me zorgen maken
Wat moet ik meenemen naar het gesprek met {km}?
Gesprek over mijn uitkering {afspraak}, ik ben zenuwachtig
@ situations
Ik heb {afspraak} een gesprek met {km} bij het Werkplein in {gemeente}.
In de uitnodiging staat dat het gaat over 'mijn situatie en de weg naar werk'.
Ik heb het vorige gesprek als heel vervelend ervaren.
Ik ben bang dat ze me verplichten om fulltime te werken terwijl ik {aandoening} heb.
Ik moet 'alle relevante stukken' meenemen maar weet niet welke.
@ asks
Wat moet ik meenemen?
Mag ik iemand meenemen naar het gesprek?
Moet ik vertellen over mijn gezondheid?
Hoe lang duurt zo'n gesprek?
@ staff
Neem in elk geval mee:↵- een geldig **identiteitsbewijs**;↵- de laatste bankafschriften
+ (van alle rekeningen);↵- loonstroken of andere inkomsten;↵- de uitnodigingsbrief.¶U
+ mag altijd iemand meenemen, bijvoorbeeld een familielid of cliëntondersteuner. Vertel
+ gerust over uw gezondheid; dan kijkt {km} wat haalbaar is.
Het gesprek duurt meestal een half uur tot een uur. We bespreken uw situatie en wat u
+ nodig heeft om stappen richting werk te zetten. U krijgt achteraf een verslag via Mijn
+ Werkplein.
@ adviser
Schrijf vooraf op wat je wilt zeggen en wat je vraagt. Vraag om een verslag van het
+ gesprek en lees het goed na voordat je iets ondertekent.
@ peer
Ze willen vooral zien of je nog steeds recht hebt. Laat niet te veel los.
Neem iemand mee, dan sta je sterker. Ik nam mijn zus mee en dat hielp echt.
@ followups
Ik moet ook een 'plan van aanpak' tekenen. Moet dat meteen?
@@ gesprek_werkgever gesprekken-voorbereiden gesprek gesprek
@ titles
Sollicitatiegesprek bij {werkgever} {afspraak}
Proefplaatsing bij {werkgever} met behoud van uitkering?
Gesprek met werkgever over {uren} uur werk, wat moet ik zeggen
Moet ik vertellen dat ik in de bijstand zit?
@ situations
Ik heb {afspraak} een sollicitatiegesprek bij {werkgever} als {beroep}.
De werkgever biedt een proefplaatsing van {weken} weken aan.
Het gaat om {uren} uur per week, dus ik houd misschien een deel bijstand.
Ik heb {jaar} jaar niet gewerkt en weet niet hoe ik dat gat moet uitleggen.
@ asks
Wat gebeurt er met mijn uitkering als ik aan het werk ga?
Moet ik de werkgever vertellen dat ik een uitkering heb?
Zijn er regelingen voor de werkgever als hij mij aanneemt?
@ staff
Gefeliciteerd met de uitnodiging! Een paar tips:↵- U hoeft niet te vertellen dat u een
+ uitkering heeft.↵- Vraag wel naar loonkostensubsidie of een proefplaatsing: de
+ werkgever kan daar voordeel van hebben.↵- Geef een nieuwe baan meteen door via **Mijn
+ Werkplein**.¶Werkt u parttime, dan vullen we uw inkomen aan tot de bijstandsnorm.
Bij een proefplaatsing werkt u met behoud van uitkering. Die moet u wel vooraf met uw
+ klantmanager afspreken, anders kan het gevolgen hebben voor uw uitkering.
@ adviser
Oefen het gesprek hardop. Een gat in je cv leg je uit met wat je wél deed: zorg,
+ vrijwilligerswerk, cursussen. Dat is geen zwakte.
@ peer
Ik zou het niet vertellen, werkgevers kijken je dan anders aan.
Bij een proefplaatsing moet de werkgever je daarna altijd een contract geven.
@ followups
De werkgever vraagt of ik {later} al kan beginnen. Moet ik dat eerst melden?
@@ reintegratiebedrijf werk-reintegratie gesprek participatiewet gesprek
@ titles
Moet ik naar re-integratiebedrijf {rib}?
Traject bij {rib}, wat zijn mijn rechten
Intake bij {rib} {afspraak}
Re-integratietraject past niet bij mijn gezondheid
@ situations
Ik moet {afspraak} naar een intake bij {rib}.
Het traject duurt {maanden} maanden en is {uren} uur per week.
Ik heb {aandoening} en het werk dat ze aanbieden is te zwaar.
Bij {rib} moet ik de hele dag sollicitatiebrieven schrijven, daar leer ik niks van.
@ asks
Ben ik verplicht om mee te doen?
Wat als het traject niet bij mij past?
Kan ik zelf een ander bedrijf kiezen?
@ staff
Als uw klantmanager een traject met u afspreekt, hoort meedoen bij uw verplichtingen.
+ Maar het moet wel passen bij wat u kunt. Past het niet door uw gezondheid, bespreek
+ dat
+ dan met uw klantmanager; soms vragen we een medisch advies aan.
Geef het aan als het traject niet werkt. Samen met {rib} en u kijken we dan of een
+ ander traject beter past. Stop niet zelf, want dat kan gevolgen hebben voor uw
+ uitkering.
@ adviser
Vraag het trajectplan op papier en laat vastleggen wat je wel en niet kunt. Een
+ cliëntondersteuner kan mee naar het evaluatiegesprek.
@ peer
Ik heb bij {rib} gezeten en het was echt zinloos. Gewoon uitzitten.
Je mag weigeren als je een doktersbriefje hebt.
@ followups
Wie vraagt dat medisch advies aan, ik of de klantmanager?
@@ keukentafelgesprek zorg-wmo gesprek wmo gesprek
@ titles
Keukentafelgesprek Wmo {afspraak}, tips?
Wmo-consulent komt langs voor {hulp}
Voorbereiden keukentafelgesprek voor mijn moeder
Wat vragen ze bij een keukentafelgesprek?
@ situations
Ik heb {hulp} aangevraagd en nu komt er {afspraak} iemand van de Wmo langs.
Ik heb {aandoening} en kan het huishouden niet meer zelf.
Mijn moeder woont alleen in {gemeente} en het gaat niet meer.
Ik ben bang dat ze zeggen dat mijn kinderen maar moeten helpen.
@ asks
Hoe bereid ik me voor op het gesprek?
Mag ik iemand bij het gesprek hebben?
Wat als ze mijn aanvraag afwijzen?
@ staff
In het keukentafelgesprek kijken we samen wat u zelf kunt, wat uw omgeving kan doen en
+ waar u hulp bij nodig heeft. Tips:↵- Schrijf vooraf op waar u elke dag tegenaan
+ loopt.↵-
+ Vertel hoe het op een **slechte dag** gaat, niet alleen op een goede.↵- U mag gratis
+ een
+ onafhankelijk **cliëntondersteuner** meenemen.¶Na het gesprek krijgt u een verslag en
+ daarna een besluit. Meer informatie:
+ [rijksoverheid.nl](https://www.rijksoverheid.nl/onderwerpen/zorg-en-ondersteuning-thuis).
Na het gesprek krijgt u een verslag. Klopt daar iets niet in, geef dat dan door; het
+ verslag is de basis voor het besluit.
@ adviser
Ik ga als cliëntondersteuner vaak mee naar deze gesprekken, gratis. Zorg dat in het
+ verslag staat wat je niet meer kunt, en hoe vaak.
@ peer
Zet het huis niet te netjes neer, anders denken ze dat je het zelf kunt.
Ze vragen altijd eerst of familie kan helpen, dus zorg dat je daar een antwoord op hebt.
@ followups
Hoe lang duurt het na het gesprek voordat ik een besluit krijg?
@@ huisbezoek gesprekken-voorbereiden gesprek participatiewet gesprek
@ titles
Onaangekondigd huisbezoek van het Werkplein?
Huisbezoek {afspraak}, moet ik ze binnenlaten
Handhaving wil langskomen, wat nu
Controle op samenwonen, ik woon echt alleen
@ situations
Er stond vandaag iemand van handhaving aan de deur.
Ik kreeg een brief dat ze {afspraak} langskomen voor een huisbezoek.
Mijn {huisgenoot} logeert af en toe, en nu denken ze dat we samenwonen.
Ik woon alleen met {kinderen} in {gemeente}.
@ asks
Moet ik ze binnenlaten?
Wat kijken ze precies na?
Wat gebeurt er als ik weiger?
@ staff
Een huisbezoek is altijd met uw toestemming: u mag weigeren. Wel kan het gevolgen hebben
+ als we uw recht op bijstand dan niet kunnen vaststellen. Tijdens het bezoek kijken we
+ alleen naar wat nodig is voor uw uitkering, bijvoorbeeld of u er echt woont.
Bij twijfel over uw woonsituatie willen we het graag met u bespreken. Logeert er
+ iemand af en toe, vertel dat gewoon; logeren is iets anders dan samenwonen.
@ adviser
Vraag bij een huisbezoek naar de reden en laat de medewerkers zich legitimeren. Je mag
+ iemand bij je hebben.
@ peer
Nooit binnenlaten, ze mogen niks zonder rechter.
Bij mij keken ze zelfs in de kledingkast, het is echt vernederend.
@ followups
Ze hebben foto's gemaakt in de badkamer. Mag dat?
@@ kostendelersnorm inkomen-uitkering regels participatiewet
@ titles
Kostendelersnorm als {huisgenoot} bij mij komt wonen?
Uitkering omlaag door kostendelersnorm, klopt dit
Telt mijn zoon mee voor de kostendelersnorm?
Kostendelersnorm bij kamerhuurder in {gemeente}
Wat betekent kostendelersnorm eigenlijk
@ situations
Over {weken} weken komt {huisgenoot} bij mij wonen.
Mijn uitkering is met {bedrag_klein} verlaagd sinds mijn {huisgenoot} bij mij woont.
Ik wil een kamer verhuren aan een student om wat bij te verdienen.
Mijn zoon wordt {leeftijd} en woont nog thuis.
@ asks
Hoe werkt de kostendelersnorm precies?
Telt een kamerhuurder ook mee?
Hoeveel ga ik er dan op achteruit?
@ staff
De **kostendelersnorm** betekent dat uw uitkering lager wordt als u uw woning deelt met
+ andere volwassenen, omdat u de kosten kunt delen. Goed om te weten:↵- Huisgenoten
+ jonger dan 27 tellen niet mee.↵- Een student met studiefinanciering telt niet mee.↵-
+ Een huurder met een commerciële huurovereenkomst telt ook niet mee.¶Meer informatie:
+ [rijksoverheid.nl](https://www.rijksoverheid.nl/onderwerpen/bijstand).
Hoeveel uw uitkering verandert, hangt af van het aantal volwassen huisgenoten. Geef een
+ nieuwe huisgenoot altijd door via Mijn Werkplein; dan rekenen wij het voor u uit.
@ adviser
Zorg bij een kamerhuurder voor een schriftelijk huurcontract tegen een normale prijs, en
+ laat de huur via de bank lopen.
@ peer
Als je huisgenoot minder dan 6 maanden blijft, telt hij niet mee.
Mijn zoon betaalt kostgeld en toen telde hij niet mee, dus dat moet jij ook doen.
@ followups
Moet ik het huurcontract van de kamerhuurder opsturen?
@@ ww_regels werk-reintegratie regels ww
@ titles
Hoe lang krijg ik WW na {jaar} jaar werken?
Sollicitatieplicht in de WW, hoeveel per week
Passende arbeid na {weken} weken WW?
Vakantie tijdens de WW, mag dat
WW en bijverdienen als {beroep}
@ situations
Ik heb {jaar} jaar gewerkt als {beroep} bij {werkgever}.
Ik zit nu {weken} weken in de WW.
Het UWV zegt dat ik nu ook ander werk moet aannemen.
Ik kan een paar uur per week bijverdienen bij {werkgever}.
@ asks
Hoe wordt de duur van mijn WW berekend?
Wat telt als sollicitatieactiviteit?
Wat gebeurt er na de WW?
@ staff
De duur van de WW hangt af van uw arbeidsverleden: minimaal 3 maanden, maximaal 24
+ maanden. Tijdens de WW is het **UWV** uw aanspreekpunt, ook voor de
+ sollicitatieplicht.
+ ¶Is de WW afgelopen en heeft u te weinig inkomen, dan kunt u bij ons bijstand
+ aanvragen. Doe dat op tijd: de aanvraag kan een paar weken duren.
Na een half jaar WW geldt in principe alle werk als passend. Bijverdienen mag, maar
+ geef de uren door aan het UWV; dan wordt uw WW verrekend.
@ adviser
Houd je sollicitaties goed bij in werk.nl; daar kijkt UWV naar. Vraag bij twijfel wat
+ voor jou als passend werk geldt.
@ peer
Na de WW krijg je automatisch bijstand, daar hoef je niks voor te doen.
Je moet 4 sollicitaties per 4 weken doen, dat was bij mij zo.
@ followups
Wanneer moet ik die bijstand dan aanvragen, voor of na het einde van de WW?
@@ wmo_hulp zorg-wmo regels wmo
@ titles
Eigen bijdrage Wmo voor {hulp}, hoeveel
Aanvraag {hulp} afgewezen, wat nu
Hoe vraag ik {hulp} aan via de Wmo
Wmo of zorgverzekering voor {hulp}?
@ situations
Ik heb {aandoening} en red het niet meer zonder {hulp}.
Mijn aanvraag voor {hulp} is afgewezen omdat mijn partner zou kunnen helpen.
Ik krijg nu {uren} uur huishoudelijke hulp en dat wordt minder.
Ik woon in {gemeente} en weet niet waar ik moet beginnen.
@ asks
Hoe hoog is de eigen bijdrage?
Kan ik bezwaar maken tegen de afwijzing?
Moet ik eerst naar de huisarts?
@ staff
Voor de meeste Wmo-voorzieningen betaalt u een **eigen bijdrage**: een vast bedrag per
+ maand (het abonnementstarief), dat het CAK int. Heeft u een laag inkomen, dan kan de
+ gemeente u helpen met de kosten.¶Aanvragen doet u bij het Wmo-loket; daarna volgt een
+ gesprek bij u thuis.
Bent u het niet eens met een besluit, dan kunt u binnen 6 weken bezwaar maken. U kunt
+ ook eerst om een nieuw gesprek vragen; soms is iets verkeerd begrepen.
@ adviser
Vraag een onafhankelijk cliëntondersteuner om mee te kijken naar het bezwaar; dat is
+ gratis en heel gewoon.
@ peer
Je moet altijd eerst een indicatie van de huisarts hebben.
De eigen bijdrage is afhankelijk van je inkomen, dus met bijstand betaal je niks.
@ followups
Het CAK stuurt een rekening, maar de hulp is nog niet begonnen. Klopt dat?
@@ toeslagen schulden-toeslagen regels toeslagen
@ titles
{toeslag} terugbetalen, {bedrag} teveel ontvangen
Huurtoeslag en bijstand tegelijk, hoe zit dat
Toeslagen stoppen als ik ga samenwonen?
Zorgtoeslag aanvragen met uitkering
Definitieve berekening {toeslag} klopt niet
@ situations
Ik moet {bedrag} {toeslag} terugbetalen over vorig jaar.
Mijn huur is {huur} en ik weet niet of ik huurtoeslag kan krijgen.
Sinds ik bij {werkgever} werk is mijn inkomen hoger geworden.
Mijn {huisgenoot} is bij mij ingetrokken en nu gaat de {toeslag} omlaag.
@ asks
Kan ik een betalingsregeling krijgen?
Moet ik de toeslag zelf aanvragen of doet het Werkplein dat?
Hoe voorkom ik dat ik volgend jaar weer moet terugbetalen?
@ staff
Toeslagen worden geregeld door **Dienst Toeslagen**, niet door het Werkplein. Geef
+ wijzigingen (inkomen, huisgenoten) zo snel mogelijk door via *Mijn toeslagen*. Moet u
+ terugbetalen, dan kunt u daar een betalingsregeling aanvragen.¶Lukt dat niet, dan
+ kunnen
+ wij u helpen bij de aanvraag. Meer informatie:
+ [rijksoverheid.nl](https://www.rijksoverheid.nl/onderwerpen/toeslagen).
Met een bijstandsuitkering heeft u vaak recht op zorgtoeslag en, afhankelijk van de
+ huur,
+ op huurtoeslag. U vraagt die zelf aan; wij helpen als u er niet uitkomt.
@ adviser
Geef je verwachte jaarinkomen ruim op; dan krijg je per maand iets minder maar hoef je
+ achteraf niet terug te betalen.
@ peer
Met bijstand hoef je nooit toeslagen terug te betalen.
Bel de BelastingTelefoon, die zijn best behulpzaam.
@ followups
Het gaat om {bedrag}. Hoeveel moet ik dan per maand betalen?
@@ bijzondere_bijstand inkomen-uitkering regels participatiewet
@ titles
Bijzondere bijstand voor {hulp}?
Wasmachine kapot, kan ik bijzondere bijstand krijgen
Bijzondere bijstand voor tandarts van {bedrag_klein}
Kosten verhuizing vergoed via bijzondere bijstand?
Bijzondere bijstand afgewezen, waarom
@ situations
Mijn wasmachine is kapot en ik heb {kinderen}.
De tandarts rekent {bedrag_klein} en dat wordt niet vergoed.
Ik moet verhuizen naar {gemeente} en heb geen geld voor de inrichting.
Mijn aanvraag is afgewezen omdat het 'geen bijzondere kosten' zouden zijn.
@ asks
Waar kan ik bijzondere bijstand voor krijgen?
Moet ik eerst de rekening betalen en dan aanvragen?
Hoe vraag ik het aan?
@ staff
**Bijzondere bijstand** is voor noodzakelijke kosten die door bijzondere omstandigheden
+ ontstaan en die u niet zelf kunt betalen. Belangrijk:↵- Vraag het **vooraf** aan, dus
+ voordat u de kosten maakt.↵- We kijken eerst of iets anders het vergoedt, zoals uw
+ zorgverzekering.↵- Voor duurdere spullen kan het ook een lening zijn.¶Aanvragen kan
+ via
+ Mijn Werkplein.
Een wasmachine valt meestal onder de normale kosten waarvoor u moet reserveren. Als dat
+ echt niet lukt, kunnen we kijken naar een renteloze lening. Neem contact op met uw
+ klantmanager.
@ adviser
Leg in je aanvraag goed uit waarom de kosten noodzakelijk zijn en waarom je ze niet
+ zelf kunt betalen. Voeg offertes toe.
@ peer
Bijzondere bijstand krijg je alleen als je kinderen hebt.
Ik kreeg het voor mijn bril, dus probeer het gewoon.
@ followups
Ik heb de rekening al betaald. Kan ik het dan nog aanvragen?
@@ inkomensvrijlating inkomen-uitkering regels participatiewet
@ titles
Hoeveel mag ik bijverdienen naast de bijstand?
Inkomensvrijlating bij parttime werk ({uren} uur)
Bijverdienen als {beroep}, hoeveel mag ik houden
Wordt mijn loon van {bedrag} helemaal gekort?
@ situations
Ik kan {uren} uur per week gaan werken bij {werkgever}.
Ik verdien ongeveer {bedrag} per maand en dat wordt van mijn uitkering afgetrokken.
Ik heb gehoord dat je een deel mag houden.
Ik werk al {maanden} maanden naast mijn uitkering.
@ asks
Hoe werkt de inkomensvrijlating?
Moet ik mijn loonstroken elke maand opsturen?
Hoe lang mag ik dat extra geld houden?
@ staff
Als u parttime werkt, vullen we uw inkomen aan tot de bijstandsnorm. Via de
+ **inkomensvrijlating** mag u een deel houden: 25% van wat u verdient, tot een
+ maximumbedrag per maand, gedurende maximaal 6 maanden.¶Geef uw inkomsten elke maand
+ door met uw loonstrook via Mijn Werkplein.
Lever elke maand uw loonstrook in. Wij rekenen dan uit hoeveel bijstand u nog krijgt.
+ De vrijlating passen we automatisch toe als u er recht op heeft.
@ adviser
Vraag ook naar de andere vrijlatingen en premies; die verschillen per gemeente.
@ peer
Je mag 200 euro per maand bijverdienen zonder dat je gekort wordt.
Bij mij werd alles gekort tot de laatste cent, dus verwacht er niet te veel van.
@ followups
Geldt die 6 maanden ook als ik van baan wissel?
@@ zzp werk-reintegratie regels participatiewet
@ titles
Starten als zzp'er vanuit de bijstand
Eigen bedrijf als {beroep} met behoud van uitkering?
Bbz aanvragen, hoe werkt dat
Zzp en uitkering tegelijk?
@ situations
Ik wil voor mezelf beginnen als {beroep} in {gemeente}.
Ik heb al een paar klanten, maar nog niet genoeg om van te leven.
Ik moet {bedrag} investeren in gereedschap en een bus.
Ik zit {maanden} maanden in de bijstand en wil er graag uit.
@ asks
Kan ik starten met behoud van uitkering?
Wat is het Bbz precies?
Moet ik eerst een ondernemingsplan schrijven?
@ staff
Wilt u een eigen bedrijf starten, dan kan dat soms met ondersteuning via het **Besluit
+ bijstandverlening zelfstandigen (Bbz)**. Er is een voorbereidingsperiode waarin u met
+ behoud van uitkering uw plan uitwerkt. Daarna kijken we of het bedrijf levensvatbaar
+ is.
+ ¶Bespreek uw plan eerst met uw klantmanager; begin niet zonder overleg.
Een ondernemingsplan hoort erbij: daarin laat u zien hoe u een inkomen gaat verdienen.
+ Het Werkplein kan u in contact brengen met een adviseur voor starters.
@ adviser
Schrijf in je plan vooral een eerlijke omzetprognose. Een te rooskleurig plan valt vaak
+ door de mand bij de beoordeling.
@ peer
Zzp'ers hebben nooit recht op bijstand, dus pas op.
Gewoon inschrijven bij de KvK en later melden, zo deed ik het.
@ followups
Hoe lang duurt die voorbereidingsperiode?
@@ studie werk-reintegratie regels participatiewet
@ titles
Mag ik studeren met een bijstandsuitkering?
{opleiding} volgen naast bijstand
Opleiding betaald krijgen via het Werkplein?
Uitkering stopt als ik ga studeren?
@ situations
Ik wil {opleiding} gaan doen.
De opleiding is {uren} uur per week en kost {bedrag}.
Ik ben {leeftijd} en heb nooit een diploma gehaald.
Een werkgever in {gemeente} wil me aannemen als ik het certificaat heb.
@ asks
Houd ik mijn uitkering als ik ga studeren?
Betaalt het Werkplein de cursus?
Moet ik dan nog solliciteren?
@ staff
Heeft u recht op studiefinanciering, dan heeft u geen recht op bijstand. Een korte
+ opleiding of cursus die u helpt om aan het werk te komen, kan vaak wel: soms betaalt
+ het
+ Werkplein zelfs mee.¶Bespreek het **vooraf** met uw klantmanager.
Een opleiding die direct leidt tot werk, zoals een certificaat, kan onderdeel zijn van
+ uw
+ plan van aanpak. Vraag uw klantmanager om het in het plan op te nemen.
@ adviser
Vraag ook naar een scholingsbudget van je gemeente of een opleidingsfonds; soms is er
+ geld via een werkgeversfonds.
@ peer
Met bijstand mag je helemaal niks studeren, dan stopt alles.
Ik deed een avondopleiding en dat mocht gewoon.
@ followups
Wat als de opleiding ook overdag lessen heeft?
@@ tegenprestatie werk-reintegratie regels participatiewet
@ titles
Vrijwilligerswerk doen met een uitkering?
Tegenprestatie, moet ik onbetaald werken?
Vrijwilligersvergoeding van {bedrag_klein}, moet ik dat melden
Ontheffing sollicitatieplicht door mantelzorg?
@ situations
Ik wil vrijwilligerswerk gaan doen bij het buurthuis in {gemeente}.
Ik krijg daar een vergoeding van {bedrag_klein} per maand.
Ik zorg voor mijn {huisgenoot} en heb eigenlijk geen tijd om te solliciteren.
Mijn klantmanager zegt dat ik een tegenprestatie moet doen.
@ asks
Moet ik het melden?
Telt de vrijwilligersvergoeding als inkomen?
Kan ik ontheffing krijgen?
@ staff
Vrijwilligerswerk mag naast uw uitkering. Geef het wel door aan uw klantmanager. Een
+ **vrijwilligersvergoeding** tot een bepaald maximum telt niet als inkomen; daarboven
+ verrekenen we het.¶Zorgt u veel voor iemand, bespreek dan of u (tijdelijk) ontheffing
+ kunt krijgen van de arbeidsplicht.
Een tegenprestatie moet passen bij wat u kunt, en mag geen gewoon betaald werk
+ verdringen. Bespreek met uw klantmanager wat bij u past.
@ adviser
Laat een ontheffing altijd op papier zetten, met de periode erbij.
@ peer
Als je vrijwilligerswerk doet raak je je uitkering kwijt.
Vrijwilligerswerk is juist goed, dan laten ze je met rust.
@ followups
Hoe vraag ik die ontheffing aan?
@@ check_vakantie inkomen-uitkering check participatiewet
@ titles
{Bron} zegt dat je met bijstand 3 maanden op vakantie mag, klopt dat?
Hoe lang mag ik naar het buitenland met een uitkering?
Vakantie naar familie in het buitenland, {weken} weken
Mag ik op vakantie als ik bijstand heb?
@ situations
{Bron} zegt dat je met bijstand gewoon 3 maanden naar het buitenland mag.
Mijn moeder is ziek en ik wil {weken} weken naar haar toe.
Ik wil in de zomer met {kinderen} naar familie.
Vorig jaar ben ik ook al twee weken weggeweest.
@ asks
Klopt dat?
Moet ik het melden, en bij wie?
Wat gebeurt er als ik langer blijf?
@ staff
Dat klopt niet helemaal. Met een bijstandsuitkering mag u **maximaal 4 weken per
+ kalenderjaar** in het buitenland verblijven. Geef uw vakantie **vooraf** door via Mijn
+ Werkplein. Blijft u langer weg, dan heeft u over die extra periode geen recht op
+ bijstand.
Melden is verplicht, ook voor een korte vakantie. Bij bijzondere omstandigheden, zoals
+ een ernstig zieke ouder, kunt u met uw klantmanager overleggen.
@ adviser
Bewaar je tickets en laat de periode vastleggen. Bij controle moet je kunnen laten zien
+ wanneer je weg was.
@ peer
Je mag 6 weken, dat heb ik zelf ook gedaan.
Zolang je het meldt, maakt de duur niet uit.
@ followups
Tellen de reisdagen ook mee voor die 4 weken?
@@ check_giften inkomen-uitkering check participatiewet
@ titles
{Bron} zegt dat je giften niet hoeft te melden, klopt dat?
Geld gekregen van familie, moet ik dat doorgeven?
Boodschappen van mijn ouders, telt dat als inkomen?
{bedrag_klein} gekregen voor mijn verjaardag, melden?
@ situations
{Bron} zegt dat je giften van familie nooit hoeft te melden.
Mijn ouders geven me elke maand {bedrag_klein} voor de boodschappen.
Ik kreeg voor mijn verjaardag {bedrag_klein} van mijn familie.
Iemand van de kerk betaalt soms de rekening van de zorgverzekering.
@ asks
Moet ik dit melden?
Wordt het van mijn uitkering afgetrokken?
Wat als ik het niet gemeld heb?
@ staff
Giften moet u altijd doorgeven. Of ze meetellen, hangt af van de hoogte, hoe vaak u ze
+ krijgt en waarvoor ze bedoeld zijn. Kleine, incidentele giften laten we meestal buiten
+ beschouwing.¶Twijfelt u? Geef het door; dan beoordelen wij het.
Heeft u een gift niet gemeld, geef het dan alsnog door. Zelf melden is altijd beter dan
+ dat het later bij een controle naar boven komt.
@ adviser
Laat vastleggen waarvoor een gift bedoeld is. Giften voor iets specifieks worden soms
+ anders beoordeeld.
@ peer
Cadeaus van familie tellen nooit mee.
Als het contant is, ziet niemand het toch.
@ followups
Moet ik ook de gift van vorig jaar nog melden?
@@ check_samenwonen inkomen-uitkering check participatiewet
@ titles
Samenwonen met bijstand, {bron} zegt dat het mag als je apart eet
Mag mijn vriend blijven slapen met een uitkering?
Gezamenlijke huishouding, wanneer is dat?
LAT-relatie en bijstand, hoe zit dat?
@ situations
{Bron} zegt dat je gewoon kunt samenwonen als je apart kookt en apart betaalt.
Mijn vriend slaapt {uren} nachten per maand bij mij.
We hebben allebei een eigen huis, maar ik ben vaak bij hem.
Mijn vriend wil bij mij intrekken, maar dan zijn we ons geld kwijt.
@ asks
Klopt dat?
Wanneer zien jullie het als samenwonen?
Wat gebeurt er met mijn uitkering als we gaan samenwonen?
@ staff
Nee, dat klopt niet. Als u samen in één huis woont en voor elkaar zorgt, is er sprake
+ van een **gezamenlijke huishouding**, ook als u apart kookt. U krijgt dan samen één
+ uitkering voor een stel, of geen uitkering als uw partner genoeg verdient.¶Twijfelt u,
+ geef het door; dan kijken we samen naar uw situatie.
Logeren mag. Woont iemand echter feitelijk bij u, dan moet u dat doorgeven. Bij twijfel
+ beoordelen we het samen met u.
@ adviser
Het gaat om het hoofdverblijf en de wederzijdse zorg. Houd bij hoeveel nachten je waar
+ slaapt; dat helpt als er vragen komen.
@ peer
Zolang je niet op hetzelfde adres staat ingeschreven maakt het niet uit.
Bij mij hebben ze de uitkering stopgezet door de buren, dus pas op.
@ followups
En als hij maar 3 nachten per week blijft?
@@ check_ww_bijstand werk-reintegratie check ww participatiewet
@ titles
{Bron} zegt dat ik na de WW automatisch bijstand krijg
Na de WW meteen bijstand of moet ik eerst mijn spaargeld op?
Klopt het dat je huis mee telt voor de bijstand?
@ situations
Mijn WW stopt op {later}.
{Bron} zegt dat je na de WW vanzelf bijstand krijgt.
Ik heb nog een klein beetje spaargeld, ongeveer {bedrag}.
We hebben een koophuis in {gemeente}.
@ asks
Klopt dat, of moet ik zelf iets aanvragen?
Telt mijn spaargeld mee?
@ staff
Dat gaat niet automatisch: u moet de bijstand zelf aanvragen, het liefst een paar weken
+ voordat de WW stopt. Vermogen boven de vermogensgrens telt mee; daar leeft u dan eerst
+ van. Voor een eigen huis gelden aparte regels.¶Meer informatie:
+ [rijksoverheid.nl](https://www.rijksoverheid.nl/onderwerpen/bijstand).
Vraag de bijstand aan via Mijn Werkplein. U krijgt daarna een uitnodiging voor een
+ gesprek en een lijst met stukken om mee te nemen.
@ adviser
Vraag op tijd aan; de aanvraag kan enkele weken duren, en zonder aanvraag geen uitkering
+ met terugwerkende kracht.
@ peer
Je moet eerst al je spaargeld opmaken, tot de laatste euro.
Bij mij ging het automatisch via het UWV.
@ followups
Hoe hoog is die vermogensgrens?
@@ check_toeslagen schulden-toeslagen check toeslagen
@ titles
{Bron} zegt dat de gemeente mijn toeslagschuld overneemt
Klopt het dat je {toeslag} niet hoeft terug te betalen met bijstand?
Toeslagen automatisch aangepast door het Werkplein?
@ situations
{Bron} zegt dat het Werkplein je toeslagschuld overneemt als je bijstand hebt.
Ik moet {bedrag} {toeslag} terugbetalen.
Ik dacht dat het Werkplein wijzigingen zelf doorgeeft aan de Belastingdienst.
@ asks
Klopt dat?
Wie moet ik hiervoor bellen?
@ staff
Nee, het Werkplein neemt geen toeslagschulden over en geeft wijzigingen niet voor u door
+ aan **Dienst Toeslagen**. Dat moet u zelf doen via *Mijn toeslagen*. Wel kunnen wij u
+ helpen met een betalingsregeling of schuldhulpverlening.
Dienst Toeslagen gaat over de terugbetaling. Lukt het niet om te betalen, vraag daar een
+ persoonlijke betalingsregeling. Wij helpen u als u er niet uitkomt.
@ adviser
Let op: bij een persoonlijke betalingsregeling kijkt Dienst Toeslagen naar wat je kunt
+ missen. Met een bijstandsinkomen is dat vaak weinig.
@ peer
Met een uitkering schelden ze toeslagschulden altijd kwijt.
Gewoon niet betalen, dan verrekenen ze het met je nieuwe toeslag.
@ followups
Hoe vraag ik die persoonlijke betalingsregeling aan?
@@ check_wmo zorg-wmo check wmo
@ titles
{Bron} zegt dat huishoudelijke hulp gratis is met bijstand
Klopt het dat de Wmo mijn {hulp} helemaal betaalt?
Moeten mijn kinderen verplicht mantelzorg geven?
@ situations
{Bron} zegt dat je met een bijstandsuitkering niks hoeft te betalen voor de Wmo.
De Wmo-consulent zei dat mijn kinderen moeten helpen.
Ik krijg een rekening van het CAK van {bedrag_klein}.
@ asks
Klopt dat?
Moet mijn familie echt bijspringen?
@ staff
Dat klopt niet. Voor de meeste Wmo-voorzieningen betaalt iedereen dezelfde **eigen
+ bijdrage** per maand, ook met bijstand. Met een laag inkomen kunt u via de gemeente
+ soms een tegemoetkoming krijgen.¶Mantelzorg is vrijwillig: we vragen wel wat uw
+ omgeving kan doen, maar niemand is verplicht.
Kunt u de eigen bijdrage niet betalen, neem dan contact op met uw klantmanager; soms
+ valt het onder de collectieve zorgverzekering of bijzondere bijstand.
@ adviser
Mantelzorg is altijd vrijwillig. Laat in het verslag opnemen als familie niet kan
+ helpen, met de reden.
@ peer
Bij ons in de gemeente is het gratis, dus dat zal bij jou ook zo zijn.
@ followups
Het CAK-bedrag is hoger dan ik dacht. Klopt {bedrag_klein} per maand?
@@ check_schulden schulden-toeslagen check schulden
@ titles
{Bron} zegt dat schulden na 5 jaar vervallen, klopt dat?
Schuld van {bedrag} verjaard?
Ik betaal niet, dan kan een incassobureau niks?
@ situations
{Bron} zegt dat je een schuld na 5 jaar niet meer hoeft te betalen.
Ik heb een oude schuld van {bedrag} bij {schuldeiser}.
Het incassobureau stuurt steeds hogere rekeningen.
@ asks
Klopt dat?
Moet ik nog reageren op de brieven?
@ staff
Dat is niet altijd zo: verjaring hangt af van het soort schuld, en de termijn begint
+ opnieuw als de schuldeiser u een aanmaning stuurt. Reageer dus wel op brieven. Wilt u
+ hulp, dan kunnen we u aanmelden voor **schuldhulpverlening**.¶Meer informatie:
+ [rijksoverheid.nl](https://www.rijksoverheid.nl/onderwerpen/schulden).
Negeer de brieven niet; de kosten lopen dan verder op. Neem contact op met ons, dan
+ zoeken we samen uit welke schulden er zijn.
@ adviser
Laat een schuldhulpverlener beoordelen of de incassokosten wel kloppen; die zijn
+ wettelijk begrensd.
@ peer
Na 5 jaar is alles verjaard, gewoon niet meer reageren.
Bij mij dreigden ze maar deden ze nooit iets.
@ followups
Ze willen nu {bedrag_klein} extra aan kosten. Mag dat?
""")
"""Every kind of client question the demo forum asks."""


@dataclass(frozen=True, slots=True)
class KbSeed:
    """A knowledge-base article the demo forum starts with."""

    title: str
    tags: tuple[str, ...]
    intro: str
    points: tuple[str, ...]


def kb(title: str, tags: str, intro: str, points: str) -> KbSeed:
    """Build a :class:`KbSeed` from phrase blocks."""
    return KbSeed(title, tuple(tags.split()), " ".join(phrases(intro)), phrases(points))


KB_ARTICLES = (
    kb(
        "Wat is de kostendelersnorm?",
        "participatiewet",
        """
Deelt u uw woning met andere volwassenen, dan wordt uw bijstand lager: u kunt de
kosten van wonen delen.""",
        """
Huisgenoten jonger dan 27 jaar tellen niet mee.
Studenten met studiefinanciering en commerciële huurders tellen niet mee.
Geef een nieuwe huisgenoot altijd door via Mijn Werkplein.""",
    ),
    kb(
        "Wat doe ik als mijn uitkering te laat is?",
        "participatiewet urgent-geld",
        """
Meestal staat de uitkering binnen 1 à 2 werkdagen na de betaaldatum op uw rekening.""",
        """
Kijk in Mijn Werkplein onder *Betalingen* of er iets is betaald.
Ontbreken er gegevens? Lever ze zo snel mogelijk aan.
Geen geld voor eten of huur? Vraag naar een **voorschot**.""",
    ),
    kb(
        "Mijn uitkering is stopgezet: wat nu?",
        "participatiewet urgent-geld",
        """
U krijgt altijd een besluit met de reden. Bij een opschorting kunt u het vaak
herstellen door de gevraagde stukken in te leveren.""",
        """
Lees in de brief of het om een opschorting of een beëindiging gaat.
Bezwaar maken kan binnen **6 weken**.
Bel ons als u dringend geld nodig heeft.""",
    ),
    kb(
        "Hoeveel mag ik bijverdienen naast de bijstand?",
        "participatiewet",
        """
Werkt u parttime, dan vullen we uw inkomen aan tot de bijstandsnorm. Een deel van
wat u verdient mag u soms houden.""",
        """
Inkomensvrijlating: 25% van uw inkomsten, tot een maximum, maximaal 6 maanden.
Lever elke maand uw loonstrook in.
Vrijwilligersvergoedingen tot een maximum tellen niet mee.""",
    ),
    kb(
        "Hoe lang mag ik op vakantie met een bijstandsuitkering?",
        "participatiewet",
        """
Met bijstand mag u maximaal 4 weken per kalenderjaar in het buitenland zijn.""",
        """
Geef uw vakantie vooraf door.
Blijft u langer weg, dan heeft u over die periode geen recht op bijstand.
Bewaar uw tickets.""",
    ),
    kb(
        "Moet ik giften doorgeven?",
        "participatiewet",
        """
Ja. Of een gift meetelt, hangt af van de hoogte, hoe vaak u hem krijgt en waarvoor hij
bedoeld is.""",
        """
Kleine, incidentele giften laten we meestal buiten beschouwing.
Twijfelt u, geef het dan door.
Zelf melden is altijd beter dan ontdekt worden bij een controle.""",
    ),
    kb(
        "Samenwonen en bijstand: wanneer is het een gezamenlijke huishouding?",
        "participatiewet",
        """
Woont u samen in één huis en zorgt u voor elkaar, dan is er een gezamenlijke
huishouding, ook als u apart kookt of betaalt.""",
        """
Logeren mag; samenwonen moet u doorgeven.
Stellen krijgen samen één uitkering.
Bij twijfel beoordelen we het samen met u.""",
    ),
    kb(
        "Wat is bijzondere bijstand?",
        "participatiewet",
        """
Bijzondere bijstand is voor noodzakelijke kosten door bijzondere omstandigheden, die u
niet zelf kunt betalen.""",
        """
Vraag het **vooraf** aan.
Eerst kijken we naar uw zorgverzekering of andere regelingen.
Voor duurdere spullen kan het een renteloze lening zijn.""",
    ),
    kb(
        "Wat neem ik mee naar een gesprek met mijn klantmanager?",
        "gesprek",
        """
Met de juiste papieren gaat het gesprek sneller en hoeft u niet terug te komen.""",
        """
Een geldig identiteitsbewijs.
Bankafschriften van alle rekeningen.
Loonstroken of andere bewijzen van inkomen.
De uitnodigingsbrief.""",
    ),
    kb(
        "Mag ik iemand meenemen naar een gesprek?",
        "gesprek",
        """
Ja, u mag altijd iemand meenemen: een familielid, een vriend of een
cliëntondersteuner.""",
        """
Onafhankelijke cliëntondersteuning is gratis.
Laat weten wie u meeneemt.
Vraag om een verslag van het gesprek.""",
    ),
    kb(
        "Zo bereidt u het keukentafelgesprek (Wmo) voor",
        "wmo gesprek",
        """
In het keukentafelgesprek kijken we wat u zelf kunt en waar u hulp bij nodig heeft.""",
        """
Schrijf vooraf op waar u elke dag tegenaan loopt.
Vertel hoe het op een slechte dag gaat.
Neem gratis een cliëntondersteuner mee.
Controleer het verslag voordat het besluit wordt genomen.""",
    ),
    kb(
        "Eigen bijdrage Wmo: hoe werkt het?",
        "wmo",
        """
Voor de meeste Wmo-voorzieningen betaalt u een vast bedrag per maand, het
abonnementstarief. Het CAK int dit bedrag.""",
        """
Ook met een bijstandsuitkering betaalt u de eigen bijdrage.
Met een laag inkomen is er soms een tegemoetkoming.
Mantelzorg is altijd vrijwillig.""",
    ),
    kb(
        "Hoe vraag ik hulp aan via de Wmo?",
        "wmo",
        """
U meldt zich bij het Wmo-loket. Daarna volgt een gesprek, meestal bij u thuis.""",
        """
U krijgt een verslag en daarna een besluit.
Niet eens met het besluit? Bezwaar kan binnen 6 weken.""",
    ),
    kb(
        "Dreigende huisuitzetting: wat kan het Werkplein doen?",
        "schulden urgent-geld",
        """
Neem direct contact op: bij een dreigende ontruiming gaat u voor.""",
        """
We helpen met een betalingsregeling met de woningcorporatie.
We melden u aan voor schuldhulpverlening.
We kijken of u recht heeft op bijzondere bijstand of huurtoeslag.""",
    ),
    kb(
        "De deurwaarder staat voor de deur: wat zijn mijn rechten?",
        "schulden urgent-geld",
        """
Een deurwaarder moet zich aan regels houden en uw beslagvrije voet respecteren.""",
        """
Spullen die u echt nodig heeft mag hij niet meenemen.
Vraag om een overzicht van de schuld en de kosten.
Schuldhulpverlening van de gemeente kan helpen.""",
    ),
    kb(
        "Wat is de beslagvrije voet?",
        "schulden",
        """
De beslagvrije voet is het deel van uw inkomen dat u altijd houdt bij beslag.""",
        """
De deurwaarder berekent de beslagvrije voet.
Geef wijzigingen in huur of gezin door; dan wordt hij opnieuw berekend.
Bij meerdere beslagen coördineert één deurwaarder.""",
    ),
    kb(
        "Energie wordt afgesloten: wat nu?",
        "schulden urgent-geld",
        """
Een energieleverancier moet u eerst hulp van de gemeente aanbieden voordat hij
afsluit.""",
        """
Vraag om een betalingsregeling.
Neem contact met ons op voor schuldhulp.
Laat uw voorschot controleren.""",
    ),
    kb(
        "Toeslag terugbetalen: hoe regel ik dat?",
        "toeslagen",
        """
Toeslagen horen bij Dienst Toeslagen, niet bij het Werkplein.""",
        """
Geef wijzigingen zelf door via Mijn toeslagen.
Vraag een persoonlijke betalingsregeling aan als betalen niet lukt.
Wij helpen als u er niet uitkomt.""",
    ),
    kb(
        "Huurtoeslag en zorgtoeslag met een uitkering",
        "toeslagen",
        """
Met een bijstandsuitkering heeft u vaak recht op zorgtoeslag en soms op
huurtoeslag.""",
        """
U vraagt toeslagen zelf aan.
Geef uw verwachte jaarinkomen zo precies mogelijk op.
Wijzigingen in uw huishouden geeft u zelf door.""",
    ),
    kb(
        "Van WW naar bijstand: waar moet ik op letten?",
        "ww participatiewet",
        """
Bijstand gaat niet automatisch: u moet zelf aanvragen, het liefst een paar weken
voordat de WW stopt.""",
        """
Vermogen boven de grens telt mee.
Voor een eigen huis gelden aparte regels.
Aanvragen kan via Mijn Werkplein.""",
    ),
    kb(
        "Hoe lang duurt de WW?",
        "ww",
        """
De duur van de WW hangt af van uw arbeidsverleden.""",
        """
Minimaal 3 en maximaal 24 maanden.
Het UWV is uw aanspreekpunt tijdens de WW.
Is de WW lager dan het sociaal minimum, dan kunt u aanvullende bijstand aanvragen.""",
    ),
    kb(
        "Starten als zelfstandige vanuit de bijstand (Bbz)",
        "participatiewet",
        """
Met het Besluit bijstandverlening zelfstandigen kunt u soms starten met
ondersteuning.""",
        """
Er is een voorbereidingsperiode met behoud van uitkering.
U schrijft een ondernemingsplan.
Begin niet zonder overleg met uw klantmanager.""",
    ),
    kb(
        "Studeren met een bijstandsuitkering",
        "participatiewet",
        """
Met recht op studiefinanciering heeft u geen recht op bijstand. Korte opleidingen
richting werk kunnen vaak wel.""",
        """
Bespreek een opleiding vooraf met uw klantmanager.
Soms betaalt het Werkplein mee.
Een certificaat kan in uw plan van aanpak.""",
    ),
    kb(
        "Vrijwilligerswerk met een uitkering",
        "participatiewet",
        """
Vrijwilligerswerk mag naast uw uitkering.""",
        """
Geef het door aan uw klantmanager.
Een vergoeding tot een maximum telt niet als inkomen.
Bij veel mantelzorg is soms ontheffing mogelijk.""",
    ),
    kb(
        "Terugvordering: moet ik alles terugbetalen?",
        "participatiewet",
        """
Te veel ontvangen bijstand vorderen we terug, maar u krijgt een regeling die past bij
uw inkomen.""",
        """
U houdt altijd genoeg over om van te leven.
Niet eens met het besluit? Bezwaar kan binnen 6 weken.
Geef inkomsten altijd zelf door.""",
    ),
    kb(
        "Huisbezoek: wat mag het Werkplein?",
        "participatiewet",
        """
Een huisbezoek gebeurt met uw toestemming.""",
        """
U mag weigeren, maar dat kan gevolgen hebben voor uw uitkering.
Medewerkers laten zich legitimeren.
Ze kijken alleen naar wat nodig is voor uw uitkering.""",
    ),
    kb(
        "Inloggen op Mijn Werkplein",
        "",
        """
Mijn Werkplein is uw persoonlijke omgeving voor berichten, betalingen en
wijzigingen.""",
        """
U logt in met DigiD.
Lukt inloggen niet? Kom langs bij de balie.
Berichten beantwoorden we binnen twee werkdagen.""",
    ),
    kb(
        "Een wijziging doorgeven",
        "participatiewet",
        """
Veranderingen in inkomen, woonsituatie of gezin geeft u binnen een week door.""",
        """
Gebruik *Wijziging doorgeven* in Mijn Werkplein.
Twijfelt u? Geef het toch door.
Te laat doorgeven kan leiden tot terugvordering.""",
    ),
    kb(
        "Bezwaar maken tegen een besluit",
        "",
        """
Bent u het niet eens met een besluit, dan kunt u binnen 6 weken bezwaar maken.""",
        """
Zet in uw bezwaar waarom u het er niet mee eens bent.
Bij spoed kunt u de rechter om een voorlopige voorziening vragen.
Het Juridisch Loket helpt gratis.""",
    ),
    kb(
        "Schuldhulpverlening aanvragen",
        "schulden",
        """
De gemeente helpt bij schulden, ook als ze nog klein zijn.""",
        """
Meld u aan bij het Werkplein.
U krijgt een gesprek met een schuldhulpverlener.
Anoniem beginnen kan via geldfit.nl.""",
    ),
)
"""The knowledge base the demo forum starts with."""
